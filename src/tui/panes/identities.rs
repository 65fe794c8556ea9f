//! The selected registry's Entra role assignments, at the registry and
//! inherited from above it: who, which role, where assigned, which
//! repositories its condition allows, and whether it counts in the
//! registry's role-assignment mode. Below the list, the selected
//! assignment in full with what the condition validator says about it.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use super::identity_text::{condition_cell, detail, kind, principal, scope_label, short_role};
use super::{Cached, ListKey, Pane, PaneData, block, table_state, window};
use crate::domain::abac::assignment::RoleAssignment;
use crate::domain::abac::readiness::{Kind, readiness};
use crate::domain::abac::roles::{Effect, Mode, effect};
use crate::domain::safe_text::escaped as shown;
use crate::tui::app::App;
use crate::tui::filter::Needle;
use crate::tui::identities_view::{Identities, IdentitiesLoad};
use crate::tui::state::{ListState, RepositoriesLoad};
use crate::tui::theme::Theme;

#[derive(Debug, Default)]
pub struct IdentitiesPane {
    pub list: ListState,
    /// Indices into the assignments read: at the registry first, then
    /// inherited; by role, then principal; passing the filter.
    rows: Cached<ListKey, Vec<usize>>,
}

/// The current registry's identities, once read.
fn read<'a>(data: &PaneData<'a>) -> Option<&'a Identities> {
    match data
        .entry()
        .and_then(|e| data.store.identities(e.reference()))
    {
        Some(IdentitiesLoad::Read(read)) => Some(read),
        _ => None,
    }
}

fn visible(data: &PaneData, filter: &str) -> Vec<usize> {
    let (Some(read), Some(entry)) = (read(data), data.entry()) else {
        return Vec::new();
    };
    let registry_id = entry.reference().id();
    let needle = Needle::new(filter);
    let mut rows: Vec<usize> = (0..read.assignments.len())
        .filter(|i| {
            let a = &read.assignments[*i];
            needle.matches(&[
                read.name_of(&a.principal_id).unwrap_or_default(),
                &a.principal_id,
                &a.principal_type,
                &a.role_name(),
                &a.describe_condition(),
            ])
        })
        .collect();
    rows.sort_by_cached_key(|i| {
        let a = &read.assignments[*i];
        (
            a.inherited_from(&registry_id).is_some(),
            a.role_name(),
            principal(read, a).to_ascii_lowercase(),
        )
    });
    rows
}

impl IdentitiesPane {
    pub fn rows(&self, data: &PaneData) -> Cow<'_, [usize]> {
        let key = data.list_key(&self.list);
        match self.rows.get(&key) {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(visible(data, &key.filter)),
        }
    }

    /// The assignment selected.
    pub fn selected<'a>(&self, data: &PaneData<'a>) -> Option<&'a RoleAssignment> {
        let i = *self.rows(data).get(self.list.selected)?;
        read(data)?.assignments.get(i)
    }
}

impl Pane for IdentitiesPane {
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
    }

    fn len(&self, data: &PaneData) -> usize {
        self.rows(data).len()
    }

    fn render(&self, app: &App, f: &mut Frame, area: Rect, theme: &Theme, focused: bool) {
        let data = app.pane_data();
        let Some(entry) = data.entry() else {
            let text = Paragraph::new("Select a registry.");
            f.render_widget(text.block(block("Identities".into(), focused, theme)), area);
            return;
        };
        let name = shown(&entry.info.registry.name).into_owned();
        let read = match data.store.identities(entry.reference()) {
            Some(IdentitiesLoad::Read(read)) => read,
            state => {
                return render_state(
                    state,
                    format!("Identities · {name}"),
                    f,
                    area,
                    theme,
                    focused,
                );
            }
        };
        let mode = Mode::parse(read.mode.as_deref());
        let title = title(&name, read, mode);
        let [list_area, detail_area] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
        let registry_id = entry.reference().id();
        self.render_list(
            &data,
            read,
            mode,
            &registry_id,
            title,
            f,
            list_area,
            theme,
            focused,
        );
        let lines = self.detail_lines(&data, read, mode, &registry_id, theme);
        let detail = Paragraph::new(lines).wrap(Wrap { trim: false });
        f.render_widget(
            detail.block(block("Assignment".into(), false, theme)),
            detail_area,
        );
    }
}

/// The title: registry, mode, and for a legacy registry how many a switch
/// to ABAC would cut off (`i` gives it in full).
fn title(name: &str, read: &Identities, mode: Option<Mode>) -> String {
    let mut title = format!("Identities · {name} · {}", mode_word(mode));
    if mode == Some(Mode::Legacy) {
        let losing = readiness(Mode::Legacy, &read.assignments)
            .iter()
            .filter(|f| f.kind == Kind::LosesAccess)
            .count();
        if losing > 0 {
            title.push_str(&format!(" · a switch to ABAC cuts off {losing}"));
        }
    }
    title
}

impl IdentitiesPane {
    /// The selected assignment in full, with the registry's repositories
    /// (when read) naming what an over-granting prefix also reaches.
    fn detail_lines(
        &self,
        data: &PaneData,
        read: &Identities,
        mode: Option<Mode>,
        registry_id: &str,
        theme: &Theme,
    ) -> Vec<Line<'static>> {
        let catalog: Vec<String> = match data
            .entry()
            .and_then(|e| data.store.repositories(e.reference()))
        {
            Some(RepositoriesLoad::Read(list)) => list.iter().map(|r| r.name.clone()).collect(),
            _ => Vec::new(),
        };
        match self.selected(data) {
            Some(a) => detail(read, a, mode, registry_id, &catalog, theme),
            None => vec![Line::from(Span::styled(
                "No role assignment selected.",
                theme.hint(),
            ))],
        }
    }
}

fn mode_word(mode: Option<Mode>) -> &'static str {
    match mode {
        Some(Mode::Abac) => "ABAC mode",
        Some(Mode::Legacy) => "legacy mode",
        None => "unknown mode",
    }
}

/// Reading, or why the assignments could not be read.
fn render_state(
    state: Option<&IdentitiesLoad>,
    title: String,
    f: &mut Frame,
    area: Rect,
    theme: &Theme,
    focused: bool,
) {
    let text = match state {
        Some(IdentitiesLoad::Failed(e)) => Paragraph::new(vec![
            Line::from(Span::styled(shown(e).into_owned(), theme.danger())),
            Line::from(""),
            Line::from(Span::styled(
                "Listing role assignments needs Microsoft.Authorization/roleAssignments/read on the registry (Reader does). r reads them again",
                theme.hint(),
            )),
        ]),
        _ => Paragraph::new(Span::styled(
            "Reading the registry's role assignments…",
            theme.hint(),
        )),
    };
    let text = text.wrap(Wrap { trim: false });
    f.render_widget(text.block(block(title, focused, theme)), area);
}

impl IdentitiesPane {
    #[allow(clippy::too_many_arguments)]
    fn render_list(
        &self,
        data: &PaneData,
        read: &Identities,
        mode: Option<Mode>,
        registry_id: &str,
        title: String,
        f: &mut Frame,
        area: Rect,
        theme: &Theme,
        focused: bool,
    ) {
        let rows_shown = self.rows(data);
        let (start, end, selected) = window(&self.list, rows_shown.len(), area);
        let shown_here: Vec<&RoleAssignment> = rows_shown[start..end]
            .iter()
            .filter_map(|i| read.assignments.get(*i))
            .collect();
        let rows: Vec<Row> = shown_here
            .iter()
            .map(|a| assignment_row(read, a, mode, registry_id, theme))
            .collect();
        let title = super::list_title(
            &title,
            &self.list.filter,
            rows_shown.len(),
            read.assignments.len(),
        );
        let width = |f: &dyn Fn(&RoleAssignment) -> usize, min: usize, max: usize| {
            let longest = shown_here.iter().map(|a| f(a)).max().unwrap_or(0);
            Constraint::Length(u16::try_from(longest.clamp(min, max)).unwrap_or(10))
        };
        let widths = [
            width(&|a| shown(principal(read, a)).chars().count(), 9, 36),
            Constraint::Length(5),
            width(&|a| short_role(a).chars().count(), 4, 30),
            width(
                &|a| scope_label(&a.scope, registry_id).chars().count(),
                5,
                24,
            ),
            Constraint::Fill(1),
            Constraint::Length(13),
        ];
        let header = Row::new([
            "Principal",
            "Kind",
            "Role",
            "Scope",
            "Repositories",
            "In this mode",
        ])
        .style(theme.hint());
        let table = Table::new(rows, widths)
            .header(header)
            .block(block(title, focused, theme))
            .row_highlight_style(theme.selected());
        f.render_stateful_widget(table, area, &mut table_state(selected, end - start));
    }
}

/// Whether an assignment counts, in a word (the detail says it in full):
/// what counts plain, what the mode ignores in warning colour, the rest dim.
fn standing(a: &RoleAssignment, mode: Option<Mode>, theme: &Theme) -> Span<'static> {
    let Some(mode) = mode else {
        return Span::styled("mode unknown", theme.warning());
    };
    match a.role().map(|r| effect(r, mode)) {
        Some(Effect::Grants { .. }) => Span::raw("counts"),
        Some(Effect::Ignored) => Span::styled("ignored", theme.warning()),
        Some(Effect::NoEffect) => Span::styled("no effect", theme.hint()),
        Some(Effect::ControlPlaneOnly) => Span::styled("control plane", theme.hint()),
        None => Span::styled("no data role", theme.hint()),
    }
}

fn assignment_row(
    read: &Identities,
    a: &RoleAssignment,
    mode: Option<Mode>,
    registry_id: &str,
    theme: &Theme,
) -> Row<'static> {
    let repositories = condition_cell(a);
    Row::new(vec![
        Cell::from(shown(principal(read, a)).into_owned()),
        Cell::from(kind(&a.principal_type)),
        Cell::from(short_role(a)),
        Cell::from(scope_label(&a.scope, registry_id)),
        Cell::from(shown(&repositories).into_owned()),
        Cell::from(standing(a, mode, theme)),
    ])
}
