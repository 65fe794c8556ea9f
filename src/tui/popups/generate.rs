//! Generating a password: re-read the token, choose the slot (replacing a
//! password that still works needs the slot's name typed), choose the expiry
//! (7/30/90/180/365 days, a date, or never, which needs a confirmation), run.
//! A lost answer comes back here, saying what exists, ready to replace it.

use chrono::{DateTime, Duration, Utc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Ctx, Reply};
use crate::arm::{RegistryRef, Slot, TokenInfo};
use crate::domain::rotation::{parse_expiry, plan_slot, works};
use crate::tui::action::{Action, ExpiryPick};
use crate::tui::command::CommandKind;
use crate::tui::keymap::Context;
use crate::tui::text_field::TextField;
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
pub const DATE: usize = 5;
const NEVER: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// Re-reading the token: a slot is never chosen on what the list showed.
    Reading,
    Slot,
    /// Replacing a working password: the slot's name (or `both`) must be typed.
    Confirm {
        warning: String,
        typed: TextField,
    },
    Expiry,
    Date,
    ConfirmNever,
    /// Sent; waiting for the answer (the show-once popup replaces this one).
    Waiting,
    /// The answer was lost; `text` says what exists now (as `acrtui rotate` does).
    Lost {
        text: String,
        created: Vec<Slot>,
    },
}

#[derive(Debug)]
pub struct Generate {
    pub registry: RegistryRef,
    pub login_server: String,
    /// The token as last read from the service.
    pub token: TokenInfo,
    pub stage: Stage,
    pub slot: Option<Slot>,
    pub choice: usize,
    pub date: TextField,
    pub error: Option<String>,
    /// Rotation wizard: the slot holding the old password, deleted at the end.
    pub retire: Option<Slot>,
    /// The rotation wizard chooses the slot itself.
    pub rotation: bool,
    /// When the popup opened: a password created since belongs to this rotation.
    pub started: DateTime<Utc>,
}

impl Generate {
    /// Opens in `Reading`: the caller re-reads the token (`CommandKind::ReadToken`).
    pub fn new(
        registry: RegistryRef,
        login_server: String,
        token: TokenInfo,
        default_choice: usize,
        now: DateTime<Utc>,
    ) -> Generate {
        Generate {
            registry,
            login_server,
            token,
            stage: Stage::Reading,
            slot: None,
            choice: default_choice.min(NEVER),
            date: TextField::new("", 32),
            error: None,
            retire: None,
            rotation: false,
            started: now,
        }
    }

    /// The rotation wizard: the free slot, else an expired one, else the older
    /// one after a typed confirmation; then straight to the expiry.
    pub fn rotation(
        registry: RegistryRef,
        login_server: String,
        token: TokenInfo,
        default_choice: usize,
        now: DateTime<Utc>,
    ) -> Generate {
        Generate {
            rotation: true,
            ..Generate::new(registry, login_server, token, default_choice, now)
        }
    }

    /// The token as just re-read: now the slot can be chosen.
    pub fn fresh(&mut self, token: TokenInfo, now: DateTime<Utc>) {
        self.token = token;
        if self.rotation {
            self.plan(None, now);
        } else {
            self.stage = Stage::Slot;
        }
    }

    /// The token changed between choosing and sending; nothing was sent.
    pub fn stale(&mut self, token: TokenInfo, message: String, now: DateTime<Utc>) {
        self.fresh(token, now);
        self.error = Some(message);
    }

    /// The answer was lost; `after` is the token re-read afterwards.
    pub fn lost(&mut self, after: Option<TokenInfo>, text: String, created: Vec<Slot>) {
        if let Some(t) = after {
            self.token = t;
        }
        self.error = None;
        self.stage = Stage::Lost { text, created };
    }

    fn plan(&mut self, wanted: Option<Slot>, now: DateTime<Utc>) {
        let plan = plan_slot(&self.token, wanted, now, self.started);
        self.slot = Some(plan.slot);
        if self.rotation {
            self.retire = plan.retire;
        }
        self.stage = match plan.warning {
            Some(warning) => Stage::Confirm {
                warning,
                typed: TextField::new("", 16),
            },
            None => Stage::Expiry,
        };
    }

    fn plan_both(&mut self, now: DateTime<Utc>) {
        self.slot = None;
        self.stage = if self.token.passwords.iter().any(|p| works(p, now)) {
            Stage::Confirm {
                warning: "both passwords are replaced: every consumer of this token stops working until it gets a new one".into(),
                typed: TextField::new("", 16),
            }
        } else {
            Stage::Expiry
        };
    }

    /// What must be typed to confirm.
    pub fn confirm_word(&self) -> &'static str {
        self.slot.map_or("both", Slot::as_str)
    }

    /// A key naming its expiry (`run = "expiry 30d"`): as if its row were
    /// chosen with Enter; a number of days not in the list is taken as is.
    fn pick_expiry(&mut self, pick: ExpiryPick, now: DateTime<Utc>) -> Reply {
        match pick {
            ExpiryPick::Date => {
                self.choice = DATE;
                self.stage = Stage::Date;
            }
            ExpiryPick::Never => {
                self.choice = NEVER;
                self.stage = Stage::ConfirmNever;
            }
            ExpiryPick::Days(days) => {
                let days = i64::from(days);
                if let Some(i) = EXPIRY_CHOICES.iter().position(|c| c.1 == Some(days)) {
                    self.choice = i;
                }
                return self.command(Some(now + Duration::days(days)));
            }
        }
        Reply::Stay
    }

    fn command(&mut self, expiry: Option<DateTime<Utc>>) -> Reply {
        self.stage = Stage::Waiting;
        self.error = None;
        Reply::Run(CommandKind::GeneratePassword {
            registry: self.registry.clone(),
            login_server: self.login_server.clone(),
            token: self.token.name.clone(),
            chosen_on: self.token.clone(),
            slot: self.slot,
            expiry,
        })
    }

    /// Which keymap section the current stage reads its keys from.
    pub(super) fn context(&self) -> Context {
        match self.stage {
            Stage::Slot => Context::Slots,
            Stage::Confirm { .. } | Stage::Date => Context::Input,
            Stage::ConfirmNever => Context::Confirm,
            Stage::Reading | Stage::Expiry | Stage::Waiting | Stage::Lost { .. } => Context::Choice,
        }
    }

    /// Close: while the token is re-read it cancels the read (nothing
    /// changes); while the password is generated it is refused, since an
    /// answer not waited for would be a password lost.
    fn close(&mut self) -> Reply {
        match self.stage {
            Stage::Reading => Reply::Cancel {
                target: crate::tui::command::Target::Token(
                    self.registry.clone(),
                    self.token.name.to_ascii_lowercase(),
                ),
                close: true,
                reread: false,
            },
            Stage::Waiting => {
                self.error = Some(
                    "generating: this cannot be cancelled (the new password would be lost); waiting for the answer".into(),
                );
                Reply::Stay
            }
            _ => Reply::Close,
        }
    }
}

impl super::Component for Generate {
    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        let context = self.context();
        let action = ctx.keymap.popup_action(key, context);
        if action == Some(Action::Close) {
            return self.close();
        }
        let now = ctx.now;
        match (&mut self.stage, action) {
            (Stage::Confirm { typed, .. }, Some(Action::Submit)) => {
                let word = self.slot.map_or("both", Slot::as_str);
                if typed.value().trim() == word {
                    self.stage = Stage::Expiry;
                    self.error = None;
                } else {
                    let close = ctx.keymap.first_key(context, Action::Close);
                    self.error = Some(format!("type {word} to continue, {close} to cancel"));
                }
            }
            (Stage::Confirm { typed, .. }, _) => {
                typed.key(key);
            }
            (Stage::Lost { created, .. }, Some(Action::Submit)) => {
                // Replace the password whose value was lost (or simply try again).
                match created.as_slice() {
                    [one] => self.slot = Some(*one),
                    [] => {}
                    _ => self.slot = None,
                }
                self.stage = Stage::Expiry;
            }
            (Stage::Slot, Some(Action::Slot1)) => self.plan(Some(Slot::Password1), now),
            (Stage::Slot, Some(Action::Slot2)) => self.plan(Some(Slot::Password2), now),
            (Stage::Slot, Some(Action::BothSlots)) => self.plan_both(now),
            (Stage::Expiry, Some(Action::Up)) => self.choice = self.choice.saturating_sub(1),
            (Stage::Expiry, Some(Action::Down)) => self.choice = (self.choice + 1).min(NEVER),
            (Stage::Expiry, Some(Action::Expiry(pick))) => return self.pick_expiry(pick, now),
            (Stage::Expiry, Some(Action::Submit)) => match self.choice {
                DATE => self.stage = Stage::Date,
                NEVER => self.stage = Stage::ConfirmNever,
                i => return self.command(EXPIRY_CHOICES[i].1.map(|d| now + Duration::days(d))),
            },
            (Stage::Date, Some(Action::Submit)) => match parse_expiry(self.date.value(), now) {
                Ok(expiry) => return self.command(expiry),
                Err(e) => self.error = Some(e),
            },
            (Stage::Date, _) => {
                self.date.key(key);
                self.error = None;
            }
            (Stage::ConfirmNever, Some(Action::Yes)) => return self.command(None),
            (Stage::ConfirmNever, Some(Action::No)) => self.stage = Stage::Expiry,
            _ => {}
        }
        Reply::Stay
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, ctx: &Ctx) {
        self.draw(f, area, theme, ctx);
    }
}
