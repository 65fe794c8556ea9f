"""Microsoft's Python SDK (azure-mgmt-containerregistry) against the emulator:
registry lifecycle, scope map, token, password, at one api-version.
Run by tests/real_client_python_sdk.rs; argv: emulator URL, tenant id, and
the api-version (optional: the SDK's default). With the multi-api SDK
(10.3.0) the version's own models are used; with the one az 2.91 ships
(15.1.0b3), its models, sending the version given.
azure-identity is not in az's venv, so the credential below does the
client-credentials grant against the emulator's Entra endpoint itself."""
import sys
import time

import requests
from azure.core.credentials import AccessToken
from azure.mgmt.containerregistry import ContainerRegistryManagementClient

BASE, TENANT = sys.argv[1], sys.argv[2]
API = sys.argv[3] if len(sys.argv) > 3 else None
SUB = "7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70"
RG = "rg-sdk"
NAME = "sdk" + (API or "default").replace("-", "")


class EmulatorCredential:
    def get_token(self, *scopes, **_):
        r = requests.post(f"{BASE}/{TENANT}/oauth2/v2.0/token", data={
            "grant_type": "client_credentials", "client_id": "ci-app",
            "client_secret": "ci-secret", "scope": scopes[0]})
        r.raise_for_status()
        body = r.json()
        return AccessToken(body["access_token"], int(time.time()) + body["expires_in"])


options = {"api_version": API} if API else {}
client = ContainerRegistryManagementClient(
    EmulatorCredential(), SUB, base_url=BASE, credential_scopes=[BASE + "/.default"], **options)
if hasattr(ContainerRegistryManagementClient, "models") and API:
    models = ContainerRegistryManagementClient.models(API)  # the multi-api SDK
else:
    import azure.mgmt.containerregistry.models as models
Registry, Sku, ScopeMap, Token = models.Registry, models.Sku, models.ScopeMap, models.Token
GenerateCredentialsParameters = models.GenerateCredentialsParameters
registry = client.registries.begin_create(
    RG, NAME, Registry(location="westeurope", sku=Sku(name="Standard"))).result()
assert registry.name == NAME and registry.provisioning_state == "Succeeded", registry
assert NAME in [r.name for r in client.registries.list()]
# The version's own shape: the mode only where its model has the field.
mode = getattr(registry, "role_assignment_mode", None)
assert mode == ("LegacyRegistryPermissions" if API in (None, "2025-11-01", "2026-09-01-preview") else None), mode
scope_map = client.scope_maps.begin_create(
    RG, NAME, "sdk-map", ScopeMap(actions=["repositories/a/content/read"])).result()
token = client.tokens.begin_create(RG, NAME, "sdk-token", Token(scope_map_id=scope_map.id)).result()
assert token.scope_map_id == scope_map.id, token
creds = client.registries.begin_generate_credentials(
    RG, NAME, GenerateCredentialsParameters(token_id=token.id, name="password1")).result()
assert creds.passwords[0].name == "password1" and len(creds.passwords[0].value) >= 40
client.registries.begin_delete(RG, NAME).result()
assert NAME not in [r.name for r in client.registries.list()]
print("ok")
