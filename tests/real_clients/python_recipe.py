"""README's Python recipe, as written there: azure-identity's
ClientSecretCredential against the emulator's Entra endpoint, and the SDK
listing registries and creating a token. argv: emulator URL, tenant id."""
import sys

from azure.identity import ClientSecretCredential
from azure.mgmt.containerregistry import ContainerRegistryManagementClient

URL, TENANT = sys.argv[1], sys.argv[2]
SUB = "7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70"

# recipe:start
credential = ClientSecretCredential(
    TENANT, "ci-app", "ci-secret", authority=URL, disable_instance_discovery=True)
client = ContainerRegistryManagementClient(
    credential, SUB, base_url=URL, credential_scopes=[URL + "/.default"])
for registry in client.registries.list():
    print(registry.name, registry.login_server)
scope_map = client.scope_maps.get("rg-platform", "contosoprod", "_repositories_pull")
token = client.tokens.begin_create(
    "rg-platform", "contosoprod", "python-token", {"scope_map_id": scope_map.id}).result()
print(token.name, token.provisioning_state)
# recipe:end
assert token.provisioning_state == "Succeeded", token
print("ok")
