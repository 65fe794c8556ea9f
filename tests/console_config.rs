//! Config problems at start: each bad `[[key]]` entry is reported on its own
//! and in full (not squashed into a status line), the valid entries still
//! apply, `desc` is optional, and `[[keymap]]` gets a hint to `[[key]]`.

mod common;

use acrtui::tui::app::Settings;
use acrtui::tui::command::CommandKind;
use acrtui::tui::config::{Config, apply};
use acrtui::tui::keymap::Keymap;
use acrtui::tui::popups::Popup;
use common::console::*;

const CONFIG: &str = r#"
warn_days = 21

[[keymap]]
on = "x"
run = "quit"

[[key]]
on = "Q"
run = "quit"
context = "global"

[[key]]
on = "z"
run = "frobnicate"
context = "global"
"#;

#[tokio::test]
async fn every_problem_is_listed_in_full_and_the_rest_applies() {
    let mut config = Config::default();
    let mut problems = Vec::new();
    apply(CONFIG, &mut config, &mut problems);
    let (keymap, keymap_problems) = Keymap::load(Some(CONFIG));
    problems.extend(keymap_problems);
    assert_eq!(config.thresholds.warning_days, 21);
    assert_eq!(problems.len(), 2, "{problems:?}");

    let mut app = demo_app(Settings::default()).await;
    app.keymap = keymap;
    app.show_problems(problems);
    let shown = screen(&app, 120, 30);
    assert!(shown.contains("Config problems"), "{shown}");
    assert!(
        shown.contains("key bindings go in [[key]] entries"),
        "{shown}"
    );
    assert!(shown.contains("frobnicate"), "{shown}");
    assert!(
        shown.contains("keymap.toml) in { context") && shown.contains("skipped"),
        "the whole message, wrapped, says where the actions are listed: {shown}"
    );
    insta::assert_snapshot!(shown);

    key(&mut app, "esc");
    key(&mut app, "q");
    assert!(!app.quit, "q was rebound to Q by the valid entry");
    key(&mut app, "Q");
    assert!(app.quit);
}

/// Popup keys come from the same keymap as pane keys: rebinding `yes` in the
/// confirm context moves it, and the popup's hint names the new key. (Popups
/// used to hard-code their keys, so an override reached only the panes.)
#[tokio::test]
async fn a_rebound_popup_key_works_and_is_hinted() {
    let rebound = r#"
[[key]]
on = "x"
run = "yes"
context = "confirm"
"#;
    let (keymap, problems) = Keymap::load(Some(rebound));
    assert!(problems.is_empty(), "{problems:?}");
    let mut app = demo_app(Settings::default()).await;
    app.keymap = keymap;
    key(&mut app, "a");
    assert!(
        matches!(app.popup(), Some(Popup::Confirm(_))),
        "a asks before switching the admin user"
    );
    let shown = screen(&app, 120, 30);
    assert!(shown.contains("x yes"), "{shown}");
    assert!(!shown.contains("y yes"), "{shown}");
    key(&mut app, "y");
    assert!(kinds(&mut app).is_empty(), "y no longer confirms");
    assert!(app.popup().is_some());
    key(&mut app, "x");
    assert!(
        matches!(
            kinds(&mut app).as_slice(),
            [CommandKind::SetAdminUser { .. }]
        ),
        "x confirms"
    );
    assert!(app.popup().is_none());
}
