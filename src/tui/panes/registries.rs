//! Registries across subscriptions, filled in as the inventory streams.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use std::borrow::Cow;

use super::cache::ClassKey;
use super::{Cached, ListKey, Pane, PaneData, block, table_state, window};
use crate::domain::abac::roles::Mode;
use crate::domain::expiry::TokenState;
use crate::domain::safe_text::escaped as shown;
use crate::tui::app::App;
use crate::tui::filter::Needle;
use crate::tui::state::{ListState, Load};
use crate::tui::theme::Theme;

#[derive(Debug, Default)]
pub struct RegistriesPane {
    pub list: ListState,
    /// Indices into the store's registries passing the filter.
    rows: Cached<ListKey, Vec<usize>>,
    /// Per registry (the store's order): its worst token state.
    worst: Cached<ClassKey, Vec<Option<TokenState>>>,
}

impl RegistriesPane {
    /// Indices of registries passing the filter, in display order.
    pub fn rows(&self, data: &PaneData) -> Cow<'_, [usize]> {
        let key = self.key(data);
        match self.rows.get(&key) {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(visible(data, &key.filter)),
        }
    }

    /// Index into the store's registries of the one selected.
    pub fn selected_index(&self, data: &PaneData) -> Option<usize> {
        self.rows(data).get(self.list.selected).copied()
    }

    /// The worst token state of the store's registry `index` (None while
    /// loading or without tokens).
    pub fn worst(&self, data: &PaneData, index: usize) -> Option<TokenState> {
        match self.worst.get(&data.class_key()) {
            Some(v) => v.get(index).copied().flatten(),
            None => data
                .store
                .registries()
                .get(index)
                .and_then(|e| e.worst(data.now, data.thresholds)),
        }
    }

    /// The list does not depend on which registry is selected, nor sorts.
    fn key(&self, data: &PaneData) -> ListKey {
        ListKey {
            registry: None,
            sort: (0, false),
            ..data.list_key(&self.list)
        }
    }
}

fn visible(data: &PaneData, filter: &str) -> Vec<usize> {
    let needle = Needle::new(filter);
    let registries = data.store.registries();
    (0..registries.len())
        .filter(|i| {
            let e = &registries[*i];
            needle.matches(&[
                &e.info.registry.name,
                &e.info.registry.resource_group,
                &e.subscription_name,
                &e.info.location,
            ])
        })
        .collect()
}

fn worst_states(data: &PaneData) -> Vec<Option<TokenState>> {
    data.store
        .registries()
        .iter()
        .map(|e| e.worst(data.now, data.thresholds))
        .collect()
}

/// The columns: marker, registry, subscription, SKU, role-assignment mode,
/// tokens, maps, worst; 0 is sized from content.
const FULL: [u16; 8] = [1, 0, 0, 8, 6, 7, 7, 8];
const HEADERS: [&str; 8] = [
    "",
    "Registry",
    "Subscription",
    "SKU",
    "Mode",
    "Tokens",
    "Maps",
    "Worst",
];
/// Beside a focused tokens or scope-maps pane: marker, registry, worst.
const COMPACT: &[usize] = &[0, 1, 7];
/// Focused, when the subscription column does not fit.
const NO_SUBSCRIPTION: &[usize] = &[0, 1, 3, 4, 5, 6, 7];
const ALL: &[usize] = &[0, 1, 2, 3, 4, 5, 6, 7];
/// What the pane beside the focused registries pane keeps at least.
const BESIDE: u16 = 60;

/// Every column's width: the fixed ones, and the content-sized ones at the
/// longest value (not a fixed share). One pass over the registries per call,
/// as the pane's width and its columns are both derived from it.
fn full_widths(app: &App) -> [u16; 8] {
    let (mut name, mut subscription) = (0, 0);
    for e in app.store().registries() {
        name = name.max(shown(&e.info.registry.name).chars().count());
        subscription = subscription.max(shown(&e.subscription_name).chars().count());
    }
    let fit = |longest: usize, column: usize| {
        let header = HEADERS[column].chars().count();
        u16::try_from(longest.max(header).min(40)).unwrap_or(40)
    };
    let mut widths = FULL;
    widths[1] = fit(name, 1);
    widths[2] = fit(subscription, 2);
    widths
}

/// The widths of `columns`.
fn widths(full: &[u16; 8], columns: &[usize]) -> Vec<u16> {
    columns.iter().map(|i| full[*i]).collect()
}

/// The pane's width for `columns`: theirs, with borders, the highlight
/// column and one space between columns.
fn span(full: &[u16; 8], columns: &[usize]) -> u16 {
    let gaps = u16::try_from(columns.len()).unwrap_or(7);
    (columns.iter().map(|i| full[*i]).sum::<u16>() + gaps + 3).max(30)
}

/// The columns to show: compact beside a focused pane; focused, the
/// subscription too when the pane has the room.
fn columns(full: &[u16; 8], focused: bool, width: u16) -> &'static [usize] {
    match (focused, width >= span(full, ALL)) {
        (false, _) => COMPACT,
        (true, true) => ALL,
        (true, false) => NO_SUBSCRIPTION,
    }
}

/// The pane's width beside another: every column when it has the focus,
/// the compact form otherwise, so the focused pane's columns fit whole.
pub fn width(app: &App, focused: bool, total: u16) -> u16 {
    let full = full_widths(app);
    match (focused, span(&full, ALL) + BESIDE <= total) {
        (false, _) => span(&full, COMPACT),
        (true, true) => span(&full, ALL),
        (true, false) => span(&full, NO_SUBSCRIPTION),
    }
}

impl Pane for RegistriesPane {
    fn list(&self) -> &ListState {
        &self.list
    }

    fn list_mut(&mut self) -> &mut ListState {
        &mut self.list
    }

    fn refresh(&mut self, data: &PaneData) {
        let key = self.key(data);
        let filter = key.filter.clone();
        self.rows.refresh(key, || visible(data, &filter));
        self.worst.refresh(data.class_key(), || worst_states(data));
    }

    fn len(&self, data: &PaneData) -> usize {
        self.rows(data).len()
    }

    fn render(&self, app: &App, f: &mut Frame, area: Rect, theme: &Theme, focused: bool) {
        // The details wrap (the admin-user warning is longer than a narrow pane)
        // and take the rows they need.
        let details = detail_lines(app, theme);
        let wrap_width = usize::from(area.width.max(1));
        let needed: usize = details
            .iter()
            .map(|l| l.width().max(1).div_ceil(wrap_width))
            .sum();
        let height = u16::try_from(needed).unwrap_or(u16::MAX).clamp(4, 8);
        let [list_area, detail] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(height)]).areas(area);
        let visible = app.visible_registries();
        let list = &self.list;
        let (start, end, selected) = window(list, visible.len(), list_area);
        // Unfocused, it is drawn only beside the focused pane: compact.
        let full = full_widths(app);
        let shown_columns = columns(&full, focused, area.width);
        let pick = |cells: Vec<Cell<'static>>| -> Row<'static> {
            let mut cells: Vec<Option<Cell>> = cells.into_iter().map(Some).collect();
            Row::new(
                shown_columns
                    .iter()
                    .filter_map(|i| cells.get_mut(*i)?.take()),
            )
        };
        let rows: Vec<Row> = visible[start..end]
            .iter()
            .map(|i| pick(cells(app, *i, theme)))
            .collect();
        let header = pick(HEADERS.into_iter().map(Cell::from).collect()).style(theme.hint());
        let widths: Vec<Constraint> = widths(&full, shown_columns)
            .into_iter()
            .map(Constraint::Length)
            .collect();
        let title = super::list_title(
            "Registries",
            &list.filter,
            visible.len(),
            app.store().registries().len(),
        );
        let table = Table::new(rows, widths)
            .header(header)
            .block(block(title, focused, theme))
            .row_highlight_style(theme.selected());
        let mut state = table_state(selected, end - start);
        f.render_stateful_widget(table, list_area, &mut state);
        f.render_widget(Paragraph::new(details).wrap(Wrap { trim: false }), detail);
    }
}

/// One registry's cells, in the order of `FULL`.
fn cells(app: &App, i: usize, theme: &Theme) -> Vec<Cell<'static>> {
    let e = &app.store().registries()[i];
    let (tokens, maps, worst) = match &e.contents {
        Load::Loaded(c) => (
            format!("{}/{}", c.tokens.len(), compact(e.info.limit())),
            format!(
                "{}/{}",
                c.scope_maps.iter().filter(|m| !m.system).count(),
                compact(e.info.limit())
            ),
            app.worst(i).map_or(Span::raw("-"), |s| {
                Span::styled(s.as_str(), theme.token_state(s))
            }),
        ),
        // A long token list counts up as its pages arrive.
        Load::Loading => (
            e.streaming()
                .map_or_else(|| "…".into(), |n| format!("{n}…")),
            "…".into(),
            Span::styled("loading", theme.hint()),
        ),
        Load::Failed(_) => (
            "?".into(),
            "?".into(),
            Span::styled("failed", theme.danger()),
        ),
    };
    let admin = if app.ops.registry_pending(e.reference()).is_some() {
        Span::styled("…", theme.warning())
    } else if e.info.admin_user_enabled {
        Span::styled("⚠", theme.warning())
    } else {
        Span::raw(" ")
    };
    vec![
        Cell::from(admin),
        Cell::from(shown(&e.info.registry.name).into_owned()),
        Cell::from(shown(&e.subscription_name).into_owned()),
        Cell::from(e.info.sku.clone()),
        Cell::from(mode_cell(e.info.role_assignment_mode.as_deref(), theme)),
        Cell::from(tokens),
        Cell::from(maps),
        Cell::from(worst),
    ]
}

/// The role-assignment mode in a word: ABAC (Repository roles and their
/// conditions count, AcrPull/AcrPush do not), legacy, `?` when not read,
/// or the value itself when acrtui does not know it.
fn mode_cell(mode: Option<&str>, theme: &Theme) -> Span<'static> {
    match mode.map(|m| (m, Mode::parse(Some(m)))) {
        None => Span::styled("?", theme.hint()),
        Some((_, Some(Mode::Abac))) => Span::styled("ABAC", theme.warning()),
        Some((_, Some(Mode::Legacy))) => Span::raw("legacy"),
        Some((m, None)) => Span::styled(shown(m).into_owned(), theme.danger()),
    }
}

/// The mode as the details say it, short enough for the compact pane:
/// what it means for who gets in.
fn mode_line(mode: Option<&str>) -> String {
    match mode.map(|m| (m, Mode::parse(Some(m)))) {
        None => " mode: not read".into(),
        Some((_, Some(Mode::Abac))) => " mode: ABAC · AcrPull ignored".into(),
        Some((_, Some(Mode::Legacy))) => " mode: legacy registry roles".into(),
        Some((m, None)) => format!(" mode: {} (unknown)", shown(m)),
    }
}

/// 50000 → 50k.
fn compact(n: usize) -> String {
    if n >= 1000 && n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

fn detail_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let Some(e) = app.selected_registry() else {
        return vec![Line::from(Span::styled(
            if app.store().progress().finished {
                "No registries visible."
            } else {
                "Loading registries…"
            },
            theme.hint(),
        ))];
    };
    let mut lines = vec![
        // One fact a line: the compact pane is narrow.
        Line::from(format!(" {}", shown(&e.subscription_name))),
        Line::from(format!(
            " {} · {}",
            shown(&e.info.registry.resource_group),
            e.info.location
        )),
        Line::from(format!(" {}", shown(&e.info.login_server))),
        Line::from(mode_line(e.info.role_assignment_mode.as_deref())),
    ];
    if e.info.admin_user_enabled {
        lines.push(Line::from(Span::styled(
            " ⚠ admin user enabled: full rights, one shared password; prefer tokens",
            theme.warning(),
        )));
    }
    if let Load::Failed(err) = &e.contents {
        lines.push(Line::from(Span::styled(
            format!(" {err} · r retry"),
            theme.danger(),
        )));
    }
    lines
}
