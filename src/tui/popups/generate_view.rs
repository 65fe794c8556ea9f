//! Drawing the generate popup: each stage's lines, and a slot with what
//! replacing its password would do.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::generate::{DATE, EXPIRY_CHOICES, Generate, Stage};
use super::{Ctx, centered};
use crate::arm::Slot;
use crate::domain::rotation::{describe_life, works};
use crate::domain::rotation_report::capitalized;
use crate::tui::action::{Action, ExpiryPick};
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;

impl Generate {
    fn slot_line(&self, slot: Slot, key: &str, theme: &Theme, now: DateTime<Utc>) -> Line<'static> {
        let state = match self.token.password(slot) {
            Some(p) if works(p, now) => Span::styled(
                format!(
                    " (in use, {}: replacing it stops it now)",
                    describe_life(p, now)
                ),
                theme.warning(),
            ),
            Some(p) => Span::styled(format!(" ({})", describe_life(p, now)), theme.hint()),
            None => Span::styled(" (free)", theme.hint()),
        };
        Line::from(vec![
            Span::styled(format!("  [{key}] "), theme.key()),
            Span::raw(slot.as_str()),
            state,
        ])
    }

    pub(super) fn draw(&self, f: &mut Frame, area: Rect, theme: &Theme, ctx: &Ctx) {
        let rect = centered(area, 66, 16);
        let mut lines = self.stage_lines(theme, ctx);
        if let Some(e) = self.error.as_ref().filter(|_| self.stage != Stage::Date) {
            lines.push(Line::from(Span::styled(e.clone(), theme.danger())));
        }
        lines.push(Line::default());
        let k = |a| ctx.keymap.first_key(self.context(), a);
        let hint = match self.stage {
            Stage::Slot | Stage::ConfirmNever => format!("{} cancel", k(Action::Close)),
            _ => format!("{} choose · {} cancel", k(Action::Submit), k(Action::Close)),
        };
        lines.push(Line::from(Span::styled(hint, theme.hint())));
        f.render_widget(Clear, rect);
        let title = format!("New password for {}", self.token.name);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(title)),
            rect,
        );
    }

    /// The expiry choices, under a note of the slot the password goes in.
    fn expiry_lines(&self, theme: &Theme, ctx: &Ctx) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        if let Some(slot) = self.slot {
            let note = match self.retire {
                Some(old) => format!(
                    "Rotation: new password in {} (the old one stays in {} until you confirm).",
                    slot.as_str(),
                    old.as_str()
                ),
                None => format!("New password in {}.", slot.as_str()),
            };
            lines.push(Line::from(Span::styled(note, theme.hint())));
        }
        lines.push(Line::from("Expires in:"));
        for (i, (label, days)) in EXPIRY_CHOICES.iter().enumerate() {
            let style = if i == self.choice {
                theme.selected()
            } else {
                theme.normal()
            };
            // The key that picks the row at once, when one is bound to it.
            let pick = match (i, days) {
                (DATE, _) => ExpiryPick::Date,
                (_, None) => ExpiryPick::Never,
                (_, Some(d)) => ExpiryPick::Days(u16::try_from(*d).unwrap_or(u16::MAX)),
            };
            let bound = ctx.keymap.bound_key(Context::Choice, Action::Expiry(pick));
            let key = bound.unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(format!("  {key:>3} "), theme.key()),
                Span::styled(label.to_string(), style),
            ]));
        }
        lines
    }

    /// What the current stage asks or says.
    fn stage_lines(&self, theme: &Theme, ctx: &Ctx) -> Vec<Line<'static>> {
        match &self.stage {
            Stage::Reading => vec![Line::from(format!(
                "Reading {} from the service…",
                self.token.name
            ))],
            Stage::Slot => self.slot_lines(theme, ctx),
            Stage::Confirm { warning, typed } => {
                let mut shown = vec![Span::styled("> ", theme.input())];
                shown.extend(typed.spans(theme.input()));
                vec![
                    Line::from(Span::styled(capitalized(warning), theme.danger())),
                    Line::from(format!("Type {} to continue:", self.confirm_word())),
                    Line::from(shown),
                ]
            }
            Stage::Lost { text, created } => {
                let enter = ctx.keymap.first_key(Context::Choice, Action::Submit);
                let next = match created.as_slice() {
                    [] => format!("{enter} try again"),
                    [one] => format!("{enter} replace {} now", one.as_str()),
                    _ => format!("{enter} replace both now"),
                };
                vec![
                    Line::from(Span::styled(text.clone(), theme.warning())),
                    Line::from(Span::styled(next, theme.key())),
                ]
            }
            Stage::Expiry => self.expiry_lines(theme, ctx),
            Stage::Date => self.date_lines(theme),
            Stage::ConfirmNever => never_lines(theme, ctx),
            Stage::Waiting => vec![Line::from("Generating…")],
        }
    }

    fn slot_lines(&self, theme: &Theme, ctx: &Ctx) -> Vec<Line<'static>> {
        let now = ctx.now;
        let k = |a| ctx.keymap.first_key(Context::Slots, a);
        vec![
            Line::from("Which password?"),
            self.slot_line(Slot::Password1, k(Action::Slot1), theme, now),
            self.slot_line(Slot::Password2, k(Action::Slot2), theme, now),
            Line::from(vec![
                Span::styled(format!("  [{}] ", k(Action::BothSlots)), theme.key()),
                Span::raw("both"),
            ]),
        ]
    }

    fn date_lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        let mut shown = vec![Span::styled("> ", theme.input())];
        shown.extend(self.date.spans(theme.input()));
        let mut lines = vec![
            Line::from("Expiry date (YYYY-MM-DD, or Nd):"),
            Line::from(shown),
        ];
        if let Some(e) = &self.error {
            lines.push(Line::from(Span::styled(e.clone(), theme.danger())));
        }
        lines
    }
}

/// "A password that never expires?": asked before one is generated.
fn never_lines(theme: &Theme, ctx: &Ctx) -> Vec<Line<'static>> {
    let k = |a| ctx.keymap.first_key(Context::Confirm, a);
    vec![
        Line::from(Span::styled(
            "A password that never expires?",
            theme.warning(),
        )),
        Line::from("It is flagged by every audit. Prefer an expiry and rotate."),
        Line::from(Span::styled(
            format!("{} never expires · {} back", k(Action::Yes), k(Action::No)),
            theme.hint(),
        )),
    ]
}
