//! Every token of every loaded registry, soonest trouble first.

use std::borrow::Cow;
use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::cache::ClassKey;
use super::{Cached, Pane, PaneData, block, password_badge, table_state, window};
use crate::arm::{Slot, TokenInfo};
use crate::domain::expiry::TokenState;
use crate::domain::safe_text::escaped as shown;
use crate::tui::app::App;
use crate::tui::filter::{Needle, SearchText};
use crate::tui::sort;
use crate::tui::state::{ListState, RegistryEntry, View};
use crate::tui::store::Store;
use crate::tui::theme::Theme;

/// One token in the audit view; indices into the store's registries and
/// that registry's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditEntry {
    pub registry: usize,
    pub token: usize,
    pub state: TokenState,
    /// The soonest password expiry, the audit's second sort key.
    pub soonest: Option<DateTime<Utc>>,
}

/// Every token, classified and sorted, with its filter text
/// ("registry token scope-map") in the same order.
#[derive(Debug, Clone, Default)]
struct AuditIndex {
    entries: Vec<AuditEntry>,
    text: SearchText,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct AuditKey {
    class: ClassKey,
    state: Option<TokenState>,
    filter: String,
    sort: (usize, bool),
}

#[derive(Debug, Default)]
pub struct AuditPane {
    pub list: ListState,
    /// Only tokens in this state (`f` cycles); None is all.
    pub state: Option<TokenState>,
    /// Tokens marked for a bulk rotation (`space`): registry and lower-case name.
    pub marked: std::collections::BTreeSet<(crate::arm::RegistryRef, String)>,
    all: Cached<ClassKey, AuditIndex>,
    rows: Cached<AuditKey, Vec<AuditEntry>>,
}

/// How a token is known among the marks: its registry and lower-case name.
pub fn mark_key(
    registry: &crate::arm::RegistryRef,
    token: &str,
) -> (crate::arm::RegistryRef, String) {
    (registry.clone(), token.to_ascii_lowercase())
}

/// The registry and token an audit entry stands for.
pub fn audit_token<'a>(
    store: &'a Store,
    e: &AuditEntry,
) -> Option<(&'a RegistryEntry, &'a TokenInfo)> {
    let registry = store.registries().get(e.registry)?;
    Some((registry, registry.contents()?.tokens.get(e.token)?))
}

impl AuditPane {
    /// The audit's tokens: filtered, worst first (or as sorted).
    pub fn rows(&self, data: &PaneData) -> Cow<'_, [AuditEntry]> {
        let key = self.key(data);
        match self.rows.get(&key) {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(self.compute(data, &key)),
        }
    }

    fn key(&self, data: &PaneData) -> AuditKey {
        AuditKey {
            class: data.class_key(),
            state: self.state,
            filter: self.list.filter.clone(),
            sort: (self.list.sort, self.list.reverse),
        }
    }

    fn compute(&self, data: &PaneData, key: &AuditKey) -> Vec<AuditEntry> {
        let index = match self.all.get(&key.class) {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(index(data)),
        };
        let needle = Needle::new(&key.filter);
        let mut entries = index
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| key.state.is_none_or(|s| s == e.state))
            .filter(|(i, _)| needle.is_empty() || index.text.matches(*i, &needle))
            .map(|(_, e)| *e)
            .collect::<Vec<_>>();
        let (column, reverse) = key.sort;
        if let Some(column) = sort::AUDIT_COLUMNS.get(column).filter(|_| column > 0) {
            entries.sort_by(|a, b| compare(data.store, *column, a, b));
        }
        if reverse {
            entries.reverse();
        }
        entries
    }
}

/// Every readable token of every loaded registry, worst first.
fn index(data: &PaneData) -> AuditIndex {
    let mut entries: Vec<AuditEntry> = Vec::new();
    for (r, entry) in data.store.registries().iter().enumerate() {
        let Some(c) = entry.contents() else { continue };
        // An unreadable token has no state to rank; the audit banner names it.
        let readable = c
            .tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.problem.is_none());
        entries.extend(readable.map(|(t, token)| AuditEntry {
            registry: r,
            token: t,
            state: token.state(data.now, data.thresholds),
            soonest: token.passwords.iter().filter_map(|p| p.expiry).min(),
        }));
    }
    // The order of `audit::sort`: worst state, soonest expiry (none last), registry, token.
    entries.sort_by_cached_key(|e| {
        let (registry, token) = audit_token(data.store, e)
            .map_or(("", ""), |(r, t)| (&r.info.registry.name[..], &t.name[..]));
        (e.state, e.soonest.is_none(), e.soonest, registry, token)
    });
    // Filter text in display order, so filtering reads it front to back.
    let mut text = SearchText::default();
    for e in &entries {
        match audit_token(data.store, e) {
            Some((r, t)) => text.push(&[
                &r.info.registry.name,
                &t.name,
                t.scope_map.as_deref().unwrap_or(""),
            ]),
            None => text.push(&[]),
        }
    }
    AuditIndex { entries, text }
}

/// Audit order by `column`; ties keep the worst-first order.
fn compare(store: &Store, column: sort::Column, a: &AuditEntry, b: &AuditEntry) -> Ordering {
    let (Some((ra, ta)), Some((rb, tb))) = (audit_token(store, a), audit_token(store, b)) else {
        return Ordering::Equal;
    };
    let (na, nb) = (&ra.info.registry.name, &rb.info.registry.name);
    match column {
        sort::Column::Registry => na.cmp(nb).then_with(|| ta.name.cmp(&tb.name)),
        sort::Column::Token => ta.name.cmp(&tb.name).then_with(|| na.cmp(nb)),
        sort::Column::Expiry => (a.soonest.is_none(), a.soonest)
            .cmp(&(b.soonest.is_none(), b.soonest))
            .then_with(|| na.cmp(nb)),
        other => sort::compare_tokens(other, ta, tb),
    }
}

impl Pane for AuditPane {
    fn list(&self) -> &ListState {
        &self.list
    }

    fn list_mut(&mut self) -> &mut ListState {
        &mut self.list
    }

    /// The whole-tenant audit is derived only while it is on screen (the
    /// event loop refreshes it only then).
    fn refresh(&mut self, data: &PaneData) {
        self.all.refresh(data.class_key(), || index(data));
        let key = self.key(data);
        if self.rows.get(&key).is_none() {
            let rows = self.compute(data, &key);
            self.rows.refresh(key, || rows);
        }
    }

    fn len(&self, data: &PaneData) -> usize {
        self.rows(data).len()
    }

    fn render(&self, app: &App, f: &mut Frame, area: Rect, theme: &Theme, _focused: bool) {
        let area = banner(app, f, area, theme);
        let entries = app.audit_entries();
        let (start, end, selected) = window(&self.list, entries.len(), area);
        let rows: Vec<Row> = entries[start..end]
            .iter()
            .filter_map(|e| Some((e, app.audit_token(e)?)))
            .map(|(e, (registry, t))| {
                // No key is built (two allocations a row) when nothing is marked.
                let marked = !self.marked.is_empty()
                    && self
                        .marked
                        .contains(&mark_key(registry.reference(), &t.name));
                audit_row(app, (e.state, marked), registry, t, theme)
            })
            .collect();
        let filter = self
            .state
            .map_or("all".to_string(), |s| s.as_str().to_string());
        let list = &self.list;
        let text = if list.filter.is_empty() {
            String::new()
        } else {
            format!(" /{}", list.filter)
        };
        let marked = if self.marked.is_empty() {
            String::new()
        } else {
            format!(" · {} marked, R rotates them", self.marked.len())
        };
        let title = format!(
            "Audit · {filter}{text} ({}){marked} · f filter · Enter go to token",
            entries.len()
        );
        let (header, widths) = header_and_widths(app, theme, !self.marked.is_empty());
        let table = Table::new(rows, widths)
            .header(header)
            .block(block(title, true, theme))
            .row_highlight_style(theme.selected());
        f.render_stateful_widget(table, area, &mut table_state(selected, end - start));
    }
}

/// The banner takes a row whenever anything is missing, so the counts
/// below can never pass for a complete audit; the area left for the list.
fn banner(app: &App, f: &mut Frame, area: Rect, theme: &Theme) -> Rect {
    match app.audit_gap_summary() {
        Some(summary) if area.height > 3 => {
            let [banner, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
            let text = format!(" ⚠ incomplete: {summary} · i shows why · r retries");
            f.render_widget(Paragraph::new(Span::styled(text, theme.danger())), banner);
            rest
        }
        _ => area,
    }
}

/// One token's row: state, registry, token, status, scope map, passwords.
fn audit_row(
    app: &App,
    (state, marked): (TokenState, bool),
    registry: &RegistryEntry,
    t: &TokenInfo,
    theme: &Theme,
) -> Row<'static> {
    let badge = |slot: Slot| password_badge(app, t, slot, theme);
    let r = &registry.info.registry;
    Row::new(vec![
        Cell::from(Span::styled(
            format!("{}{}", if marked { "● " } else { "" }, state.as_str()),
            theme.token_state(state),
        )),
        Cell::from(shown(&format!("{}/{}", r.resource_group, r.name)).into_owned()),
        Cell::from(shown(&t.name).into_owned()),
        Cell::from(if t.enabled { "enabled" } else { "disabled" }),
        Cell::from(super::scope_map_cell(t, registry.contents(), theme)),
        Cell::from(badge(Slot::Password1)),
        Cell::from(badge(Slot::Password2)),
    ])
}

/// The header with the sort mark, and the columns' widths (the password
/// columns wider when sorted by expiry, for the mark).
fn header_and_widths(app: &App, theme: &Theme, marks: bool) -> (Row<'static>, [Constraint; 7]) {
    let sorted = app.sorted_by(View::Audit);
    let password = if sorted.is_some_and(|(c, _)| c == crate::tui::sort::Column::Expiry) {
        11
    } else {
        9
    };
    let header = Row::new(
        [
            "State",
            "Registry",
            "Token",
            "Status",
            "Scope map",
            "Password1",
            "Password2",
        ]
        .map(|h| crate::tui::sort::header(h, sorted)),
    )
    .style(theme.hint());
    let widths = [
        // Room for the mark ("● ") when any row has one.
        Constraint::Length(if marks { 14 } else { 12 }),
        Constraint::Fill(2),
        Constraint::Fill(2),
        Constraint::Length(9),
        Constraint::Fill(2),
        Constraint::Length(password),
        Constraint::Length(password),
    ];
    (header, widths)
}
