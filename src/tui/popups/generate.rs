//! Generating a password: choose the slot (warning that its current password
//! stops working; both slots need a separate confirmation), choose the expiry
//! (7/30/90/180/365 days, a date, or never, which needs a confirmation), run.

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Reply, centered, edit_line};
use crate::arm::{RegistryRef, Slot, TokenInfo};
use crate::rotate::parse_expiry;
use crate::tui::command::Command;
use crate::tui::theme::Theme;

pub const EXPIRY_CHOICES: [(&str, Option<i64>); 7] = [
    ("7 days", Some(7)),
    ("30 days", Some(30)),
    ("90 days", Some(90)),
    ("180 days", Some(180)),
    ("365 days", Some(365)),
    ("a date…", None),
    ("never", None),
];
const DATE: usize = 5;
const NEVER: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    Slot,
    ConfirmBoth,
    Expiry,
    Date,
    ConfirmNever,
    /// Sent; waiting for the answer (the show-once popup replaces this one).
    Waiting,
}

#[derive(Debug)]
pub struct Generate {
    pub registry: RegistryRef,
    pub login_server: String,
    pub token: TokenInfo,
    pub stage: Stage,
    pub slot: Option<Slot>,
    pub choice: usize,
    pub date: String,
    pub error: Option<String>,
    /// Rotation wizard: the slot holding the old password, deleted at the end.
    pub retire: Option<Slot>,
}

impl Generate {
    pub fn new(
        registry: RegistryRef,
        login_server: String,
        token: TokenInfo,
        default_choice: usize,
    ) -> Generate {
        Generate {
            registry,
            login_server,
            token,
            stage: Stage::Slot,
            slot: None,
            choice: default_choice.min(NEVER),
            date: String::new(),
            error: None,
            retire: None,
        }
    }

    /// The rotation wizard: the free slot, or the oldest one, straight to the expiry.
    pub fn rotation(
        registry: RegistryRef,
        login_server: String,
        token: TokenInfo,
        default_choice: usize,
    ) -> Generate {
        let slot = crate::rotate::slot_for_new(&token.passwords);
        let retire = token.password(slot.other()).map(|_| slot.other());
        let mut g = Generate::new(registry, login_server, token, default_choice);
        g.slot = Some(slot);
        g.retire = retire;
        g.stage = Stage::Expiry;
        g
    }

    fn command(&mut self, expiry: Option<DateTime<Utc>>) -> Reply {
        self.stage = Stage::Waiting;
        Reply::Run(Command::GeneratePassword {
            registry: self.registry.clone(),
            login_server: self.login_server.clone(),
            token: self.token.name.clone(),
            slot: self.slot,
            expiry,
        })
    }

    pub fn key(&mut self, key: &KeyEvent, now: DateTime<Utc>) -> Reply {
        if key.code == KeyCode::Esc && self.stage != Stage::Waiting {
            return Reply::Close;
        }
        match (&self.stage, key.code) {
            (Stage::Slot, KeyCode::Char('1')) => self.pick(Some(Slot::Password1)),
            (Stage::Slot, KeyCode::Char('2')) => self.pick(Some(Slot::Password2)),
            (Stage::Slot, KeyCode::Char('b')) => {
                self.slot = None;
                self.stage = Stage::ConfirmBoth;
            }
            (Stage::ConfirmBoth, KeyCode::Char('y')) => self.stage = Stage::Expiry,
            (Stage::ConfirmBoth, KeyCode::Char('n')) => self.stage = Stage::Slot,
            (Stage::Expiry, KeyCode::Up | KeyCode::Char('k')) => {
                self.choice = self.choice.saturating_sub(1)
            }
            (Stage::Expiry, KeyCode::Down | KeyCode::Char('j')) => {
                self.choice = (self.choice + 1).min(NEVER)
            }
            (Stage::Expiry, KeyCode::Enter) => match self.choice {
                DATE => self.stage = Stage::Date,
                NEVER => self.stage = Stage::ConfirmNever,
                i => return self.command(EXPIRY_CHOICES[i].1.map(|d| now + Duration::days(d))),
            },
            (Stage::Date, KeyCode::Enter) => match parse_expiry(&self.date, now) {
                Ok(expiry) => return self.command(expiry),
                Err(e) => self.error = Some(e.replace("--expiry ", "")),
            },
            (Stage::Date, _) => {
                edit_line(&mut self.date, key, 32);
                self.error = None;
            }
            (Stage::ConfirmNever, KeyCode::Char('y')) => return self.command(None),
            (Stage::ConfirmNever, KeyCode::Char('n')) => self.stage = Stage::Expiry,
            _ => {}
        }
        Reply::Stay
    }

    fn pick(&mut self, slot: Option<Slot>) {
        self.slot = slot;
        self.stage = Stage::Expiry;
    }

    fn slot_line(&self, slot: Slot, theme: &Theme) -> Line<'static> {
        let state = match self.token.password(slot) {
            Some(_) => Span::styled(
                " (in use: its current password stops working)",
                theme.warning(),
            ),
            None => Span::styled(" (free)", theme.hint()),
        };
        let key = if slot == Slot::Password1 { "1" } else { "2" };
        Line::from(vec![
            Span::styled(format!("  [{key}] "), theme.key()),
            Span::raw(slot.as_str()),
            state,
        ])
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme) {
        let rect = centered(area, 66, 14);
        let mut lines = Vec::new();
        match self.stage {
            Stage::Slot => {
                lines.push(Line::from("Which password?"));
                lines.push(self.slot_line(Slot::Password1, theme));
                lines.push(self.slot_line(Slot::Password2, theme));
                lines.push(Line::from(vec![
                    Span::styled("  [b] ", theme.key()),
                    Span::raw("both"),
                ]));
            }
            Stage::ConfirmBoth => {
                lines.push(Line::from(Span::styled(
                    "Regenerate BOTH passwords?",
                    theme.danger(),
                )));
                lines.push(Line::from(
                    "Every consumer of this token stops working until it gets a new password.",
                ));
                lines.push(Line::from(Span::styled(
                    "y continue · n back",
                    theme.hint(),
                )));
            }
            Stage::Expiry => {
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
                for (i, (label, _)) in EXPIRY_CHOICES.iter().enumerate() {
                    let style = if i == self.choice {
                        theme.selected()
                    } else {
                        theme.normal()
                    };
                    lines.push(Line::from(Span::styled(format!("  {label}"), style)));
                }
            }
            Stage::Date => {
                lines.push(Line::from("Expiry date (YYYY-MM-DD, or Nd):"));
                lines.push(Line::from(Span::styled(
                    format!("> {}_", self.date),
                    theme.input(),
                )));
                if let Some(e) = &self.error {
                    lines.push(Line::from(Span::styled(e.clone(), theme.danger())));
                }
            }
            Stage::ConfirmNever => {
                lines.push(Line::from(Span::styled(
                    "A password that never expires?",
                    theme.warning(),
                )));
                lines.push(Line::from(
                    "It is flagged by every audit. Prefer an expiry and rotate.",
                ));
                lines.push(Line::from(Span::styled(
                    "y never expires · n back",
                    theme.hint(),
                )));
            }
            Stage::Waiting => lines.push(Line::from("Generating…")),
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            "Enter choose · Esc cancel",
            theme.hint(),
        )));
        f.render_widget(Clear, rect);
        let title = format!("New password for {}", self.token.name);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(title)),
            rect,
        );
    }
}
