//! Confirmation carrying the command to run on yes. Deletions ask for the name to be typed.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Ctx, Reply, centered};
use crate::tui::command::CommandKind;
use crate::tui::text_field::TextField;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct Confirm {
    pub title: String,
    pub message: String,
    /// When set, the user must type this to confirm.
    pub require: Option<String>,
    pub typed: TextField,
    pub on_yes: Option<CommandKind>,
}

impl Confirm {
    pub fn new(
        title: &str,
        message: String,
        require: Option<String>,
        on_yes: CommandKind,
    ) -> Confirm {
        Confirm {
            title: title.into(),
            message,
            require,
            typed: TextField::new("", 64),
            on_yes: Some(on_yes),
        }
    }
}

impl super::Component for Confirm {
    fn key(&mut self, key: &KeyEvent, _ctx: &Ctx) -> Reply {
        match (&self.require, key.code) {
            (_, KeyCode::Esc) => Reply::Close,
            (None, KeyCode::Char('y') | KeyCode::Enter) => {
                self.on_yes.take().map_or(Reply::Close, Reply::CloseAndRun)
            }
            (None, KeyCode::Char('n')) => Reply::Close,
            (Some(name), KeyCode::Enter) if self.typed.value() == name => {
                self.on_yes.take().map_or(Reply::Close, Reply::CloseAndRun)
            }
            (Some(_), _) => {
                self.typed.key(key);
                Reply::Stay
            }
            _ => Reply::Stay,
        }
    }

    /// A paste fills the name to type, if one is asked (never confirming).
    fn paste(&mut self, text: &str) -> bool {
        if self.require.is_some() {
            self.typed.paste(text);
        }
        self.require.is_some()
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, _ctx: &Ctx) {
        // As tall as the wrapped message needs (it may name many tokens).
        const WIDTH: u16 = 72;
        let message_rows = self
            .message
            .chars()
            .count()
            .div_ceil(usize::from(WIDTH - 4))
            + 1;
        let extra = if self.require.is_some() { 6 } else { 4 };
        let height = u16::try_from(message_rows + extra).unwrap_or(u16::MAX);
        let rect = centered(area, WIDTH, height);
        let mut lines = vec![Line::from(self.message.clone()), Line::default()];
        match &self.require {
            Some(name) => {
                lines.push(Line::from(vec![
                    Span::raw("Type "),
                    Span::styled(name.clone(), theme.emphasis()),
                    Span::raw(" to confirm:"),
                ]));
                let mut typed = vec![Span::styled("> ", theme.input())];
                typed.extend(self.typed.spans(theme.input()));
                lines.push(Line::from(typed));
                lines.push(Line::from(Span::styled(
                    "Enter confirm · Esc cancel",
                    theme.hint(),
                )));
            }
            None => lines.push(Line::from(Span::styled(
                "y / Enter confirm · n / Esc cancel",
                theme.hint(),
            ))),
        }
        f.render_widget(Clear, rect);
        let block = Block::bordered()
            .title(self.title.clone())
            .border_style(theme.danger());
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
            rect,
        );
    }
}
