"""A real Key Vault client (azure-keyvault-secrets, from PyPI) against the
emulator's Key Vault data plane, started with --tls.

Usage: key_vault_secrets.py EMULATOR_URL

The client names the vault kv-ci.vault.azure.net, as it would against Azure;
that name is resolved to the emulator here (getaddrinfo) and the emulator's
self-signed certificate, made for localhost, is not verified. The SDK's own
challenge policy meets the emulator's 401 first and asks the credential for
https://vault.azure.net (its check of the resource against the vault's
domain needs port 443, so it is off: see below).
Prints one JSON line of results.
"""

import datetime
import json
import socket
import sys
import time
from urllib.parse import urlparse

from azure.core.credentials import AccessToken
from azure.keyvault.secrets import SecretClient

origin = urlparse(sys.argv[1])
VAULT_HOST = "kv-ci.vault.azure.net"
real_getaddrinfo = socket.getaddrinfo


def getaddrinfo(host, *args, **kwargs):
    return real_getaddrinfo("127.0.0.1" if host == VAULT_HOST else host, *args, **kwargs)


socket.getaddrinfo = getaddrinfo


class Credential:
    """Records the scopes the SDK asks for; the lenient emulator takes any bearer."""

    scopes = []

    def get_token(self, *scopes, **kwargs):
        Credential.scopes.extend(scopes)
        return AccessToken("kv-test", int(time.time()) + 3600)


client = SecretClient(
    vault_url=f"https://{VAULT_HOST}:{origin.port}",
    credential=Credential(),
    connection_verify=False,
    # The SDK compares the challenge's resource with the vault URL's netloc,
    # port included: only a vault on port 443 passes. The emulator's port is
    # another, so the check is off here (the challenge itself is still used).
    verify_challenge_resource=False,
)
expires = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
first = client.set_secret(
    "contosoprod-ci-push",
    "pw-one",
    content_type="text/plain",
    tags={"registry": "contosoprod", "token": "ci-push", "slot": "password1"},
    expires_on=expires,
)
client.set_secret("contosoprod-ci-push", "pw-two")
latest = client.get_secret("contosoprod-ci-push")
old = client.get_secret("contosoprod-ci-push", first.properties.version)
versions = list(client.list_properties_of_secret_versions("contosoprod-ci-push"))
try:
    client.get_secret("missing")
    missing = "found"
except Exception as e:  # ResourceNotFoundError
    missing = type(e).__name__
print(json.dumps({
    "latest": latest.value,
    "old": old.value,
    "expires": old.properties.expires_on.isoformat(),
    "content_type": old.properties.content_type,
    "tags": old.properties.tags,
    "versions": len(versions),
    "missing": missing,
    "scopes": sorted(set(Credential.scopes)),
}))
