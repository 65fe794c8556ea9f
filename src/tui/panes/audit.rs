//! Every token of every loaded registry, soonest trouble first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row, Table};

use super::{block, password_badge, table_state, window};
use crate::arm::Slot;
use crate::tui::app::App;
use crate::tui::state::View;
use crate::tui::theme::Theme;

pub fn render(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    let entries = app.audit_entries();
    let (start, end, selected) = window(
        app.lists[View::Audit as usize].selected,
        entries.len(),
        area,
    );
    let rows: Vec<Row> = entries[start..end]
        .iter()
        .filter_map(|e| Some((e, app.audit_token(e)?)))
        .map(|(e, (registry, t))| {
            let badge = |slot: Slot| password_badge(app, t, slot, theme);
            let r = &registry.info.registry;
            Row::new(vec![
                Cell::from(Span::styled(e.state.as_str(), theme.token_state(e.state))),
                Cell::from(format!("{}/{}", r.resource_group, r.name)),
                Cell::from(t.name.clone()),
                Cell::from(if t.enabled { "enabled" } else { "disabled" }),
                Cell::from(t.scope_map.clone().unwrap_or_default()),
                Cell::from(badge(Slot::Password1)),
                Cell::from(badge(Slot::Password2)),
            ])
        })
        .collect();
    let filter = app
        .audit_filter
        .map_or("all".to_string(), |s| s.as_str().to_string());
    let list = &app.lists[View::Audit as usize];
    let text = if list.filter.is_empty() {
        String::new()
    } else {
        format!(" /{}", list.filter)
    };
    let title = format!(
        "Audit · {filter}{text} ({}) · f filter · Enter go to token",
        entries.len()
    );
    let header = Row::new([
        "State",
        "Registry",
        "Token",
        "Status",
        "Scope map",
        "Password1",
        "Password2",
    ])
    .style(theme.hint());
    let widths = [
        Constraint::Length(12),
        Constraint::Fill(2),
        Constraint::Fill(2),
        Constraint::Length(9),
        Constraint::Fill(2),
        Constraint::Length(9),
        Constraint::Length(9),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .block(block(title, true, theme))
        .row_highlight_style(theme.selected());
    f.render_stateful_widget(table, area, &mut table_state(selected, end - start));
}
