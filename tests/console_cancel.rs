//! Esc on a running operation: the editor's save stops being waited for
//! (its task aborted, the registry re-read, the edits kept); a token
//! re-read is cancelled; a password being generated is not (it would be
//! lost). The effect really aborts: no answer comes over HTTP.

mod common;

use std::sync::Arc;
use std::time::Duration;

use acrtui::arm::AcrApi;
use acrtui::emulator::faults::{Fault, FaultRule};
use acrtui::emulator::{EmulatorConfig, seed, start};
use acrtui::tui::app::Settings;
use acrtui::tui::command::{Command, CommandKind, OpId};
use acrtui::tui::msg::Msg;
use acrtui::tui::popups::Popup;
use acrtui::tui::popups::scope_editor::Stage;
use common::console::*;

#[tokio::test]
async fn esc_while_saving_stops_waiting_rereads_and_keeps_the_edits() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "2");
    assert!(select_scope_map(&mut app, "ci-push"));
    key(&mut app, "e");
    // The editor reads the registry's repositories as it opens.
    assert!(matches!(
        kinds(&mut app).as_slice(),
        [CommandKind::ReadCatalog { .. }]
    ));
    key(&mut app, "a");
    type_text(&mut app, "extra/repo");
    key(&mut app, "enter");
    key(&mut app, "s");
    key(&mut app, "enter");
    let save = app.ops.newest().expect("the save runs");
    assert!(matches!(
        kinds(&mut app).as_slice(),
        [CommandKind::SaveScopeMap { .. }]
    ));

    key(&mut app, "esc");
    let sent = app.take_commands();
    assert!(
        matches!(sent[0].kind, CommandKind::Cancel(id) if id == save),
        "{sent:?}"
    );
    assert!(
        matches!(&sent[1].kind, CommandKind::ReloadRegistry(info) if info.registry.name == "contosoprod"),
        "{sent:?}"
    );
    assert!(
        !app.ops.labels().any(|l| l.contains("saving")),
        "the save's spinner is gone"
    );
    let Some(Popup::ScopeEditor(editor)) = app.popup() else {
        panic!("the editor stays open: {:?}", app.popup());
    };
    assert_eq!(editor.stage, Stage::Edit);
    assert!(
        editor.rules.iter().any(|r| r.repository == "extra/repo"),
        "edits kept"
    );
    assert!(screen(&app, 120, 40).contains("stopped waiting for the save"));
}

#[tokio::test]
async fn esc_while_the_token_is_reread_cancels_the_read() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    select_token(&mut app, "teama-builder");
    key(&mut app, "p");
    key(&mut app, "esc");
    let sent = kinds(&mut app);
    assert!(
        matches!(
            sent.as_slice(),
            [CommandKind::ReadToken { .. }, CommandKind::Cancel(_)]
        ),
        "Esc during the re-read cancels it: {sent:?}"
    );
    assert!(app.popup().is_none());
    assert_eq!(app.ops.labels().count(), 0);
}

#[tokio::test]
async fn a_cancelled_operation_never_answers() {
    let emu = start(
        common::loopback(),
        EmulatorConfig::fast(),
        seed::demo(chrono::Utc::now()),
    )
    .await
    .unwrap();
    emu.add_fault(FaultRule {
        method: Some("GET".into()),
        path_contains: "/tokens/teama-builder".into(),
        effect: Fault::Delay(Duration::from_secs(2)),
        times: None,
    });
    let api: Arc<dyn AcrApi> = Arc::new(common::arm::client(&emu));
    let registry = api
        .list_all_registries()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.registry.name == "contosoprod")
        .unwrap();
    let (effects, mut rx) = effects_for(&emu);
    let read = |id| Command {
        id: OpId(id),
        kind: CommandKind::ReadToken {
            registry: registry.registry.clone(),
            name: "teama-builder".into(),
        },
    };
    effects.spawn(read(1));
    effects.spawn(read(2));
    effects.spawn(Command {
        id: OpId(1),
        kind: CommandKind::Cancel(OpId(1)),
    });
    let first = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .unwrap();
    assert!(matches!(first, Some(Msg::Done(OpId(2), _))), "{first:?}");
    let more = tokio::time::timeout(Duration::from_secs(3), rx.recv()).await;
    assert!(more.is_err(), "the cancelled read answered: {more:?}");
}
