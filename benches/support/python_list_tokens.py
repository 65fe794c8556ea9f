"""The peer of benches/large_registry.rs: Microsoft's Python SDK lists every
token of the tenant's first registry, page by page as `az acr token list`
does, and prints `tokens=N seconds=S` (the registry list included).

Usage: python python_list_tokens.py URL SUBSCRIPTION (REQUESTS_CA_BUNDLE set
to the emulator's certificate: azure-core sends a bearer token over https only).
"""
import sys
import time

from azure.core.credentials import AccessToken
from azure.mgmt.containerregistry import ContainerRegistryManagementClient


class StaticToken:
    """The emulator accepts any bearer token without --strict-auth."""

    def get_token(self, *scopes, **kwargs):
        return AccessToken("bench", int(time.time()) + 3600)


def main():
    url, subscription = sys.argv[1], sys.argv[2]
    client = ContainerRegistryManagementClient(
        StaticToken(), subscription, base_url=url, credential_scopes=[url + "/.default"]
    )
    started = time.perf_counter()
    registry = next(iter(client.registries.list()))
    group = registry.id.split("/")[4]
    count = sum(1 for _ in client.tokens.list(group, registry.name))
    print(f"tokens={count} seconds={time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    main()
