//! Navigation: Esc goes back where a jump came from (a back stack), and
//! keys mean the same in every pane (`e` edits, `t` toggles a status).

mod common;

use acrtui::tui::app::Settings;
use acrtui::tui::command::CommandKind;
use acrtui::tui::popups::Popup;
use acrtui::tui::state::View;
use common::console::*;

#[tokio::test]
async fn esc_after_go_to_token_returns_to_the_audit_where_it_was() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "4");
    key(&mut app, "j");
    key(&mut app, "j");
    let row = app.panes.audit.list.selected;
    key(&mut app, "enter");
    assert_eq!(app.view, View::Tokens);
    key(&mut app, "esc");
    assert_eq!(
        app.view,
        View::Audit,
        "back to the audit, not the registries"
    );
    assert_eq!(app.panes.audit.list.selected, row, "on the same row");
    key(&mut app, "esc");
    assert_eq!(app.view, View::Registries, "nothing more to go back to");
}

#[tokio::test]
async fn open_from_the_registries_comes_back_to_them() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "enter");
    assert_eq!(app.view, View::Tokens);
    key(&mut app, "esc");
    assert_eq!(app.view, View::Registries);
}

#[tokio::test]
async fn e_edits_in_every_pane_and_t_toggles_the_token_status() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    select_token(&mut app, "github-actions");
    key(&mut app, "e");
    assert!(
        matches!(app.popup(), Some(Popup::TokenForm(_))),
        "e edits the token (its scope map): {:?}",
        app.popup()
    );
    key(&mut app, "esc");
    assert!(kinds(&mut app).is_empty(), "e sent nothing by itself");
    key(&mut app, "t");
    let sent = kinds(&mut app);
    assert!(
        matches!(sent.as_slice(), [CommandKind::UpdateToken { update, .. }] if update.enabled == Some(false)),
        "{sent:?}"
    );
    key(&mut app, "2");
    assert!(select_scope_map(&mut app, "ci-push"));
    key(&mut app, "e");
    assert!(
        matches!(app.popup(), Some(Popup::ScopeEditor(_))),
        "e edits the scope map"
    );
}

#[tokio::test]
async fn a_command_that_works_clears_an_old_error_and_up_recalls_it() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, ":");
    type_text(&mut app, "nonsense");
    key(&mut app, "enter");
    assert!(app.flash.as_ref().is_some_and(|f| f.error));
    key(&mut app, ":");
    type_text(&mut app, "audit");
    key(&mut app, "enter");
    assert_eq!(app.view, View::Audit);
    assert!(app.flash.is_none(), "the old error stays: {:?}", app.flash);
    key(&mut app, ":");
    key(&mut app, "up");
    assert_eq!(app.input.as_ref().unwrap().text.value(), "audit");
    key(&mut app, "up");
    assert_eq!(app.input.as_ref().unwrap().text.value(), "nonsense");
    key(&mut app, "down");
    key(&mut app, "down");
    assert_eq!(
        app.input.as_ref().unwrap().text.value(),
        "",
        "past the newest: empty"
    );
}

#[tokio::test]
async fn the_help_lists_every_command_whole() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "?");
    let shown = screen(&app, 120, 80);
    for line in [":registry NAME", ":sub NAME", ":scopemaps|sm", ":quit|q"] {
        assert!(shown.contains(line), "{line} missing:\n{shown}");
    }
}
