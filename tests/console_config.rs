//! Config problems at start: each bad `[[key]]` entry is reported on its own
//! and in full (not squashed into a status line), the valid entries still
//! apply, `desc` is optional, and `[[keymap]]` gets a hint to `[[key]]`.

mod common;

use acrtui::tui::app::Settings;
use acrtui::tui::config::{Config, apply};
use acrtui::tui::keymap::Keymap;
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
        shown.contains("show_gaps"),
        "the whole message, wrapped: {shown}"
    );
    insta::assert_snapshot!(shown);

    key(&mut app, "esc");
    key(&mut app, "q");
    assert!(!app.quit, "q was rebound to Q by the valid entry");
    key(&mut app, "Q");
    assert!(app.quit);
}
