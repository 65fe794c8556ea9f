//! `?`: every binding, generated from the keymap (so it cannot disagree).

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Ctx, Reply, centered};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;

#[derive(Debug, Default)]
pub struct Help {
    pub scroll: u16,
}

impl super::Component for Help {
    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        // The key that opened it closes it too.
        if ctx.keymap.action(key, Context::Global, ctx.read_only) == Some(Action::Help) {
            return Reply::Close;
        }
        super::viewer_key(&mut self.scroll, key, ctx)
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, ctx: &Ctx) {
        let read_only = ctx.read_only;
        let rect = centered(area, 70, area.height.saturating_sub(2));
        // The panes' keys first, then the commands, then the popups' keys
        // (those that only go on with a change are left out in read-only).
        let (panes, popups) = Context::ALL.split_at(5);
        let mut lines = context_lines(panes, ctx, theme);
        // One command a line: on one line they were cut off at 70 columns.
        lines.push(Line::from(Span::styled(
            "Commands (:, Up/Down recall earlier ones)",
            theme.title(true),
        )));
        let commands = ctx.keymap.commands.iter();
        for c in commands.filter(|c| !(read_only && c.action.is_mutating())) {
            lines.push(Line::from(vec![
                Span::styled(format!("  :{:<20}", c.usage()), theme.key()),
                Span::raw(c.desc.clone()),
            ]));
        }
        lines.push(Line::default());
        let reachable: Vec<(Context, &str)> = popups
            .iter()
            .copied()
            .filter(|(c, _)| !read_only || c.in_read_only())
            .collect();
        lines.extend(context_lines(&reachable, ctx, theme));
        if read_only {
            lines.push(Line::from(Span::styled(
                "READ-ONLY: changes are disabled",
                theme.warning(),
            )));
        }
        f.render_widget(Clear, rect);
        let block = Block::bordered().title(format!("Help · {}", super::viewer_hint(ctx)));
        f.render_widget(
            Paragraph::new(lines).scroll((self.scroll, 0)).block(block),
            rect,
        );
    }
}

/// Each context's heading, then its actions with every key bound to each.
fn context_lines(contexts: &[(Context, &str)], ctx: &Ctx, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (context, title) in contexts {
        lines.push(Line::from(Span::styled(
            title.to_string(),
            theme.title(true),
        )));
        for (keys, desc) in ctx.keymap.keys_by_action(*context, ctx.read_only) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<16}"), theme.key()),
                Span::raw(desc),
            ]));
        }
        lines.push(Line::default());
    }
    lines
}
