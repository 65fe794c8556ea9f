//! The tokens pane while a long token list arrives page by page (issue 16):
//! the first page shows at once with a running count, filter and scroll work
//! between pages, the selected token stays selected as rows land above it,
//! and actions on a token wait for the whole list.
//!
//! The events are the real inventory's, read over HTTP from an emulator with
//! a 1,050-token registry; they are fed to the console one at a time so each
//! step between pages can be looked at.

mod common;

use std::sync::Arc;

use acrtui::arm::AcrApi;
use acrtui::arm::inventory::{Discovery, Event, Scope, run};
use acrtui::emulator::EmulatorConfig;
use acrtui::tui::app::{App, Settings};
use acrtui::tui::keymap::Keymap;
use acrtui::tui::msg::Msg;
use common::console::*;
use tokio::sync::mpsc;

const TOKENS: usize = 1_050;

/// The inventory's events for one registry of 1,050 tokens in 100-token pages.
async fn events() -> Vec<Event> {
    let store = acrtui::emulator::seed::synthetic(1, 1, 3, TOKENS, fixed_now());
    let config = EmulatorConfig {
        page_size: Some(100),
        ..EmulatorConfig::fast()
    };
    let emu = common::with_store(config, store).await;
    let api: Arc<dyn AcrApi> = Arc::new(common::arm::client(&emu));
    let scope = Scope {
        discovery: Discovery::Arm,
        stream_tokens: true,
        ..Scope::default()
    };
    let (tx, mut rx) = mpsc::channel(8);
    tokio::spawn(run(api, scope, 4, tx));
    let mut events = Vec::new();
    while let Some(e) = rx.recv().await {
        events.push(e);
    }
    events
}

fn is_page(e: &Event) -> bool {
    matches!(e, Event::TokensPage { .. })
}

/// Everything up to (not including) the first page, then the pages, then the rest.
fn split(mut events: Vec<Event>) -> (Vec<Event>, Vec<Event>, Vec<Event>) {
    let first = events.iter().position(is_page).expect("pages");
    let rest = events.split_off(first);
    let (pages, after): (Vec<Event>, Vec<Event>) = rest.into_iter().partition(is_page);
    (events, pages, after)
}

fn app_with(before: Vec<Event>) -> App {
    let (keymap, _) = Keymap::load(None);
    let mut app = App::new(keymap, Settings::default(), "test".into(), fixed_now());
    let _ = app.take_commands();
    for e in before {
        app.update(Msg::Inventory(e));
    }
    open_registry(&mut app, "synth00reg000");
    app
}

fn title(app: &App) -> String {
    screen(app, 120, 30)
        .lines()
        .find(|l| l.contains("Tokens · synth00reg000"))
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn the_first_page_shows_with_a_running_count_and_the_whole_list_replaces_it() {
    let (before, pages, after) = split(events().await);
    assert_eq!(pages.len(), 11);
    let mut app = app_with(before);
    assert!(screen(&app, 120, 30).contains("Loading…"), "nothing yet");
    let mut pages = pages.into_iter();
    app.update(Msg::Inventory(pages.next().unwrap()));
    app.prepare();
    assert!(title(&app).contains("(100 / loading)"), "{}", title(&app));
    insta::assert_snapshot!(screen(&app, 120, 16));
    for page in pages {
        app.update(Msg::Inventory(page));
    }
    assert!(title(&app).contains("(1,050 / loading)"), "{}", title(&app));
    for e in after {
        app.update(Msg::Inventory(e));
    }
    app.prepare();
    assert!(title(&app).contains("(1050)"), "{}", title(&app));
    assert!(!screen(&app, 120, 30).contains("loading"));
}

#[tokio::test]
async fn filter_and_scroll_work_while_pages_arrive_and_the_selection_stays_put() {
    let (before, pages, after) = split(events().await);
    let mut app = app_with(before);
    // The service lists by creation time, not by name: here the pages come
    // last name first, so every new page lands above the selection.
    let mut pages = pages.into_iter().rev();
    app.update(Msg::Inventory(pages.next().unwrap()));
    for _ in 0..5 {
        key(&mut app, "j");
    }
    let chosen = app.visible_tokens()[5].name.clone();
    app.update(Msg::Inventory(pages.next().unwrap()));
    app.prepare();
    let names: Vec<String> = app
        .visible_tokens()
        .iter()
        .map(|t| t.name.clone())
        .collect();
    assert_eq!(
        names[app.panes.tokens.list.selected], chosen,
        "still selected"
    );
    assert_eq!(
        app.panes.tokens.list.selected, 105,
        "100 rows landed above it"
    );
    // A filter typed between pages applies to the pages that follow.
    key(&mut app, "/");
    type_text(&mut app, "token-09");
    key(&mut app, "enter");
    app.update(Msg::Inventory(pages.next().unwrap()));
    app.prepare();
    assert!(
        title(&app).contains("/token-09 (100 of 250 / loading)"),
        "{}",
        title(&app)
    );
    for page in pages {
        app.update(Msg::Inventory(page));
    }
    for e in after {
        app.update(Msg::Inventory(e));
    }
    app.prepare();
    assert!(title(&app).contains("(100 of 1050)"), "{}", title(&app));
}

#[tokio::test]
async fn a_token_action_waits_for_the_whole_list_and_says_why() {
    let (before, pages, after) = split(events().await);
    let mut app = app_with(before);
    let mut pages = pages.into_iter();
    app.update(Msg::Inventory(pages.next().unwrap()));
    let _ = app.take_commands();
    for action in ["t", "R", "n", "enter", "y"] {
        key(&mut app, action);
    }
    assert!(app.take_commands().is_empty(), "nothing sent");
    assert!(app.popup().is_none(), "no popup opened on a partial list");
    let shown = screen(&app, 120, 30);
    assert!(
        shown.contains("synth00reg000's tokens are still arriving (100 so far)"),
        "{shown}"
    );
    for e in pages.chain(after) {
        app.update(Msg::Inventory(e));
    }
    key(&mut app, "enter");
    assert!(
        app.popup().is_some(),
        "the details open once the list is whole"
    );
}
