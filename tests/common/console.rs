//! A console `App` filled from the real demo inventory at a fixed clock.
#![allow(dead_code, unused_imports)]

use acrtui::tui::app::{App, Settings};
use acrtui::tui::msg::Msg;
use acrtui::tui::render::render;
use acrtui::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub use acrtui::demo::fixture::{fixed_now, select_scope_map};

/// The demo inventory, loaded through the real client from an in-process emulator.
pub async fn demo_app(settings: Settings) -> App {
    acrtui::demo::fixture::demo_app(settings).await.unwrap()
}

pub fn key_event(spec: &str) -> KeyEvent {
    match spec {
        "enter" => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        "esc" => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
        "tab" => KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
        "backspace" => KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
        "ctrl-d" => KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL),
        "ctrl-c" => KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        s if s.chars().count() == 1 => {
            KeyEvent::new(KeyCode::Char(s.chars().next().unwrap()), KeyModifiers::NONE)
        }
        // "up", "down", "left", "ctrl-u"…: the keymap's own key names.
        s => acrtui::tui::keymap::parse_key(s).unwrap_or_else(|| panic!("unknown key {s}")),
    }
}

pub fn key(app: &mut App, spec: &str) {
    app.update(Msg::Key(key_event(spec)));
}

/// Types each character as a key press.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
}

pub fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| render(app, f, &Theme::new(false)))
        .unwrap();
    terminal
}

/// The screen as text.
pub fn screen(app: &App, w: u16, h: u16) -> String {
    draw(app, w, h).backend().to_string()
}

/// Selects a registry by name through the palette.
pub fn open_registry(app: &mut App, name: &str) {
    key(app, ":");
    type_text(app, &format!("registry {name}"));
    key(app, "enter");
}

/// Answers the popup's re-read of its token with `token` (the service's copy).
pub fn answer_read_with(app: &mut App, token: acrtui::arm::TokenInfo) {
    let commands = app.take_commands();
    let [
        acrtui::tui::command::Command {
            id,
            kind: acrtui::tui::command::CommandKind::ReadToken { registry, name },
        },
    ] = commands.as_slice()
    else {
        panic!("expected the token to be re-read first: {commands:?}");
    };
    assert_eq!(name, &token.name);
    let registry = registry.clone();
    app.update(Msg::Done(
        *id,
        acrtui::tui::msg::Outcome::TokenRead { registry, token },
    ));
}

/// Answers the re-read with the token as the list shows it.
pub fn answer_read(app: &mut App) {
    let token = app.selected_token().expect("a selected token").clone();
    answer_read_with(app, token);
}

/// The commands sent since the last call, without their ids.
pub fn kinds(app: &mut App) -> Vec<acrtui::tui::command::CommandKind> {
    app.take_commands().into_iter().map(|c| c.kind).collect()
}

/// The answer to the operation started last (an unknown id when none runs).
pub fn done(app: &App, outcome: acrtui::tui::msg::Outcome) -> Msg {
    let id = app.ops.newest().unwrap_or(acrtui::tui::command::OpId(0));
    Msg::Done(id, outcome)
}

/// The answer to the operation running under `label` (its header text),
/// when several run at once.
pub fn done_labelled(app: &App, label: &str, outcome: acrtui::tui::msg::Outcome) -> Msg {
    let id = app
        .ops
        .id_labelled(label)
        .unwrap_or_else(|| panic!("no operation {label:?} running"));
    Msg::Done(id, outcome)
}

/// Moves the tokens pane's selection to the token called `name`.
pub fn select_token(app: &mut App, name: &str) {
    key(app, "g");
    for _ in 0..20 {
        if app.selected_token().is_some_and(|t| t.name == name) {
            return;
        }
        key(app, "j");
    }
    panic!("no token {name}");
}

/// The console's effects wired to a running emulator as the binary wires
/// them (ARM client, login servers routed to the emulator, the ARM
/// credential for token exchanges), and the channel their answers come on.
pub fn effects_for(
    emu: &acrtui::emulator::Emulator,
) -> (
    acrtui::tui::effects::Effects,
    tokio::sync::mpsc::UnboundedReceiver<Msg>,
) {
    use std::sync::Arc;
    let scope = acrtui::arm::auth::scope_for(&emu.url());
    let credential = acrtui::arm::auth::StaticToken::new("t");
    let api = acrtui::arm::azure::AzureAcr::new(
        url::Url::parse(&emu.url()).unwrap(),
        &scope,
        credential.clone(),
        acrtui::arm::azure::ClientConfig::default(),
    );
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let route = acrtui::registry::Route {
        at: Some(emu.addr()),
        scheme: "http",
    };
    let effects = acrtui::tui::effects::Effects::new(
        Arc::new(api),
        tx,
        Arc::new(acrtui::tui::clipboard::Clipboard::from_env()),
        30,
        acrtui::arm::inventory::Scope::default(),
        4,
    )
    .with_login_servers(route.clone(), std::time::Duration::from_secs(10))
    .with_graph(acrtui::arm::graph::GraphDirectory::new(
        url::Url::parse(&emu.url()).unwrap(),
        &scope,
        credential.clone(),
        std::time::Duration::from_secs(10),
    ))
    .with_key_vaults(acrtui::key_vault::KeyVaults::new(
        credential.clone(),
        route.clone(),
        acrtui::arm::auth::Cloud::Public,
        std::time::Duration::from_secs(10),
    ))
    .with_arm_credential(acrtui::connect::ArmCredential::new(credential, &scope));
    (effects, rx)
}

/// Runs every command the app asked for through the console's effects
/// against `emu`, feeding each answer back, until none is left.
pub async fn settle(app: &mut App, emu: &acrtui::emulator::Emulator) {
    let first = app.take_commands();
    settle_from(app, emu, first).await;
}

/// As `settle`, starting with `first` (commands already taken from the app).
pub async fn settle_from(
    app: &mut App,
    emu: &acrtui::emulator::Emulator,
    first: Vec<acrtui::tui::command::Command>,
) {
    let (effects, mut rx) = effects_for(emu);
    let mut commands = first;
    for _ in 0..10 {
        if commands.is_empty() {
            return;
        }
        let n = commands.len();
        for c in commands {
            effects.spawn(c);
        }
        for _ in 0..n {
            let msg: Msg = tokio::time::timeout(std::time::Duration::from_secs(20), rx.recv())
                .await
                .expect("an answer in time")
                .expect("an answer");
            app.update(msg);
        }
        commands = app.take_commands();
    }
    panic!("commands kept coming");
}

/// A vault secret's JSON, read as ESO would.
pub async fn vault_secret(
    emu: &acrtui::emulator::Emulator,
    vault: &str,
    name: &str,
) -> serde_json::Value {
    let host = format!("{vault}.vault.azure.net");
    let http = reqwest::Client::builder()
        .resolve(&host, emu.addr())
        .no_proxy()
        .build()
        .unwrap();
    let url = format!(
        "http://{host}:{}/secrets/{name}?api-version=7.5",
        emu.addr().port()
    );
    http.get(url)
        .bearer_auth("reader")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap_or(serde_json::Value::Null)
}

/// The screen's words in one line: popup text wraps where it likes.
pub fn screen_words(app: &App, w: u16, h: u16) -> String {
    screen(app, w, h)
        .replace(['│', '"'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
