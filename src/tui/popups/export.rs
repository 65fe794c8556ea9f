//! The audit export's path prompt.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Ctx, Reply, centered};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
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
    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        match ctx.keymap.popup_action(key, Context::Input) {
            Some(Action::Close) => Reply::Close,
            Some(Action::Submit) => Reply::Export(self.path.value().trim().to_string()),
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

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, ctx: &Ctx) {
        let rect = centered(area, 70, 5);
        let lines = vec![
            Line::from(self.path.spans(theme.input())),
            Line::from(Span::styled(
                format!(
                    "a path ending in .json writes JSON, anything else CSV · {} write · {} cancel",
                    ctx.keymap.first_key(Context::Input, Action::Submit),
                    ctx.keymap.first_key(Context::Input, Action::Close)
                ),
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
