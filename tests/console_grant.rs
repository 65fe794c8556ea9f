//! Granting and removing Entra role assignments from the Identities view:
//! the grant form validates as you type and sends nothing with errors; a
//! grant or removal goes through the real client to the emulator and the
//! assignments are read again; inherited assignments are not removed here.

mod common;

use acrtui::tui::app::{App, Settings};
use acrtui::tui::command::CommandKind;
use acrtui::tui::popups::Popup;
use common::console::*;

const ALICE: &str = "3f2a6c1e-8b4d-4e7a-9c5f-1d2e3f4a5b6c";

async fn identities_of_contosoml(emu: &acrtui::emulator::Emulator) -> App {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoml");
    key(&mut app, "6");
    settle(&mut app, emu).await;
    assert!(screen(&app, 140, 40).contains("Alice Nguyen"));
    app
}

#[tokio::test]
async fn the_form_builds_the_condition_as_you_type_and_names_a_known_principal() {
    let emu = common::demo(acrtui::emulator::EmulatorConfig::fast()).await;
    let mut app = identities_of_contosoml(&emu).await;
    key(&mut app, "n");
    type_text(&mut app, ALICE);
    key(&mut app, "tab");
    key(&mut app, "tab");
    key(&mut app, "down"); // Repository Writer
    key(&mut app, "tab");
    type_text(&mut app, "datasets");
    let text = screen(&app, 140, 40);
    assert!(text.contains("Alice Nguyen"), "the id is named: {text}");
    assert!(
        text.contains("Container Registry Repository Writer"),
        "{text}"
    );
    assert!(text.contains("Allows: exactly `datasets`"), "{text}");
    type_text(&mut app, "*");
    let text = screen(&app, 140, 40);
    assert!(
        text.contains("Allows: repositories starting with `datasets`"),
        "{text}"
    );
    assert!(
        text.contains("⚠ prefix 'datasets' has no trailing '/'"),
        "a live warning: {text}"
    );
    insta::assert_snapshot!(text);
    // A warning does not stop the grant; Enter sends it, with the condition.
    key(&mut app, "enter");
    match kinds(&mut app).as_slice() {
        [CommandKind::GrantRole { registry, grant }] => {
            assert_eq!(registry.name, "contosoml");
            assert_eq!(grant.principal_id, ALICE);
            assert_eq!(grant.principal_type, "User");
            let condition = grant.condition.as_deref().unwrap();
            assert!(
                condition.contains("StringStartsWithIgnoreCase 'datasets'"),
                "{condition}"
            );
            assert!(condition.contains("content/write"), "{condition}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn enter_says_what_to_fix_and_sends_nothing() {
    let emu = common::demo(acrtui::emulator::EmulatorConfig::fast()).await;
    let mut app = identities_of_contosoml(&emu).await;
    key(&mut app, "n");
    type_text(&mut app, "alice@contoso.com");
    key(&mut app, "enter");
    let text = screen(&app, 140, 40);
    assert!(
        text.contains("principal: a principal's object id: a GUID"),
        "{text}"
    );
    assert!(kinds(&mut app).is_empty());
    for _ in 0.."alice@contoso.com".len() {
        key(&mut app, "backspace");
    }
    type_text(&mut app, ALICE);
    key(&mut app, "enter");
    let text = screen(&app, 140, 40);
    assert!(
        text.contains("repositories: name the repositories"),
        "{text}"
    );
    assert!(kinds(&mut app).is_empty());
    assert!(
        matches!(app.popup(), Some(Popup::GrantForm(_))),
        "the form stays"
    );
}

#[tokio::test]
async fn a_grant_reaches_the_emulator_and_the_view_shows_it_after_a_re_read() {
    let emu = common::demo(acrtui::emulator::EmulatorConfig::fast()).await;
    let mut app = identities_of_contosoml(&emu).await;
    key(&mut app, "n");
    type_text(&mut app, ALICE);
    key(&mut app, "tab");
    key(&mut app, "tab");
    key(&mut app, "tab");
    type_text(&mut app, "datasets/*");
    key(&mut app, "enter");
    settle(&mut app, &emu).await;
    let text = screen(&app, 140, 40);
    assert!(
        text.contains("Identities · contosoml · ABAC mode (7)"),
        "{text}"
    );
    assert!(text.contains("datasets/*"), "{text}");
    assert!(
        text.contains("granted Container Registry Repository Reader on contosoml"),
        "{text}"
    );
}

#[tokio::test]
async fn removing_asks_first_and_inherited_assignments_are_left_alone() {
    let emu = common::demo(acrtui::emulator::EmulatorConfig::fast()).await;
    let mut app = identities_of_contosoml(&emu).await;
    // The last row is Platform Admins' Owner, inherited from the subscription.
    key(&mut app, "G");
    key(&mut app, "ctrl-d");
    assert!(
        app.popup().is_none(),
        "no question for what cannot be done here"
    );
    let text = screen(&app, 140, 40);
    assert!(text.contains("inherited from /subscriptions/"), "{text}");
    assert!(kinds(&mut app).is_empty());
    // ml-training's AcrPull at the registry: ignored in ABAC mode, removed.
    key(&mut app, "g");
    key(&mut app, "ctrl-d");
    let text = screen(&app, 140, 40);
    assert!(
        text.contains("Remove ml-training's AcrPull on contosoml?"),
        "{text}"
    );
    key(&mut app, "y");
    settle(&mut app, &emu).await;
    let text = screen(&app, 140, 40);
    assert!(text.contains("(5)"), "one fewer: {text}");
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with('│') && l.contains("ml-training")),
        "{text}"
    );
    assert!(text.contains("removed ml-training's AcrPull"), "{text}");
}

#[tokio::test]
async fn read_only_offers_neither_grant_nor_removal() {
    let settings = Settings {
        read_only: true,
        ..Settings::default()
    };
    let mut app = demo_app(settings).await;
    open_registry(&mut app, "contosoml");
    key(&mut app, "6");
    kinds(&mut app);
    key(&mut app, "n");
    key(&mut app, "ctrl-d");
    assert!(app.popup().is_none());
    assert!(kinds(&mut app).is_empty());
    let text = screen(&app, 140, 40);
    assert!(!text.contains("grant a Repository role"), "{text}");
}
