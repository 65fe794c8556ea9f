//! The console filled with the demo tenant at a fixed clock, through the real
//! client and an in-process emulator. Used by tests and the screenshots example.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use tokio::sync::mpsc;

use crate::arm::AcrApi;
use crate::arm::auth::StaticToken;
use crate::arm::azure::{AzureAcr, ClientConfig};
use crate::arm::inventory::{Scope, run};
use crate::emulator::faults::FaultRule;
use crate::emulator::store::Store;
use crate::emulator::{EmulatorConfig, seed, start};
use crate::tui::app::{App, Settings};
use crate::tui::keymap::Keymap;
use crate::tui::msg::Msg;

/// 2026-11-22 12:00 UTC: the clock of every snapshot and screenshot.
pub fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// The demo inventory loaded into a new `App`, the first registry selected.
pub async fn demo_app(settings: Settings) -> std::io::Result<App> {
    loaded_app(seed::demo(fixed_now()), settings).await
}

/// A synthetic tenant (see [`seed::synthetic`]) loaded into a new `App`: the
/// console at operator scale, for benchmarks.
pub async fn synthetic_app(
    subscriptions: usize,
    registries: usize,
    scope_maps: usize,
    tokens: usize,
) -> std::io::Result<App> {
    let store = seed::synthetic(subscriptions, registries, scope_maps, tokens, fixed_now());
    loaded_app(store, Settings::default()).await
}

/// `store` served by an in-process emulator, loaded through the real client
/// into a new `App` at the fixed clock, the first registry selected.
pub async fn loaded_app(store: Store, settings: Settings) -> std::io::Result<App> {
    loaded_app_with_faults(store, settings, &[]).await
}

/// As [`loaded_app`], with the emulator injecting `faults` (a console that
/// could not read everything).
pub async fn loaded_app_with_faults(
    store: Store,
    settings: Settings,
    faults: &[FaultRule],
) -> std::io::Result<App> {
    let now = fixed_now();
    let emu = start(([127, 0, 0, 1], 0).into(), EmulatorConfig::fast(), store).await?;
    for rule in faults {
        emu.add_fault(rule.clone());
    }
    let endpoint = emu.url().parse().map_err(std::io::Error::other)?;
    let api: Arc<dyn AcrApi> = Arc::new(AzureAcr::new(
        endpoint,
        "https://management.azure.com/.default",
        StaticToken::new("t"),
        ClientConfig::default(),
    ));
    let (tx, mut rx) = mpsc::channel(64);
    tokio::spawn(run(api, Scope::default(), 4, tx));
    let (keymap, _) = Keymap::load(None);
    let mut app = App::new(keymap, settings, "demo (in-process emulator)".into(), now);
    let _ = app.take_commands();
    while let Some(event) = rx.recv().await {
        app.update(Msg::Inventory(event));
    }
    app.prepare();
    Ok(app)
}

/// Moves the scope-map list's selection to `name` (the list must be showing).
/// Returns false, instead of looping, when there is no such map.
pub fn select_scope_map(app: &mut App, name: &str) -> bool {
    let press = |app: &mut App, c: char| {
        let key = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        );
        app.update(Msg::Key(key));
    };
    press(app, 'g');
    for _ in 0..app.visible_len() {
        if app.selected_scope_map().is_some_and(|m| m.name == name) {
            return true;
        }
        press(app, 'j');
    }
    app.selected_scope_map().is_some_and(|m| m.name == name)
}
