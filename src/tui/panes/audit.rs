//! Every token of every loaded registry, soonest trouble first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::{block, password_badge, table_state, window};
use crate::arm::Slot;
use crate::domain::safe_text::escaped as shown;
use crate::tui::app::App;
use crate::tui::state::View;
use crate::tui::theme::Theme;

pub fn render(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    // The banner takes a row whenever anything is missing, so the counts
    // below can never pass for a complete audit.
    let area = match app.audit_gap_summary() {
        Some(summary) if area.height > 3 => {
            let [banner, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
            let text = format!(" ⚠ incomplete: {summary} · i shows why · r retries");
            f.render_widget(Paragraph::new(Span::styled(text, theme.danger())), banner);
            rest
        }
        _ => area,
    };
    let entries = app.audit_entries();
    let (start, end, selected) = window(&app.lists[View::Audit as usize], entries.len(), area);
    let rows: Vec<Row> = entries[start..end]
        .iter()
        .filter_map(|e| Some((e, app.audit_token(e)?)))
        .map(|(e, (registry, t))| {
            let badge = |slot: Slot| password_badge(app, t, slot, theme);
            let r = &registry.info.registry;
            Row::new(vec![
                Cell::from(Span::styled(e.state.as_str(), theme.token_state(e.state))),
                Cell::from(shown(&format!("{}/{}", r.resource_group, r.name)).into_owned()),
                Cell::from(shown(&t.name).into_owned()),
                Cell::from(if t.enabled { "enabled" } else { "disabled" }),
                Cell::from(match registry.contents() {
                    Some(c) => super::scope_map_cell(t, c, theme),
                    None => {
                        Span::raw(shown(t.scope_map.as_deref().unwrap_or_default()).into_owned())
                    }
                }),
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
        Constraint::Length(12),
        Constraint::Fill(2),
        Constraint::Fill(2),
        Constraint::Length(9),
        Constraint::Fill(2),
        Constraint::Length(password),
        Constraint::Length(password),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .block(block(title, true, theme))
        .row_highlight_style(theme.selected());
    f.render_stateful_widget(table, area, &mut table_state(selected, end - start));
}
