//! The hint bar never loses the essentials: whatever the pane and width,
//! `q quit`, `? help` and `: command` stay; the pane's own hints fill what
//! room is left, in the keymap's order.

mod common;

use acrtui::tui::app::Settings;
use common::console::*;

fn hint_line(app: &acrtui::tui::app::App, w: u16) -> String {
    screen(app, w, 30)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn essentials_survive_every_pane_at_every_width() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    for pane in ["1", "2", "3", "4"] {
        key(&mut app, pane);
        for w in [60, 80, 100, 120, 200] {
            let line = hint_line(&app, w);
            for essential in [" q quit ", " ? help ", " : command "] {
                assert!(
                    line.contains(essential),
                    "pane {pane} at {w}: {essential:?} lost: {line}"
                );
            }
        }
    }
    key(&mut app, "3");
    let wide = hint_line(&app, 200);
    assert!(wide.contains(" p new password "), "{wide}");
}
