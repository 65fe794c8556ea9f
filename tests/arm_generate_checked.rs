//! `password_gen::generate_checked` through the real client against the
//! emulator: a stale choice sends nothing; a lost answer (even a client
//! timeout) is followed by re-reading the token and saying what exists.

mod common;

use std::time::Duration;

use acrtui::arm::azure::ClientConfig;
use acrtui::arm::{AcrApi, Slot};
use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::faults::{Fault, FaultRule};
use acrtui::emulator::store::Sku;
use acrtui::password_gen::{GenerateFailure, Request, generate_checked};
use common::arm::{SCOPE, client, fast_config, reg};
use common::{one_registry, with_store};

#[tokio::test]
async fn a_choice_made_on_stale_state_sends_nothing() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let api = client(&emu);
    let r = reg();
    api.create_token(&r, "ci-token", "_repositories_pull", true)
        .await
        .unwrap();
    let chosen_on = api.get_token(&r, "ci-token").await.unwrap();
    // Someone else generates password1 meanwhile.
    api.generate_credentials(&r, "ci-token", Some(Slot::Password1), None)
        .await
        .unwrap();
    let posts = emu.calls("POST", "generateCredentials");
    let req = Request {
        registry: &r,
        chosen_on: &chosen_on,
        slot: Some(Slot::Password1),
        expiry: None,
    };
    match generate_checked(&api, req).await {
        Err(GenerateFailure::Stale { message, current }) => {
            assert!(message.contains("password1 was created at"), "{message}");
            assert!(current.password(Slot::Password1).is_some());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        emu.calls("POST", "generateCredentials"),
        posts,
        "nothing sent"
    );
}

#[tokio::test]
async fn a_timeout_is_a_lost_answer_and_the_token_is_reread() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let api = acrtui::arm::azure::AzureAcr::new(
        emu.url().parse().unwrap(),
        SCOPE,
        acrtui::arm::auth::StaticToken::new("t"),
        ClientConfig {
            attempt_timeout: Duration::from_millis(400),
            ..fast_config()
        },
    );
    let r = reg();
    api.create_token(&r, "ci-token", "_repositories_pull", true)
        .await
        .unwrap();
    let chosen_on = api.get_token(&r, "ci-token").await.unwrap();
    emu.add_fault(FaultRule {
        method: Some("POST".into()),
        path_contains: "generateCredentials".into(),
        effect: Fault::Hang,
        times: Some(1),
    });
    let req = Request {
        registry: &r,
        chosen_on: &chosen_on,
        slot: Some(Slot::Password2),
        expiry: None,
    };
    match generate_checked(&api, req).await {
        Err(GenerateFailure::Lost { report, after, .. }) => {
            assert_eq!(report.created, vec![Slot::Password2], "{}", report.text);
            assert!(after.unwrap().password(Slot::Password2).is_some());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(emu.calls("POST", "generateCredentials"), 1, "never re-sent");
}
