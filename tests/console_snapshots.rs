//! Screens of the console on the demo seed with a fixed clock, as text
//! snapshots (TestBackend + insta) at 120×40 and 80×24. Secrets never appear.

mod common;

use acrtui::arm::{ArmError, GeneratedCredentials, GeneratedPassword, Slot};
use acrtui::tui::app::{App, Settings};
use acrtui::tui::msg::{Msg, Outcome};
use chrono::Duration;
use common::console::*;
use secrecy::SecretString;

const SECRET: &str = "SnapshotSecretValue0123456789abcdefghijklmnopqrstuv";
const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

fn snap(name: &str, app: &App) {
    for (w, h) in SIZES {
        let text = screen(app, w, h);
        assert!(
            !text.contains(SECRET),
            "{name}: a secret reached the screen snapshot"
        );
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

async fn at_registry(name: &str) -> App {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, name);
    app
}

#[tokio::test]
async fn registries() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "1");
    snap("registries", &app);
}

#[tokio::test]
async fn tokens() {
    snap("tokens", &at_registry("contosoprod").await);
}

#[tokio::test]
async fn scope_maps_with_the_permission_grid() {
    let mut app = at_registry("contosoprod").await;
    key(&mut app, "2");
    assert!(
        select_scope_map(&mut app, "samples-teams"),
        "no scope map {}",
        "samples-teams"
    );
    snap("scope_maps", &app);
}

#[tokio::test]
async fn audit() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "4");
    snap("audit", &app);
}

#[tokio::test]
async fn help() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "?");
    snap("help", &app);
}

#[tokio::test]
async fn generate_password_steps() {
    let mut app = at_registry("contosoprod").await;
    key(&mut app, "j");
    key(&mut app, "j");
    key(&mut app, "p");
    snap("generate_reading", &app);
    answer_read(&mut app);
    snap("generate_slot", &app);
    key(&mut app, "1");
    type_text(&mut app, "password");
    snap("generate_confirm", &app);
    type_text(&mut app, "1");
    key(&mut app, "enter");
    snap("generate_expiry", &app);
}

/// The rotation wizard after a lost answer: what exists, and the way on.
#[tokio::test]
async fn rotation_after_a_lost_answer() {
    let mut app = at_registry("contosoprod").await;
    while app.selected_token().unwrap().name != "teama-builder" {
        key(&mut app, "j");
    }
    key(&mut app, "R");
    answer_read(&mut app);
    key(&mut app, "enter");
    let commands = app.take_commands();
    let [
        acrtui::tui::command::Command {
            id,
            kind:
                acrtui::tui::command::CommandKind::GeneratePassword {
                    chosen_on,
                    registry,
                    ..
                },
        },
    ] = commands.as_slice()
    else {
        panic!("{commands:?}")
    };
    let mut after = chosen_on.clone();
    after.passwords.push(acrtui::arm::PasswordInfo {
        slot: Slot::Password2,
        created: Some(fixed_now()),
        expiry: Some(fixed_now() + Duration::days(30)),
    });
    let report = acrtui::domain::rotation_report::lost_answer(
        chosen_on,
        Some(&after),
        &[Slot::Password2],
        "the connection was reset",
    );
    app.update(Msg::Done(
        *id,
        Outcome::GenerateLost {
            registry: registry.clone(),
            token: "teama-builder".into(),
            after: Some(after),
            report,
        },
    ));
    snap("generate_lost", &app);
}

#[tokio::test]
async fn show_once_is_masked() {
    let mut app = at_registry("contosoprod").await;
    let creds = GeneratedCredentials {
        username: "github-actions".into(),
        passwords: vec![GeneratedPassword {
            slot: Slot::Password1,
            value: SecretString::from(SECRET),
            created: Some(fixed_now()),
            expiry: Some(fixed_now() + Duration::days(30)),
        }],
    };
    app.update(Msg::Done(
        acrtui::tui::command::OpId(0),
        Outcome::Generated {
            registry: app.current().unwrap(),
            login_server: "contosoprod.azurecr.io".into(),
            creds,
        },
    ));
    snap("show_once", &app);
    key(&mut app, "v");
    assert!(screen(&app, 120, 40).contains(SECRET), "v reveals it");
}

#[tokio::test]
async fn preview() {
    let mut app = at_registry("contosoprod").await;
    key(&mut app, "2");
    assert!(
        select_scope_map(&mut app, "samples-teams"),
        "no scope map {}",
        "samples-teams"
    );
    key(&mut app, "v");
    type_text(&mut app, "sample/teama/projectc");
    snap("preview", &app);
}

#[tokio::test]
async fn confirm_delete() {
    let mut app = at_registry("contosoprod").await;
    key(&mut app, "ctrl-d");
    type_text(&mut app, "fabri");
    snap("confirm_delete", &app);
}

#[tokio::test]
async fn error_popup() {
    let mut app = at_registry("contosoprod").await;
    let error = ArmError {
        request_id: Some("0f1e2d3c-aaaa-bbbb-cccc-000000000000".into()),
        ..ArmError::http(
            403,
            Some("AuthorizationFailed".into()),
            "The client does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/tokens/delete'.",
        )
    };
    app.update(Msg::Done(
        acrtui::tui::command::OpId(0),
        Outcome::Failed {
            what: "Deleting token fabrikam-pull".into(),
            error: error.into(),
        },
    ));
    snap("error", &app);
}

#[tokio::test]
async fn read_only() {
    let app = demo_app(Settings {
        read_only: true,
        ..Settings::default()
    })
    .await;
    snap("read_only", &app);
}

#[tokio::test]
async fn scope_map_editor() {
    let mut app = at_registry("contosoprod").await;
    key(&mut app, "2");
    assert!(
        select_scope_map(&mut app, "samples-teams"),
        "no scope map {}",
        "samples-teams"
    );
    key(&mut app, "e");
    // The catalog read the editor starts, answered: each rule shows its reach.
    let registry = app.current().unwrap();
    let names = [
        "sample/teama/projectb",
        "sample/teama/projectc",
        "sample/teamb/projecta",
        "apps/web",
    ];
    let msg = done(
        &app,
        acrtui::tui::msg::Outcome::CatalogRead {
            registry,
            result: Ok(names.map(String::from).to_vec()),
        },
    );
    app.update(msg);
    key(&mut app, "a");
    type_text(&mut app, "sample/teamC*");
    key(&mut app, "enter");
    snap("scope_editor", &app);
}

#[tokio::test]
async fn token_form() {
    let mut app = at_registry("contosoprod").await;
    key(&mut app, "n");
    type_text(&mut app, "ci_token");
    snap("token_form", &app);
}

#[tokio::test]
async fn export_prompt() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "4");
    key(&mut app, "w");
    snap("export", &app);
}

#[tokio::test]
async fn delete_which_password() {
    let mut app = at_registry("contosoprod").await;
    key(&mut app, "j");
    key(&mut app, "j");
    key(&mut app, "x");
    snap("slot_choice", &app);
}
