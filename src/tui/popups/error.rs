//! A failed operation: what failed, why, the service's code, status and
//! request id (for an ARM error) or the file (for a write), and a hint.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Ctx, Reply, centered};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::task_error::TaskError;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct ErrorPopup {
    pub what: String,
    pub error: TaskError,
}

impl super::Component for ErrorPopup {
    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        // Nothing to scroll: the message wraps to the popup.
        super::viewer_key(&mut 0, key, ctx)
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, ctx: &Ctx) {
        let rect = centered(area, 72, 12);
        let e = &self.error;
        let mut lines = vec![Line::from(Span::styled(e.message(), theme.danger()))];
        let detail = |k: &str, v: Option<String>| {
            v.map(|v| {
                Line::from(vec![
                    Span::styled(format!("{k:<12}"), theme.hint()),
                    Span::raw(v),
                ])
            })
        };
        if let TaskError::File { path, .. } = e {
            lines.extend(detail("file", Some(path.clone())));
        }
        if let Some(arm) = e.arm() {
            lines.extend(detail("code", arm.code.clone()));
            lines.extend(detail("HTTP", arm.status.map(|s| s.to_string())));
            lines.extend(detail("request id", arm.request_id.clone()));
        }
        if let Some(h) = e.hint() {
            lines.push(Line::default());
            lines.push(Line::from(h));
        }
        lines.push(Line::default());
        let close = ctx.keymap.first_key(Context::Viewer, Action::Close);
        lines.push(Line::from(Span::styled(
            format!("{close} close"),
            theme.hint(),
        )));
        f.render_widget(Clear, rect);
        let block = Block::bordered()
            .title(format!("{} failed", self.what))
            .border_style(theme.danger());
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
            rect,
        );
    }
}
