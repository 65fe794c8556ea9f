//! The mouse: a click focuses the pane under it and selects the row, the
//! wheel moves the selection of the pane under the pointer, and popups keep
//! the focus. In the real binary, `--no-mouse` leaves the mouse to the
//! terminal (no capture asked for, and reports that still arrive ignored).

mod common;

use acrtui::tui::app::{App, Settings};
use acrtui::tui::msg::Msg;
use acrtui::tui::render::{body_area, pane_areas};
use acrtui::tui::state::View;
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use common::console::*;
use common::pty::{spawn_console, wait_exit};

fn mouse(app: &mut App, kind: MouseEventKind, column: u16, row: u16) {
    app.update(Msg::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

fn pane(app: &App, view: View) -> Rect {
    pane_areas(app, body_area(Rect::new(0, 0, 120, 40)))
        .into_iter()
        .find(|(v, _)| *v == view)
        .map(|(_, r)| r)
        .expect("pane on screen")
}

const CLICK: MouseEventKind = MouseEventKind::Down(MouseButton::Left);

#[tokio::test]
async fn a_click_selects_and_the_wheel_scrolls_the_pane_under_it() {
    let mut app = demo_app(Settings::default()).await;
    app.update(Msg::Resize(120, 40));
    let left = pane(&app, View::Registries);
    // Border, column header, then rows: the third registry.
    mouse(&mut app, CLICK, left.x + 3, left.y + 4);
    assert_eq!(app.view, View::Registries);
    let third = app.store().registries()[app.visible_registries()[2]]
        .info
        .registry
        .name
        .clone();
    assert_eq!(app.current().unwrap().name, third);
    // Back to the first (contosodev: two tokens).
    mouse(&mut app, CLICK, left.x + 3, left.y + 2);
    assert_eq!(app.panes.registries.list.selected, 0);

    let right = pane(&app, View::Tokens);
    mouse(&mut app, CLICK, right.x + 3, right.y + 3);
    assert_eq!(app.view, View::Tokens, "the click focused the tokens pane");
    let second = app.visible_tokens()[1].name.clone();
    assert_eq!(app.selected_token().unwrap().name, second);

    mouse(&mut app, MouseEventKind::ScrollUp, right.x + 3, right.y + 3);
    assert_eq!(
        app.selected_token().unwrap().name,
        app.visible_tokens()[0].name
    );
    mouse(&mut app, MouseEventKind::ScrollDown, left.x + 3, left.y + 3);
    assert_eq!(app.view, View::Registries, "the wheel acts where it points");
    assert_eq!(app.panes.registries.list.selected, 1);

    // Below the last row, or on a border: focus only.
    let before = app.panes.registries.list.selected;
    mouse(&mut app, CLICK, left.x + 3, left.y);
    assert_eq!(app.panes.registries.list.selected, before);
}

#[tokio::test]
async fn a_popup_keeps_the_focus() {
    let mut app = demo_app(Settings::default()).await;
    app.update(Msg::Resize(120, 40));
    key(&mut app, "?");
    let left = pane(&app, View::Registries);
    mouse(&mut app, CLICK, left.x + 3, left.y + 5);
    assert!(app.popup().is_some());
    assert_eq!(app.panes.registries.list.selected, 0);
}

/// SGR mouse report of a left press and release at 1-based (column, row).
fn sgr_click(column: u16, row: u16) -> String {
    format!("\x1b[<0;{column};{row}M\x1b[<0;{column};{row}m")
}

#[test]
fn the_binary_captures_the_mouse_unless_told_not_to() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, mut child) = spawn_console(&["--demo"], &[], dir.path());
    s.wait_for("Registries (6)");
    assert!(s.mouse_reported(), "mouse capture asked for");
    // Row 6 of the screen: the third registry (header, border, column header).
    s.send_raw(&sgr_click(5, 6));
    s.wait_for("Tokens · contosostaging");
    s.send("q");
    assert!(wait_exit(&mut child));
    assert!(!s.mouse_reported(), "capture released on exit");

    let (mut s, mut child) = spawn_console(&["--demo", "--no-mouse"], &[], dir.path());
    s.wait_for("Registries (6)");
    assert!(!s.mouse_reported(), "--no-mouse asks for no capture");
    s.send_raw(&sgr_click(5, 6));
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(s.text().contains("Tokens · contosodev"), "{}", s.text());
    s.send("q");
    assert!(wait_exit(&mut child));
}
