//! `s` sorts the tokens and audit lists by the next column and `S` reverses;
//! the header marks the column, and the selected row stays selected.

mod common;

use acrtui::tui::app::{App, Settings};
use common::console::*;

fn token_names(app: &App) -> Vec<String> {
    app.visible_tokens()
        .iter()
        .map(|t| t.name.clone())
        .collect()
}

#[tokio::test]
async fn s_cycles_the_tokens_order_and_shift_s_reverses_it() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    let by_name = token_names(&app);
    assert!(by_name.len() >= 3, "{by_name:?}");
    select_token(&mut app, "fabrikam-pull");

    key(&mut app, "s");
    let by_status: Vec<bool> = app.visible_tokens().iter().map(|t| t.enabled).collect();
    let mut expected = by_status.clone();
    expected.sort_by_key(|enabled| !enabled);
    assert_eq!(by_status, expected, "enabled first");
    assert_eq!(
        app.selected_token().unwrap().name,
        "fabrikam-pull",
        "the selection follows its row"
    );
    let shown = screen(&app, 120, 30);
    assert!(shown.contains("Status ▲"), "{shown}");

    key(&mut app, "s");
    key(&mut app, "s");
    let soonest: Vec<_> = app
        .visible_tokens()
        .iter()
        .map(|t| t.passwords.iter().filter_map(|p| p.expiry).min())
        .collect();
    let mut expected = soonest.clone();
    expected.sort_by_key(|e| (e.is_none(), *e));
    assert_eq!(soonest, expected, "soonest expiry first, none last");
    assert!(screen(&app, 120, 30).contains("Password1 ▲"));

    key(&mut app, "S");
    let reversed: Vec<_> = app
        .visible_tokens()
        .iter()
        .map(|t| t.passwords.iter().filter_map(|p| p.expiry).min())
        .collect();
    expected.reverse();
    assert_eq!(reversed, expected);
    assert!(screen(&app, 120, 30).contains("Password1 ▼"));
    assert_eq!(app.selected_token().unwrap().name, "fabrikam-pull");

    key(&mut app, "s");
    key(&mut app, "s");
    assert_eq!(token_names(&app), by_name, "back to name order");
}

#[tokio::test]
async fn the_audit_sorts_by_registry_then_token() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "4");
    let worst_first = app.audit_entries().to_vec();
    key(&mut app, "s");
    let names: Vec<(String, String)> = app
        .audit_entries()
        .iter()
        .filter_map(|e| app.audit_token(e))
        .map(|(r, t)| (r.info.registry.name.clone(), t.name.clone()))
        .collect();
    let mut expected = names.clone();
    expected.sort();
    assert_eq!(names, expected);
    assert!(screen(&app, 120, 30).contains("Registry ▲"));
    key(&mut app, "s");
    key(&mut app, "s");
    key(&mut app, "s");
    key(&mut app, "s");
    assert_eq!(app.audit_entries().to_vec(), worst_first, "a full cycle");
}
