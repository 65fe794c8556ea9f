//! `?`: every binding, generated from the keymap (so it cannot disagree).

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Reply, centered};
use crate::tui::keymap::{Context, Keymap};
use crate::tui::theme::Theme;

#[derive(Debug, Default)]
pub struct Help {
    pub scroll: u16,
}

impl Help {
    pub fn key(&mut self, key: &KeyEvent) -> Reply {
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('?') => Reply::Close,
            _ => {
                super::scroll_key(&mut self.scroll, key);
                Reply::Stay
            }
        }
    }

    pub fn render(
        &self,
        f: &mut Frame,
        area: Rect,
        theme: &Theme,
        keymap: &Keymap,
        read_only: bool,
    ) {
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
            for b in keymap.visible(ctx, read_only) {
                let keys: Vec<&str> = keymap
                    .bindings
                    .iter()
                    .filter(|o| o.context == ctx && o.action == b.action)
                    .map(|o| o.label.as_str())
                    .collect();
                lines.push(Line::from(vec![
                    Span::styled(format!("  {:<16}", keys.join(" ")), theme.key()),
                    Span::raw(b.desc.clone()),
                ]));
            }
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled(
            "Commands (:) registries · scopemaps|sm · tokens|tk · audit · registry NAME · sub NAME · q",
            theme.hint(),
        )));
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
