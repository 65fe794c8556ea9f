//! One pane per file; each draws from `&App` only.

pub mod audit;
pub mod registries;
pub mod scope_maps;
pub mod tokens;

use ratatui::text::Span;
use ratatui::widgets::{Block, TableState};

use super::theme::Theme;
use crate::domain::expiry::{PasswordState, days_left};

pub fn block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    Block::bordered()
        .title(Span::styled(title, theme.title(focused)))
        .border_style(theme.border(focused))
}

pub fn table_state(selected: usize, len: usize) -> TableState {
    TableState::default().with_selected((len > 0).then_some(selected.min(len.saturating_sub(1))))
}

/// A password's expiry as a short badge: `expired`, `3d`, `Never`.
pub fn expiry_badge(
    state: PasswordState,
    expiry: Option<chrono::DateTime<chrono::Utc>>,
    now: chrono::DateTime<chrono::Utc>,
    theme: &Theme,
) -> Span<'static> {
    let text = match (state, days_left(expiry, now)) {
        (PasswordState::Expired, _) => "expired".to_string(),
        (_, None) => "Never".to_string(),
        (_, Some(d)) => format!("{d}d"),
    };
    Span::styled(text, theme.password_state(state))
}
