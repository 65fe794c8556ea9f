//! Creating in the console never replaces and never defaults silently: a new
//! scope map or token may not take an existing name, and a new token's scope
//! map is an explicit choice, with `_repositories_admin` flagged.

mod common;

use acrtui::tui::app::Settings;
use acrtui::tui::popups::Popup;
use common::console::*;

#[tokio::test]
async fn a_new_scope_map_may_not_take_an_existing_name() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "2");
    key(&mut app, "n");
    let _ = kinds(&mut app); // the editor reads the registry's repositories as it opens
    type_text(&mut app, "ci-push");
    key(&mut app, "enter");
    key(&mut app, "a");
    type_text(&mut app, "apps/web");
    key(&mut app, "enter");
    let text = screen(&app, 120, 40);
    assert!(text.contains("ci-push exists: edit it with e"), "{text}");
    key(&mut app, "s");
    key(&mut app, "enter");
    assert!(kinds(&mut app).is_empty(), "it would replace ci-push");
    assert!(matches!(app.popup(), Some(Popup::ScopeEditor(_))));
}

#[tokio::test]
async fn a_new_token_needs_an_explicit_scope_map_and_admin_is_flagged() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "3");
    key(&mut app, "n");
    type_text(&mut app, "fresh-token");
    key(&mut app, "up");
    key(&mut app, "enter");
    assert!(
        kinds(&mut app).is_empty(),
        "Up then Enter picked a map by itself"
    );
    let text = screen(&app, 120, 40);
    assert!(text.contains("choose a scope map"), "{text}");
    key(&mut app, "down");
    let Some(Popup::TokenForm(form)) = app.popup() else {
        panic!("{:?}", app.popup())
    };
    assert_eq!(
        form.chosen(),
        Some("_repositories_admin"),
        "the list is sorted by name"
    );
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("every repository"),
        "admin is flagged: {text}"
    );
    key(&mut app, "down");
    key(&mut app, "enter");
    let sent = kinds(&mut app);
    assert!(
        matches!(sent.as_slice(), [acrtui::tui::command::CommandKind::CreateToken { scope_map, .. }] if scope_map == "_repositories_pull"),
        "{sent:?}"
    );
}
