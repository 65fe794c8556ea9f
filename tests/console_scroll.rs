//! Scrolling keeps an offset: once a long list has scrolled, moving up moves
//! the selection up the screen; the window scrolls only at its edges.

mod common;

use acrtui::tui::app::Settings;
use common::console::*;

/// The first data row of the audit table (below its header).
fn first_row(app: &acrtui::tui::app::App, w: u16, h: u16) -> String {
    let text = screen(app, w, h);
    let mut lines = text.lines().skip_while(|l| !l.contains("State"));
    lines.next();
    lines.next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn moving_up_after_scrolling_moves_the_selection_not_the_window() {
    let mut app = demo_app(Settings::default()).await;
    key(&mut app, "4");
    let (w, h) = (120, 10);
    app.update(acrtui::tui::msg::Msg::Resize(w, h));
    key(&mut app, "G");
    let bottom = first_row(&app, w, h);
    key(&mut app, "k");
    assert_eq!(
        first_row(&app, w, h),
        bottom,
        "the window moved with the selection"
    );
    key(&mut app, "k");
    key(&mut app, "k");
    assert_eq!(first_row(&app, w, h), bottom);
    key(&mut app, "g");
    let top = first_row(&app, w, h);
    key(&mut app, "j");
    assert_eq!(first_row(&app, w, h), top);
}
