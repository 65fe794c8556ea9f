//! Operations are tracked by id: each answer stops its own spinner and runs
//! its own follow-up, whatever else runs or is open; a change cannot be sent
//! twice while it runs; the row it affects shows it pending at once.

mod common;

use acrtui::arm::{ArmError, ArmErrorKind};
use acrtui::tui::app::{App, Settings};
use acrtui::tui::command::{Command, CommandKind, OpId};
use acrtui::tui::msg::{Msg, Outcome};
use acrtui::tui::popups::Popup;
use common::console::*;

fn only_id(app: &mut App) -> OpId {
    let commands = app.take_commands();
    let [Command { id, .. }] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    *id
}

fn failed(what: &str) -> Outcome {
    Outcome::Failed {
        what: what.into(),
        error: ArmError::new(ArmErrorKind::Network, "boom".to_string()).into(),
    }
}

#[tokio::test]
async fn a_failure_stops_its_own_spinner_not_the_oldest() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    select_token(&mut app, "github-actions");
    key(&mut app, "t");
    let first = only_id(&mut app);
    select_token(&mut app, "teama-builder");
    key(&mut app, "t");
    let second = only_id(&mut app);
    app.update(Msg::Done(second, failed("Updating token teama-builder")));
    let running: Vec<&str> = app.ops.labels().collect();
    assert_eq!(running.len(), 1, "{running:?}");
    assert!(running[0].contains("github-actions"), "{running:?}");
    assert!(app.ops.finish(first).is_some());
}

#[tokio::test]
async fn the_same_change_is_not_sent_twice_and_its_row_shows_it_pending() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    select_token(&mut app, "github-actions");
    key(&mut app, "t");
    assert_eq!(app.take_commands().len(), 1);
    let row = screen(&app, 160, 40)
        .lines()
        .find(|l| l.contains("github-actions "))
        .unwrap()
        .to_string();
    assert!(row.contains("pending"), "{row}");
    key(&mut app, "t");
    assert!(app.take_commands().is_empty(), "t t sent two PATCHes");
}

#[tokio::test]
async fn another_operations_failure_does_not_hijack_the_editor_saving() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    select_token(&mut app, "github-actions");
    key(&mut app, "t");
    let toggle = only_id(&mut app);
    key(&mut app, "2");
    key(&mut app, "n");
    // The editor reads the registry's repositories as it opens.
    let catalog = only_id(&mut app);
    type_text(&mut app, "web-pull");
    key(&mut app, "enter");
    key(&mut app, "a");
    type_text(&mut app, "apps/web");
    key(&mut app, "enter");
    key(&mut app, "s");
    key(&mut app, "enter");
    let commands = app.take_commands();
    let [
        Command {
            id: save,
            kind: CommandKind::SaveScopeMap { registry, name, .. },
        },
    ] = commands.as_slice()
    else {
        panic!("{commands:?}")
    };
    // The toggle fails while the save runs: the editor keeps waiting for its own answer.
    app.update(Msg::Done(toggle, failed("Updating token github-actions")));
    let Some(Popup::ScopeEditor(editor)) = app.popup() else {
        panic!("the editor was replaced: {:?}", app.popup())
    };
    assert!(editor.error.is_none(), "{:?}", editor.error);
    assert!(
        app.flash
            .as_ref()
            .unwrap()
            .text
            .contains("github-actions failed")
    );
    let map = acrtui::arm::ScopeMapInfo {
        name: name.clone(),
        description: None,
        actions: vec!["repositories/apps/web/content/read".into()],
        system: false,
        created: None,
        provisioning_state: None,
    };
    app.update(Msg::Done(
        *save,
        Outcome::ScopeMapSaved {
            registry: registry.clone(),
            map,
        },
    ));
    assert!(app.popup().is_none(), "the editor closes on its own answer");
    // The catalog read answers after the editor closed: dropped, no op left.
    app.update(Msg::Done(
        catalog,
        Outcome::CatalogRead {
            registry: registry.clone(),
            result: Ok(Vec::new()),
        },
    ));
    assert!(app.ops.is_empty());
}
