//! Enter on a token opens it in full: status, dates, each password slot,
//! the scope map's rules and what they grant per repository pattern. It only
//! reads, so read-only mode has it too; a missing scope map is said plainly.

mod common;

use acrtui::tui::app::Settings;
use acrtui::tui::popups::Popup;
use common::console::*;

#[tokio::test]
async fn enter_shows_a_token_in_full() {
    let mut app = demo_app(Settings {
        read_only: true,
        ..Settings::default()
    })
    .await;
    open_registry(&mut app, "contosoprod");
    select_token(&mut app, "teama-builder");
    key(&mut app, "enter");
    assert!(
        matches!(app.popup(), Some(Popup::TokenDetails(_))),
        "{:?}",
        app.popup()
    );
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("Token teama-builder"), "{shown}");
    assert!(shown.contains("samples-teams"), "{shown}");
    assert!(shown.contains("Effective permissions"), "{shown}");
    assert!(shown.contains("(5 days left)"), "{shown}");
    assert!(shown.contains("password2   empty"), "{shown}");
    insta::assert_snapshot!(shown);
    key(&mut app, "esc");
    assert!(app.popup().is_none());
}

#[tokio::test]
async fn an_expired_password_and_its_rules_are_named() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    select_token(&mut app, "fabrikam-pull");
    key(&mut app, "enter");
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("expired 20"), "{shown}");
    assert!(shown.contains("partner-readonly"), "{shown}");
}
