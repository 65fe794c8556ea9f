//! Tab in the `:` line completes command names, then the registry or
//! subscription name a command takes.

mod common;

use acrtui::tui::app::Settings;
use acrtui::tui::state::View;
use common::console::*;

fn line(app: &acrtui::tui::app::App) -> String {
    app.input
        .as_ref()
        .map(|i| i.text.value().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn tab_completes_a_unique_command_and_adds_the_space_its_argument_needs() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, ":");
    type_text(&mut app, "su");
    key(&mut app, "tab");
    assert_eq!(line(&app), "sub ");
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, ":");
    type_text(&mut app, "aud");
    key(&mut app, "tab");
    assert_eq!(line(&app), "audit", "no argument: no space");
    key(&mut app, "enter");
    assert_eq!(app.view, View::Audit);
}

#[tokio::test]
async fn several_candidates_complete_their_common_prefix_and_are_listed() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, ":");
    type_text(&mut app, "reg");
    key(&mut app, "tab");
    assert_eq!(line(&app), "reg", "reg is itself a name: the prefix stays");
    let flash = app
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default();
    for name in ["reg", "registries", "registry"] {
        assert!(flash.contains(name), "{name} not listed: {flash:?}");
    }
    key(&mut app, "backspace");
    key(&mut app, "tab");
    assert_eq!(
        line(&app),
        "re",
        "re: the registry commands and repositories share only re"
    );
    type_text(&mut app, "gis");
    key(&mut app, "tab");
    assert_eq!(line(&app), "registr");
}

#[tokio::test]
async fn the_argument_completes_from_the_loaded_registries_and_opens_it() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, ":");
    type_text(&mut app, "registry contosoprod");
    key(&mut app, "tab");
    assert_eq!(
        line(&app),
        "registry contosoprod",
        "contosoprod and contosoprodus"
    );
    type_text(&mut app, "u");
    key(&mut app, "tab");
    assert_eq!(line(&app), "registry contosoprodus");
    key(&mut app, "enter");
    assert!(
        app.flash.as_ref().is_none_or(|f| !f.error),
        "{:?}",
        app.flash
    );
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, ":");
    type_text(&mut app, "sub contoso p");
    key(&mut app, "tab");
    assert_eq!(line(&app), "sub Contoso Production", "case-insensitive");
}

#[tokio::test]
async fn nothing_matches_leaves_the_line_alone() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, ":");
    type_text(&mut app, "registry zzz");
    key(&mut app, "tab");
    assert_eq!(line(&app), "registry zzz");
}
