//! The audit's bulk rotation (issue 17): `space` marks rows, `R` plans the
//! marked tokens as `rotate --expiring-within` would (untouched ones say
//! why), nothing is sent before Enter, and then each planned token is
//! rotated through the real client into the emulator's Key Vault: the
//! secret holds the new password, the old slot stays until it is retired,
//! and a password the vault refuses is shown once instead of lost.

mod common;

use acrtui::emulator::key_vault_store::Vault;
use acrtui::tui::app::{App, Settings};
use acrtui::tui::command::CommandKind;
use acrtui::tui::popups::Popup;
use acrtui::tui::popups::bulk_rotate::RowState;
use common::console::*;

const SINK: &str = "kv://kv-ci/{registry}-{token}";

async fn audit(deliver: Option<&str>) -> App {
    let settings = Settings {
        deliver: deliver.map(str::to_string),
        ..Settings::default()
    };
    let mut app = demo_app(settings).await;
    key(&mut app, "4");
    app
}

/// The demo tenant's emulator, with vault kv-ci (and kv-locked, whose
/// officers do not include the caller when `locked`).
async fn emulator(vault: &str, officers: Option<Vec<String>>) -> acrtui::emulator::Emulator {
    // The console's demo data is seeded at fixed_now(): the same tokens,
    // so a rotation's re-read finds them as the console chose them.
    let mut store = acrtui::emulator::seed::demo(fixed_now());
    store.vaults.insert(
        vault.into(),
        Vault {
            name: vault.into(),
            secret_officers: officers,
            ..Vault::default()
        },
    );
    common::with_store(acrtui::emulator::EmulatorConfig::fast(), store).await
}

/// Marks the rows whose token is one of `names`.
fn mark(app: &mut App, names: &[&str]) {
    key(app, "g");
    for _ in 0..40 {
        let entries = app.audit_entries();
        let selected = entries
            .get(app.panes.audit.list.selected)
            .and_then(|e| app.audit_token(e))
            .map(|(_, t)| t.name.clone());
        drop(entries);
        match selected {
            Some(name) if names.contains(&name.as_str()) => key(app, "space"),
            Some(_) => key(app, "j"),
            None => return,
        }
        if app.panes.audit.marked.len() == names.len() {
            return;
        }
    }
}

fn bulk(app: &App) -> &acrtui::tui::popups::bulk_rotate::BulkRotate {
    match app.popup() {
        Some(Popup::BulkRotate(b)) => b,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn space_marks_rows_and_r_plans_them_without_sending_anything() {
    let mut app = audit(Some(SINK)).await;
    mark(
        &mut app,
        &["teama-builder", "github-actions", "fabrikam-pull"],
    );
    assert_eq!(app.panes.audit.marked.len(), 3);
    let text = screen(&app, 140, 30);
    assert!(text.contains("3 marked, R rotates them"), "{text}");
    assert!(text.contains("● "), "{text}");
    key(&mut app, "R");
    assert!(kinds(&mut app).is_empty(), "nothing is sent before Enter");
    insta::assert_snapshot!("bulk_plan", screen(&app, 140, 30));
    let b = bulk(&app);
    assert_eq!(b.rows.len(), 3);
    // Esc closes without a change.
    key(&mut app, "esc");
    assert!(app.popup().is_none());
    assert!(kinds(&mut app).is_empty());
}

fn planned(app: &App) -> Vec<String> {
    bulk(app)
        .rows
        .iter()
        .filter(|r| matches!(r.state, RowState::Planned { .. }))
        .map(|r| r.token.name.clone())
        .collect()
}

#[tokio::test]
async fn enter_rotates_exactly_the_planned_tokens_into_the_vault() {
    let emu = emulator("kv-ci", None).await;
    let mut app = audit(Some(SINK)).await;
    mark(&mut app, &["teama-builder", "github-actions"]);
    key(&mut app, "R");
    let planned = planned(&app);
    assert!(!planned.is_empty());
    // ↓ picks a longer lifetime than the config's default (30 days).
    key(&mut app, "down");
    assert!(screen_words(&app, 140, 30).contains("expire in 90 days"));
    key(&mut app, "enter");
    let commands = app.take_commands();
    let sent: Vec<String> = commands
        .iter()
        .map(|c| match &c.kind {
            CommandKind::RotateToVault(job) => {
                assert_eq!(job.expiry, Some(fixed_now() + chrono::Duration::days(90)));
                job.token.name.clone()
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(sent, planned, "exactly the planned tokens");
    // Enter again sends nothing more.
    key(&mut app, "enter");
    assert!(app.take_commands().is_empty());
    settle_from(&mut app, &emu, commands).await;
    // Version ids are random.
    let version = regex::Regex::new("[0-9a-f]{32}").unwrap();
    let shown = version
        .replace_all(&screen(&app, 140, 30), "<version-id-of-32-hex-digits----->")
        .into_owned();
    insta::assert_snapshot!("bulk_done", shown);
    for token in &planned {
        let stored = vault_secret(&emu, "kv-ci", &format!("contosoprod-{token}")).await;
        let password = stored["value"]
            .as_str()
            .unwrap_or_else(|| panic!("{token}: {stored}"));
        let dp = common::registry::DataPlane::new(&emu, common::registry::PROD_LOGIN);
        let (status, _) = dp.basic_token(token, password, &[]).await;
        assert_eq!(status, 200, "{token}'s vault password logs in");
        // The rotation stays in progress: the old slot still works until R retires it.
        let (_, t) = app
            .store()
            .registries()
            .iter()
            .filter_map(|r| r.contents().map(|c| (r, c)))
            .flat_map(|(r, c)| c.tokens.iter().map(move |t| (r, t)))
            .find(|(r, t)| r.info.registry.name == "contosoprod" && &t.name == token)
            .unwrap();
        assert_eq!(t.passwords.len(), 2, "{token}: new and old both listed");
    }
    assert!(
        app.panes
            .audit
            .marked
            .iter()
            .all(|(_, t)| !planned.contains(t)),
        "done rows are unmarked"
    );
}

#[tokio::test]
async fn a_vault_that_refuses_gets_the_password_shown_once_instead() {
    // kv-locked lets nobody the emulator knows write; the console's token
    // names a principal (effects_for's "t" is not a JWT, so the lenient
    // emulator lets it through): use a vault that does not exist instead.
    let emu = emulator("kv-ci", None).await;
    let mut app = audit(Some("kv://kv-missing/{registry}-{token}")).await;
    mark(&mut app, &["teama-builder"]);
    key(&mut app, "R");
    assert_eq!(planned(&app), vec!["teama-builder".to_string()]);
    key(&mut app, "enter");
    let commands = app.take_commands();
    settle_from(&mut app, &emu, commands).await;
    match app.popup() {
        Some(Popup::Password(shown)) => {
            assert_eq!(shown.creds.username, "teama-builder");
            let text = screen(&app, 140, 40);
            assert!(
                text.contains("not written to kv://kv-missing/contosoprod-teama-builder"),
                "{text}"
            );
            assert!(text.contains("The password is still here"), "{text}");
        }
        other => panic!("the password is shown once: {other:?}"),
    }
    key(&mut app, "esc");
    let text = screen(&app, 140, 40);
    assert!(text.contains("rotated but not written"), "{text}");
}
