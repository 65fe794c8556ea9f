//! The audit export's path prompt.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Ctx, Reply, centered};
use crate::tui::text_field::TextField;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct Export {
    pub path: TextField,
}

impl Default for Export {
    fn default() -> Export {
        Export {
            path: TextField::new("acrtui-audit.csv", 512),
        }
    }
}

impl super::Component for Export {
    fn key(&mut self, key: &KeyEvent, _ctx: &Ctx) -> Reply {
        match key.code {
            KeyCode::Esc => Reply::Close,
            KeyCode::Enter => Reply::Export(self.path.value().trim().to_string()),
            _ => {
                self.path.key(key);
                Reply::Stay
            }
        }
    }

    fn paste(&mut self, text: &str) -> bool {
        self.path.paste(text);
        true
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, _ctx: &Ctx) {
        let rect = centered(area, 70, 5);
        let lines = vec![
            Line::from(self.path.spans(theme.input())),
            Line::from(Span::styled(
                "a path ending in .json writes JSON, anything else CSV · Enter write · Esc cancel",
                theme.hint(),
            )),
        ];
        f.render_widget(Clear, rect);
        f.render_widget(
            Paragraph::new(lines).block(Block::bordered().title("Export the audit (shown rows)")),
            rect,
        );
    }
}
