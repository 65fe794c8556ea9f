//! Refreshing (issue 16): `r` re-reads the selected registry alone, `ctrl-r`
//! the whole tenant; either way the rows on screen stay until their new read
//! replaces them, and a re-read that fails keeps them, marked stale, instead
//! of losing them.

mod common;

use std::time::Duration;

use acrtui::arm::inventory::Event;
use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::faults::{Fault, FaultRule};
use acrtui::tui::app::{App, Settings};
use acrtui::tui::command::CommandKind;
use acrtui::tui::effects::Effects;
use acrtui::tui::keymap::Keymap;
use acrtui::tui::msg::Msg;
use common::console::*;
use reqwest::Method;
use tokio::sync::mpsc::UnboundedReceiver;

const SUB: &str = "00000000-0000-0000-0000-000000000000";

/// Three registries (synth00reg000..002) of five tokens each.
async fn tenant() -> acrtui::emulator::Emulator {
    let store = acrtui::emulator::seed::synthetic(1, 3, 2, 5, fixed_now());
    common::with_store(EmulatorConfig::fast(), store).await
}

/// Runs the app's commands and feeds back every answer until the inventory
/// is done, calling `each` after every message.
async fn pump(
    app: &mut App,
    effects: &Effects,
    rx: &mut UnboundedReceiver<Msg>,
    mut each: impl FnMut(&App),
) {
    for c in app.take_commands() {
        effects.spawn(c);
    }
    for _ in 0..1_000 {
        let msg = tokio::time::timeout(Duration::from_secs(20), rx.recv())
            .await
            .expect("an answer in time")
            .expect("an answer");
        let done = matches!(msg, Msg::Inventory(Event::Done { .. } | Event::Failed(_)));
        app.update(msg);
        app.prepare();
        each(app);
        if done {
            return;
        }
    }
    panic!("the inventory never finished");
}

/// Runs the one command the app asked for and feeds its answer back.
async fn answer_one(app: &mut App, effects: &Effects, rx: &mut UnboundedReceiver<Msg>) {
    for c in app.take_commands() {
        effects.spawn(c);
    }
    let msg = tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .expect("an answer in time")
        .expect("an answer");
    app.update(msg);
}

async fn loaded(emu: &acrtui::emulator::Emulator) -> (App, Effects, UnboundedReceiver<Msg>) {
    let (effects, mut rx) = effects_for(emu);
    let (keymap, _) = Keymap::load(None);
    let mut app = App::new(keymap, Settings::default(), "test".into(), fixed_now()).started();
    pump(&mut app, &effects, &mut rx, |_| {}).await;
    (app, effects, rx)
}

fn registry_path(name: &str) -> String {
    let rg = match name {
        "synth00reg001" => "rg-1",
        "synth00reg002" => "rg-2",
        _ => "rg-0",
    };
    format!(
        "/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.ContainerRegistry/registries/{name}"
    )
}

/// Deletes a registry through ARM and waits for its operation to finish.
async fn delete_registry(emu: &acrtui::emulator::Emulator, name: &str) {
    let client = common::Client::new(emu);
    let answer = client
        .send(Method::DELETE, &registry_path(name), None)
        .await;
    assert_eq!(answer.status().as_u16(), 202);
    let location = common::header(&answer, "location").expect("a Location");
    for _ in 0..20 {
        if client.get(&location).await.status().as_u16() == 200 {
            return;
        }
    }
    panic!("the delete never finished");
}

#[tokio::test]
async fn r_rereads_the_selected_registry_alone_and_its_rows_stay_meanwhile() {
    let emu = tenant().await;
    let (mut app, effects, mut rx) = loaded(&emu).await;
    open_registry(&mut app, "synth00reg001");
    let _ = app.take_commands();
    key(&mut app, "r");
    let mut commands = app.take_commands();
    assert_eq!(commands.len(), 1, "one read: {commands:?}");
    let command = commands.remove(0);
    let CommandKind::ReloadRegistry(info) = &command.kind else {
        panic!("a re-read of the registry, not the tenant: {command:?}");
    };
    assert_eq!(info.registry.name, "synth00reg001");
    let shown = screen(&app, 120, 20);
    assert!(shown.contains("token-0000"), "the rows stay: {shown}");
    assert!(!shown.contains("Loading…"), "{shown}");
    // Its answer comes back through the real client.
    effects.spawn(command);
    let msg = tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .unwrap()
        .unwrap();
    app.update(msg);
    assert!(screen(&app, 120, 20).contains("synth00reg001 re-read"));
}

#[tokio::test]
async fn ctrl_r_rereads_the_tenant_keeping_the_rows_until_replaced() {
    let emu = tenant().await;
    let (mut app, effects, mut rx) = loaded(&emu).await;
    open_registry(&mut app, "synth00reg002");
    let _ = app.take_commands();
    delete_registry(&emu, "synth00reg001").await;
    key(&mut app, "ctrl-r");
    let commands = app.take_commands();
    let kinds: Vec<&CommandKind> = commands.iter().map(|c| &c.kind).collect();
    assert!(
        matches!(kinds.as_slice(), [CommandKind::LoadInventory]),
        "{kinds:?}"
    );
    for c in commands {
        effects.spawn(c);
    }
    // Every screen while the new read arrives still shows the old rows.
    let mut screens = 0;
    pump(&mut app, &effects, &mut rx, |app| {
        let shown = screen(app, 120, 20);
        assert!(shown.contains("token-0000"), "rows vanished: {shown}");
        screens += 1;
    })
    .await;
    assert!(
        screens > 3,
        "the refresh was seen arriving ({screens} steps)"
    );
    let names: Vec<&str> = app
        .store()
        .registries()
        .iter()
        .map(|e| e.info.registry.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["synth00reg000", "synth00reg002"],
        "the deleted one went"
    );
    assert_eq!(
        app.current().unwrap().name,
        "synth00reg002",
        "still selected"
    );
}

#[tokio::test]
async fn a_failed_reread_keeps_the_rows_marked_stale_and_the_audit_says_so() {
    let emu = tenant().await;
    let (mut app, effects, mut rx) = loaded(&emu).await;
    open_registry(&mut app, "synth00reg001");
    let _ = app.take_commands();
    emu.add_fault(FaultRule {
        method: None,
        path_contains: "synth00reg001/tokens$".into(),
        effect: Fault::Status(404),
        times: None,
    });
    key(&mut app, "r");
    answer_one(&mut app, &effects, &mut rx).await;
    let shown = screen(&app, 120, 20);
    assert!(shown.contains("token-0000"), "the rows stay: {shown}");
    assert!(shown.contains("⚠ stale"), "{shown}");
    assert!(shown.contains("could not re-read synth00reg001"), "{shown}");
    let gaps = app.audit_gaps();
    assert!(
        gaps.iter()
            .any(|g| g.part == "registry" && g.name.contains("synth00reg001")),
        "the audit does not look clean on old rows: {gaps:?}"
    );
    // A good read clears the mark.
    emu.clear_faults();
    key(&mut app, "r");
    answer_one(&mut app, &effects, &mut rx).await;
    assert!(!screen(&app, 120, 20).contains("stale"));
    assert!(app.audit_gaps().is_empty());
}

#[tokio::test]
async fn a_refresh_whose_subscription_list_fails_keeps_the_rows() {
    let emu = tenant().await;
    let (mut app, effects, mut rx) = loaded(&emu).await;
    emu.add_fault(FaultRule {
        method: Some("GET".into()),
        path_contains: "/subscriptions$".into(),
        effect: Fault::Status(403),
        times: None,
    });
    key(&mut app, "ctrl-r");
    pump(&mut app, &effects, &mut rx, |_| {}).await;
    let shown = screen(&app, 120, 20);
    assert!(shown.contains("synth00reg000"), "the rows stay: {shown}");
    assert!(shown.contains("could not list subscriptions"), "{shown}");
}

#[tokio::test]
async fn a_first_load_whose_subscription_list_fails_shows_the_failure_not_unconfirmed_rows() {
    let emu = tenant().await;
    emu.add_fault(FaultRule {
        method: Some("GET".into()),
        path_contains: "/subscriptions$".into(),
        // A 500 is retried (with backoff) before it fails: Resource Graph has
        // answered, and its rows are shown, by then.
        effect: Fault::Status(500),
        times: None,
    });
    let (mut effects, mut rx) = effects_for(&emu);
    // As the console runs: Resource Graph's rows may show before the list.
    effects.scope.show_unconfirmed = true;
    let (keymap, _) = Keymap::load(None);
    let mut app = App::new(keymap, Settings::default(), "test".into(), fixed_now()).started();
    pump(&mut app, &effects, &mut rx, |_| {}).await;
    let shown = screen(&app, 120, 20);
    assert!(shown.contains("Could not list subscriptions"), "{shown}");
    assert!(
        !shown.contains("token-0000"),
        "no unconfirmed rows: {shown}"
    );
}
