//! The emulator's Microsoft.Authorization role assignments and role
//! definitions (api-version 2022-04-01) and Graph's getByIds, over real
//! HTTP, checked against the spec's examples (tests/fixtures/authorization).

mod common;

use acrtui::emulator::EmulatorConfig;
use common::{Client, demo};
use reqwest::Method;
use serde_json::{Value, json};

const SUB: &str = "/subscriptions/7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70";
const ML: &str = "/subscriptions/7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70/resourceGroups/rg-data/providers/Microsoft.ContainerRegistry/registries/contosoml";
const V: &str = "api-version=2022-04-01";
const ALICE: &str = "3f2a6c1e-8b4d-4e7a-9c5f-1d2e3f4a5b6c";
const READER: &str = "b93aa761-3e63-49ed-ac28-beffa264f7ac";

fn fixture(name: &str) -> Value {
    let text =
        std::fs::read_to_string(format!("tests/fixtures/authorization/{name}.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every key the example's body has, the emulator's has too (recursively
/// for objects).
fn has_keys_of(example: &Value, got: &Value, at: &str) {
    if let (Some(e), Some(g)) = (example.as_object(), got.as_object()) {
        for (k, v) in e {
            let g = g
                .get(k)
                .unwrap_or_else(|| panic!("{at}{k} missing in {got}"));
            has_keys_of(v, g, &format!("{at}{k}."));
        }
    }
}

async fn list(c: &Client, scope: &str, filter: &str) -> Vec<Value> {
    let path = format!("{scope}/providers/Microsoft.Authorization/roleAssignments?{V}{filter}");
    let (status, body) = c.json(Method::GET, &path, None).await;
    assert_eq!(status, 200, "{body}");
    body["value"].as_array().unwrap().clone()
}

fn principals(items: &[Value]) -> Vec<String> {
    let mut p: Vec<String> = items
        .iter()
        .map(|a| a["properties"]["principalId"].as_str().unwrap().to_string())
        .collect();
    p.sort();
    p
}

#[tokio::test]
async fn at_scope_lists_the_registrys_assignments_and_those_inherited_from_above() {
    let emu = demo(EmulatorConfig::fast()).await;
    let c = Client::new(&emu);
    let at = list(&c, ML, "&$filter=atScope()").await;
    let example = &fixture("RoleAssignments_ListForScope")["responses"]["200"]["body"]["value"][0];
    for a in &at {
        has_keys_of(example, a, "");
        assert_eq!(a["type"], "Microsoft.Authorization/roleAssignments");
    }
    let scopes: Vec<&str> = at
        .iter()
        .map(|a| a["properties"]["scope"].as_str().unwrap())
        .collect();
    // Five on contosoml and the subscription's Owner; not the resource
    // group rg-platform's Reader, nor contosoprod's.
    assert_eq!(at.len(), 6, "{scopes:?}");
    assert!(scopes.contains(&SUB));
    assert!(
        !scopes
            .iter()
            .any(|s| s.contains("contosoprod") || s.contains("rg-platform"))
    );
    // The stored condition comes back verbatim, with its version.
    let alice = at
        .iter()
        .find(|a| a["properties"]["principalId"] == ALICE)
        .unwrap();
    assert!(
        alice["properties"]["condition"]
            .as_str()
            .unwrap()
            .contains("StringStartsWithIgnoreCase 'models/'")
    );
    assert_eq!(alice["properties"]["conditionVersion"], "2.0");
    // At the subscription without a filter: at, above and below (all nine).
    assert_eq!(list(&c, SUB, "").await.len(), 9);
    // At the subscription with atScope(): only the subscription's own.
    assert_eq!(list(&c, SUB, "&$filter=atScope()").await.len(), 1);
    let mine = list(&c, SUB, &format!("&$filter=principalId eq '{ALICE}'")).await;
    assert_eq!(principals(&mine), [ALICE, ALICE]);
}

fn reader_on(prefix: &str) -> Value {
    let name = "@Request[Microsoft.ContainerRegistry/registries/repositories:name]";
    json!({"properties": {
        "roleDefinitionId": format!("{SUB}/providers/Microsoft.Authorization/roleDefinitions/{READER}"),
        "principalId": ALICE,
        "principalType": "User",
        "condition": format!("((!(ActionMatches{{'Microsoft.ContainerRegistry/registries/repositories/content/read'}}) AND !(ActionMatches{{'Microsoft.ContainerRegistry/registries/repositories/metadata/read'}})) OR ({name} StringStartsWithIgnoreCase '{prefix}'))"),
        "conditionVersion": "2.0",
    }})
}

#[tokio::test]
async fn a_conditioned_assignment_is_created_read_and_deleted() {
    let emu = demo(EmulatorConfig::fast()).await;
    let c = Client::new(&emu);
    let name = "6d1f0a9e-2b3c-4d5e-8f70-91a2b3c4d5e6";
    let path = format!("{ML}/providers/Microsoft.Authorization/roleAssignments/{name}?{V}");
    let body = reader_on("notebooks/");
    let (status, created) = c.json(Method::PUT, &path, Some(body.clone())).await;
    assert_eq!(status, 201, "{created}");
    has_keys_of(
        &fixture("RoleAssignments_CreateForResource")["responses"]["201"]["body"],
        &created,
        "",
    );
    assert_eq!(
        created["properties"]["condition"],
        body["properties"]["condition"]
    );
    assert_eq!(created["properties"]["scope"], ML);
    assert!(
        created["properties"]["roleDefinitionId"]
            .as_str()
            .unwrap()
            .ends_with(READER)
    );
    let (status, got) = c.json(Method::GET, &path, None).await;
    assert_eq!((status, &got["id"]), (200, &created["id"]));
    has_keys_of(
        &fixture("RoleAssignments_Get")["responses"]["200"]["body"],
        &got,
        "",
    );
    // The same principal, role and scope under another name: refused.
    let other = path.replace(name, "0b6a4c2e-1d3f-4a5b-9c7d-8e9f0a1b2c3d");
    let (status, err) = c.json(Method::PUT, &other, Some(body)).await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (409, Some("RoleAssignmentExists"))
    );
    let (status, deleted) = c.json(Method::DELETE, &path, None).await;
    assert_eq!(status, 200);
    has_keys_of(
        &fixture("RoleAssignments_Delete")["responses"]["200"]["body"],
        &deleted,
        "",
    );
    assert_eq!(c.json(Method::DELETE, &path, None).await.0, 204);
    let (status, err) = c.json(Method::GET, &path, None).await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (404, Some("RoleAssignmentNotFound"))
    );
}

#[tokio::test]
async fn what_arm_refuses_is_refused_with_its_code() {
    let emu = demo(EmulatorConfig::fast()).await;
    let c = Client::new(&emu);
    let put =
        |name: &str| format!("{ML}/providers/Microsoft.Authorization/roleAssignments/{name}?{V}");
    let guid = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f";
    let cases = [
        (
            put("not-a-guid"),
            reader_on("a/"),
            400,
            "InvalidRoleAssignmentId",
        ),
        (
            put(guid),
            json!({"properties": {"roleDefinitionId": "/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-0000-0000-000000000000", "principalId": ALICE}}),
            400,
            "RoleDefinitionDoesNotExist",
        ),
        (
            put(guid),
            {
                let mut b = reader_on("a/");
                b["properties"]["principalId"] = json!("11111111-2222-4333-8444-555555555555");
                b
            },
            400,
            "PrincipalNotFound",
        ),
        (
            put(guid),
            {
                let mut b = reader_on("a/");
                b["properties"]["conditionVersion"] = json!("1.0");
                b
            },
            400,
            "InvalidConditionVersion",
        ),
        (
            put(guid),
            {
                let mut b = reader_on("a/");
                b["properties"]["condition"] = json!("((ActionMatches{'x'}");
                b
            },
            400,
            "InvalidRoleAssignmentCondition",
        ),
        (
            put(guid).replace("contosoml", "nosuchregistry"),
            reader_on("a/"),
            404,
            "ResourceNotFound",
        ),
    ];
    for (path, body, status, code) in cases {
        let (got, err) = c.json(Method::PUT, &path, Some(body)).await;
        assert_eq!(
            (got, err["error"]["code"].as_str()),
            (status, Some(code)),
            "{path}: {err}"
        );
    }
    let (status, err) = c
        .json(
            Method::GET,
            &format!(
                "{ML}/providers/Microsoft.Authorization/roleAssignments?{V}&$filter=roleName eq 'x'"
            ),
            None,
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (400, Some("UnsupportedQuery"))
    );
}

#[tokio::test]
async fn built_in_role_definitions_carry_their_real_ids_and_data_actions() {
    let emu = demo(EmulatorConfig::fast()).await;
    let c = Client::new(&emu);
    let path = format!(
        "{SUB}/providers/Microsoft.Authorization/roleDefinitions?{V}&$filter=roleName eq 'Container Registry Repository Writer'"
    );
    let (status, body) = c.json(Method::GET, &path, None).await;
    assert_eq!(status, 200);
    let defs = body["value"].as_array().unwrap();
    assert_eq!(defs.len(), 1);
    assert_eq!(defs[0]["name"], "2a1e307c-b015-4ebd-883e-5b7698a07328");
    let data = defs[0]["properties"]["permissions"][0]["dataActions"]
        .as_array()
        .unwrap();
    assert!(data.contains(&json!(
        "Microsoft.ContainerRegistry/registries/repositories/content/write"
    )));
    let (status, pull) = c
        .json(Method::GET, &format!("{SUB}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d?{V}"), None)
        .await;
    assert_eq!(status, 200);
    has_keys_of(
        &fixture("GetRoleDefinitionById")["responses"]["200"]["body"],
        &pull,
        "",
    );
    assert_eq!(pull["properties"]["roleName"], "AcrPull");
}

#[tokio::test]
async fn graph_names_the_seeded_principals_and_leaves_out_unknown_ids() {
    let emu = demo(EmulatorConfig::fast()).await;
    let c = Client::new(&emu);
    let url = format!("{}/v1.0/directoryObjects/getByIds", emu.url());
    let r = c
        .raw()
        .post(url)
        .bearer_auth("graph-token")
        .json(&json!({"ids": [ALICE, "0d9c8b7a-6f5e-4d4c-9b3a-2f1e0d9c8b7a", "99999999-9999-4999-8999-999999999999"], "types": ["user", "group", "servicePrincipal"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    let names: Vec<(&str, &str)> = body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["@odata.type"].as_str().unwrap(),
                o["displayName"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("#microsoft.graph.user", "Alice Nguyen"),
            ("#microsoft.graph.servicePrincipal", "catalog-bot")
        ]
    );
}
