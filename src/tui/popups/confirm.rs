//! Confirmation carrying the command to run on yes. Deletions ask for the name to be typed.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Ctx, Reply, centered};
use crate::tui::action::Action;
use crate::tui::command::CommandKind;
use crate::tui::keymap::Context;
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
    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        let yes = |c: &mut Confirm| c.on_yes.take().map_or(Reply::Close, Reply::CloseAndRun);
        match &self.require {
            // A name to type: the field has the focus.
            Some(name) => match ctx.keymap.popup_action(key, Context::Input) {
                Some(Action::Close) => Reply::Close,
                Some(Action::Submit) if self.typed.value() == name => yes(self),
                Some(Action::Submit) => Reply::Stay,
                _ => {
                    self.typed.key(key);
                    Reply::Stay
                }
            },
            None => match ctx.keymap.popup_action(key, Context::Confirm) {
                Some(Action::Yes) => yes(self),
                Some(Action::No | Action::Close) => Reply::Close,
                _ => Reply::Stay,
            },
        }
    }

    /// A paste fills the name to type, if one is asked (never confirming).
    fn paste(&mut self, text: &str) -> bool {
        if self.require.is_some() {
            self.typed.paste(text);
        }
        self.require.is_some()
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, ctx: &Ctx) {
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
                let k = ctx.keymap;
                lines.push(Line::from(Span::styled(
                    format!(
                        "{} confirm · {} cancel",
                        k.first_key(Context::Input, Action::Submit),
                        k.first_key(Context::Input, Action::Close)
                    ),
                    theme.hint(),
                )));
            }
            None => lines.push(Line::from(Span::styled(
                ctx.keymap
                    .hint(Context::Confirm, &[Action::Yes, Action::No, Action::Close]),
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
