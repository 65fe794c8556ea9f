//! The probe in the show-once popup: `p` asks the registry's token service
//! what the new password gets per repository of the token's scope map; the
//! answer shows next to what the map says; a refusal in the replication
//! minute is retried, later it is reported. And the effect itself over real
//! HTTP against the emulator's data plane.

mod common;

use acrtui::arm::{AcrApi, GeneratedCredentials, GeneratedPassword, Slot};
use acrtui::emulator::EmulatorConfig;
use acrtui::registry::RegistryError;
use acrtui::registry::probe::ProbeRow;
use acrtui::tui::app::{App, Settings};
use acrtui::tui::command::{Command, CommandKind, OpId};
use acrtui::tui::msg::{Msg, Outcome};
use chrono::Duration;
use common::console::*;
use secrecy::{ExposeSecret, SecretString};

fn creds(user: &str, secret: &str) -> GeneratedCredentials {
    GeneratedCredentials {
        username: user.into(),
        passwords: vec![GeneratedPassword {
            slot: Slot::Password2,
            value: SecretString::from(secret.to_string()),
            created: Some(fixed_now()),
            expiry: Some(fixed_now() + Duration::days(30)),
        }],
    }
}

/// The demo console with teama-builder's show-once popup open.
async fn shown() -> App {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    let registry = app.current().unwrap();
    app.update(Msg::Done(
        OpId(999),
        Outcome::Generated {
            registry,
            login_server: "contosoprod.azurecr.io".into(),
            creds: creds("teama-builder", "TOP-SECRET-VALUE"),
        },
    ));
    app
}

fn row(repo: &str, granted: &[&str], expected: &[&str]) -> ProbeRow {
    let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    ProbeRow {
        repository: repo.into(),
        stands_for: None,
        requested: v(&["pull", "push", "delete", "metadata_read", "metadata_write"]),
        granted: v(granted),
        expected: v(expected),
        matches: granted == expected,
    }
}

fn probed(app: &mut App, result: Result<Vec<ProbeRow>, RegistryError>) {
    let msg = done(
        app,
        Outcome::Probed {
            login_server: "contosoprod.azurecr.io".into(),
            user: "teama-builder".into(),
            result,
        },
    );
    app.update(msg);
}

#[tokio::test]
async fn p_probes_the_selected_password_with_the_tokens_scope_map_once_at_a_time() {
    let mut app = shown().await;
    key(&mut app, "p");
    match kinds(&mut app).as_slice() {
        [
            CommandKind::Probe {
                login_server,
                user,
                password,
                actions,
                repositories,
            },
        ] => {
            assert!(repositories.is_empty(), "p: the scope map's patterns");
            assert_eq!(
                (login_server.as_str(), user.as_str()),
                ("contosoprod.azurecr.io", "teama-builder")
            );
            assert_eq!(password.expose_secret(), "TOP-SECRET-VALUE");
            assert!(
                actions.contains(&"repositories/sample/teama/*/content/write".to_string()),
                "{actions:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    key(&mut app, "p");
    assert!(
        kinds(&mut app).is_empty(),
        "a second p while one runs sends nothing"
    );
    assert!(screen(&app, 100, 30).contains("probing the token service"));
}

#[tokio::test]
async fn the_answer_shows_per_repository_and_flags_a_difference() {
    let mut app = shown().await;
    key(&mut app, "p");
    let _ = kinds(&mut app);
    probed(
        &mut app,
        Ok(vec![
            row(
                "sample/teama/projectb",
                &["pull", "push", "delete"],
                &["pull", "push", "delete"],
            ),
            row("sample/teama/acrtui-probe", &["pull"], &["pull", "push"]),
        ]),
    );
    let text = screen(&app, 100, 30);
    assert!(
        text.contains("✓ sample/teama/projectb: pull,push,delete"),
        "{text}"
    );
    assert!(
        text.contains("✗ sample/teama/acrtui-probe: granted pull, the scope map says pull,push"),
        "{text}"
    );
    assert!(!text.contains("TOP-SECRET-VALUE"));
    insta::assert_snapshot!(text);
}

#[tokio::test]
async fn a_refusal_in_the_replication_minute_is_retried_and_later_reported() {
    let mut app = shown().await;
    key(&mut app, "p");
    let _ = kinds(&mut app);
    let refused = || {
        Err(RegistryError::Refused {
            server: "contosoprod.azurecr.io".into(),
            detail: "authentication required".into(),
        })
    };
    probed(&mut app, refused());
    let text = screen(&app, 100, 30);
    assert!(
        text.contains("replication can take up to a minute; retrying in 10 s"),
        "{text}"
    );
    app.update(Msg::Tick(fixed_now() + Duration::seconds(5)));
    assert!(kinds(&mut app).is_empty(), "not yet");
    app.update(Msg::Tick(fixed_now() + Duration::seconds(11)));
    assert!(
        matches!(kinds(&mut app).as_slice(), [CommandKind::Probe { .. }]),
        "retried"
    );
    // Past the minute a refusal is the answer.
    app.update(Msg::Tick(fixed_now() + Duration::seconds(61)));
    probed(&mut app, refused());
    let text = screen(&app, 100, 30);
    assert!(
        text.contains("Probe failed: contosoprod.azurecr.io refused the credentials"),
        "{text}"
    );
}

#[tokio::test]
async fn an_answer_after_the_popup_closed_is_dropped() {
    let mut app = shown().await;
    key(&mut app, "p");
    let _ = kinds(&mut app);
    key(&mut app, "esc");
    probed(&mut app, Ok(vec![row("a", &["pull"], &["pull"])]));
    assert!(app.popup().is_none());
}

#[tokio::test]
async fn the_effect_probes_the_emulators_token_service_over_http() {
    let emu = common::demo(EmulatorConfig::fast()).await;
    let api = acrtui::arm::azure::AzureAcr::new(
        url::Url::parse(&emu.url()).unwrap(),
        &acrtui::arm::auth::scope_for(&emu.url()),
        acrtui::arm::auth::StaticToken::new("t"),
        acrtui::arm::azure::ClientConfig::default(),
    );
    let registry = api
        .list_all_registries()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.registry.name == "contosoprod")
        .unwrap();
    let generated = api
        .generate_credentials(
            &registry.registry,
            "teama-builder",
            Some(Slot::Password2),
            None,
        )
        .await
        .unwrap();
    let actions = api
        .list_scope_maps(&registry.registry)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.name == "samples-teams")
        .unwrap()
        .actions;
    let (effects, mut rx) = effects_for(&emu);
    for (id, password) in [
        (1, generated.passwords[0].value.expose_secret().to_string()),
        (2, "wrong".to_string()),
    ] {
        effects.spawn(Command {
            id: OpId(id),
            kind: CommandKind::Probe {
                login_server: registry.login_server.clone(),
                user: "teama-builder".into(),
                password: SecretString::from(password),
                actions: actions.clone(),
                repositories: Vec::new(),
            },
        });
        let msg = tokio::time::timeout(std::time::Duration::from_secs(20), rx.recv())
            .await
            .unwrap();
        match (id, msg) {
            (
                1,
                Some(Msg::Done(
                    _,
                    Outcome::Probed {
                        result: Ok(rows), ..
                    },
                )),
            ) => {
                assert_eq!(rows.len(), 3, "{rows:?}");
                assert!(rows.iter().all(|r| r.matches), "{rows:?}");
                let b = rows
                    .iter()
                    .find(|r| r.repository == "sample/teama/projectb")
                    .unwrap();
                assert_eq!(b.granted, ["pull", "push", "delete"]);
            }
            (
                2,
                Some(Msg::Done(
                    _,
                    Outcome::Probed {
                        result: Err(RegistryError::Refused { .. }),
                        ..
                    },
                )),
            ) => {}
            (_, other) => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn shift_p_probes_a_repository_the_operator_types() {
    let mut app = shown().await;
    key(&mut app, "P");
    type_text(&mut app, "Bad Name");
    key(&mut app, "enter");
    assert!(
        kinds(&mut app).is_empty(),
        "a name Docker refuses is not sent"
    );
    assert!(screen(&app, 120, 40).contains("Probe failed: \"Bad Name\""));
    key(&mut app, "P");
    type_text(&mut app, "sample/teamb/projecta");
    assert!(screen(&app, 120, 40).contains("Repository to probe: sample/teamb/projecta"));
    key(&mut app, "enter");
    match kinds(&mut app).as_slice() {
        [CommandKind::Probe { repositories, .. }] => {
            assert_eq!(repositories, &["sample/teamb/projecta".to_string()]);
        }
        other => panic!("{other:?}"),
    }
    probed(
        &mut app,
        Ok(vec![row("sample/teamb/projecta", &["pull"], &["pull"])]),
    );
    let text = screen(&app, 120, 40);
    assert!(text.contains("sample/teamb/projecta"), "{text}");
    // Esc while typing cancels the typing only; the popup stays.
    key(&mut app, "P");
    key(&mut app, "esc");
    assert!(app.popup().is_some());
    assert!(kinds(&mut app).is_empty());
}

#[tokio::test]
async fn a_typed_repository_is_probed_against_the_emulator() {
    let emu = common::demo(EmulatorConfig::fast()).await;
    let api = common::arm::client(&emu);
    let registry = acrtui::arm::RegistryRef {
        subscription: "7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70".into(),
        resource_group: "rg-platform".into(),
        name: "contosoprod".into(),
    };
    let generated = api
        .generate_credentials(&registry, "teama-builder", Some(Slot::Password2), None)
        .await
        .unwrap();
    let actions = api
        .list_scope_maps(&registry)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.name == "samples-teams")
        .unwrap()
        .actions;
    let (effects, mut rx) = effects_for(&emu);
    effects.spawn(Command {
        id: OpId(1),
        kind: CommandKind::Probe {
            login_server: "contosoprod.azurecr.io".into(),
            user: "teama-builder".into(),
            password: SecretString::from(generated.passwords[0].value.expose_secret().to_string()),
            actions,
            repositories: vec!["sample/teama/anything".into(), "apps/web".into()],
        },
    });
    let msg = tokio::time::timeout(std::time::Duration::from_secs(20), rx.recv())
        .await
        .unwrap();
    let Some(Msg::Done(
        _,
        Outcome::Probed {
            result: Ok(rows), ..
        },
    )) = msg
    else {
        panic!("{msg:?}");
    };
    let granted = |repo: &str| {
        rows.iter()
            .find(|r| r.repository == repo)
            .map(|r| r.granted.clone())
            .unwrap_or_else(|| panic!("no row for {repo}: {rows:?}"))
    };
    // sample/teama/* is read and written by samples-teams (delete is for
    // projectb alone); the service's grant matches the map's.
    assert_eq!(granted("sample/teama/anything"), ["pull", "push"]);
    assert!(granted("apps/web").is_empty(), "outside the map: nothing");
    assert!(rows.iter().all(|r| r.matches), "{rows:?}");
}
