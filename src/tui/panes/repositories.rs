//! The selected registry's repositories, read from its login server (not
//! ARM), with their tag counts and the tokens that reach each; below the
//! list, every token reaching the selected repository and what it may do.

use std::borrow::Cow;
use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use super::{Cached, ListKey, Pane, PaneData, block, table_state, window};
use crate::domain::catalog_reach::{Catalog, RepositoryReach, repository_reach};
use crate::domain::permissions::{CompiledScopeMap, TokenRef, scope_words, tokens_reaching};
use crate::domain::safe_text::escaped as shown;
use crate::registry::tag_counts::{RepositorySummary, TAG_COUNTS_FOR};
use crate::tui::app::App;
use crate::tui::filter::Needle;
use crate::tui::state::{ListState, RepositoriesLoad};
use crate::tui::theme::Theme;

/// The registry's scope maps compiled, and what reaches each repository.
#[derive(Debug, Default)]
struct Reach {
    maps: BTreeMap<String, CompiledScopeMap>,
    /// In the order of the repositories read.
    repositories: Vec<RepositoryReach>,
}

#[derive(Debug, Default)]
pub struct RepositoriesPane {
    pub list: ListState,
    /// Indices into the repositories read, passing the filter.
    rows: Cached<ListKey, Vec<usize>>,
    reach: Cached<ListKey, Reach>,
}

/// The current registry's repositories, once read.
fn read<'a>(data: &PaneData<'a>) -> &'a [RepositorySummary] {
    match data
        .entry()
        .and_then(|e| data.store.repositories(e.reference()))
    {
        Some(RepositoriesLoad::Read(list)) => list,
        _ => &[],
    }
}

fn visible(data: &PaneData, filter: &str) -> Vec<usize> {
    let needle = Needle::new(filter);
    let repositories = read(data);
    (0..repositories.len())
        .filter(|i| needle.matches(&[&repositories[*i].name]))
        .collect()
}

fn reach(data: &PaneData) -> Reach {
    let Some(contents) = data.contents() else {
        return Reach::default();
    };
    let maps: BTreeMap<String, CompiledScopeMap> = contents
        .scope_maps
        .iter()
        .map(|m| (m.name.clone(), CompiledScopeMap::new(&m.actions)))
        .collect();
    // Disabled tokens reach nothing today; they are listed below, not counted.
    let users = |name: &str| {
        contents
            .tokens
            .iter()
            .filter(|t| t.enabled && t.scope_map.as_deref() == Some(name))
            .count()
    };
    let weighted: Vec<(&CompiledScopeMap, usize)> =
        maps.iter().map(|(name, m)| (m, users(name))).collect();
    let catalog = Catalog::new(read(data).iter().map(|r| r.name.clone()).collect());
    let repositories = repository_reach(&weighted, &catalog);
    Reach { maps, repositories }
}

impl RepositoriesPane {
    pub fn rows(&self, data: &PaneData) -> Cow<'_, [usize]> {
        let key = data.list_key(&self.list);
        match self.rows.get(&key) {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(visible(data, &key.filter)),
        }
    }

    /// The repository selected, by name.
    pub fn selected<'a>(&self, data: &PaneData<'a>) -> Option<&'a str> {
        let i = *self.rows(data).get(self.list.selected)?;
        read(data).get(i).map(|r| r.name.as_str())
    }
}

impl Pane for RepositoriesPane {
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
        self.reach.refresh(data.data_key(), || reach(data));
    }

    fn len(&self, data: &PaneData) -> usize {
        self.rows(data).len()
    }

    fn render(&self, app: &App, f: &mut Frame, area: Rect, theme: &Theme, focused: bool) {
        let data = app.pane_data();
        let Some(entry) = data.entry() else {
            let text = Paragraph::new("Select a registry.");
            f.render_widget(
                text.block(block("Repositories".into(), focused, theme)),
                area,
            );
            return;
        };
        let title = format!("Repositories · {}", shown(&entry.info.registry.name));
        let repositories = match data.store.repositories(entry.reference()) {
            Some(RepositoriesLoad::Read(list)) => list,
            state => return render_state(state, title, f, area, theme, focused),
        };
        let [list_area, detail_area] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
        let key = data.data_key();
        let computed;
        let reach = match self.reach.get(&key) {
            Some(r) => r,
            None => {
                computed = self::reach(&data);
                &computed
            }
        };
        self.render_list(
            &data,
            repositories,
            reach,
            title,
            f,
            list_area,
            theme,
            focused,
        );
        let lines = self.detail(&data, reach, theme);
        let detail = Paragraph::new(lines).wrap(Wrap { trim: false });
        let title = match self.selected(&data) {
            Some(r) => format!("Who reaches {}", shown(r)),
            None => "Who reaches".into(),
        };
        f.render_widget(detail.block(block(title, false, theme)), detail_area);
    }
}

/// Reading, or why the repositories could not be read: drawn in the pane,
/// while the rest of the console keeps working.
fn render_state(
    state: Option<&RepositoriesLoad>,
    title: String,
    f: &mut Frame,
    area: Rect,
    theme: &Theme,
    focused: bool,
) {
    let text = match state {
        Some(RepositoriesLoad::Failed(e)) => Paragraph::new(vec![
            Line::from(Span::styled(
                shown(&e.to_string()).into_owned(),
                theme.danger(),
            )),
            Line::from(""),
            Line::from(Span::styled("r reads them again", theme.hint())),
        ]),
        _ => Paragraph::new(Span::styled(
            "Reading the registry's repositories from its login server…",
            theme.hint(),
        )),
    };
    let text = text.wrap(Wrap { trim: false });
    f.render_widget(text.block(block(title, focused, theme)), area);
}

impl RepositoriesPane {
    #[allow(clippy::too_many_arguments)]
    fn render_list(
        &self,
        data: &PaneData,
        repositories: &[RepositorySummary],
        reach: &Reach,
        title: String,
        f: &mut Frame,
        area: Rect,
        theme: &Theme,
        focused: bool,
    ) {
        let rows_shown = self.rows(data);
        let (start, end, selected) = window(&self.list, rows_shown.len(), area);
        let rows: Vec<Row> = rows_shown[start..end]
            .iter()
            .filter_map(|i| Some((repositories.get(*i)?, reach.repositories.get(*i))))
            .map(|(r, reached)| repository_row(r, reached.copied().unwrap_or_default(), theme))
            .collect();
        let mut title = super::list_title(
            &title,
            &self.list.filter,
            rows_shown.len(),
            repositories.len(),
        );
        if repositories.len() > TAG_COUNTS_FOR {
            title.push_str(&format!(" · tags counted for the first {TAG_COUNTS_FOR}"));
        }
        let header =
            Row::new(["Repository", "Tags", "Tokens", "What they may do"]).style(theme.hint());
        let longest = rows_shown[start..end]
            .iter()
            .filter_map(|i| repositories.get(*i))
            .map(|r| shown(&r.name).chars().count())
            .max()
            .unwrap_or(0)
            .clamp(10, 60);
        let widths = [
            Constraint::Length(u16::try_from(longest).unwrap_or(60)),
            Constraint::Length(5),
            Constraint::Length(6),
            Constraint::Fill(1),
        ];
        let table = Table::new(rows, widths)
            .header(header)
            .block(block(title, focused, theme))
            .row_highlight_style(theme.selected());
        f.render_stateful_widget(table, area, &mut table_state(selected, end - start));
    }

    /// Every token reaching the selected repository, with what it may do
    /// there and the scope map that grants it.
    fn detail(&self, data: &PaneData, reach: &Reach, theme: &Theme) -> Vec<Line<'static>> {
        let (Some(repository), Some(contents)) = (self.selected(data), data.contents()) else {
            return vec![Line::from(Span::styled(
                "No repository selected.",
                theme.hint(),
            ))];
        };
        let refs: Vec<TokenRef> = contents
            .tokens
            .iter()
            .filter_map(|t| {
                Some(TokenRef {
                    name: &t.name,
                    scope_map: t.scope_map.as_deref()?,
                    enabled: t.enabled,
                })
            })
            .collect();
        let reaching = tokens_reaching(repository, &reach.maps, &refs);
        let mut lines: Vec<Line<'static>> = if reaching.is_empty() {
            vec![Line::from(Span::styled(
                format!("No token reaches {}.", shown(repository)),
                theme.hint(),
            ))]
        } else {
            reaching
                .iter()
                .map(|r| {
                    let off = if r.enabled { "" } else { " (disabled)" };
                    Line::from(format!(
                        " {}{off} via {}: {}",
                        shown(r.token),
                        shown(r.scope_map),
                        scope_words(r.granted).join(", ")
                    ))
                })
                .collect()
        };
        // And who reaches it with Entra: both kinds of access in one answer.
        let identities = data
            .entry()
            .and_then(|e| data.store.identities(e.reference()));
        lines.extend(super::identity_text::reach_lines(
            identities, repository, 8, theme,
        ));
        lines
    }
}

fn repository_row(r: &RepositorySummary, reach: RepositoryReach, theme: &Theme) -> Row<'static> {
    let tags = r.tags.map_or("-".to_string(), |n| n.to_string());
    let (tokens, access) = if reach.tokens == 0 {
        (
            Span::styled("0", theme.hint()),
            Span::styled("no token", theme.hint()),
        )
    } else {
        (
            Span::raw(reach.tokens.to_string()),
            Span::raw(scope_words(reach.granted).join(", ")),
        )
    };
    Row::new(vec![
        Cell::from(shown(&r.name).into_owned()),
        Cell::from(tags),
        Cell::from(tokens),
        Cell::from(access),
    ])
}
