//! Sorting the tokens and audit lists by a column: `s` cycles the column,
//! `S` reverses. Each list keeps its own order; the first column of each
//! list is its natural order (tokens by name; the audit worst first).

use std::cmp::Ordering;

use super::app::App;
use super::rows::AuditEntry;
use super::state::View;
use crate::arm::TokenInfo;

/// A column a list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Token,
    Status,
    ScopeMap,
    /// The soonest password expiry (no expiry last).
    Expiry,
    Created,
    /// The audit's state, worst first, then soonest expiry.
    State,
    Registry,
}

impl Column {
    /// The header cells this column marks (expiry covers both password slots).
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Column::Token => &["Token"],
            Column::Status => &["Status"],
            Column::ScopeMap => &["Scope map"],
            Column::Expiry => &["Password1", "Password2"],
            Column::Created => &["Created"],
            Column::State => &["State"],
            Column::Registry => &["Registry"],
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Column::Token => "token",
            Column::Status => "status",
            Column::ScopeMap => "scope map",
            Column::Expiry => "expiry",
            Column::Created => "creation date",
            Column::State => "state",
            Column::Registry => "registry",
        }
    }
}

pub const TOKEN_COLUMNS: &[Column] = &[
    Column::Token,
    Column::Status,
    Column::ScopeMap,
    Column::Expiry,
    Column::Created,
];
pub const AUDIT_COLUMNS: &[Column] = &[
    Column::State,
    Column::Registry,
    Column::Token,
    Column::ScopeMap,
    Column::Expiry,
];

/// The columns `view` can be sorted by (none for the other lists).
pub fn columns(view: View) -> &'static [Column] {
    match view {
        View::Tokens => TOKEN_COLUMNS,
        View::Audit => AUDIT_COLUMNS,
        View::Registries | View::ScopeMaps | View::Repositories | View::Identities => &[],
    }
}

/// A header cell with the sort mark when its column orders the list.
pub fn header(label: &'static str, sorted: Option<(Column, bool)>) -> String {
    match sorted {
        Some((column, reverse)) if column.headers().contains(&label) => {
            format!("{label} {}", if reverse { "▼" } else { "▲" })
        }
        _ => label.to_string(),
    }
}

fn lower(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

fn soonest(t: &TokenInfo) -> Option<chrono::DateTime<chrono::Utc>> {
    t.passwords.iter().filter_map(|p| p.expiry).min()
}

/// Expiry order: the soonest first, no expiry last.
fn by_expiry(
    a: Option<chrono::DateTime<chrono::Utc>>,
    b: Option<chrono::DateTime<chrono::Utc>>,
) -> Ordering {
    (a.is_none(), a).cmp(&(b.is_none(), b))
}

/// Token order by `column`; ties keep the name order the lists start in.
pub fn compare_tokens(column: Column, a: &TokenInfo, b: &TokenInfo) -> Ordering {
    let scope = |t: &TokenInfo| t.scope_map.clone().unwrap_or_default();
    match column {
        Column::Status => (!a.enabled).cmp(&!b.enabled),
        Column::ScopeMap => lower(&scope(a), &scope(b)),
        Column::Expiry => by_expiry(soonest(a), soonest(b)),
        Column::Created => a.created.cmp(&b.created),
        Column::Token | Column::State | Column::Registry => Ordering::Equal,
    }
}

impl App {
    /// The column and direction `view` is sorted by, when it can be sorted.
    pub fn sorted_by(&self, view: View) -> Option<(Column, bool)> {
        let list = self.panes.get(view).list();
        let column = *columns(view).get(list.sort)?;
        Some((column, list.reverse))
    }

    /// `s` (next column) or `S` (reverse): the selected row stays selected.
    pub(super) fn change_sort(&mut self, reverse: bool) {
        let n = columns(self.view).len();
        if n == 0 {
            return;
        }
        let keep = self.selection_identity();
        let list = self.list_mut();
        if reverse {
            list.reverse = !list.reverse;
        } else {
            list.sort = (list.sort + 1) % n;
            list.reverse = false;
        }
        self.reselect(keep);
    }

    /// What is selected, as (registry index, token index): it survives a re-sort.
    fn selection_identity(&self) -> Option<(usize, usize)> {
        let selected = self.list().selected;
        match self.view {
            View::Tokens => Some((0, *self.visible_token_indices().get(selected)?)),
            View::Audit => {
                let e = self.audit_entries().get(selected).copied()?;
                Some((e.registry, e.token))
            }
            View::Registries | View::ScopeMaps | View::Repositories | View::Identities => None,
        }
    }

    fn reselect(&mut self, keep: Option<(usize, usize)>) {
        let Some((registry, token)) = keep else {
            return;
        };
        let position = match self.view {
            View::Tokens => self
                .visible_token_indices()
                .iter()
                .position(|i| *i == token),
            View::Audit => self
                .audit_entries()
                .iter()
                .position(|e: &AuditEntry| e.registry == registry && e.token == token),
            View::Registries | View::ScopeMaps | View::Repositories | View::Identities => None,
        };
        if let Some(p) = position {
            self.list_mut().selected = p;
        }
    }
}
