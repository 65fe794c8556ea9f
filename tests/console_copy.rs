//! `y` copies the selected resource's ARM id and `Y` its name (a registry's
//! login server), in every pane; a flash says what was copied. These are not
//! secrets: the clipboard is not cleared afterwards, and the flash says nothing
//! about clearing. A password still is cleared (console_update).

mod common;

use acrtui::tui::app::Settings;
use acrtui::tui::command::CommandKind;
use acrtui::tui::msg::Outcome;
use common::console::*;
use secrecy::ExposeSecret;

/// The one Copy command sent: (text, what, whether it is cleared later).
fn copied(app: &mut acrtui::tui::app::App) -> (String, String, bool) {
    match kinds(app).as_slice() {
        [CommandKind::Copy { text, what, clear }] => {
            (text.expose_secret().to_string(), what.clone(), *clear)
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn y_copies_the_id_and_shift_y_the_name_in_every_pane() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    let registry = app.current().unwrap();
    select_token(&mut app, "fabrikam-pull");
    key(&mut app, "y");
    let (text, what, clear) = copied(&mut app);
    assert_eq!(text, registry.token_id("fabrikam-pull"));
    assert_eq!(what, "the id of token fabrikam-pull");
    assert!(!clear, "an id is not a secret");
    key(&mut app, "Y");
    assert_eq!(copied(&mut app).0, "fabrikam-pull");

    key(&mut app, "2");
    key(&mut app, "y");
    let (text, what, _) = copied(&mut app);
    let map = app.selected_scope_map().unwrap().name.clone();
    assert_eq!(text, registry.scope_map_id(&map));
    assert_eq!(what, format!("the id of scope map {map}"));

    key(&mut app, "1");
    key(&mut app, "y");
    assert_eq!(copied(&mut app).0, registry.id());
    key(&mut app, "Y");
    let (text, what, _) = copied(&mut app);
    assert_eq!(text, "contosoprod.azurecr.io");
    assert_eq!(what, "the login server of contosoprod");

    key(&mut app, "4");
    key(&mut app, "y");
    let (text, what, _) = copied(&mut app);
    assert!(text.contains("/tokens/"), "{text}");
    assert!(what.starts_with("the id of token "), "{what}");
}

#[tokio::test]
async fn the_flash_names_what_was_copied_and_promises_no_clearing() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "y");
    let (_, what, _) = copied(&mut app);
    app.update(done(
        &app,
        Outcome::Copied {
            what: what.clone(),
            via: "OSC 52".into(),
            clear_after_secs: None,
        },
    ));
    let flash = app.flash.as_ref().unwrap().text.clone();
    assert_eq!(flash, format!("copied {what} via OSC 52"));
    assert!(app.clipboard_clears_at.is_none());
}
