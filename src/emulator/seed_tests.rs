//! The seed file: what it accepts, and what it refuses with the field named.
use super::*;
use crate::domain::expiry::{Thresholds, TokenState, classify_token};
use std::collections::BTreeSet;

#[test]
fn dates_out_of_range_are_errors_naming_the_entry() {
    let now = Utc::now();
    for (field, value, expect) in [
        (
            "createdDaysAgo",
            "100000000",
            "token t-one: createdDaysAgo 100000000 is out of range",
        ),
        (
            "createdDaysAgo",
            "-9223372036854775808",
            "token t-one: createdDaysAgo",
        ),
        (
            "expiresInDays",
            "100000000",
            "token t-one: password1 expiresInDays 100000000 is out of range",
        ),
    ] {
        let (token_field, password_field) = if expect.contains("password1") {
            (String::new(), format!(r#", "{field}": {value}"#))
        } else {
            (format!(r#", "{field}": {value}"#), String::new())
        };
        let text = format!(
            r#"{{"subscriptions": [{{"id": "s", "displayName": "S", "registries": [{{"resourceGroup": "rg", "name": "registry1", "location": "westeurope", "tokens": [
            {{"name": "t-one", "scopeMap": "_repositories_pull"{token_field}, "passwords": [{{"name": "password1"{password_field}}}]}}]}}]}}]}}"#
        );
        let e = from_json(&text, now).unwrap_err();
        assert!(e.contains(expect), "{e}");
    }
}

#[test]
fn the_demo_seed_is_valid_and_covers_every_audit_class() {
    let now = Utc::now();
    let store = from_json(DEMO_SEED, now).unwrap();
    assert_eq!(store.subscriptions.len(), 2);
    assert_eq!(store.registries.len(), 6);
    assert!(store.registries.values().any(|r| r.admin_user_enabled));
    let classes: BTreeSet<TokenState> = store
        .registries
        .values()
        .flat_map(|r| r.tokens.values())
        .map(|t| {
            let exp: Vec<_> = t.passwords.iter().map(|p| p.expiry).collect();
            classify_token(t.enabled, &exp, now, Thresholds::default())
        })
        .collect();
    assert_eq!(classes, TokenState::ALL.into_iter().collect());
}

#[test]
fn bad_seed_entries_are_named() {
    let err = from_json(r#"{"subscriptions":[{"id":"s","displayName":"d","registries":[{"resourceGroup":"rg","name":"bad-name","location":"x"}]}]}"#, Utc::now()).unwrap_err();
    assert!(err.contains("registry bad-name"), "{err}");
    let err = from_json(r#"{"subscriptions":[{"id":"s","displayName":"d","registries":[{"resourceGroup":"rg","name":"goodname","location":"x","tokens":[{"name":"tok-one","scopeMap":"nope"}]}]}]}"#, Utc::now()).unwrap_err();
    assert!(err.contains("unknown scope map nope"), "{err}");
}

#[test]
fn synthetic_tenant_has_the_requested_size() {
    let store = synthetic(2, 3, 4, 5, Utc::now());
    assert_eq!(store.registries.len(), 6);
    let r = store.registries.values().next().unwrap();
    assert_eq!(r.user_scope_map_count(), 4);
    assert_eq!(r.tokens.len(), 5);
}

#[test]
fn system_data_and_role_assignment_mode_come_from_the_seed() {
    let seed = r#"{"subscriptions": [{"id": "s", "displayName": "S", "registries": [{
        "resourceGroup": "rg", "name": "abacreg", "location": "westus",
        "roleAssignmentMode": "AbacRepositoryPermissions",
        "systemData": {"createdBy": "ci-app", "createdByType": "Application", "createdAt": "2025-01-02T03:04:05Z"},
        "scopeMaps": [{"name": "ci-push", "actions": ["repositories/a/content/read"]}]}]}]}"#;
    let store = from_json(seed, Utc::now()).unwrap();
    let r = store.registries.values().next().unwrap();
    assert_eq!(r.role_assignment_mode, RoleAssignmentMode::Abac);
    let sd = r.system_data.as_ref().unwrap();
    assert_eq!(
        (sd.created_by.as_str(), sd.created_by_type.as_str()),
        ("ci-app", "Application")
    );
    assert_eq!(sd.last_modified_by, "ci-app");
    assert_eq!(sd.last_modified_at, sd.created_at);
    let map = &r.scope_maps["ci-push"];
    assert_eq!(map.system_data.as_ref().unwrap().created_by, SEED_CREATOR);
    let bad = seed.replace("\"Application\"", "\"Robot\"");
    let err = from_json(&bad, Utc::now()).unwrap_err();
    assert!(err.contains("abacreg") && err.contains("Robot"), "{err}");
    let bad = seed.replace("AbacRepositoryPermissions", "abac");
    assert!(
        from_json(&bad, Utc::now())
            .unwrap_err()
            .contains("roleAssignmentMode")
    );
}
