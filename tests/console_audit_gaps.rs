//! The console's audit never looks complete when it is not: an emulator that
//! corrupts some registries' answers, a banner with the counts, the reasons
//! one key away, unreadable tokens named and left out of the ranking, and
//! hostile names neutralised on screen.

mod common;

use acrtui::demo::fixture::{fixed_now, loaded_app_with_faults};
use acrtui::emulator::faults::{Damage, Fault, FaultRule};
use acrtui::emulator::seed;
use acrtui::tui::app::{App, Settings};
use acrtui::tui::popups::Popup;
use common::console::*;

fn damage(kind: Damage, registry: &str) -> FaultRule {
    FaultRule {
        method: Some("GET".into()),
        path_contains: format!("/registries/{registry}/tokens"),
        effect: Fault::Damage(kind),
        times: None,
    }
}

async fn damaged_demo() -> App {
    let faults = [
        damage(Damage::NoValue, "contosodev"),
        damage(Damage::NoProperties, "contosoprod"),
        damage(Damage::HostileName, "contosostaging"),
    ];
    loaded_app_with_faults(seed::demo(fixed_now()), Settings::default(), &faults)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_audit_says_what_it_could_not_read() {
    let mut app = damaged_demo().await;
    key(&mut app, "4");
    assert_eq!(
        app.audit_gap_summary().as_deref(),
        Some("1 of 6 registries could not be read · 1 token(s) could not be read")
    );
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("⚠ incomplete: 1 of 6 registries could not be read"),
        "{text}"
    );
    let ranked: Vec<String> = app.audit_rows().iter().map(|r| r.token.clone()).collect();
    assert!(
        !ranked.contains(&"old-jenkins".to_string()),
        "an unreadable token is not ranked: {ranked:?}"
    );
    key(&mut app, "i");
    let Some(Popup::Gaps(popup)) = app.popup() else {
        panic!("no gaps popup: {:?}", app.popup())
    };
    let whats: Vec<String> = popup
        .gaps
        .iter()
        .map(|g| format!("{} {}", g.part, g.name))
        .collect();
    assert_eq!(
        whats,
        [
            "registry rg-dev/contosodev",
            "token rg-platform/contosoprod/old-jenkins"
        ]
    );
    assert!(
        popup.gaps[0].error.contains("the list is incomplete"),
        "{:?}",
        popup.gaps[0]
    );
    assert!(
        popup.gaps[1].error.contains("it has no properties"),
        "{:?}",
        popup.gaps[1]
    );
    insta::assert_snapshot!("audit_gaps_120x40", screen(&app, 120, 40));
    key(&mut app, "esc");
    assert!(app.popup().is_none());
    insta::assert_snapshot!("audit_incomplete_120x40", screen(&app, 120, 40));
    // An export says the same: the file carries complete=false and the failures.
    key(&mut app, "w");
    for _ in 0..20 {
        key(&mut app, "backspace");
    }
    type_text(&mut app, "/tmp/acrtui-gaps.json");
    key(&mut app, "enter");
    let commands = app.take_commands();
    let [
        acrtui::tui::command::Command {
            kind: acrtui::tui::command::CommandKind::Export { content, .. },
            ..
        },
    ] = commands.as_slice()
    else {
        panic!("{commands:?}")
    };
    let report: serde_json::Value = serde_json::from_str(content).unwrap();
    assert_eq!(report["complete"], false);
    assert_eq!(report["failures"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_complete_audit_has_no_banner() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "4");
    assert_eq!(app.audit_gap_summary(), None);
    assert!(!screen(&app, 120, 40).contains("incomplete"));
}

#[tokio::test]
async fn hostile_names_never_reach_the_terminal_raw() {
    let mut app = damaged_demo().await;
    open_registry(&mut app, "contosostaging");
    key(&mut app, "3");
    let text = screen(&app, 240, 40);
    for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!text.contains(raw), "{raw:?} reached the screen: {text}");
    }
    assert!(text.contains("=HYPERLINK(\"http://127.0.0.1:9"), "{text}");
    // The previewer's reverse lookup names the same token: escaped too.
    key(&mut app, "2");
    assert!(select_scope_map(&mut app, "_repositories_pull"));
    key(&mut app, "v");
    type_text(&mut app, "apps/web");
    let text = screen(&app, 240, 40);
    assert!(text.contains("Tokens reaching apps/web: 1"), "{text}");
    for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!text.contains(raw), "{raw:?} reached the previewer: {text}");
    }
    // Shown escaped, as in the panes, not silently half-dropped.
    assert!(text.contains("\\u{1b}]52;c;"), "{text}");
    key(&mut app, "esc");
    // The unreadable token is listed, marked, not hidden.
    open_registry(&mut app, "contosoprod");
    key(&mut app, "3");
    let text = screen(&app, 120, 40);
    // The list's first item in creation order is the one the fault spoils.
    assert!(
        text.lines()
            .any(|l| l.contains("old-jenkins ") && l.contains(" invalid ")),
        "{text}"
    );
}
