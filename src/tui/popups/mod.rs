//! Popups: each keeps its own state, handles its keys and draws itself.

pub mod confirm;
pub mod error;
pub mod gaps;
pub mod generate;
pub mod help;
pub mod notice;
pub mod password;
pub mod preview;
pub mod scope_editor;
mod scope_editor_view;
pub mod slot_choice;
pub mod token_form;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Flex, Layout, Rect};

use super::command::CommandKind;

#[derive(Debug)]
pub enum Popup {
    Help(help::Help),
    Confirm(confirm::Confirm),
    Generate(generate::Generate),
    Password(password::ShowOnce),
    Preview(preview::Preview),
    Error(error::ErrorPopup),
    Gaps(gaps::GapsPopup),
    Notice(notice::Notice),
    ScopeEditor(scope_editor::ScopeEditor),
    TokenForm(token_form::TokenForm),
    SlotChoice(slot_choice::SlotChoice),
    Export(Export),
}

/// The audit export's path prompt.
#[derive(Debug, Default)]
pub struct Export {
    pub path: crate::tui::text_field::TextField,
}

/// What a popup's key handling asks the app to do.
#[derive(Debug)]
pub enum Reply {
    Stay,
    Close,
    Run(CommandKind),
    CloseAndRun(CommandKind),
    /// Close this popup and open another.
    Replace(Box<Popup>),
    /// Stop waiting for the operation on `target` (Esc while it runs);
    /// `reread` when it changed something, whose effect is now unknown.
    Cancel {
        target: crate::tui::command::Target,
        close: bool,
        reread: bool,
    },
    /// The show-once popup of a rotation closed: the rotation goes on.
    CloseRotation(crate::tui::rotation::PendingRotation),
}

/// `j`/`k` and the arrows move a read-only popup's text; true when handled.
pub fn scroll_key(scroll: &mut u16, key: &KeyEvent) -> bool {
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
        KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
        _ => return false,
    }
    true
}

/// A centred rectangle of at most `w`×`h`, clipped to `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}
