//! `c` in the scope-maps pane starts a new scope map as a copy of the
//! selected one, system maps included: the name offered is free and valid,
//! the rules are the source's, and saving creates (never replaces) it.

mod common;

use acrtui::tui::app::Settings;
use acrtui::tui::command::CommandKind;
use acrtui::tui::popups::Popup;
use common::console::*;

#[tokio::test]
async fn a_system_map_is_copied_into_an_editable_new_one() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "2");
    select_scope_map(&mut app, "_repositories_pull");
    let source = app.selected_scope_map().unwrap().actions.clone();
    key(&mut app, "e");
    let flash = app.flash.as_ref().unwrap().text.clone();
    assert!(flash.contains("c copies it"), "{flash}");

    key(&mut app, "c");
    assert!(
        matches!(
            kinds(&mut app).as_slice(),
            [CommandKind::ReadCatalog { .. }]
        ),
        "the editor reads the registry's repositories as it opens"
    );
    let Some(Popup::ScopeEditor(editor)) = app.popup() else {
        panic!("{:?}", app.popup());
    };
    assert!(editor.creating);
    assert_eq!(editor.name, "repositories_pull-copy");
    key(&mut app, "enter");
    key(&mut app, "s");
    key(&mut app, "y");
    match kinds(&mut app).as_slice() {
        [
            CommandKind::SaveScopeMap {
                name,
                actions,
                create,
                ..
            },
        ] => {
            assert_eq!(name, "repositories_pull-copy");
            assert!(*create, "a copy is created, never replacing a map");
            let mut sorted = actions.clone();
            sorted.sort();
            let mut expected = source.clone();
            expected.sort();
            assert_eq!(sorted, expected);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_copy_name_is_never_one_that_exists() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "2");
    select_scope_map(&mut app, "ci-push");
    key(&mut app, "c");
    let Some(Popup::ScopeEditor(editor)) = app.popup() else {
        panic!("{:?}", app.popup());
    };
    assert_eq!(editor.name, "ci-push-copy");
}

#[tokio::test]
async fn read_only_has_no_copy() {
    let mut app = demo_app(Settings {
        read_only: true,
        ..Settings::default()
    })
    .await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "2");
    key(&mut app, "c");
    assert!(app.popup().is_none());
}
