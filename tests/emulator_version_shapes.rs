//! Each api-version answered in its own shape: every key the emulator writes
//! at a version is one that version's spec defines (checked against the spec
//! files themselves, tests/fixtures/arm-spec/<version>/containerregistry.json),
//! and the properties that version adds are there.

mod common;

use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::store::{PasswordMeta, Provisioning, ScopeMap, Sku, Token};
use chrono::Utc;
use common::*;
use reqwest::Method;
use serde_json::{Map, Value, json};

const SPECS: [&str; 3] = ["2023-07-01", "2025-11-01", "2026-09-01-preview"];

fn spec(version: &str) -> Value {
    let path = format!("tests/fixtures/arm-spec-schemas/{version}.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The schema a `$ref` names, with `allOf` parents' properties merged in.
fn properties_of(spec: &Value, schema: &Value) -> (Map<String, Value>, bool) {
    let schema = resolve(spec, schema);
    let mut props = schema
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for parent in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let resolved = resolve(spec, parent);
        // Common ARM parents (Resource, ProxyResource) live in another file; their keys are id/name/type/systemData.
        if resolved.is_null() {
            for k in ["id", "name", "type", "systemData", "location", "tags"] {
                props.insert(k.into(), json!({}));
            }
            continue;
        }
        props.extend(properties_of(spec, parent).0);
    }
    let open = schema.get("additionalProperties").is_some();
    (props, open)
}

fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) if r.starts_with("#/definitions/") => {
            resolve(spec, &spec["definitions"][&r["#/definitions/".len()..]])
        }
        Some(_) => &Value::Null,
        None => schema,
    }
}

/// Keys of `actual` the schema does not define, as dotted paths.
fn undefined_keys(spec: &Value, schema: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match actual {
        Value::Object(map) => {
            let (props, open) = properties_of(spec, schema);
            if props.is_empty() {
                return; // a free-form object (tags) or one defined elsewhere
            }
            for (k, v) in map {
                match props.get(k) {
                    Some(s) => undefined_keys(spec, s, v, &format!("{path}.{k}"), out),
                    None if !open => out.push(format!("{path}.{k}")),
                    None => {}
                }
            }
        }
        Value::Array(items) => {
            let items_schema = resolve(spec, schema)
                .get("items")
                .cloned()
                .unwrap_or(Value::Null);
            for item in items {
                undefined_keys(spec, &items_schema, item, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

fn definition(name: &str) -> Value {
    json!({"$ref": format!("#/definitions/{name}")})
}

fn store() -> acrtui::emulator::store::Store {
    let mut store = one_registry(Sku::Premium);
    let now = Utc::now();
    let r = store.registries.values_mut().next().unwrap();
    r.scope_maps.insert(
        "ci-push".into(),
        ScopeMap {
            name: "ci-push".into(),
            description: Some("CI".into()),
            actions: vec!["repositories/app/content/read".into()],
            system: false,
            created: now,
            state: Provisioning::Succeeded,
            system_data: Some(acrtui::emulator::seed::seeded(now)),
        },
    );
    r.tokens.insert(
        "ci-token".into(),
        Token {
            name: "ci-token".into(),
            scope_map_id: r.scope_map_id("ci-push"),
            enabled: true,
            created: now,
            passwords: vec![PasswordMeta {
                hash: None,
                name: "password1".into(),
                created: now,
                expiry: Some(now),
            }],
            state: Provisioning::Succeeded,
            system_data: Some(acrtui::emulator::seed::seeded(now)),
        },
    );
    store
}

#[tokio::test]
async fn every_key_written_is_defined_by_that_versions_spec() {
    let emu = with_store(EmulatorConfig::fast(), store()).await;
    let c = Client::new(&emu);
    let mut problems = Vec::new();
    for version in SPECS {
        let spec = spec(version);
        let answers = [
            ("Registry", format!("{REG}?api-version={version}")),
            (
                "ScopeMap",
                format!("{REG}/scopeMaps/ci-push?api-version={version}"),
            ),
            (
                "ScopeMap",
                format!("{REG}/scopeMaps/_repositories_admin?api-version={version}"),
            ),
            (
                "Token",
                format!("{REG}/tokens/ci-token?api-version={version}"),
            ),
            (
                "RegistryListResult",
                format!(
                    "/subscriptions/sub1/providers/Microsoft.ContainerRegistry/registries?api-version={version}"
                ),
            ),
            (
                "ScopeMapListResult",
                format!("{REG}/scopeMaps?api-version={version}"),
            ),
            (
                "TokenListResult",
                format!("{REG}/tokens?api-version={version}"),
            ),
        ];
        for (def, url) in answers {
            let (status, body) = c.json(Method::GET, &url, None).await;
            assert_eq!(status, 200, "{url}: {body}");
            let mut out = Vec::new();
            undefined_keys(&spec, &definition(def), &body, "", &mut out);
            problems.extend(out.into_iter().map(|k| format!("{version} {def}: {k}")));
        }
    }
    assert!(
        problems.is_empty(),
        "keys the version does not define:\n{}",
        problems.join("\n")
    );
}

/// The checker itself finds a key a version lacks (so the test above can fail).
#[test]
fn the_checker_reports_a_key_the_spec_lacks() {
    let spec = spec("2023-07-01");
    let body = json!({"properties": {"adminUserEnabled": true, "roleAssignmentMode": "x", "policies": {"softDeletePolicy": {}}}});
    let mut out = Vec::new();
    undefined_keys(&spec, &definition("Registry"), &body, "", &mut out);
    assert_eq!(
        out,
        [
            ".properties.roleAssignmentMode",
            ".properties.policies.softDeletePolicy"
        ]
    );
}

async fn registry_at(c: &Client, version: &str) -> Value {
    let (status, body) = c
        .json(Method::GET, &format!("{REG}?api-version={version}"), None)
        .await;
    assert_eq!(status, 200, "{body}");
    body["properties"].clone()
}

/// What each version adds, from the spec of that version (see emulator/shapes.rs for sources).
#[tokio::test]
async fn properties_appear_at_the_version_that_adds_them() {
    let emu = with_store(EmulatorConfig::fast(), store()).await;
    let c = Client::new(&emu);
    let has = |p: &Value, k: &str| p.get(k).is_some();
    let p = registry_at(&c, "2019-05-01").await;
    assert!(
        !has(&p, "publicNetworkAccess") && !has(&p, "zoneRedundancy"),
        "{p}"
    );
    assert!(
        p["networkRuleSet"].get("virtualNetworkRules").is_some(),
        "{p}"
    );
    let p = registry_at(&c, "2019-12-01-preview").await;
    assert!(
        has(&p, "publicNetworkAccess") && !has(&p, "zoneRedundancy"),
        "{p}"
    );
    let p = registry_at(&c, "2023-07-01").await;
    assert!(
        has(&p, "zoneRedundancy") && !has(&p, "anonymousPullEnabled"),
        "{p}"
    );
    assert!(p["policies"].get("exportPolicy").is_some());
    assert!(p["policies"].get("softDeletePolicy").is_none());
    let p = registry_at(&c, "2025-04-01").await;
    assert!(
        has(&p, "anonymousPullEnabled") && !has(&p, "roleAssignmentMode"),
        "{p}"
    );
    assert!(
        p["policies"]
            .get("azureADAuthenticationAsArmPolicy")
            .is_some()
    );
    let p = registry_at(&c, "2025-03-01-preview").await;
    assert_eq!(p["roleAssignmentMode"], "LegacyRegistryPermissions", "{p}");
    assert!(
        has(&p, "metadataSearch") && !has(&p, "networkRuleBypassAllowedForTasks"),
        "{p}"
    );
    let p = registry_at(&c, "2025-11-01").await;
    assert!(
        has(&p, "roleAssignmentMode") && has(&p, "networkRuleBypassAllowedForTasks"),
        "{p}"
    );
    assert!(!has(&p, "metadataSearch"), "{p}");
    let p = registry_at(&c, "2026-09-01-preview").await;
    assert!(
        has(&p, "endpointProtocol") && has(&p, "regionalEndpoints"),
        "{p}"
    );
    assert!(p["policies"].get("softDeletePolicy").is_some());
}

/// RegistryCreateAbac, then reads at other versions, then a PATCH back.
#[tokio::test]
async fn a_registry_created_in_abac_mode_shows_it_where_the_version_has_the_field() {
    let emu = with_store(EmulatorConfig::fast(), store()).await;
    let c = Client::new(&emu);
    let url = |v: &str| {
        format!(
            "/subscriptions/sub1/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/abacregistry?api-version={v}"
        )
    };
    let body = json!({"location": "westus", "sku": {"name": "Standard"},
                      "properties": {"roleAssignmentMode": "AbacRepositoryPermissions"}});
    let (status, created) = c
        .json(Method::PUT, &url("2026-09-01-preview"), Some(body))
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        created["properties"]["roleAssignmentMode"],
        "AbacRepositoryPermissions"
    );
    let (_, at_stable) = c.json(Method::GET, &url("2025-11-01"), None).await;
    assert_eq!(
        at_stable["properties"]["roleAssignmentMode"],
        "AbacRepositoryPermissions"
    );
    let (_, old) = c.json(Method::GET, &url("2025-04-01"), None).await;
    assert!(
        old["properties"].get("roleAssignmentMode").is_none(),
        "{old}"
    );
    // A version without the field drops it, as the service's model does.
    let legacy = json!({"properties": {"roleAssignmentMode": "LegacyRegistryPermissions"}});
    let (status, _) = c
        .json(Method::PATCH, &url("2023-07-01"), Some(legacy.clone()))
        .await;
    assert_eq!(status, 200);
    let (_, still) = c.json(Method::GET, &url("2025-11-01"), None).await;
    assert_eq!(
        still["properties"]["roleAssignmentMode"],
        "AbacRepositoryPermissions"
    );
    let (status, back) = c
        .json(Method::PATCH, &url("2025-11-01"), Some(legacy))
        .await;
    assert_eq!(status, 200, "{back}");
    assert_eq!(
        back["properties"]["roleAssignmentMode"],
        "LegacyRegistryPermissions"
    );
    let bad = json!({"properties": {"roleAssignmentMode": "Abac"}});
    let (status, err) = c.json(Method::PATCH, &url("2025-11-01"), Some(bad)).await;
    assert_eq!(status, 400, "{err}");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("AbacRepositoryPermissions")
    );
}

/// systemData: written on create, lastModified moves on change, createdAt stays.
#[tokio::test]
async fn system_data_records_who_created_and_changed_a_resource() {
    let emu = with_store(EmulatorConfig::fast(), store()).await;
    let c = Client::new(&emu);
    let sm = format!("{REG}/scopeMaps/new-map?api-version=2025-11-01");
    let body = json!({"properties": {"actions": ["repositories/a/content/read"]}});
    let (status, created) = c.json(Method::PUT, &sm, Some(body)).await;
    assert_eq!(status, 200, "{created}");
    let sd = &created["systemData"];
    assert_eq!(sd["createdBy"], "emulator-user@contoso.com");
    assert_eq!(sd["createdByType"], "User");
    assert_eq!(sd["createdAt"], sd["lastModifiedAt"]);
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let patch = json!({"properties": {"actions": ["repositories/b/content/read"]}});
    let (status, changed) = c.json(Method::PATCH, &sm, Some(patch)).await;
    assert_eq!(status, 201, "{changed}");
    let after = &changed["systemData"];
    assert_eq!(after["createdAt"], sd["createdAt"]);
    assert_ne!(after["lastModifiedAt"], sd["lastModifiedAt"]);
    // System scope maps have none; user ones and tokens from the store do.
    let (_, system) = c
        .json(
            Method::GET,
            &format!("{REG}/scopeMaps/_repositories_pull?api-version=2025-11-01"),
            None,
        )
        .await;
    assert!(system.get("systemData").is_none(), "{system}");
    let (_, token) = c
        .json(
            Method::GET,
            &format!("{REG}/tokens/ci-token?api-version=2025-11-01"),
            None,
        )
        .await;
    assert_eq!(token["systemData"]["createdBy"], "seed@contoso.com");
}

/// README's seed-file example loads as written.
#[test]
fn the_readme_seed_example_loads() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find("```json\n{\n  \"tenantId\"")
        .expect("seed example in README")
        + 8;
    let end = start + readme[start..].find("```").unwrap();
    let store = acrtui::emulator::seed::from_json(&readme[start..end], Utc::now()).unwrap();
    let r = store.registries.values().next().unwrap();
    assert_eq!(
        r.system_data.as_ref().unwrap().created_by,
        "platform-team@contoso.com"
    );
}
