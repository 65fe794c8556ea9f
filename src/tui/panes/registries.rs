//! Registries across subscriptions, filled in as the inventory streams.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::{block, table_state, window};
use crate::domain::safe_text::escaped as shown;
use crate::tui::app::App;
use crate::tui::state::{Load, View};
use crate::tui::theme::Theme;

pub fn render(app: &App, f: &mut Frame, area: Rect, theme: &Theme, focused: bool) {
    let [list_area, detail] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(4)]).areas(area);
    let visible = app.visible_registries();
    let (start, end, selected) = window(
        &app.lists[View::Registries as usize],
        visible.len(),
        list_area,
    );
    let rows: Vec<Row> = visible[start..end]
        .iter()
        .map(|i| {
            let e = &app.registries[*i];
            let (tokens, maps, worst) = match &e.contents {
                Load::Loaded(c) => (
                    format!("{}/{}", c.tokens.len(), compact(e.info.limit())),
                    format!(
                        "{}/{}",
                        c.scope_maps.iter().filter(|m| !m.system).count(),
                        compact(e.info.limit())
                    ),
                    app.worst(*i).map_or(Span::raw("-"), |s| {
                        Span::styled(s.as_str(), theme.token_state(s))
                    }),
                ),
                Load::Loading => (
                    "…".into(),
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
            Row::new(vec![
                Cell::from(admin),
                Cell::from(shown(&e.info.registry.name).into_owned()),
                Cell::from(e.info.sku.clone()),
                Cell::from(tokens),
                Cell::from(maps),
                Cell::from(worst),
            ])
        })
        .collect();
    let header = Row::new(["", "Registry", "SKU", "Tokens", "Maps", "Worst"]).style(theme.hint());
    let list = app.lists[View::Registries as usize].clone();
    let title = if list.filter.is_empty() {
        format!("Registries ({})", visible.len())
    } else {
        format!("Registries /{} ({})", list.filter, visible.len())
    };
    let widths = [
        Constraint::Length(1),
        Constraint::Min(14),
        Constraint::Length(8),
        Constraint::Length(7),
        Constraint::Length(7),
        Constraint::Length(12),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .block(block(title, focused, theme))
        .row_highlight_style(theme.selected());
    let mut state = table_state(selected, end - start);
    f.render_stateful_widget(table, list_area, &mut state);
    f.render_widget(Paragraph::new(detail_lines(app, theme)), detail);
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
            if app.progress.finished {
                "No registries visible."
            } else {
                "Loading registries…"
            },
            theme.hint(),
        ))];
    };
    let mut lines = vec![
        Line::from(format!(
            " {} · {} · {}",
            e.subscription_name, e.info.registry.resource_group, e.info.location
        )),
        Line::from(format!(" {}", shown(&e.info.login_server))),
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
