"""The peer of the benches (issue 16): Microsoft's Python SDK reads what
acrtui reads, one request after another as `az acr token list` loops do, and
prints `items=N seconds=S` (the registry list included).

Usage: python python_peer.py URL SUBSCRIPTION MODE, with REQUESTS_CA_BUNDLE
set to the emulator's certificate (azure-core sends a bearer token over
https only). MODE `registry`: every token of the first registry (the
50,000-token bench). MODE `tenant`: every registry's tokens and scope maps
(the throttled bench); ARM's 429s are waited out by the SDK's own retry
policy, which honours Retry-After.
"""
import sys
import time

from azure.core.credentials import AccessToken
from azure.mgmt.containerregistry import ContainerRegistryManagementClient


class StaticToken:
    """The emulator accepts any bearer token without --strict-auth."""

    def get_token(self, *scopes, **kwargs):
        return AccessToken("bench", int(time.time()) + 3600)


def group_of(registry):
    return registry.id.split("/")[4]


def main():
    url, subscription, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    client = ContainerRegistryManagementClient(
        StaticToken(), subscription, base_url=url, credential_scopes=[url + "/.default"]
    )
    started = time.perf_counter()
    registries = list(client.registries.list())
    if mode == "registry":
        registries = registries[:1]
    items = 0
    for r in registries:
        items += sum(1 for _ in client.tokens.list(group_of(r), r.name))
        if mode == "tenant":
            items += sum(1 for _ in client.scope_maps.list(group_of(r), r.name))
    print(f"items={items} seconds={time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    main()
