//! Drawing: a pure function of the app state. No I/O, no waiting.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{App, InputKind};
use super::panes;
use super::state::View;
use super::theme::Theme;

const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

/// Wide enough for registries beside the selected pane.
pub fn is_wide(area: Rect) -> bool {
    area.width >= 110
}

pub fn render(app: &App, f: &mut Frame, theme: &Theme) {
    let area = f.area();
    if area.width < 20 || area.height < 5 {
        f.render_widget(Paragraph::new("acrtui: enlarge the terminal"), area);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(area);
    debug_assert_eq!(body, body_area(area));
    render_header(app, f, header, theme);
    render_body(app, f, body, theme);
    render_footer(app, f, footer, theme);
    render_popup(app, f, body, theme);
    neutralise(f.buffer_mut());
}

/// The backstop behind `safe_text::escaped` at each server string: no cell
/// may carry a bidi override or control character to the terminal, whichever
/// widget drew it (ratatui drops C0 controls itself, not bidi controls).
pub fn neutralise(buffer: &mut ratatui::buffer::Buffer) {
    for cell in &mut buffer.content {
        if cell
            .symbol()
            .chars()
            .any(crate::domain::safe_text::is_unsafe)
        {
            cell.set_symbol("\u{fffd}");
        }
    }
}

fn render_header(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    let mut spans = vec![
        Span::styled(" acrtui ", theme.title(true)),
        Span::styled(app.connection.clone(), theme.hint()),
    ];
    if let Some(e) = app.current_entry() {
        let tenant = app
            .store()
            .subscriptions()
            .iter()
            .find(|s| s.id == e.info.registry.subscription)
            .and_then(|s| s.tenant_id.as_deref())
            .map(|t| format!("  tenant {}", t.get(..8).unwrap_or(t)))
            .unwrap_or_default();
        spans.push(Span::styled(tenant, theme.hint()));
        spans.push(Span::raw(format!(
            "  {} › {}",
            e.subscription_name, e.info.registry.name
        )));
    }
    if app.settings.read_only {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(" READ-ONLY ", theme.badge()));
    }
    if let Some(left) = app
        .throttled_until
        .map(|u| u - app.now)
        .filter(|d| d.num_milliseconds() > 0)
    {
        // Rounded up: "0 s" would read as over while requests still wait.
        let secs = (left.num_milliseconds() + 999) / 1000;
        spans.push(Span::styled(
            format!("  ⏸ throttled by ARM, resuming in {secs} s"),
            theme.warning(),
        ));
    }
    let spin = SPINNER[(app.now.timestamp_subsec_millis() / 125) as usize % SPINNER.len()];
    let p = app.store().progress();
    let running: Vec<&str> = app.ops.labels().collect();
    if let Some(label) = running.last() {
        let more = match running.len() {
            1 => String::new(),
            n => format!(" (+{} more)", n - 1),
        };
        spans.push(Span::styled(
            format!("  {spin} {label}…{more}"),
            theme.warning(),
        ));
    } else if !p.finished {
        spans.push(Span::styled(
            format!(
                "  {spin} loading tokens {}/{} registries",
                p.done, p.expected
            ),
            theme.warning(),
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_body(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    // A refresh whose subscription list failed keeps the rows it had (the
    // error is flashed); a first load shows the failure in full (any rows
    // shown early were never confirmed).
    let failure = app.store().progress().failure.as_ref();
    let keep_rows = app.store().refreshed() && !app.store().registries().is_empty();
    if let Some(e) = failure.filter(|_| !keep_rows) {
        let lines = vec![
            Line::from(Span::styled(
                format!("Could not list subscriptions: {e}"),
                theme.danger(),
            )),
            Line::from(e.hint().unwrap_or_default()),
            Line::from(Span::styled("r retry · q quit", theme.hint())),
        ];
        f.render_widget(Paragraph::new(lines), area);
        return;
    }
    for (view, rect) in pane_areas(app, area) {
        let focused = view == app.view;
        app.panes.get(view).render(app, f, rect, theme, focused);
    }
}

/// The body of a screen of `area`: between the header line and the footer.
pub fn body_area(area: Rect) -> Rect {
    let [_, body, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(area);
    body
}

/// Which pane is drawn where in `body`: the drawing and the mouse agree on it.
pub fn pane_areas(app: &App, body: Rect) -> Vec<(View, Rect)> {
    // The right-hand pane: scope maps when they are shown, else tokens.
    let right = match app.view {
        View::ScopeMaps => View::ScopeMaps,
        View::Repositories => View::Repositories,
        View::Identities => View::Identities,
        _ => View::Tokens,
    };
    match app.view {
        View::Audit => vec![(View::Audit, body)],
        _ if is_wide(body) => {
            // Each pane's columns are sized from their content; the registries
            // pane shrinks to marker, name and worst state beside another.
            let left_width =
                panes::registries::width(app, app.view == View::Registries, body.width);
            let [left, rest] =
                Layout::horizontal([Constraint::Length(left_width), Constraint::Fill(1)])
                    .areas(body);
            vec![(View::Registries, left), (right, rest)]
        }
        View::Registries => vec![(View::Registries, body)],
        _ => vec![(right, body)],
    }
}

fn render_footer(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    let [top, hints] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let line = match (&app.input, &app.flash) {
        (Some(input), _) => {
            let prefix = if input.kind == InputKind::Palette {
                ":"
            } else {
                "/"
            };
            Line::from(
                std::iter::once(Span::styled(prefix, theme.input()))
                    .chain(input.text.spans(theme.input()))
                    .collect::<Vec<_>>(),
            )
        }
        (None, Some(flash)) => Line::from(Span::styled(
            flash.text.clone(),
            if flash.error {
                theme.danger()
            } else {
                theme.ok()
            },
        )),
        (None, None) => match app.clipboard_clears_at {
            Some(t) => Line::from(Span::styled(
                format!(
                    "clipboard clears in {} s",
                    (t - app.now).num_seconds().max(0)
                ),
                theme.hint(),
            )),
            None => Line::default(),
        },
    };
    f.render_widget(Paragraph::new(line), top);
    let mut spans = Vec::new();
    for (label, desc) in hint_entries(app, usize::from(hints.width)) {
        spans.push(Span::styled(format!(" {label} "), theme.key()));
        spans.push(Span::styled(format!("{desc} "), theme.hint()));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), hints);
}

fn render_popup(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    // Bottom first: the top popup is drawn over the ones it opened from.
    let ctx = app.ctx();
    for popup in &app.popups {
        popup.component().render(f, area, theme, &ctx);
    }
}

/// The hints that fit `width`, by priority: the essentials (`q`, `?`, `:`)
/// always, at the end; before them the pane's own keys, the filter, the
/// pane's sort keys, then the other global ones, each while it fits. What is left out is in the help (`?`).
pub fn hint_entries(app: &App, width: usize) -> Vec<(String, String)> {
    use super::action::Action::{
        Filter, Help, NextPane, Palette, Quit, Refresh, Sort, SortReverse,
    };
    let read_only = app.settings.read_only;
    let global = app
        .keymap
        .visible(super::keymap::Context::Global, read_only);
    let entry = |b: &&super::keymap::Binding| (b.label.clone(), b.desc.clone());
    let cost = |(l, d): &(String, String)| l.chars().count() + d.chars().count() + 3;
    let essentials: Vec<(String, String)> = [Quit, Help, Palette]
        .iter()
        .filter_map(|a| global.iter().find(|b| b.action == *a).map(entry))
        .collect();
    // The pane's own keys, then the filter, then the pane's keys that only
    // reorder what is shown, then the other global ones.
    let pane = app.keymap.visible(app.context(), read_only);
    let reorders = |b: &&&super::keymap::Binding| matches!(b.action, Sort | SortReverse);
    let optional = pane
        .iter()
        .filter(|b| !reorders(b))
        .map(entry)
        .chain(global.iter().filter(|b| b.action == Filter).map(entry))
        .chain(pane.iter().filter(reorders).map(entry))
        .chain(
            global
                .iter()
                .filter(|b| matches!(b.action, Refresh | NextPane))
                .map(entry),
        )
        .collect::<Vec<_>>();
    let mut room = width.saturating_sub(essentials.iter().map(cost).sum());
    let mut shown = Vec::new();
    for e in optional {
        if cost(&e) <= room {
            room -= cost(&e);
            shown.push(e);
        }
    }
    shown.extend(essentials);
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;

    #[test]
    fn no_cell_keeps_a_bidi_override_or_control() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 12, 1));
        buffer.set_string(0, 0, "ab\u{202e}cd", ratatui::style::Style::default());
        buffer.content[6].set_symbol("\u{1b}");
        neutralise(&mut buffer);
        let text: String = buffer.content.iter().map(|c| c.symbol()).collect();
        assert!(
            !text.chars().any(crate::domain::safe_text::is_unsafe),
            "{text:?}"
        );
        assert!(text.starts_with("ab"), "{text:?}");
    }
}
