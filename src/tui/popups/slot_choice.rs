//! Which password slot to delete, when both are in use; then a confirmation.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::confirm::Confirm;
use super::{Ctx, Popup, Reply, centered};
use crate::arm::{RegistryRef, Slot, TokenInfo};
use crate::tui::action::Action;
use crate::tui::command::CommandKind;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct SlotChoice {
    pub registry: RegistryRef,
    pub token: TokenInfo,
}

impl SlotChoice {}

impl super::Component for SlotChoice {
    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        let slot = match ctx.keymap.popup_action(key, Context::Slots) {
            Some(Action::Close) => return Reply::Close,
            Some(Action::Slot1) => Slot::Password1,
            Some(Action::Slot2) => Slot::Password2,
            _ => return Reply::Stay,
        };
        let msg = format!(
            "Delete {} of {}? Consumers using it lose access.",
            slot.as_str(),
            self.token.name
        );
        let cmd = CommandKind::DeletePassword {
            registry: self.registry.clone(),
            token: self.token.name.clone(),
            slot,
        };
        Reply::Replace(Box::new(Popup::Confirm(Confirm::new(
            "Delete password",
            msg,
            None,
            cmd,
        ))))
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, ctx: &Ctx) {
        let rect = centered(area, 64, 8);
        let mut lines = vec![Line::from("Delete which password?")];
        let k = ctx.keymap;
        for (key, slot) in [
            (k.first_key(Context::Slots, Action::Slot1), Slot::Password1),
            (k.first_key(Context::Slots, Action::Slot2), Slot::Password2),
        ] {
            let about = self.token.password(slot).map_or("unused".to_string(), |p| {
                let created = p
                    .created
                    .map_or("?".to_string(), |c| c.format("%Y-%m-%d").to_string());
                let expiry = p.expiry.map_or("never expires".to_string(), |e| {
                    format!("expires {}", e.format("%Y-%m-%d"))
                });
                format!("created {created}, {expiry}")
            });
            lines.push(Line::from(vec![
                Span::styled(format!("  [{key}] "), theme.key()),
                Span::raw(format!("{} ({about})", slot.as_str())),
            ]));
        }
        lines.push(Line::from(Span::styled(
            format!("{} cancel", k.first_key(Context::Slots, Action::Close)),
            theme.hint(),
        )));
        f.render_widget(Clear, rect);
        f.render_widget(
            Paragraph::new(lines).block(
                Block::bordered().title(format!("Delete a password of {}", self.token.name)),
            ),
            rect,
        );
    }
}
