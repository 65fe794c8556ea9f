//! The mouse: a click focuses the pane under it and selects the row; the
//! wheel moves the selection of the pane under the pointer. Off with
//! `--no-mouse` (the terminal then keeps its own selection and scrolling).
//! Popups and the `:`/`/` line keep the keyboard's focus: the mouse waits.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::app::App;
use super::panes;
use super::render::{body_area, pane_areas};
use super::state::View;

impl App {
    pub(super) fn on_mouse(&mut self, m: MouseEvent) {
        if self.popup().is_some() || self.input.is_some() {
            return;
        }
        let screen = Rect::new(0, 0, self.size.0, self.size.1);
        let at = Position::new(m.column, m.row);
        let Some((view, area)) = pane_areas(self, body_area(screen))
            .into_iter()
            .find(|(_, rect)| rect.contains(at))
        else {
            return;
        };
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                self.view = view;
                if let Some(row) = self.row_at(view, area, m.row) {
                    self.move_selection(|_, _| row);
                }
            }
            MouseEventKind::ScrollDown => {
                self.view = view;
                self.move_selection(|s, _| s + 1);
            }
            MouseEventKind::ScrollUp => {
                self.view = view;
                self.move_selection(|s, _| s.saturating_sub(1));
            }
            _ => {}
        }
    }

    /// The list row drawn at screen line `y` of `view`'s pane, if any: the
    /// table starts under the pane's border and column header, at the
    /// window `panes::window` shows.
    fn row_at(&self, view: View, area: Rect, y: u16) -> Option<usize> {
        let line = usize::from(y.checked_sub(area.y + 2)?);
        let visible = panes::list_rows(view, self.size);
        if line >= visible {
            return None;
        }
        let list = self.panes.get(view).list();
        let len = self.visible_len();
        let start = panes::scroll(
            list.offset,
            list.selected.min(len.saturating_sub(1)),
            len,
            visible,
        );
        let row = start + line;
        (row < len).then_some(row)
    }
}
