//! Text fields and the scope-map editor: readline keys and a cursor in every
//! field, validation that follows each keystroke, `s` that says why it did
//! not save, and editor keys that do what their hint says.

mod common;

use acrtui::tui::app::Settings;
use acrtui::tui::popups::Popup;
use common::console::*;

async fn new_scope_map() -> acrtui::tui::app::App {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "2");
    key(&mut app, "n");
    let _ = kinds(&mut app); // the editor reads the registry's repositories as it opens
    type_text(&mut app, "team-a-pull");
    key(&mut app, "enter");
    app
}

fn editor(app: &acrtui::tui::app::App) -> &acrtui::tui::popups::scope_editor::ScopeEditor {
    match app.popup() {
        Some(Popup::ScopeEditor(e)) => e,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn diagnostics_follow_each_keystroke() {
    let mut app = new_scope_map().await;
    key(&mut app, "a");
    type_text(&mut app, "sample/teamA*");
    let text = screen(&app, 140, 45);
    assert!(
        text.contains("wildcard-not-component"),
        "no Enter yet: {text}"
    );
    assert!(!text.contains("repository name is empty"), "{text}");
    key(&mut app, "backspace");
    let text = screen(&app, 140, 45);
    assert!(
        !text.contains("wildcard-not-component"),
        "stale error: {text}"
    );
    assert!(text.contains("upper-case"), "{text}");
}

#[tokio::test]
async fn save_with_errors_says_why_and_points_at_the_first() {
    let mut app = new_scope_map().await;
    key(&mut app, "a");
    type_text(&mut app, "sample/teamA*");
    key(&mut app, "enter");
    key(&mut app, "s");
    assert!(kinds(&mut app).is_empty());
    let note = editor(&app).note.clone().unwrap_or_default();
    assert!(
        note.contains("wildcard-not-component") && note.contains("rule 1"),
        "{note}"
    );
    assert!(screen(&app, 140, 45).contains("cannot save"));
}

#[tokio::test]
async fn fields_have_readline_keys_and_a_cursor() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "3");
    key(&mut app, "n");
    type_text(&mut app, "abc");
    key(&mut app, "left");
    key(&mut app, "left");
    type_text(&mut app, "X");
    let Some(Popup::TokenForm(form)) = app.popup() else {
        panic!()
    };
    assert_eq!(form.name.value(), "aXbc");
    key(&mut app, "ctrl-u");
    let Some(Popup::TokenForm(form)) = app.popup() else {
        panic!()
    };
    assert_eq!(
        form.name.value(),
        "",
        "Ctrl-U clears the field, not types u"
    );
    type_text(&mut app, "edge-one");
    key(&mut app, "ctrl-w");
    let Some(Popup::TokenForm(form)) = app.popup() else {
        panic!()
    };
    assert_eq!(
        form.name.value(),
        "edge-",
        "Ctrl-W deletes a word, not types w"
    );
}

#[tokio::test]
async fn space_toggles_the_column_left_and_right_move_between_columns() {
    let mut app = new_scope_map().await;
    key(&mut app, "a");
    type_text(&mut app, "apps/web");
    key(&mut app, "enter");
    assert_eq!(
        editor(&app).rules[0].perms,
        [true, false, false, false, false]
    );
    key(&mut app, "right");
    key(&mut app, " ");
    assert!(
        editor(&app).typing.is_none(),
        "space opened the repository field"
    );
    assert_eq!(
        editor(&app).rules[0].perms,
        [true, true, false, false, false]
    );
    key(&mut app, "l");
    key(&mut app, "l");
    key(&mut app, " ");
    key(&mut app, "h");
    key(&mut app, "h");
    key(&mut app, "h");
    key(&mut app, "h");
    key(&mut app, " ");
    assert_eq!(
        editor(&app).rules[0].perms,
        [false, true, false, true, false]
    );
}

#[tokio::test]
async fn q_closes_the_editor_like_esc_but_types_in_a_field() {
    let mut app = new_scope_map().await;
    key(&mut app, "a");
    type_text(&mut app, "q-repo");
    assert_eq!(
        editor(&app).rules[0].repository,
        "q-repo",
        "q types in a field"
    );
    key(&mut app, "enter");
    key(&mut app, "q");
    assert!(
        screen(&app, 120, 40).contains("Unsaved changes: esc/q again discards them."),
        "unsaved edits are confirmed first"
    );
    key(&mut app, "q");
    assert!(app.popup().is_none(), "q closed the editor");
}
