//! Drawing pieces every pane shares: the empty/loading/failed states, titles,
//! the visible window of a long list, and password badges.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Paragraph, TableState};

use crate::domain::expiry::{PasswordState, days_left};
use crate::domain::safe_text::escaped as shown;
use crate::tui::app::App;
use crate::tui::state::{ListState, Load, RegistryEntry, View};
use crate::tui::theme::Theme;

/// The selected registry, once its contents are loaded, with the pane title;
/// otherwise draws the empty, loading or failed state (with the retry key) and returns None.
pub fn registry_contents<'a>(
    app: &'a App,
    f: &mut Frame,
    area: Rect,
    theme: &Theme,
    focused: bool,
    kind: &str,
    partial: bool,
) -> Option<(&'a RegistryEntry, String)> {
    let Some(entry) = app.current_entry() else {
        f.render_widget(
            Paragraph::new("Select a registry.").block(block(kind.into(), focused, theme)),
            area,
        );
        return None;
    };
    let title = format!("{kind} · {}", shown(&entry.info.registry.name));
    match &entry.contents {
        // Rows that arrived so far, for a pane that shows them (tokens).
        Load::Loading if partial && entry.streaming().is_some() => return Some((entry, title)),
        Load::Loading => f.render_widget(
            Paragraph::new("Loading…").block(block(title, focused, theme)),
            area,
        ),
        Load::Failed(e) => {
            let text = format!(
                "{}\n{}\nr retry",
                shown(&e.to_string()),
                e.hint().unwrap_or_default()
            );
            f.render_widget(
                Paragraph::new(text)
                    .style(theme.danger())
                    .block(block(title, focused, theme)),
                area,
            );
        }
        Load::Loaded(_) => return Some((entry, title)),
    }
    None
}

/// A list's title with its count; an active filter is always shown, with
/// the unfiltered total, so a filtered-out list never looks empty.
pub fn list_title(base: &str, filter: &str, count: usize, total: usize) -> String {
    if filter.is_empty() {
        format!("{base} ({count})")
    } else {
        format!("{base} /{} ({count} of {total})", shown(filter))
    }
}

/// A list's title while its rows are still arriving: "(12,300 / loading)",
/// or with a filter "(12 of 12,300 / loading)".
pub fn loading_title(base: &str, filter: &str, count: usize, so_far: usize) -> String {
    if filter.is_empty() {
        format!("{base} ({} / loading)", grouped(so_far))
    } else {
        format!(
            "{base} /{} ({} of {} / loading)",
            shown(filter),
            grouped(count),
            grouped(so_far)
        )
    }
}

/// A count with thousands separators (12,300).
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A token's scope map, flagged when the registry no longer has it (the
/// token then grants nothing).
/// Without `contents` (the scope maps not loaded yet) nothing is flagged.
pub fn scope_map_cell(
    token: &crate::arm::TokenInfo,
    contents: Option<&crate::tui::state::Contents>,
    theme: &Theme,
) -> Span<'static> {
    let missing = |c: &crate::tui::state::Contents| {
        crate::domain::audit::scope_map_missing(token, |n| c.has_scope_map(n))
    };
    match token.scope_map.as_deref() {
        None => Span::raw("-"),
        Some(m) if contents.is_some_and(missing) => {
            Span::styled(format!("⚠ {} (deleted)", shown(m)), theme.danger())
        }
        Some(m) => Span::raw(shown(m).into_owned()),
    }
}

pub fn block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    Block::bordered()
        .title(Span::styled(title, theme.title(focused)))
        .border_style(theme.border(focused))
}

/// The slice of a long list that fits `area` (borders and a header row
/// excluded), starting at the list's offset and keeping the selection
/// visible: (start, end, selected within it). Tables are built from this
/// slice only, so a 50,000-row list costs what 40 rows cost.
pub fn window(list: &ListState, len: usize, area: Rect) -> (usize, usize, usize) {
    let visible = usize::from(area.height.saturating_sub(3)).max(1);
    let selected = list.selected.min(len.saturating_sub(1));
    let start = scroll(list.offset, selected, len, visible);
    (start, (start + visible).min(len), selected - start)
}

/// The first row to show: `offset`, moved only as far as needed to keep
/// `selected` among `visible` rows, and never past the end of the list.
pub fn scroll(offset: usize, selected: usize, len: usize, visible: usize) -> usize {
    let visible = visible.max(1);
    let start = if selected < offset {
        selected
    } else if selected >= offset + visible {
        selected + 1 - visible
    } else {
        offset
    };
    start.min(len.saturating_sub(visible))
}

/// How many rows of a view's list fit a terminal of `size`: the layout of
/// render.rs (header, footer, borders, the table header), so keys can keep the
/// offset without drawing.
pub fn list_rows(view: View, size: (u16, u16)) -> usize {
    let body = size.1.saturating_sub(3);
    let pane = match view {
        View::ScopeMaps | View::Repositories | View::Identities => body * 55 / 100,
        // The details under the list take 4 rows or more (a wrapped warning).
        View::Registries => body.saturating_sub(4),
        _ => body,
    };
    usize::from(pane.saturating_sub(3)).max(1)
}

pub fn table_state(selected: usize, len: usize) -> TableState {
    TableState::default().with_selected((len > 0).then_some(selected.min(len.saturating_sub(1))))
}

/// A token's password in `slot` as an expiry badge, or `-` when the slot is empty.
pub fn password_badge(
    app: &App,
    token: &crate::arm::TokenInfo,
    slot: crate::arm::Slot,
    theme: &Theme,
) -> Span<'static> {
    match token.password(slot) {
        Some(p) => expiry_badge(
            crate::domain::expiry::classify_password(p.expiry, app.now, app.settings.thresholds),
            p.expiry,
            app.now,
            theme,
        ),
        None => Span::styled("-", theme.hint()),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(selected: usize, offset: usize) -> ListState {
        ListState {
            selected,
            offset,
            ..ListState::default()
        }
    }

    #[test]
    fn window_keeps_the_selection_visible() {
        let area = Rect::new(0, 0, 80, 13); // 10 rows visible
        assert_eq!(window(&at(0, 0), 50_000, area), (0, 10, 0));
        assert_eq!(window(&at(9, 0), 50_000, area), (0, 10, 9));
        assert_eq!(window(&at(10, 0), 50_000, area), (1, 11, 9));
        assert_eq!(window(&at(49_999, 0), 50_000, area), (49_990, 50_000, 9));
        assert_eq!(window(&at(3, 0), 5, area), (0, 5, 3));
        assert_eq!(window(&at(0, 0), 0, area), (0, 0, 0));
        assert_eq!(window(&at(5, 0), 100, Rect::new(0, 0, 10, 1)), (5, 6, 0));
    }

    #[test]
    fn the_offset_moves_only_at_the_edges() {
        let area = Rect::new(0, 0, 80, 13);
        // Scrolled to the bottom, then up: the selection climbs the screen.
        assert_eq!(window(&at(48, 40), 50, area), (40, 50, 8));
        assert_eq!(window(&at(39, 40), 50, area), (39, 49, 0));
        // An offset past the end (the list shrank) is pulled back.
        assert_eq!(window(&at(2, 40), 5, area), (0, 5, 2));
    }
}
