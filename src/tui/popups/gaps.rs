//! Why the audit is incomplete: each part that could not be read, with its reason.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Ctx, Reply, centered};
use crate::tui::action::Action;
use crate::tui::audit_gaps::Gap;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct GapsPopup {
    pub gaps: Vec<Gap>,
    pub scroll: u16,
}

impl GapsPopup {}

impl super::Component for GapsPopup {
    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        // The key that opened it closes it too.
        if ctx.keymap.action(key, Context::Audit, ctx.read_only) == Some(Action::ShowGaps) {
            return Reply::Close;
        }
        super::viewer_key(&mut self.scroll, key, ctx)
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, ctx: &Ctx) {
        let rect = centered(area, 96, 18);
        let mut lines = Vec::new();
        for gap in &self.gaps {
            let what = format!("{} {}", gap.part, gap.name);
            lines.push(Line::from(Span::styled(what, theme.danger())));
            lines.push(Line::from(format!("  {}", gap.error)));
        }
        if self.gaps.is_empty() {
            lines.push(Line::from("Everything was read."));
        }
        f.render_widget(Clear, rect);
        let block = Block::bordered()
            .title(format!(
                "Not in the audit ({}) · {} retry after closing · {}",
                self.gaps.len(),
                ctx.keymap.first_key(Context::Global, Action::Refresh),
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
