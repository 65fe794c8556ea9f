//! `?`: every binding, generated from the keymap (so it cannot disagree).

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Ctx, Reply, centered};
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;

#[derive(Debug, Default)]
pub struct Help {
    pub scroll: u16,
}

impl Help {}

impl super::Component for Help {
    fn key(&mut self, key: &KeyEvent, _ctx: &Ctx) -> Reply {
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('?') => Reply::Close,
            _ => {
                super::scroll_key(&mut self.scroll, key);
                Reply::Stay
            }
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, ctx: &Ctx) {
        let (keymap, read_only) = (ctx.keymap, ctx.read_only);
        let rect = centered(area, 70, area.height.saturating_sub(2));
        let mut lines = Vec::new();
        for (ctx, title) in [
            (Context::Global, "Everywhere"),
            (Context::Registries, "Registries"),
            (Context::ScopeMaps, "Scope maps"),
            (Context::Tokens, "Tokens"),
            (Context::Audit, "Audit"),
        ] {
            lines.push(Line::from(Span::styled(title, theme.title(true))));
            for (keys, desc) in keymap.keys_by_action(ctx, read_only) {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<16}"), theme.key()),
                    Span::raw(desc),
                ]));
            }
            lines.push(Line::default());
        }
        // One command a line: on one line they were cut off at 70 columns.
        lines.push(Line::from(Span::styled(
            "Commands (:, Up/Down recall earlier ones)",
            theme.title(true),
        )));
        for c in crate::tui::palette::COMMANDS {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  :{:<20}", crate::tui::palette::usage(c)),
                    theme.key(),
                ),
                Span::raw(c.desc),
            ]));
        }
        if read_only {
            lines.push(Line::from(Span::styled(
                "READ-ONLY: changes are disabled",
                theme.warning(),
            )));
        }
        f.render_widget(Clear, rect);
        let block = Block::bordered().title("Help · Esc close · j/k scroll");
        f.render_widget(
            Paragraph::new(lines).scroll((self.scroll, 0)).block(block),
            rect,
        );
    }
}
