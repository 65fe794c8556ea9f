//! `App::update` on the demo inventory: every action and message the console handles.

mod common;

use acrtui::arm::{ArmError, GeneratedCredentials, GeneratedPassword, Slot};
use acrtui::domain::expiry::TokenState;
use acrtui::tui::app::Settings;
use acrtui::tui::command::CommandKind;
use acrtui::tui::msg::{Msg, Outcome};
use acrtui::tui::popups::Popup;
use acrtui::tui::state::View;
use chrono::Duration;
use common::console::*;
use secrecy::{ExposeSecret, SecretString};

/// Answers the running change to `name` with the token as the list shows it.
fn answer_token_change(app: &mut acrtui::tui::app::App, name: &str) {
    let registry = app.current().unwrap();
    let token = app
        .current_entry()
        .and_then(|e| e.contents())
        .and_then(|c| c.tokens.iter().find(|t| t.name == name))
        .unwrap()
        .clone();
    app.update(done(
        app,
        Outcome::TokenChanged {
            registry: registry.clone(),
            token,
            note: "changed".into(),
        },
    ));
    assert!(
        app.ops.token_pending(&registry, name).is_none(),
        "{:?}",
        app.ops
    );
}

fn fake_creds(secret: &str) -> GeneratedCredentials {
    GeneratedCredentials {
        username: "github-actions".into(),
        passwords: vec![GeneratedPassword {
            slot: Slot::Password1,
            value: SecretString::from(secret.to_string()),
            created: Some(fixed_now()),
            expiry: Some(fixed_now() + Duration::days(30)),
        }],
    }
}

#[tokio::test]
async fn navigation_views_filter_and_palette() {
    let mut app = demo_app(Settings::default()).await;
    assert_eq!(app.store().registries().len(), 6);
    assert!(app.store().progress().finished);
    assert_eq!(
        app.selected_registry().unwrap().info.registry.name,
        "contosodev"
    );
    key(&mut app, "j");
    assert_eq!(
        app.selected_registry().unwrap().info.registry.name,
        "contososandbox"
    );
    key(&mut app, "G");
    assert_eq!(
        app.selected_registry().unwrap().info.registry.name,
        "contosoprodus"
    );
    key(&mut app, "j");
    assert_eq!(
        app.selected_registry().unwrap().info.registry.name,
        "contosoprodus",
        "stays at the end"
    );
    key(&mut app, "tab");
    assert_eq!(app.view, View::ScopeMaps);
    key(&mut app, "tab");
    assert_eq!(app.view, View::Tokens);
    key(&mut app, "esc");
    assert_eq!(app.view, View::Registries);
    key(&mut app, "/");
    type_text(&mut app, "SANDBOX");
    assert_eq!(app.visible_registries().len(), 1, "case-insensitive filter");
    key(&mut app, "backspace");
    for _ in 0..6 {
        key(&mut app, "backspace");
    }
    type_text(&mut app, "dev/test");
    assert_eq!(
        app.visible_registries().len(),
        3,
        "matches the subscription name too"
    );
    key(&mut app, "enter");
    assert!(app.input.is_none());
    key(&mut app, "esc");
    assert_eq!(app.visible_registries().len(), 6, "Esc clears the filter");
    open_registry(&mut app, "contosoprod");
    assert_eq!(
        (
            app.view,
            app.current_entry().unwrap().info.registry.name.as_str()
        ),
        (View::Tokens, "contosoprod")
    );
    key(&mut app, ":");
    type_text(&mut app, "bogus");
    key(&mut app, "enter");
    assert!(
        app.flash
            .as_ref()
            .unwrap()
            .text
            .contains("unknown command :bogus")
    );
    key(&mut app, ":");
    type_text(&mut app, "audit");
    key(&mut app, "enter");
    assert_eq!(app.view, View::Audit);
    key(&mut app, ":");
    type_text(&mut app, "q");
    key(&mut app, "enter");
    assert!(app.quit);
}

#[tokio::test]
async fn token_actions_emit_commands() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "j");
    key(&mut app, "j");
    assert_eq!(app.selected_token().unwrap().name, "github-actions");
    key(&mut app, "t");
    match kinds(&mut app).as_slice() {
        [CommandKind::UpdateToken { name, update, .. }] => assert_eq!(
            (name.as_str(), update.enabled),
            ("github-actions", Some(false))
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(app.ops.labels().count(), 1, "the header shows it running");
    // One change at a time per token: a second t (or p) sends nothing while the first runs.
    key(&mut app, "t");
    assert!(kinds(&mut app).is_empty(), "t t sent two PATCHes");
    assert!(app.flash.as_ref().unwrap().text.contains("still running"));
    answer_token_change(&mut app, "github-actions");
    key(&mut app, "p");
    assert!(matches!(app.popup(), Some(Popup::Generate(_))));
    answer_read(&mut app);
    key(&mut app, "2");
    // password2 still works: its name must be typed.
    key(&mut app, "enter");
    assert!(kinds(&mut app).is_empty());
    type_text(&mut app, "password2");
    key(&mut app, "enter");
    key(&mut app, "enter");
    match kinds(&mut app).as_slice() {
        [
            CommandKind::GeneratePassword {
                token,
                slot,
                expiry,
                login_server,
                ..
            },
        ] => {
            assert_eq!(
                (token.as_str(), *slot, login_server.as_str()),
                (
                    "github-actions",
                    Some(Slot::Password2),
                    "contosoprod.azurecr.io"
                )
            );
            assert_eq!(
                *expiry,
                Some(fixed_now() + Duration::days(30)),
                "the default expiry is 30 days"
            );
        }
        other => panic!("{other:?}"),
    }
    app.update(done(
        &app,
        Outcome::Generated {
            registry: app.current().unwrap(),
            login_server: "contosoprod.azurecr.io".into(),
            creds: fake_creds("TOP-SECRET-VALUE"),
        },
    ));
    let Some(Popup::Password(p)) = app.popup() else {
        panic!("show-once popup expected")
    };
    assert!(!p.revealed, "masked by default");
    key(&mut app, "l");
    match kinds(&mut app).as_slice() {
        [CommandKind::Copy { what, text, .. }] => {
            assert!(
                what.starts_with("the docker login command, without the password"),
                "{what}"
            );
            assert!(
                !text.expose_secret().contains("TOP-SECRET-VALUE"),
                "l copies no secret"
            );
        }
        other => panic!("{other:?}"),
    }
    key(&mut app, "L");
    match kinds(&mut app).as_slice() {
        [CommandKind::Copy { what, text, .. }] => {
            assert!(what.contains("WITH the password"), "{what}");
            assert!(
                text.expose_secret()
                    .starts_with(" printf '%s' TOP-SECRET-VALUE |")
            );
        }
        other => panic!("{other:?}"),
    }
    key(&mut app, "esc");
    assert!(app.popup().is_none(), "closing drops the secret");
}

#[tokio::test]
async fn never_expiring_and_both_slots_need_confirmation() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    // fabrikam-pull's only password expired: nothing in use, nothing to type.
    assert_eq!(app.selected_token().unwrap().name, "fabrikam-pull");
    key(&mut app, "p");
    answer_read(&mut app);
    key(&mut app, "b");
    let Some(Popup::Generate(g)) = app.popup() else {
        panic!()
    };
    assert_eq!(g.stage, acrtui::tui::popups::generate::Stage::Expiry);
    key(&mut app, "esc");
    key(&mut app, "j");
    key(&mut app, "j");
    assert_eq!(app.selected_token().unwrap().name, "github-actions");
    key(&mut app, "p");
    answer_read(&mut app);
    key(&mut app, "b");
    key(&mut app, "y");
    key(&mut app, "enter");
    assert!(kinds(&mut app).is_empty(), "a y is not enough");
    for _ in 0..4 {
        key(&mut app, "backspace");
    }
    type_text(&mut app, "both");
    key(&mut app, "enter");
    for _ in 0..6 {
        key(&mut app, "j");
    }
    key(&mut app, "enter");
    assert!(kinds(&mut app).is_empty(), "never asks first");
    key(&mut app, "y");
    match kinds(&mut app).as_slice() {
        [
            CommandKind::GeneratePassword {
                slot: None,
                expiry: None,
                ..
            },
        ] => {}
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn deletions_are_confirmed_and_system_maps_refused() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "ctrl-d");
    assert!(matches!(app.popup(), Some(Popup::Confirm(_))));
    key(&mut app, "enter");
    assert!(kinds(&mut app).is_empty(), "the name must be typed");
    type_text(&mut app, "fabrikam-pull");
    key(&mut app, "enter");
    assert!(
        matches!(kinds(&mut app).as_slice(), [CommandKind::DeleteToken { name, .. }] if name == "fabrikam-pull")
    );
    key(&mut app, "2");
    key(&mut app, "ctrl-d");
    assert!(app.popup().is_none());
    assert!(
        app.flash
            .as_ref()
            .unwrap()
            .text
            .contains("system scope map")
    );
    app.update(done(
        &app,
        Outcome::TokenDeleted {
            registry: app.current().unwrap(),
            name: "fabrikam-pull".into(),
        },
    ));
    assert!(
        app.current_entry()
            .unwrap()
            .contents()
            .unwrap()
            .tokens
            .iter()
            .all(|t| t.name != "fabrikam-pull")
    );
}

#[tokio::test]
async fn read_only_hides_and_refuses_changes() {
    let mut app = demo_app(Settings {
        read_only: true,
        ..Settings::default()
    })
    .await;
    open_registry(&mut app, "contosoprod");
    for k in ["t", "e", "p", "x", "ctrl-d"] {
        key(&mut app, k);
        assert!(app.popup().is_none(), "{k}");
        assert!(kinds(&mut app).is_empty(), "{k}");
        assert!(
            app.flash.as_ref().unwrap().text.contains("read-only"),
            "{k}"
        );
    }
    let text = screen(&app, 120, 40);
    assert!(text.contains("READ-ONLY"));
    assert!(
        !text.contains("new password"),
        "mutating keys are not hinted"
    );
}

#[tokio::test]
async fn audit_filters_and_jumps_to_the_token() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "4");
    assert_eq!(app.audit_rows().len(), 11);
    assert_eq!(app.audit_rows()[0].state, TokenState::Expired);
    key(&mut app, "f");
    assert_eq!(app.panes.audit.state, Some(TokenState::Expired));
    key(&mut app, "f");
    assert_eq!(app.audit_rows().len(), 2, "two critical tokens");
    key(&mut app, "j");
    let target = app.audit_rows()[1].clone();
    key(&mut app, "enter");
    assert_eq!(app.view, View::Tokens);
    assert_eq!(
        app.current_entry().unwrap().info.registry.name,
        target.registry
    );
    assert_eq!(app.selected_token().unwrap().name, target.token);
}

#[tokio::test]
async fn failures_open_an_error_popup_and_never_close_the_app() {
    let mut app = demo_app(Settings::default()).await;
    let error = ArmError {
        request_id: Some("req-1".into()),
        ..ArmError::http(403, Some("AuthorizationFailed".into()), "no access")
    };
    app.update(done(
        &app,
        Outcome::Failed {
            what: "Deleting token x".into(),
            error: error.into(),
        },
    ));
    assert!(matches!(app.popup(), Some(Popup::Error(_))));
    assert!(!app.quit);
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("AuthorizationFailed") && text.contains("req-1"),
        "{text}"
    );
    key(&mut app, "esc");
    assert!(app.popup().is_none());
}

#[tokio::test]
async fn preview_is_live_and_paste_is_single_line() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "2");
    assert!(
        select_scope_map(&mut app, "samples-teams"),
        "no scope map {}",
        "samples-teams"
    );
    key(&mut app, "v");
    app.update(Msg::Paste("sample/teama/projectb\nrm -rf /".into()));
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("content/delete")
            && text.contains("repositories/sample/teama/projectb/content/delete"),
        "{text}"
    );
    assert!(
        text.contains("repository:sample/teama/projectb:pull,push,delete"),
        "{text}"
    );
    assert!(!text.contains("rm -rf"));
    assert!(
        text.contains("teama-builder"),
        "the token using the map reaches it: {text}"
    );
}

#[tokio::test]
async fn ctrl_c_quits_from_anywhere() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "?");
    key(&mut app, "ctrl-c");
    assert!(app.quit);
}

async fn at_scope_map(name: &str) -> acrtui::tui::app::App {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "2");
    assert!(select_scope_map(&mut app, name), "no scope map {}", name);
    app
}

#[tokio::test]
async fn scope_map_editor_validates_live_and_keeps_edits_on_failure() {
    let mut app = at_scope_map("samples-teams").await;
    key(&mut app, "e");
    let _ = kinds(&mut app); // the editor reads the registry's repositories as it opens
    assert!(matches!(app.popup(), Some(Popup::ScopeEditor(_))));
    key(&mut app, "a");
    type_text(&mut app, "sample/teamA*");
    key(&mut app, "enter");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("upper-case") || text.contains("wildcard-not-component"),
        "{text}"
    );
    key(&mut app, "s");
    assert!(
        matches!(app.popup(), Some(Popup::ScopeEditor(e)) if e.stage == acrtui::tui::popups::scope_editor::Stage::Edit),
        "errors block saving"
    );
    key(&mut app, "enter");
    for _ in 0..20 {
        key(&mut app, "backspace");
    }
    type_text(&mut app, "sample/teamc/*");
    key(&mut app, "enter");
    key(&mut app, "4");
    key(&mut app, "v");
    type_text(&mut app, "sample/teamc/app");
    key(&mut app, "enter");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("repository:sample/teamc/app:pull,metadata_read"),
        "previewer on unsaved edits: {text}"
    );
    assert!(text.contains("Actions      5/500"), "{text}");
    key(&mut app, "s");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("+ repositories/sample/teamc/*/metadata/read"),
        "{text}"
    );
    assert!(text.contains("teama-builder"), "tokens affected: {text}");
    key(&mut app, "enter");
    let actions = match kinds(&mut app).as_slice() {
        [
            CommandKind::SaveScopeMap {
                name,
                actions,
                create: false,
                ..
            },
        ] => {
            assert_eq!(name, "samples-teams");
            actions.clone()
        }
        other => panic!("{other:?}"),
    };
    assert!(actions.contains(&"repositories/sample/teamc/*/content/read".to_string()));
    app.update(done(
        &app,
        Outcome::Failed {
            what: "Saving scope map samples-teams".into(),
            error: ArmError::http(409, Some("Conflict".into()), "busy").into(),
        },
    ));
    let Some(Popup::ScopeEditor(editor)) = app.popup() else {
        panic!("the editor stays open")
    };
    assert_eq!(editor.actions().0, actions, "a failed save keeps the edits");
    assert!(screen(&app, 120, 40).contains("Your edits are kept"));
}

#[tokio::test]
async fn new_scope_map_needs_a_valid_name() {
    let mut app = at_scope_map("ci-push").await;
    key(&mut app, "n");
    let _ = kinds(&mut app); // the editor reads the registry's repositories as it opens
    type_text(&mut app, "_mine");
    key(&mut app, "enter");
    key(&mut app, "a");
    type_text(&mut app, "apps/*");
    key(&mut app, "enter");
    key(&mut app, "s");
    assert!(kinds(&mut app).is_empty());
    assert!(screen(&app, 120, 40).contains("reserved for the system scope maps"));
    key(&mut app, "n");
    for _ in 0..5 {
        key(&mut app, "backspace");
    }
    type_text(&mut app, "apps-pull");
    key(&mut app, "enter");
    key(&mut app, "s");
    key(&mut app, "enter");
    assert!(
        matches!(kinds(&mut app).as_slice(), [CommandKind::SaveScopeMap { name, create: true, .. }] if name == "apps-pull")
    );
}

#[tokio::test]
async fn create_token_change_scope_map_and_rotate() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "n");
    type_text(&mut app, "bad_name");
    key(&mut app, "enter");
    assert!(kinds(&mut app).is_empty(), "underscore is refused");
    assert!(screen(&app, 120, 40).contains("`_` is not allowed in a token name"));
    for _ in 0..8 {
        key(&mut app, "backspace");
    }
    type_text(&mut app, "new-ci-token");
    key(&mut app, "enter");
    assert!(kinds(&mut app).is_empty(), "no scope map was chosen");
    key(&mut app, "down");
    key(&mut app, "down");
    key(&mut app, "enter");
    assert!(
        matches!(kinds(&mut app).as_slice(), [CommandKind::CreateToken { name, enabled: true, scope_map, .. }] if name == "new-ci-token" && scope_map == "_repositories_pull")
    );

    key(&mut app, "j");
    key(&mut app, "j");
    key(&mut app, "e");
    app.update(Msg::Key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Down,
        crossterm::event::KeyModifiers::NONE,
    )));
    key(&mut app, "enter");
    match kinds(&mut app).as_slice() {
        [CommandKind::UpdateToken { name, update, .. }] => {
            assert_eq!(name, "github-actions");
            assert_eq!(update.enabled, None, "the status is kept");
            assert!(update.scope_map.is_some());
        }
        other => panic!("{other:?}"),
    }
    answer_token_change(&mut app, "github-actions");

    // github-actions: password1 is older than password2, so rotation replaces password1 and retires password2.
    key(&mut app, "R");
    answer_read(&mut app);
    // Both slots hold working passwords: the one replaced must be typed.
    type_text(&mut app, "password1");
    key(&mut app, "enter");
    key(&mut app, "enter");
    let registry = app.current().unwrap();
    match kinds(&mut app).as_slice() {
        [CommandKind::GeneratePassword { slot, .. }] => assert_eq!(*slot, Some(Slot::Password1)),
        other => panic!("{other:?}"),
    }
    app.update(done(
        &app,
        Outcome::Generated {
            registry,
            login_server: "contosoprod.azurecr.io".into(),
            creds: fake_creds("ROTATED-SECRET"),
        },
    ));
    key(&mut app, "esc");
    // Before the 60 s replication is over it does not ask: R comes back to it.
    assert!(app.popup().is_none(), "asked too early: {:?}", app.popup());
    let said = app
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default();
    assert!(said.contains("press R on github-actions"), "{said}");
    key(&mut app, "R");
    assert!(
        app.popup().is_none(),
        "still replicating: {:?}",
        app.popup()
    );
    assert!(
        kinds(&mut app).is_empty(),
        "R resumed, it did not start another rotation"
    );
    let later = app.now + chrono::Duration::seconds(61);
    app.update(Msg::Tick(later));
    key(&mut app, "R");
    assert!(
        matches!(app.popup(), Some(Popup::Confirm(_))),
        "asks whether consumers switched"
    );
    key(&mut app, "esc");
    key(&mut app, "R");
    assert!(
        matches!(app.popup(), Some(Popup::Confirm(_))),
        "Esc kept both: R asks again"
    );
    key(&mut app, "y");
    assert!(matches!(
        kinds(&mut app).as_slice(),
        [CommandKind::DeletePassword {
            slot: Slot::Password2,
            ..
        }]
    ));
    // The old password gone, the rotation is over: R starts a new one.
    let mut token = app.selected_token().unwrap().clone();
    token.passwords.retain(|p| p.slot != Slot::Password2);
    let registry = app.current().unwrap();
    app.update(done(
        &app,
        Outcome::TokenChanged {
            registry,
            token,
            note: "password2 deleted".into(),
        },
    ));
    key(&mut app, "R");
    assert!(
        matches!(app.popup(), Some(Popup::Generate(_))),
        "{:?}",
        app.popup()
    );
}

#[tokio::test]
async fn audit_export_writes_through_an_effect() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "4");
    key(&mut app, "w");
    for _ in 0..20 {
        key(&mut app, "backspace");
    }
    type_text(&mut app, "/tmp/report.json");
    key(&mut app, "enter");
    match kinds(&mut app).as_slice() {
        [
            CommandKind::Export {
                path,
                content,
                rows,
                overwrite: false,
            },
        ] => {
            assert_eq!(path.to_str(), Some("/tmp/report.json"));
            assert_eq!(*rows, 11);
            let v: serde_json::Value = serde_json::from_str(content).unwrap();
            assert_eq!(v["complete"], true);
            assert_eq!(v["tokens"].as_array().unwrap().len(), 11);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_new_token_can_get_a_new_scope_map_inline() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "n");
    type_text(&mut app, "edge-device-7");
    for _ in 0..30 {
        app.update(Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Down,
            crossterm::event::KeyModifiers::NONE,
        )));
    }
    key(&mut app, "enter");
    let Some(Popup::ScopeEditor(editor)) = app.popup() else {
        panic!("the editor opens")
    };
    assert_eq!(editor.name, "edge-device-7-scope-map");
    key(&mut app, "a");
    type_text(&mut app, "edge/*");
    key(&mut app, "enter");
    key(&mut app, "s");
    key(&mut app, "enter");
    let (registry, actions) = match kinds(&mut app).as_slice() {
        [
            CommandKind::SaveScopeMap {
                registry,
                name,
                actions,
                create: true,
                ..
            },
        ] => {
            assert_eq!(name, "edge-device-7-scope-map");
            (registry.clone(), actions.clone())
        }
        other => panic!("{other:?}"),
    };
    let map = acrtui::arm::ScopeMapInfo {
        name: "edge-device-7-scope-map".into(),
        description: None,
        system: false,
        actions,
        created: None,
        provisioning_state: None,
    };
    app.update(done(&app, Outcome::ScopeMapSaved { registry, map }));
    assert!(
        matches!(kinds(&mut app).as_slice(), [CommandKind::CreateToken { name, scope_map, .. }] if name == "edge-device-7" && scope_map == "edge-device-7-scope-map")
    );
}

#[tokio::test]
async fn deleting_a_password_asks_which_when_both_are_used() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "j");
    key(&mut app, "j");
    assert_eq!(app.selected_token().unwrap().name, "github-actions");
    key(&mut app, "x");
    assert!(matches!(app.popup(), Some(Popup::SlotChoice(_))));
    key(&mut app, "2");
    key(&mut app, "y");
    assert!(matches!(
        kinds(&mut app).as_slice(),
        [CommandKind::DeletePassword {
            slot: Slot::Password2,
            ..
        }]
    ));
}

#[tokio::test]
async fn popup_state_holding_a_secret_never_prints_it() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    app.update(done(
        &app,
        Outcome::Generated {
            registry: app.current().unwrap(),
            login_server: "contosoprod.azurecr.io".into(),
            creds: fake_creds("PANIC-SECRET-42"),
        },
    ));
    // What a panic message or a log line would contain if it formatted the state.
    let debug = format!("{:?}", app.popup());
    assert!(debug.contains("REDACTED"), "{debug}");
    assert!(!debug.contains("PANIC-SECRET-42"));
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        panic!("state: {:?}", app.popup())
    }));
    let message = caught
        .err()
        .and_then(|e| e.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    assert!(
        message.starts_with("state: ") && !message.contains("PANIC-SECRET-42"),
        "{message}"
    );
    key(&mut app, "l");
    let debug = format!("{:?}", kinds(&mut app));
    assert!(
        !debug.contains("PANIC-SECRET-42"),
        "the copy command's text is redacted too: {debug}"
    );
}

#[tokio::test]
async fn the_audit_view_follows_data_changes() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "4");
    assert_eq!(app.audit_rows().len(), 11);
    let prod = app
        .store()
        .registries()
        .iter()
        .find(|e| e.info.registry.name == "contosoprod")
        .unwrap()
        .reference()
        .clone();
    app.update(done(
        &app,
        Outcome::TokenDeleted {
            registry: prod,
            name: "fabrikam-pull".into(),
        },
    ));
    assert_eq!(
        app.audit_rows().len(),
        10,
        "recomputed after the data changed"
    );
    assert!(app.audit_rows().iter().all(|r| r.token != "fabrikam-pull"));
    // The clock moving past an expiry reclassifies.
    let before = app
        .audit_rows()
        .iter()
        .find(|r| r.token == "dev-laptop")
        .unwrap()
        .state;
    app.update(Msg::Tick(fixed_now() + Duration::days(3)));
    let after = app
        .audit_rows()
        .iter()
        .find(|r| r.token == "dev-laptop")
        .unwrap()
        .state;
    assert_eq!((before, after), (TokenState::Critical, TokenState::Expired));
}

#[tokio::test]
async fn a_retracted_subscription_takes_its_registries_with_it() {
    use acrtui::arm::inventory::Event;
    let mut app = demo_app(Settings::default()).await;
    let prod = "7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70";
    let before = app.store().registries().len();
    let of_prod = app
        .store()
        .registries()
        .iter()
        .filter(|e| e.info.registry.subscription == prod)
        .count();
    assert!(of_prod > 0 && of_prod < before);
    let done_before = app.store().progress().done;
    // Select a registry that stays, then retract prod.
    open_registry(&mut app, "contosodev");
    app.update(Msg::Inventory(Event::SubscriptionGone {
        subscription: prod.into(),
    }));
    assert_eq!(app.store().registries().len(), before - of_prod);
    assert!(
        app.store()
            .registries()
            .iter()
            .all(|e| e.info.registry.subscription != prod)
    );
    assert_eq!(app.store().progress().done, done_before - of_prod);
    assert_eq!(app.store().progress().expected, before - of_prod);
    assert_eq!(
        app.current_entry().unwrap().info.registry.name,
        "contosodev",
        "the selection stays on its registry"
    );
    assert_eq!(app.visible_registries().len(), before - of_prod);
}
