//! Odds and ends an operator hit: each with the test that failed before.

mod common;

use acrtui::arm::inventory::Event;
use acrtui::tui::app::{App, Settings};
use acrtui::tui::keymap::Keymap;
use acrtui::tui::msg::Msg;
use common::console::*;

/// A fresh console fed the demo's registries, one subscription at a time
/// (reversed: last first), and, when `names_first`, the subscription list
/// before them (else after: Resource Graph's rows come first).
fn fed(demo: &App, reversed: bool, names_first: bool) -> App {
    let (keymap, _) = Keymap::load(None);
    let mut app = App::new(keymap, Settings::default(), "t".into(), fixed_now());
    let names = || Msg::Inventory(Event::Subscriptions(demo.store().subscriptions().to_vec()));
    if names_first {
        app.update(names());
    }
    let mut subscriptions: Vec<String> = demo
        .store()
        .registries()
        .iter()
        .map(|e| e.info.registry.subscription.clone())
        .collect();
    subscriptions.dedup();
    if reversed {
        subscriptions.reverse();
    }
    for s in subscriptions {
        let registries = demo
            .store()
            .registries()
            .iter()
            .filter(|e| e.info.registry.subscription == s)
            .map(|e| e.info.clone())
            .collect();
        app.update(Msg::Inventory(Event::Registries {
            subscription: s,
            registries,
            filtered_out: Vec::new(),
        }));
    }
    if !names_first {
        app.update(names());
    }
    app
}

fn fed_in_order(demo: &App, reversed: bool) -> App {
    fed(demo, reversed, true)
}

#[tokio::test]
async fn the_start_cursor_is_the_first_row_whatever_answers_first() {
    let demo = demo_app(Settings::default()).await;
    let first = demo.store().registries()[0].info.registry.name.clone();
    for reversed in [false, true] {
        let app = fed_in_order(&demo, reversed);
        let selected = app.current().map(|r| r.name);
        assert_eq!(
            selected.as_deref(),
            Some(first.as_str()),
            "reversed: {reversed}"
        );
    }
}

/// Resource Graph's rows can come before the subscription list (the
/// console shows them at once): they sort under subscription ids until the
/// names come, and must sort, and start, as always once they do.
#[tokio::test]
async fn rows_before_the_subscription_list_sort_by_name_once_it_comes() {
    let demo = demo_app(Settings::default()).await;
    let expected: Vec<String> = demo
        .store()
        .registries()
        .iter()
        .map(|e| e.info.registry.name.clone())
        .collect();
    let app = fed(&demo, false, false);
    let order: Vec<String> = app
        .store()
        .registries()
        .iter()
        .map(|e| e.info.registry.name.clone())
        .collect();
    assert_eq!(order, expected);
    assert_eq!(app.current().map(|r| r.name), expected.first().cloned());
}

#[tokio::test]
async fn a_registry_the_user_chose_stays_chosen_while_others_arrive() {
    let demo = demo_app(Settings::default()).await;
    let mut app = fed_in_order(&demo, false);
    key(&mut app, "j");
    let chosen = app.current();
    let more = demo.store().registries()[0].info.clone();
    let mut renamed = more.clone();
    renamed.registry.name = "aaa-first-by-name".into();
    app.update(Msg::Inventory(Event::Registries {
        subscription: renamed.registry.subscription.clone(),
        registries: vec![renamed],
        filtered_out: Vec::new(),
    }));
    assert_eq!(app.current(), chosen);
}

#[tokio::test]
async fn an_active_filter_shows_in_the_scope_map_title_with_the_total() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "2");
    key(&mut app, "/");
    type_text(&mut app, "zzz");
    key(&mut app, "enter");
    let shown = screen(&app, 120, 30);
    let title = shown.lines().find(|l| l.contains("Scope maps")).unwrap();
    assert!(title.contains("/zzz (0 of "), "{title}");
}

#[tokio::test]
async fn the_admin_user_warning_is_shown_whole() {
    let mut app = demo_app(Settings::default()).await;
    let admin = app
        .store()
        .registries()
        .iter()
        .find(|e| e.info.admin_user_enabled)
        .map(|e| e.info.registry.name.clone())
        .expect("the demo has a registry with the admin user on");
    open_registry(&mut app, &admin);
    key(&mut app, "1");
    let shown = screen(&app, 120, 30);
    let joined: String = shown
        .lines()
        .map(|l| {
            l.trim_matches('"')
                .split('│')
                .next()
                .unwrap_or_default()
                .trim()
        })
        .collect::<Vec<_>>()
        .join(" ");
    assert!(joined.contains("prefer tokens"), "{shown}");
}

#[tokio::test]
async fn columns_are_sized_from_content_so_names_show_whole() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    let tokens = screen(&app, 120, 30);
    for whole in ["partner-readonly", "_repositories_pull ", "fabrikam-pull"] {
        assert!(tokens.contains(whole), "{whole} cut:\n{tokens}");
    }
    key(&mut app, "2");
    let maps = screen(&app, 120, 30);
    for whole in ["_repositories_pull_metadata_read", "_repositories_admin"] {
        assert!(maps.contains(whole), "{whole} cut:\n{maps}");
    }
}

#[tokio::test]
async fn the_registries_pane_shows_subscriptions_when_it_has_the_room() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "1");
    let wide = screen(&app, 160, 30);
    assert!(
        wide.contains("Subscription") && wide.contains("Contoso Production"),
        "{wide}"
    );
    key(&mut app, "3");
    let beside = screen(&app, 120, 30);
    let header = beside.lines().nth(2).unwrap();
    assert!(
        !header.contains("SKU"),
        "compact beside the focused tokens pane: {header}"
    );
}
