//! Delivery from the show-once popup (issue 17): `K` asks for a Key Vault
//! secret, prefilled from the config's `deliver`, and writes the selected
//! password there; a write that fails keeps the password in the popup and
//! says why; only kv:// sinks are taken. And the effect itself, over real
//! HTTP to the emulator's Key Vault.

mod common;

use acrtui::arm::{GeneratedCredentials, GeneratedPassword, Slot};
use acrtui::cmd::deliver::Sink;
use acrtui::domain::secret_formats::SecretFormat;
use acrtui::tui::app::{App, Settings};
use acrtui::tui::command::{Command, CommandKind, OpId};
use acrtui::tui::msg::{Msg, Outcome};
use chrono::Duration;
use common::console::*;
use secrecy::{ExposeSecret, SecretString};

const SECRET: &str = "TOP-SECRET-VALUE";

fn creds() -> GeneratedCredentials {
    GeneratedCredentials {
        username: "teama-builder".into(),
        passwords: vec![GeneratedPassword {
            slot: Slot::Password2,
            value: SecretString::from(SECRET.to_string()),
            created: Some(fixed_now()),
            expiry: Some(fixed_now() + Duration::days(30)),
        }],
    }
}

/// The demo console with teama-builder's show-once popup open.
async fn shown(deliver: Option<&str>) -> App {
    let settings = Settings {
        deliver: deliver.map(str::to_string),
        ..Settings::default()
    };
    let mut app = demo_app(settings).await;
    open_registry(&mut app, "contosoprod");
    let registry = app.current().unwrap();
    app.update(Msg::Done(
        OpId(999),
        Outcome::Generated {
            registry,
            login_server: "contosoprod.azurecr.io".into(),
            creds: creds(),
        },
    ));
    app
}

fn words(app: &App) -> String {
    screen_words(app, 100, 32)
}

fn delivered(app: &mut App, result: Result<String, String>) {
    let msg = done(
        app,
        Outcome::Delivered {
            login_server: "contosoprod.azurecr.io".into(),
            user: "teama-builder".into(),
            sink: "kv://kv-ci/contosoprod-teama-builder".into(),
            result,
        },
    );
    app.update(msg);
}

#[tokio::test]
async fn k_writes_the_password_to_the_configured_vault_secret() {
    let mut app = shown(Some("kv://kv-ci/{registry}-{token}")).await;
    key(&mut app, "K");
    insta::assert_snapshot!("deliver_form", screen(&app, 100, 32));
    key(&mut app, "tab");
    key(&mut app, "enter");
    match kinds(&mut app).as_slice() {
        [CommandKind::Deliver { delivery, password }] => {
            let acrtui::tui::effect_deliver::Delivery {
                login_server,
                registry,
                user,
                slot,
                sink,
                format,
                ..
            } = delivery;
            assert_eq!(login_server, "contosoprod.azurecr.io");
            assert_eq!(registry, "contosoprod");
            assert_eq!(user, "teama-builder");
            assert_eq!(*slot, Slot::Password2);
            assert_eq!(
                *sink,
                Sink::KeyVault {
                    vault: "kv-ci".into(),
                    secret: "contosoprod-teama-builder".into()
                }
            );
            assert_eq!(*format, SecretFormat::Dockerconfigjson, "tab switched it");
            assert_eq!(password.expose_secret(), SECRET);
        }
        other => panic!("{other:?}"),
    }
    assert!(screen(&app, 100, 32).contains("writing to kv://kv-ci/contosoprod-teama-builder…"));
    // One write at a time.
    key(&mut app, "K");
    assert!(kinds(&mut app).is_empty());
    delivered(
        &mut app,
        Ok("https://kv-ci.vault.azure.net/secrets/contosoprod-teama-builder/v1".into()),
    );
    let text = screen(&app, 100, 32);
    assert!(
        text.contains("✓ written to kv://kv-ci/contosoprod-teama-builder"),
        "{text}"
    );
}

#[tokio::test]
async fn a_failed_write_keeps_the_password_and_says_why() {
    let mut app = shown(Some("kv://kv-ci/{registry}-{token}")).await;
    key(&mut app, "K");
    key(&mut app, "enter");
    assert_eq!(kinds(&mut app).len(), 1);
    delivered(
        &mut app,
        Err("Key Vault refused writing …: 403 ForbiddenByRbac; the identity needs the Key Vault Secrets Officer role".into()),
    );
    insta::assert_snapshot!("deliver_failed", screen(&app, 100, 32));
    assert!(app.popup().is_some(), "the popup stays open");
    // The password can still be copied…
    key(&mut app, "c");
    match kinds(&mut app).as_slice() {
        [CommandKind::Copy { text, .. }] => assert_eq!(text.expose_secret(), SECRET),
        other => panic!("{other:?}"),
    }
    // …or sent again, to the sink that failed, to correct.
    key(&mut app, "K");
    let text = screen(&app, 100, 32);
    assert!(
        text.contains("Write to: kv://kv-ci/contosoprod-teama-builder"),
        "{text}"
    );
}

#[tokio::test]
async fn only_key_vault_sinks_are_taken_and_a_bad_one_is_said() {
    let mut app = shown(None).await;
    key(&mut app, "K");
    assert!(screen(&app, 100, 32).contains("Write to: kv://"));
    type_text(&mut app, "kv-ci");
    key(&mut app, "enter");
    assert!(kinds(&mut app).is_empty());
    assert!(
        words(&app).contains("name the secret too"),
        "{}",
        words(&app)
    );
    key(&mut app, "K");
    for _ in 0..20 {
        key(&mut app, "backspace");
    }
    type_text(&mut app, "exec:cat");
    key(&mut app, "enter");
    assert!(kinds(&mut app).is_empty());
    let text = words(&app);
    assert!(text.contains("Key Vault only"), "{text}");
    // Esc leaves the field, not the popup.
    key(&mut app, "K");
    key(&mut app, "esc");
    assert!(app.popup().is_some());
}

#[tokio::test]
async fn the_effect_writes_a_new_version_over_http() {
    let store = acrtui::emulator::seed::from_json(
        r#"{"subscriptions": [], "keyVaults": [{"name": "kv-ci"}]}"#,
        chrono::Utc::now(),
    )
    .unwrap();
    let emu = common::with_store(acrtui::emulator::EmulatorConfig::default(), store).await;
    let (effects, mut rx) = effects_for(&emu);
    for (vault, ok) in [("kv-ci", true), ("kv-none", false)] {
        effects.spawn(Command {
            id: OpId(7),
            kind: CommandKind::Deliver {
                delivery: acrtui::tui::effect_deliver::Delivery {
                    login_server: "contosoprod.azurecr.io".into(),
                    registry: "contosoprod".into(),
                    user: "teama-builder".into(),
                    slot: Slot::Password2,
                    expiry: None,
                    sink: Sink::KeyVault {
                        vault: vault.into(),
                        secret: "contosoprod-teama-builder".into(),
                    },
                    format: SecretFormat::Password,
                },
                password: SecretString::from(SECRET.to_string()),
            },
        });
        let msg = tokio::time::timeout(std::time::Duration::from_secs(20), rx.recv())
            .await
            .unwrap()
            .unwrap();
        match msg {
            Msg::Done(OpId(7), Outcome::Delivered { result, sink, .. }) => {
                assert_eq!(sink, format!("kv://{vault}/contosoprod-teama-builder"));
                assert_eq!(result.is_ok(), ok, "{result:?}");
                if let Err(why) = result {
                    assert!(why.contains("404"), "{why}");
                    assert!(!why.contains(SECRET));
                }
            }
            other => panic!("{other:?}"),
        }
    }
    let stored = vault_secret(&emu, "kv-ci", "contosoprod-teama-builder").await;
    assert_eq!(stored["value"], SECRET);
    assert_eq!(stored["tags"]["token"], "teama-builder");
}
