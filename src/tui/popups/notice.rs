//! A list of messages shown in full, one after another: the config and
//! keymap problems found at start (a status line would cut them off).

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Ctx, Reply, centered};
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct Notice {
    pub title: String,
    pub items: Vec<String>,
    pub scroll: u16,
}

impl Notice {}

impl super::Component for Notice {
    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        super::viewer_key(&mut self.scroll, key, ctx)
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, ctx: &Ctx) {
        let rect = centered(area, 100, 20);
        let mut lines = Vec::new();
        for item in &self.items {
            for (i, text) in item.lines().enumerate() {
                let bullet = if i == 0 { "• " } else { "  " };
                lines.push(Line::from(vec![
                    Span::styled(bullet, theme.danger()),
                    Span::raw(text.to_string()),
                ]));
            }
        }
        f.render_widget(Clear, rect);
        let block = Block::bordered()
            .title(format!(
                "{} ({}) · {}",
                self.title,
                self.items.len(),
                super::viewer_hint(ctx)
            ))
            .border_style(theme.danger());
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0))
                .block(block),
            rect,
        );
    }
}
