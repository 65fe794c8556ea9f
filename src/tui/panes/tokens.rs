//! Tokens of the selected registry with password expiry badges.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row, Table};

use super::{block, password_badge, table_state, window};
use crate::arm::{Slot, TokenInfo};
use crate::domain::safe_text::escaped as shown;
use crate::tui::app::App;
use crate::tui::sort;
use crate::tui::state::{Contents, View};
use crate::tui::theme::Theme;

pub fn render(app: &App, f: &mut Frame, area: Rect, theme: &Theme, focused: bool) {
    let Some((entry, title)) = super::registry_contents(app, f, area, theme, focused, "Tokens")
    else {
        return;
    };
    let all = entry.contents().map_or(&[][..], |c| &c.tokens[..]);
    let empty = Contents::default();
    let contents = entry.contents().unwrap_or(&empty);
    let registry = entry.reference();
    let tokens = app.visible_token_indices();
    let (start, end, selected) = window(&app.lists[View::Tokens as usize], tokens.len(), area);
    let rows: Vec<Row> = tokens[start..end]
        .iter()
        .filter_map(|i| all.get(*i))
        .map(|t| {
            let badge = |slot: Slot| password_badge(app, t, slot, theme);
            // A change in flight shows on its row at once, not only in the header.
            let status = if app.ops.token_pending(registry, &t.name).is_some() {
                Span::styled("pending", theme.warning())
            } else if t.problem.is_some() {
                // Its answer could not be read; the audit's `i` says why.
                Span::styled("invalid", theme.danger())
            } else if t.enabled {
                Span::styled("enabled", theme.ok())
            } else {
                Span::styled("disabled", theme.hint())
            };
            Row::new(vec![
                Cell::from(shown(&t.name).into_owned()),
                Cell::from(status),
                Cell::from(super::scope_map_cell(t, contents, theme)),
                Cell::from(badge(Slot::Password1)),
                Cell::from(badge(Slot::Password2)),
                Cell::from(
                    t.created
                        .map(|c| c.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                ),
            ])
        })
        .collect();
    let list = &app.lists[View::Tokens as usize];
    let title = super::list_title(&title, &list.filter, tokens.len(), all.len());
    let sorted = app.sorted_by(View::Tokens);
    let header = Row::new(
        [
            "Token",
            "Status",
            "Scope map",
            "Password1",
            "Password2",
            "Created",
        ]
        .map(|h| sort::header(h, sorted)),
    )
    .style(theme.hint());
    // The creation date is the first thing to go on a narrow pane.
    let created = if area.width >= 80 { 10 } else { 0 };
    // Name and scope map are as wide as the longest on screen (and their
    // header), so `partner-readonly` and `_repositories_pull` show whole.
    let longest = |f: &dyn Fn(&TokenInfo) -> usize, header: usize| {
        let most = tokens[start..end]
            .iter()
            .filter_map(|i| all.get(*i))
            .map(f)
            .max()
            .unwrap_or(0);
        u16::try_from(most.max(header).min(60)).unwrap_or(60)
    };
    // A header carrying the sort mark (" ▲") is two wider.
    let mark = |c: sort::Column| {
        if sorted.is_some_and(|(s, _)| s == c) {
            2
        } else {
            0
        }
    };
    let name_width = longest(
        &|t| shown(&t.name).chars().count(),
        5 + mark(sort::Column::Token),
    );
    let map_width = longest(
        &|t| super::scope_map_cell(t, contents, theme).width(),
        9 + mark(sort::Column::ScopeMap),
    );
    let password = 9 + mark(sort::Column::Expiry) as u16;
    let widths = [
        Constraint::Length(name_width),
        Constraint::Length(8 + mark(sort::Column::Status) as u16),
        Constraint::Length(map_width),
        Constraint::Length(password),
        Constraint::Length(password),
        Constraint::Length(match created {
            0 => 0,
            shown => shown + mark(sort::Column::Created) as u16,
        }),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .block(block(title, focused, theme))
        .row_highlight_style(theme.selected());
    f.render_stateful_widget(table, area, &mut table_state(selected, end - start));
}
