//! The console's password generation after a lost answer and on stale state:
//! the wizard resumes on the slot whose value was lost, never the one in use,
//! and its effect goes through the same checked path as `acrtui rotate`.

mod common;

use std::sync::Arc;

use acrtui::arm::{AcrApi, PasswordInfo, Slot};
use acrtui::emulator::faults::{Fault, FaultRule};
use acrtui::emulator::{EmulatorConfig, seed, start};
use acrtui::tui::app::Settings;
use acrtui::tui::command::{Command, CommandKind, OpId};
use acrtui::tui::msg::{Msg, Outcome};
use acrtui::tui::popups::Popup;
use acrtui::tui::popups::generate::Stage;
use chrono::Duration;
use common::console::*;

/// The one command sent, and the id its answer must carry.
fn generate_command(app: &mut acrtui::tui::app::App) -> (OpId, CommandKind) {
    let mut commands = app.take_commands();
    assert_eq!(commands.len(), 1, "{commands:?}");
    let Command { id, kind } = commands.remove(0);
    (id, kind)
}

#[tokio::test]
async fn after_a_lost_answer_the_wizard_replaces_the_lost_password_not_the_one_in_use() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    select_token(&mut app, "teama-builder");
    key(&mut app, "R");
    answer_read(&mut app);
    key(&mut app, "enter");
    let (
        id,
        CommandKind::GeneratePassword {
            registry,
            chosen_on,
            slot,
            ..
        },
    ) = generate_command(&mut app)
    else {
        panic!()
    };
    assert_eq!(slot, Some(Slot::Password2), "the free slot");
    let mut after = chosen_on.clone();
    after.passwords.push(PasswordInfo {
        slot: Slot::Password2,
        created: Some(fixed_now()),
        expiry: Some(fixed_now() + Duration::days(30)),
    });
    let report = acrtui::domain::rotation_report::lost_answer(
        &chosen_on,
        Some(&after),
        &[Slot::Password2],
        "reset",
    );
    app.update(Msg::Done(
        id,
        Outcome::GenerateLost {
            registry,
            token: "teama-builder".into(),
            after: Some(after),
            report,
        },
    ));
    assert!(app.ops.is_empty(), "the spinner stops: {:?}", app.ops);
    assert_eq!(
        app.selected_token().unwrap().passwords.len(),
        2,
        "the list shows what exists"
    );
    key(&mut app, "enter");
    let Some(Popup::Generate(g)) = app.popup() else {
        panic!()
    };
    assert_eq!(
        (g.stage.clone(), g.slot, g.retire),
        (Stage::Expiry, Some(Slot::Password2), Some(Slot::Password1))
    );
    key(&mut app, "enter");
    let (
        _,
        CommandKind::GeneratePassword {
            slot, chosen_on, ..
        },
    ) = generate_command(&mut app)
    else {
        panic!()
    };
    assert_eq!(
        slot,
        Some(Slot::Password2),
        "password1, in use, is never the target"
    );
    assert_eq!(chosen_on.passwords.len(), 2, "decided on the re-read state");
}

#[tokio::test]
async fn a_stale_choice_returns_to_the_slot_question_with_the_reason() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    select_token(&mut app, "teama-builder");
    key(&mut app, "p");
    answer_read(&mut app);
    key(&mut app, "2");
    key(&mut app, "enter");
    let (
        id,
        CommandKind::GeneratePassword {
            registry,
            chosen_on,
            ..
        },
    ) = generate_command(&mut app)
    else {
        panic!()
    };
    let mut current = chosen_on.clone();
    current.passwords.push(PasswordInfo {
        slot: Slot::Password2,
        created: Some(fixed_now()),
        expiry: None,
    });
    app.update(Msg::Done(id, Outcome::GenerateStale {
        registry,
        token: current,
        message: "teama-builder changed since the slot was chosen: password2 was created at 2026-11-22 12:00:00 UTC. Nothing was sent; choose again.".into(),
    }));
    let Some(Popup::Generate(g)) = app.popup() else {
        panic!()
    };
    assert_eq!(g.stage, Stage::Slot);
    assert!(g.error.as_deref().unwrap().contains("Nothing was sent"));
    assert!(
        screen(&app, 120, 40).contains("password2 (in use"),
        "drawn from the new state"
    );
}

#[tokio::test]
async fn the_console_effect_reports_a_lost_answer_over_http() {
    let emu = start(
        common::loopback(),
        EmulatorConfig::fast(),
        seed::demo(chrono::Utc::now()),
    )
    .await
    .unwrap();
    let api: Arc<dyn AcrApi> = Arc::new(common::arm::client(&emu));
    let registry = api
        .list_all_registries()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.registry.name == "contosoprod")
        .unwrap();
    let token = api
        .get_token(&registry.registry, "teama-builder")
        .await
        .unwrap();
    emu.add_fault(FaultRule {
        method: Some("POST".into()),
        path_contains: "generateCredentials".into(),
        effect: Fault::Reset,
        times: Some(1),
    });
    let (effects, mut rx) = effects_for(&emu);
    effects.spawn(Command {
        id: OpId(7),
        kind: CommandKind::GeneratePassword {
            registry: registry.registry.clone(),
            login_server: registry.login_server.clone(),
            token: token.name.clone(),
            chosen_on: token,
            slot: Some(Slot::Password2),
            expiry: None,
        },
    });
    let msg = tokio::time::timeout(std::time::Duration::from_secs(20), rx.recv())
        .await
        .unwrap();
    match msg {
        Some(Msg::Done(OpId(7), Outcome::GenerateLost { report, after, .. })) => {
            assert_eq!(report.created, vec![Slot::Password2], "{}", report.text);
            assert!(
                report
                    .text
                    .contains("password1, still in use, is untouched"),
                "{}",
                report.text
            );
            assert!(after.unwrap().password(Slot::Password2).is_some());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(emu.calls("POST", "generateCredentials"), 1);
}
