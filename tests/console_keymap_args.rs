//! The keymap's `run` takes arguments (`expiry 30d`), and the `:` commands
//! come from the same table (`[[command]]`), overrides included.

mod common;

use acrtui::tui::action::{Action, ExpiryPick};
use acrtui::tui::app::Settings;
use acrtui::tui::command::CommandKind;
use acrtui::tui::keymap::{Context, Keymap, parse_key};
use acrtui::tui::popups::Popup;
use acrtui::tui::popups::generate::Stage;
use acrtui::tui::state::View;
use chrono::Duration;
use common::console::*;

/// Opens the expiry choice for fabrikam-pull (its only password expired, so
/// `b` goes straight to the expiry).
async fn at_expiry_choice(keymap: Option<Keymap>) -> acrtui::tui::app::App {
    let mut app = demo_app(Settings::default()).await;
    if let Some(k) = keymap {
        app.keymap = k;
    }
    open_registry(&mut app, "contosoprod");
    assert_eq!(app.selected_token().unwrap().name, "fabrikam-pull");
    key(&mut app, "p");
    answer_read(&mut app);
    key(&mut app, "b");
    let Some(Popup::Generate(g)) = app.popup() else {
        panic!("the generate popup")
    };
    assert_eq!(g.stage, Stage::Expiry);
    app
}

#[tokio::test]
async fn a_number_key_picks_its_expiry_at_once_and_is_shown_beside_it() {
    let mut app = at_expiry_choice(None).await;
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("3 90 days"), "{shown}");
    assert!(shown.contains("n never"), "{shown}");
    key(&mut app, "3");
    match kinds(&mut app).as_slice() {
        [CommandKind::GeneratePassword { expiry, .. }] => {
            assert_eq!(*expiry, Some(app.now + Duration::days(90)));
        }
        other => panic!("3 sends the 90-day password: {other:?}"),
    }
}

#[tokio::test]
async fn never_and_date_keys_still_ask_first() {
    let mut app = at_expiry_choice(None).await;
    key(&mut app, "n");
    assert!(kinds(&mut app).is_empty(), "never is confirmed first");
    let Some(Popup::Generate(g)) = app.popup() else {
        panic!()
    };
    assert_eq!(g.stage, Stage::ConfirmNever);
    let mut app = at_expiry_choice(None).await;
    key(&mut app, "d");
    let Some(Popup::Generate(g)) = app.popup() else {
        panic!()
    };
    assert_eq!(g.stage, Stage::Date, "d asks for the date");
}

#[tokio::test]
async fn an_override_can_bind_an_expiry_the_list_does_not_have() {
    let text = "[[key]]\non = \"x\"\nrun = \"expiry 45d\"\ncontext = \"choice\"\n";
    let (keymap, problems) = Keymap::load(Some(text));
    assert!(problems.is_empty(), "{problems:?}");
    let mut app = at_expiry_choice(Some(keymap)).await;
    key(&mut app, "x");
    match kinds(&mut app).as_slice() {
        [CommandKind::GeneratePassword { expiry, .. }] => {
            assert_eq!(*expiry, Some(app.now + Duration::days(45)));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_arguments_are_reported_alone_and_the_rest_applies() {
    let text = r#"
[[key]]
on = "x"
run = "expiry 30"
context = "choice"

[[key]]
on = "y"
run = "quit now"
context = "global"

[[key]]
on = "z"
run = "go_to_registry"
context = "global"

[[key]]
on = "w"
run = "expiry 14d"
context = "choice"
"#;
    let (keymap, problems) = Keymap::load(Some(text));
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].contains("entry 1") && problems[0].contains("\"30\""));
    assert!(
        problems[1].contains("quit takes no argument"),
        "{problems:?}"
    );
    assert!(problems[2].contains("[[command]]"), "{problems:?}");
    let w = parse_key("w").unwrap();
    assert_eq!(
        keymap.popup_action(&w, Context::Choice),
        Some(Action::Expiry(ExpiryPick::Days(14)))
    );
}

#[test]
fn the_default_commands_come_from_the_keymap_file() {
    let (keymap, problems) = Keymap::load(None);
    assert!(problems.is_empty(), "{problems:?}");
    let usages: Vec<String> = keymap.commands.iter().map(|c| c.usage()).collect();
    for u in [
        "registries|reg",
        "scopemaps|sm",
        "tokens|tk",
        "audit",
        "repositories|repos",
        "identities|roles",
        "registry NAME",
        "sub NAME",
        "quit|q",
    ] {
        assert!(usages.contains(&u.to_string()), "{u} missing: {usages:?}");
    }
}

const COMMANDS: &str = r#"
[[command]]
name = "rot"
aliases = ["rotate"]
run = "rotate"

[[command]]
name = "tokens"
run = "show_audit"
desc = "tokens now means the audit"

[[command]]
name = "yes"
run = "yes"

[[command]]
name = "two words"
run = "help"
"#;

#[tokio::test]
async fn command_overrides_add_and_replace_and_bad_ones_are_reported() {
    let (keymap, problems) = Keymap::load(Some(COMMANDS));
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("only inside a popup"), "{problems:?}");
    assert!(problems[1].contains("\"two words\""), "{problems:?}");
    let tk = keymap.commands.iter().find(|c| c.is_named("tk"));
    assert!(tk.is_none(), "the replaced command's aliases go with it");
    let rot = keymap.commands.iter().find(|c| c.is_named("rot")).unwrap();
    assert_eq!(
        rot.desc, "rotate password",
        "the key's description is taken"
    );

    let mut app = demo_app(Settings::default()).await;
    app.keymap = keymap;
    key(&mut app, ":");
    type_text(&mut app, "tokens");
    key(&mut app, "enter");
    assert_eq!(app.view, View::Audit);
    open_registry(&mut app, "contosoprod");
    key(&mut app, ":");
    type_text(&mut app, "rot");
    key(&mut app, "enter");
    assert!(
        matches!(app.popup(), Some(Popup::Generate(g)) if g.rotation),
        "the command runs the action as its key does: {:?}",
        app.flash
    );
    let shown = {
        key(&mut app, "esc");
        key(&mut app, "?");
        screen(&app, 120, 120)
    };
    assert!(shown.contains(":rot|rotate"), "{shown}");
}

#[tokio::test]
async fn a_changing_command_is_refused_and_unlisted_in_read_only() {
    let (keymap, _) = Keymap::load(Some(COMMANDS));
    let settings = Settings {
        read_only: true,
        ..Settings::default()
    };
    let mut app = demo_app(settings).await;
    app.keymap = keymap;
    open_registry(&mut app, "contosoprod");
    key(&mut app, ":");
    type_text(&mut app, "rot");
    key(&mut app, "enter");
    assert!(app.popup().is_none());
    let flash = app
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default();
    assert!(flash.contains("read-only"), "{flash}");
    key(&mut app, "?");
    let shown = screen(&app, 120, 120);
    assert!(!shown.contains(":rot"), "{shown}");
}

#[tokio::test]
async fn a_stray_argument_is_an_error_not_ignored() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, ":");
    type_text(&mut app, "audit now");
    key(&mut app, "enter");
    assert_ne!(app.view, View::Audit);
    let flash = app
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default();
    assert!(flash.contains(":audit takes no argument"), "{flash}");
}
