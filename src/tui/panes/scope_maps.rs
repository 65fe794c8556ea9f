//! Scope maps of the selected registry, and a grid of repository patterns × actions.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};

use super::{Cached, ListKey, Pane, PaneData, block, table_state, window};
use crate::arm::{RegistryRef, ScopeMapInfo};
use crate::domain::actions::{Action, RepoPermission, parse_action};
use crate::domain::safe_text::escaped as shown;
use crate::tui::app::App;
use crate::tui::filter::Needle;
use crate::tui::state::ListState;
use crate::tui::theme::Theme;

#[derive(Debug, Default)]
pub struct ScopeMapsPane {
    pub list: ListState,
    /// Indices into the registry's scope maps passing the filter.
    rows: Cached<ListKey, Vec<usize>>,
    /// Tokens per scope map (lowercase name) in the registry.
    users: Cached<ListKey, HashMap<String, usize>>,
}

impl ScopeMapsPane {
    /// Indices into the current registry's scope maps passing the filter.
    pub fn rows(&self, data: &PaneData) -> Cow<'_, [usize]> {
        let key = data.list_key(&self.list);
        match self.rows.get(&key) {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(visible(data, &key.filter)),
        }
    }

    /// How many of the current registry's tokens use `scope_map`.
    pub fn users(&self, data: &PaneData, scope_map: &str) -> usize {
        let lower = scope_map.to_lowercase();
        match self.users.get(&data.data_key()) {
            Some(counts) => counts.get(&lower).copied().unwrap_or(0),
            None => users(data).get(&lower).copied().unwrap_or(0),
        }
    }
}

fn visible(data: &PaneData, filter: &str) -> Vec<usize> {
    let Some(c) = data.contents() else {
        return Vec::new();
    };
    let needle = Needle::new(filter);
    (0..c.scope_maps.len())
        .filter(|i| {
            let m = &c.scope_maps[*i];
            needle.matches(&[&m.name, m.description.as_deref().unwrap_or("")])
        })
        .collect()
}

fn users(data: &PaneData) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    let tokens = data.contents().map_or(&[][..], |c| &c.tokens[..]);
    for map in tokens.iter().filter_map(|t| t.scope_map.as_deref()) {
        *counts.entry(map.to_lowercase()).or_default() += 1;
    }
    counts
}

impl Pane for ScopeMapsPane {
    fn list(&self) -> &ListState {
        &self.list
    }

    fn list_mut(&mut self) -> &mut ListState {
        &mut self.list
    }

    fn refresh(&mut self, data: &PaneData) {
        let key = data.list_key(&self.list);
        let filter = key.filter.clone();
        self.rows.refresh(key, || visible(data, &filter));
        self.users.refresh(data.data_key(), || users(data));
    }

    fn len(&self, data: &PaneData) -> usize {
        self.rows(data).len()
    }

    fn render(&self, app: &App, f: &mut Frame, area: Rect, theme: &Theme, focused: bool) {
        let Some((entry, title)) =
            super::registry_contents(app, f, area, theme, focused, "Scope maps", false)
        else {
            return;
        };
        let [list_area, grid_area] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
        let all = entry.contents().map_or(&[][..], |c| &c.scope_maps[..]);
        let registry = entry.reference();
        let maps = app.visible_scope_map_indices();
        let list = &self.list;
        let (start, end, selected) = window(list, maps.len(), list_area);
        let rows: Vec<Row> = maps[start..end]
            .iter()
            .filter_map(|i| all.get(*i))
            .map(|m| scope_map_row(app, registry, m, theme))
            .collect();
        let header =
            Row::new(["Scope map", "Type", "Actions", "Tokens", "Description"]).style(theme.hint());
        let shown_here: Vec<&ScopeMapInfo> = maps[start..end]
            .iter()
            .filter_map(|i| all.get(*i))
            .collect();
        let widths = widths(&shown_here);
        let title = super::list_title(&title, &list.filter, maps.len(), all.len());
        let table = Table::new(rows, widths)
            .header(header)
            .block(block(title, focused, theme))
            .row_highlight_style(theme.selected());
        f.render_stateful_widget(table, list_area, &mut table_state(selected, end - start));
        let current = app.selected_scope_map();
        f.render_widget(
            grid(
                current.map(|m| m.actions.as_slice()).unwrap_or_default(),
                theme,
            ),
            grid_area,
        );
    }
}

/// Repository patterns × the five permissions; gateway actions listed below.
fn grid<'a>(actions: &[String], theme: &Theme) -> Table<'a> {
    let mut patterns: BTreeMap<String, Vec<RepoPermission>> = BTreeMap::new();
    let mut other = Vec::new();
    for a in actions {
        match parse_action(a) {
            Ok(Action::Repository {
                pattern,
                permission,
            }) => patterns
                .entry(pattern.to_string())
                .or_default()
                .push(permission),
            _ => other.push(a.clone()),
        }
    }
    let mut rows: Vec<Row> = patterns
        .into_iter()
        .map(|(pattern, perms)| {
            let mut cells = vec![Cell::from(pattern)];
            cells.extend(RepoPermission::ALL.iter().map(|p| {
                if perms.contains(p) {
                    Cell::from(Span::styled("  ✓", theme.ok()))
                } else {
                    Cell::from(Span::styled("  ·", theme.hint()))
                }
            }));
            Row::new(cells)
        })
        .collect();
    rows.extend(
        other
            .into_iter()
            .map(|a| Row::new(vec![Cell::from(Line::from(Span::styled(a, theme.hint())))])),
    );
    let header = Row::new([
        "Repository",
        "c/read",
        "c/write",
        "c/delete",
        "m/read",
        "m/write",
    ])
    .style(theme.hint());
    let widths = [
        Constraint::Fill(1),
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Length(7),
        Constraint::Length(8),
    ];
    Table::new(rows, widths)
        .header(header)
        .block(block("Permissions".into(), false, theme))
}

fn scope_map_row(
    app: &App,
    registry: &RegistryRef,
    m: &ScopeMapInfo,
    theme: &Theme,
) -> Row<'static> {
    let kind = if app.ops.scope_map_pending(registry, &m.name).is_some() {
        Span::styled("pending", theme.warning())
    } else if m.system {
        Span::styled("system (ro)", theme.hint())
    } else {
        Span::raw("user")
    };
    Row::new(vec![
        Cell::from(shown(&m.name).into_owned()),
        Cell::from(kind),
        Cell::from(m.actions.len().to_string()),
        Cell::from(app.tokens_using(&m.name).to_string()),
        Cell::from(shown(m.description.as_deref().unwrap_or_default()).into_owned()),
    ])
}

/// The name column as wide as the longest name on screen
/// (`_repositories_admin` whole).
fn widths(shown_here: &[&ScopeMapInfo]) -> [Constraint; 5] {
    let name_width = shown_here
        .iter()
        .map(|m| shown(&m.name).chars().count())
        .max()
        .unwrap_or(0)
        .clamp(9, 50);
    [
        Constraint::Length(u16::try_from(name_width).unwrap_or(50)),
        Constraint::Length(11),
        Constraint::Length(7),
        Constraint::Length(6),
        Constraint::Fill(1),
    ]
}
