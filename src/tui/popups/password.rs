//! The show-once popup: the new password masked (reveal with `v`), copy it or
//! a login command (by default one that prompts for the password, so no
//! secret is pasted into a shell), a 60 s replication countdown. Closing drops the secret,
//! which zeroizes it; it can never be shown again.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use secrecy::{ExposeSecret, SecretString};

use super::{Ctx, Reply, centered};
use crate::arm::GeneratedCredentials;
use crate::domain::login::{LoginTool, login_command, prompt_login_command};
use crate::tui::action::Action;
use crate::tui::command::CommandKind;
use crate::tui::keymap::Context;
use crate::tui::rotation::PendingRotation;
use crate::tui::theme::Theme;

/// Seconds a regenerated password needs to replicate (Microsoft docs).
pub const REPLICATION_SECS: i64 = 60;

#[derive(Debug)]
pub struct ShowOnce {
    pub login_server: String,
    pub creds: GeneratedCredentials,
    pub selected: usize,
    pub revealed: bool,
    pub tool: LoginTool,
    pub shown_at: DateTime<Utc>,
    /// Rotation wizard: after closing, offer to delete this (old) slot.
    pub then_retire: Option<(crate::arm::RegistryRef, crate::arm::Slot)>,
    /// The token's scope map when it was loaded: what the probe compares with.
    pub scope: Option<super::password_probe::ProbeScope>,
    pub probe: super::password_probe::ProbeView,
    /// A repository being typed for the probe (`P`), and the one probed
    /// last that way (None: the scope map's repositories).
    pub probe_typing: Option<crate::tui::text_field::TextField>,
    pub probe_repository: Option<String>,
    /// The registry's name (`{registry}` of a sink).
    pub registry: String,
    /// A Key Vault sink being typed (`K`), and the last write's state.
    pub delivering: Option<super::password_deliver::DeliveryForm>,
    pub delivery: super::password_deliver::DeliveryView,
}

impl ShowOnce {
    pub fn new(
        (registry, login_server): (String, String),
        creds: GeneratedCredentials,
        tool: LoginTool,
        now: DateTime<Utc>,
    ) -> ShowOnce {
        ShowOnce {
            login_server,
            creds,
            selected: 0,
            revealed: false,
            tool,
            shown_at: now,
            then_retire: None,
            scope: None,
            probe: Default::default(),
            probe_typing: None,
            probe_repository: None,
            registry,
            delivering: None,
            delivery: Default::default(),
        }
    }

    /// A copy of the selected password (zeroized when dropped).
    pub(super) fn selected_secret(&self) -> Option<SecretString> {
        self.secret()
            .map(|s| SecretString::from(s.expose_secret().to_string()))
    }

    fn secret(&self) -> Option<&SecretString> {
        self.creds.passwords.get(self.selected).map(|p| &p.value)
    }

    pub fn remaining(&self, now: DateTime<Utc>) -> i64 {
        (REPLICATION_SECS - (now - self.shown_at).num_seconds()).max(0)
    }
}

impl super::Component for ShowOnce {
    /// A paste goes to the field being typed (a sink, a repository).
    fn paste(&mut self, text: &str) -> bool {
        if let Some(form) = self.delivering.as_mut() {
            form.field.paste(text);
            return true;
        }
        if let Some(field) = self.probe_typing.as_mut() {
            field.paste(text);
            return true;
        }
        false
    }

    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        if self.probe_typing.is_some() {
            return self.probe_typing_key(key, ctx);
        }
        if self.delivering.is_some() {
            return self.delivery_key(key, ctx);
        }
        match ctx.keymap.popup_action(key, Context::Password) {
            Some(Action::Close) => match self.then_retire.take() {
                Some((registry, old)) => Reply::CloseRotation(PendingRotation {
                    registry,
                    token: self.creds.username.clone(),
                    old,
                    since: self.shown_at,
                }),
                None => Reply::Close,
            },
            Some(Action::Reveal) => {
                self.revealed = !self.revealed;
                Reply::Stay
            }
            Some(Action::Probe) => {
                self.probe_repository = None;
                self.start_probe().map_or(Reply::Stay, Reply::Run)
            }
            Some(Action::Deliver) => {
                self.start_delivery_form(ctx.deliver);
                Reply::Stay
            }
            Some(Action::ProbeRepository) => {
                self.probe_typing = Some(crate::tui::text_field::TextField::new("", 255));
                Reply::Stay
            }
            Some(Action::NextPassword) if self.creds.passwords.len() > 1 => {
                self.selected = (self.selected + 1) % self.creds.passwords.len();
                Reply::Stay
            }
            Some(Action::NextLoginTool) => {
                let i = LoginTool::ALL
                    .iter()
                    .position(|t| *t == self.tool)
                    .unwrap_or(0);
                self.tool = LoginTool::ALL[(i + 1) % LoginTool::ALL.len()];
                Reply::Stay
            }
            Some(
                copy @ (Action::CopyPassword | Action::CopyLogin | Action::CopyLoginWithPassword),
            ) => self.copy(copy, ctx),
            _ => Reply::Stay,
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, ctx: &Ctx) {
        let now = ctx.now;
        let probe = self.probe_lines(
            theme,
            now,
            ctx.keymap.first_key(Context::Password, Action::Probe),
        );
        let delivery = self.delivery_lines(
            theme,
            ctx.keymap.first_key(Context::Password, Action::Deliver),
        );
        let height = 15 + u16::try_from(probe.len() + delivery.len()).unwrap_or(u16::MAX);
        let rect = centered(area, 76, height);
        let mut lines = self.password_lines(theme);
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            "This is the only time it is shown. Copy it now.",
            theme.warning(),
        )));
        let left = self.remaining(now);
        lines.push(Line::from(if left > 0 {
            format!("A regenerated password takes about 60 s to replicate: usable in {left} s.")
        } else {
            "Replicated: the password is usable now.".to_string()
        }));
        lines.extend(probe);
        lines.extend(delivery);
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(self.keys_hint(ctx), theme.hint())));
        f.render_widget(Clear, rect);
        let block = Block::bordered()
            .title("New password · shown once")
            .border_style(theme.warning());
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block),
            rect,
        );
    }
}

impl ShowOnce {
    /// The user and each password, masked unless revealed. A revealed
    /// value is borrowed from the secret for this frame, never copied
    /// into a string that would outlive it unzeroized.
    fn password_lines(&self, theme: &Theme) -> Vec<Line<'_>> {
        let mut lines = vec![Line::from(vec![
            Span::raw("User "),
            Span::styled(self.creds.username.clone(), theme.emphasis()),
            Span::raw(format!(" on {}", self.login_server)),
        ])];
        for (i, p) in self.creds.passwords.iter().enumerate() {
            let value = if self.revealed && i == self.selected {
                Span::styled(p.value.expose_secret(), theme.secret())
            } else {
                Span::styled("•".repeat(20), theme.secret())
            };
            let marker = if i == self.selected { "▶ " } else { "  " };
            let expiry = p.expiry.map_or("never expires".to_string(), |e| {
                format!("expires {}", e.format("%Y-%m-%d"))
            });
            lines.push(Line::from(vec![
                Span::raw(marker),
                Span::styled(format!("{:<10}", p.slot.as_str()), theme.key()),
                value,
            ]));
            lines.push(Line::from(Span::styled(
                format!("            {expiry}"),
                theme.hint(),
            )));
        }
        lines
    }

    fn keys_hint(&self, ctx: &Ctx) -> String {
        let k = |a| ctx.keymap.first_key(Context::Password, a);
        format!(
            "{} reveal · {} copy password · {} {} login (asks for it) · {} login with password · {} tool · {} next · {}",
            k(Action::Reveal),
            k(Action::CopyPassword),
            k(Action::CopyLogin),
            self.tool.as_str(),
            k(Action::CopyLoginWithPassword),
            k(Action::NextLoginTool),
            k(Action::NextPassword),
            k(Action::Close),
        )
    }
}

impl ShowOnce {
    /// The password, or a login command without it (it asks for it) or
    /// with it, to the clipboard, cleared again after the configured delay.
    fn copy(&self, action: Action, ctx: &Ctx) -> Reply {
        match action {
        Action::CopyPassword => self.secret().map_or(Reply::Stay, |s| {
            Reply::Run(CommandKind::Copy {
                text: SecretString::from(s.expose_secret().to_string()),
                what: "the password".into(),
                clear: true,
            })
        }),
        Action::CopyLogin => {
            let cmd =
                prompt_login_command(self.tool, &self.login_server, &self.creds.username);
            Reply::Run(CommandKind::Copy {
                text: SecretString::from(cmd),
                what: format!(
                    "the {} login command, without the password (it asks for it: {} copies it)",
                    self.tool.as_str(),
                    ctx.keymap.first_key(Context::Password, Action::CopyPassword)
                ),
                clear: true,
            })
        }
        Action::CopyLoginWithPassword => self.secret().map_or(Reply::Stay, |s| {
            let cmd = login_command(self.tool, &self.login_server, &self.creds.username, s);
            Reply::Run(CommandKind::Copy {
                text: cmd,
                what: format!(
                    "the {} login command WITH the password (kept out of shell history only where HISTCONTROL=ignorespace or HIST_IGNORE_SPACE)",
                    self.tool.as_str()
                ),
                clear: true,
            })
        }),
            _ => Reply::Stay,
        }
    }
}
