//! A console `App` filled from the real demo inventory at a fixed clock.
#![allow(dead_code)]

use std::sync::Arc;

use acrtui::arm::AcrApi;
use acrtui::arm::auth::StaticToken;
use acrtui::arm::azure::{AzureAcr, ClientConfig};
use acrtui::arm::inventory::{Scope, run};
use acrtui::emulator::{EmulatorConfig, seed, start};
use acrtui::tui::app::{App, Settings};
use acrtui::tui::keymap::Keymap;
use acrtui::tui::msg::Msg;
use acrtui::tui::render::render;
use acrtui::tui::theme::Theme;
use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

pub fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
}

/// The demo inventory, loaded through the real client from an in-process emulator.
pub async fn demo_app(settings: Settings) -> App {
    let now = fixed_now();
    let emu = start(
        "127.0.0.1:0".parse().unwrap(),
        EmulatorConfig::fast(),
        seed::demo(now),
    )
    .await
    .unwrap();
    let api: Arc<dyn AcrApi> = Arc::new(AzureAcr::new(
        emu.url().parse().unwrap(),
        "https://management.azure.com/.default",
        StaticToken::new("t"),
        ClientConfig::default(),
    ));
    let (tx, mut rx) = mpsc::channel(64);
    tokio::spawn(run(api, Scope::default(), 4, tx));
    let (keymap, _) = Keymap::load(None);
    let mut app = App::new(keymap, settings, "demo (in-process emulator)".into(), now);
    assert_eq!(
        app.take_commands().len(),
        1,
        "starts by loading the inventory"
    );
    while let Some(event) = rx.recv().await {
        app.update(Msg::Inventory(event));
    }
    // Arrival order varies; start from the top of the list.
    key(&mut app, "g");
    app
}

pub fn key_event(spec: &str) -> KeyEvent {
    match spec {
        "enter" => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        "esc" => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
        "tab" => KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
        "backspace" => KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
        "ctrl-d" => KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL),
        "ctrl-c" => KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        s => KeyEvent::new(KeyCode::Char(s.chars().next().unwrap()), KeyModifiers::NONE),
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
