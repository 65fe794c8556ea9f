//! Popups: each keeps its own state, handles its keys and draws itself.

pub mod bulk_rotate;
pub mod confirm;
pub mod error;
pub mod export;
pub mod gaps;
pub mod generate;
mod generate_view;
pub mod grant_form;
pub mod help;
pub mod notice;
pub mod password;
pub mod password_deliver;
pub mod password_probe;
pub mod preview;
pub mod preview_catalog;
pub mod scope_editor;
mod scope_editor_rules;
mod scope_editor_view;
pub mod slot_choice;
pub mod token_details;
pub mod token_form;

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};

use super::action::Action;
use super::command::CommandKind;
use super::keymap::{Context, Keymap};
use super::theme::Theme;

/// What a component may read from the app while it handles a key or draws:
/// never the data store itself, so a component cannot change it behind the
/// app's back.
pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub keymap: &'a Keymap,
    pub read_only: bool,
    /// The config's default sink for a new password (`deliver`).
    pub deliver: Option<&'a str>,
}

/// A piece of the console that owns its state: it takes the keys and pastes
/// routed to it, answers with a `Reply` for the app to act on, and draws
/// itself from `&self` (drawing never changes anything).
pub trait Component {
    fn key(&mut self, key: &KeyEvent, _ctx: &Ctx) -> Reply;
    /// A paste (bracketed, or a burst of keys): true when a text field took
    /// it. The default has no field, so the app says it was dropped.
    fn paste(&mut self, _text: &str) -> bool {
        false
    }
    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, _ctx: &Ctx);
}

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
    Export(export::Export),
    TokenDetails(token_details::TokenDetails),
    GrantForm(grant_form::GrantForm),
    BulkRotate(bulk_rotate::BulkRotate),
}

impl Popup {
    /// The popup as the component it is: the one place that knows every kind.
    pub fn component(&self) -> &dyn Component {
        match self {
            Popup::Help(p) => p,
            Popup::Confirm(p) => p,
            Popup::Generate(p) => p,
            Popup::Password(p) => p,
            Popup::Preview(p) => p,
            Popup::Error(p) => p,
            Popup::Gaps(p) => p,
            Popup::Notice(p) => p,
            Popup::ScopeEditor(p) => p,
            Popup::TokenForm(p) => p,
            Popup::SlotChoice(p) => p,
            Popup::Export(p) => p,
            Popup::TokenDetails(p) => p,
            Popup::GrantForm(p) => p,
            Popup::BulkRotate(p) => p,
        }
    }

    pub fn component_mut(&mut self) -> &mut dyn Component {
        match self {
            Popup::Help(p) => p,
            Popup::Confirm(p) => p,
            Popup::Generate(p) => p,
            Popup::Password(p) => p,
            Popup::Preview(p) => p,
            Popup::Error(p) => p,
            Popup::Gaps(p) => p,
            Popup::Notice(p) => p,
            Popup::ScopeEditor(p) => p,
            Popup::TokenForm(p) => p,
            Popup::SlotChoice(p) => p,
            Popup::Export(p) => p,
            Popup::TokenDetails(p) => p,
            Popup::GrantForm(p) => p,
            Popup::BulkRotate(p) => p,
        }
    }
}

/// What a popup's key handling asks the app to do.
#[derive(Debug)]
pub enum Reply {
    Stay,
    Close,
    Run(CommandKind),
    /// Several operations at once (the audit's bulk rotation).
    RunAll(Vec<CommandKind>),
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
    /// Write the audit's shown rows to this path (the app holds the rows).
    Export(String),
}

/// A read-only popup's keys (the keymap's `viewer` context): close, or
/// move its text.
pub fn viewer_key(scroll: &mut u16, key: &KeyEvent, ctx: &Ctx) -> Reply {
    match ctx.keymap.popup_action(key, Context::Viewer) {
        Some(Action::Close) => return Reply::Close,
        Some(Action::Down) => *scroll = scroll.saturating_add(1),
        Some(Action::Up) => *scroll = scroll.saturating_sub(1),
        _ => {}
    }
    Reply::Stay
}

/// "j/k scroll · esc close", from the keymap.
pub fn viewer_hint(ctx: &Ctx) -> String {
    let k = ctx.keymap;
    format!(
        "{}/{} scroll · {} close",
        k.first_key(Context::Viewer, Action::Down),
        k.first_key(Context::Viewer, Action::Up),
        k.first_key(Context::Viewer, Action::Close)
    )
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
