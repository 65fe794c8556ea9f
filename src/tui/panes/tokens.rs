//! Tokens of the selected registry with password expiry badges.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row, Table};

use super::{Cached, ListKey, Pane, PaneData, block, password_badge, table_state, window};
use crate::arm::{RegistryRef, Slot, TokenInfo};
use crate::domain::safe_text::escaped as shown;
use crate::tui::app::App;
use crate::tui::filter::{Needle, SearchText};
use crate::tui::sort;
use crate::tui::state::{Contents, ListState, View};
use crate::tui::theme::Theme;

#[derive(Debug, Default)]
pub struct TokensPane {
    pub list: ListState,
    /// Indices into the registry's tokens passing the filter, in display order.
    rows: Cached<ListKey, Vec<usize>>,
    /// Filter text of the registry's tokens ("token scope-map").
    text: Cached<ListKey, SearchText>,
}

impl TokensPane {
    /// Indices into the current registry's tokens passing the filter.
    pub fn rows(&self, data: &PaneData) -> Cow<'_, [usize]> {
        let key = data.list_key(&self.list);
        match self.rows.get(&key) {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(self.compute(data, &key)),
        }
    }

    fn compute(&self, data: &PaneData, key: &ListKey) -> Vec<usize> {
        let tokens = data.entry().map_or(&[][..], |e| e.tokens_so_far());
        let mut visible: Vec<usize> = if key.filter.is_empty() {
            (0..tokens.len()).collect()
        } else {
            let text = match self.text.get(&data.data_key()) {
                Some(t) => Cow::Borrowed(t),
                None => Cow::Owned(search_text(data)),
            };
            let needle = Needle::new(&key.filter);
            (0..tokens.len())
                .filter(|i| text.matches(*i, &needle))
                .collect()
        };
        let (column, reverse) = key.sort;
        if let Some(column) = sort::TOKEN_COLUMNS.get(column).filter(|_| column > 0) {
            // Stable: ties keep the name order.
            visible.sort_by(|a, b| sort::compare_tokens(*column, &tokens[*a], &tokens[*b]));
        }
        if reverse {
            visible.reverse();
        }
        visible
    }
}

fn search_text(data: &PaneData) -> SearchText {
    let mut text = SearchText::default();
    for t in data.entry().map_or(&[][..], |e| e.tokens_so_far()) {
        text.push(&[&t.name, t.scope_map.as_deref().unwrap_or("")]);
    }
    text
}

impl Pane for TokensPane {
    fn list(&self) -> &ListState {
        &self.list
    }

    fn list_mut(&mut self) -> &mut ListState {
        &mut self.list
    }

    fn refresh(&mut self, data: &PaneData) {
        // The filter's text index only while a filter is typed: without one,
        // a 50,000-token list arriving page by page would rebuild it per page.
        if !self.list.filter.is_empty() {
            self.text.refresh(data.data_key(), || search_text(data));
        }
        let key = data.list_key(&self.list);
        if self.rows.get(&key).is_none() {
            let rows = self.compute(data, &key);
            self.rows.refresh(key, || rows);
        }
    }

    fn len(&self, data: &PaneData) -> usize {
        self.rows(data).len()
    }

    fn render(&self, app: &App, f: &mut Frame, area: Rect, theme: &Theme, focused: bool) {
        let Some((entry, title)) =
            super::registry_contents(app, f, area, theme, focused, "Tokens", true)
        else {
            return;
        };
        let all = entry.tokens_so_far();
        // None while the pages still arrive: no scope map is flagged missing
        // before the scope maps are known.
        let contents = entry.contents();
        let tokens = app.visible_token_indices();
        let list = &self.list;
        let (start, end, selected) = window(list, tokens.len(), area);
        let shown_tokens: Vec<&TokenInfo> = tokens[start..end]
            .iter()
            .filter_map(|i| all.get(*i))
            .collect();
        let rows: Vec<Row> = shown_tokens
            .iter()
            .map(|t| token_row(app, t, entry.reference(), contents, theme))
            .collect();
        let mut title = match entry.streaming() {
            Some(so_far) => super::loading_title(&title, &list.filter, tokens.len(), so_far),
            None => super::list_title(&title, &list.filter, tokens.len(), all.len()),
        };
        if entry.stale.is_some() {
            title.push_str(" · ⚠ stale: the last re-read failed");
        }
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
        let widths = column_widths(&shown_tokens, contents, sorted, area.width, theme);
        let table = Table::new(rows, widths)
            .header(header)
            .block(block(title, focused, theme))
            .row_highlight_style(theme.selected());
        f.render_stateful_widget(table, area, &mut table_state(selected, end - start));
    }
}

fn token_row<'a>(
    app: &App,
    t: &TokenInfo,
    registry: &RegistryRef,
    contents: Option<&Contents>,
    theme: &Theme,
) -> Row<'a> {
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
}

/// Name and scope map as wide as the longest on screen (and their header),
/// so `partner-readonly` and `_repositories_pull` show whole.
fn column_widths(
    tokens: &[&TokenInfo],
    contents: Option<&Contents>,
    sorted: Option<(sort::Column, bool)>,
    width: u16,
    theme: &Theme,
) -> [Constraint; 6] {
    // The creation date is the first thing to go on a narrow pane.
    let created = if width >= 80 { 10 } else { 0 };
    let longest = |f: &dyn Fn(&TokenInfo) -> usize, header: usize| {
        let most = tokens.iter().map(|t| f(t)).max().unwrap_or(0);
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
    [
        Constraint::Length(name_width),
        Constraint::Length(8 + mark(sort::Column::Status) as u16),
        Constraint::Length(map_width),
        Constraint::Length(password),
        Constraint::Length(password),
        Constraint::Length(match created {
            0 => 0,
            shown => shown + mark(sort::Column::Created) as u16,
        }),
    ]
}
