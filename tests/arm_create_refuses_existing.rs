//! Creating never replaces: ARM's PUT is create-or-replace, so `create_scope_map`
//! and `create_token` first make sure nothing of that name exists, and refuse
//! (sending no PUT) when something does. Through real HTTP to the emulator.

mod common;

use acrtui::arm::AcrApi;
use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::store::Sku;
use common::arm::{client, reg};
use common::*;

#[tokio::test]
async fn creating_a_scope_map_whose_name_exists_is_refused_and_changes_nothing() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let api = client(&emu);
    let r = reg();
    let actions = vec!["repositories/a/content/read".to_string()];
    api.create_scope_map(&r, "ci-push", Some("CI"), &actions)
        .await
        .unwrap();
    let puts_before = emu.calls("PUT", "scopeMaps");
    let other = vec!["repositories/*/content/delete".to_string()];
    let err = api
        .create_scope_map(&r, "CI-Push", None, &other)
        .await
        .unwrap_err();
    assert!(
        err.message.contains("ci-push") && err.message.contains("exists"),
        "{err}"
    );
    assert_eq!(err.code.as_deref(), Some("AlreadyExists"));
    assert_eq!(
        emu.calls("PUT", "scopeMaps"),
        puts_before,
        "no PUT was sent"
    );
    let kept = api.get_scope_map(&r, "ci-push").await.unwrap();
    assert_eq!(kept.actions, actions);
}

#[tokio::test]
async fn creating_a_token_whose_name_exists_is_refused_and_keeps_its_passwords() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let api = client(&emu);
    let r = reg();
    api.create_token(&r, "ci-token", "_repositories_pull", true)
        .await
        .unwrap();
    api.generate_credentials(&r, "ci-token", Some(acrtui::arm::Slot::Password1), None)
        .await
        .unwrap();
    let err = api
        .create_token(&r, "ci-token", "_repositories_push", false)
        .await
        .unwrap_err();
    assert!(
        err.message.contains("ci-token") && err.message.contains("exists"),
        "{err}"
    );
    let kept = api.get_token(&r, "ci-token").await.unwrap();
    assert_eq!(kept.passwords.len(), 1, "the password survives");
    assert_eq!(kept.scope_map.as_deref(), Some("_repositories_pull"));
    assert!(kept.enabled);
}
