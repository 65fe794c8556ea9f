"""Microsoft's Python SDK for Microsoft.Authorization (azure-mgmt-authorization,
the version az 2.91 ships) against the emulator: list a registry's role
assignments with atScope(), create one with an ABAC condition on the
repository name, read it back verbatim, delete it. Run by
tests/real_client_python_sdk.rs; argv: emulator URL, tenant id."""
import sys
import time
import uuid

import requests
from azure.core.credentials import AccessToken
from azure.mgmt.authorization import AuthorizationManagementClient
from azure.mgmt.authorization.models import RoleAssignmentCreateParameters

BASE, TENANT = sys.argv[1], sys.argv[2]
SUB = "7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70"
ML = f"/subscriptions/{SUB}/resourceGroups/rg-data/providers/Microsoft.ContainerRegistry/registries/contosoml"
READER = f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/b93aa761-3e63-49ed-ac28-beffa264f7ac"
ALICE = "3f2a6c1e-8b4d-4e7a-9c5f-1d2e3f4a5b6c"
NAME_ATTR = "@Request[Microsoft.ContainerRegistry/registries/repositories:name]"
CONDITION = (
    "((!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/read'})"
    " AND !(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/metadata/read'}))"
    f" OR ({NAME_ATTR} StringStartsWithIgnoreCase 'notebooks/'))"
)


class EmulatorCredential:
    def get_token(self, *scopes, **_):
        r = requests.post(f"{BASE}/{TENANT}/oauth2/v2.0/token", data={
            "grant_type": "client_credentials", "client_id": "ci-app",
            "client_secret": "ci-secret", "scope": scopes[0]})
        r.raise_for_status()
        body = r.json()
        return AccessToken(body["access_token"], int(time.time()) + body["expires_in"])


client = AuthorizationManagementClient(
    EmulatorCredential(), SUB, base_url=BASE, credential_scopes=[BASE + "/.default"])
before = list(client.role_assignments.list_for_scope(ML, filter="atScope()"))
assert len(before) == 6, [a.scope for a in before]
assert any(a.scope == f"/subscriptions/{SUB}" for a in before), "inherited from the subscription"
name = str(uuid.uuid4())
created = client.role_assignments.create(ML, name, RoleAssignmentCreateParameters(
    role_definition_id=READER, principal_id=ALICE, principal_type="User",
    condition=CONDITION, condition_version="2.0"))
assert created.condition == CONDITION and created.condition_version == "2.0", created
got = client.role_assignments.get(ML, name)
assert got.condition == CONDITION and got.role_definition_id.endswith("b93aa761-3e63-49ed-ac28-beffa264f7ac"), got
assert len(list(client.role_assignments.list_for_scope(ML, filter="atScope()"))) == 7
client.role_assignments.delete(ML, name)
assert len(list(client.role_assignments.list_for_scope(ML, filter="atScope()"))) == 6
definition = client.role_definitions.get(f"/subscriptions/{SUB}", "2a1e307c-b015-4ebd-883e-5b7698a07328")
assert definition.role_name == "Container Registry Repository Writer", definition
print("ok")
