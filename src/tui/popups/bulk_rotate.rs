//! The audit's bulk rotation (issue 17): the marked tokens, planned as
//! `acrtui rotate --expiring-within` plans them (a new password only into a
//! free or expired slot; a token whose two passwords both work, a disabled
//! one, one without passwords… stays untouched, with the reason), each new
//! password written to a Key Vault secret. Nothing is sent before Enter;
//! then every planned token is rotated (four at a time, by the effects) and
//! its row says how it went. A password the vault did not take opens its
//! own show-once popup, so none is lost.

use chrono::{DateTime, Duration, Utc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Ctx, Reply, centered};
use crate::arm::{RegistryInfo, Slot, TokenInfo};
use crate::cmd::deliver::Sink;
use crate::domain::bulk_plan::{Decision, decide};
use crate::domain::safe_text::escaped;
use crate::domain::secret_formats::SecretFormat;
use crate::tui::action::Action;
use crate::tui::command::CommandKind;
use crate::tui::keymap::Context;
use crate::tui::text_field::TextField;
use crate::tui::theme::Theme;

/// The lifetimes ↑/↓ choose from for the new passwords (days).
const EXPIRY_DAYS: [i64; 5] = [7, 30, 90, 180, 365];

/// Marked tokens are rotated whatever their expiry: the window is the
/// operator's choice, not a date.
const ANY_EXPIRY: i64 = 365 * 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowState {
    Planned {
        slot: Slot,
    },
    Untouched(&'static str),
    Running {
        slot: Slot,
    },
    Written {
        slot: Slot,
        id: String,
    },
    /// Rotated, but the vault did not take it: shown once instead.
    NotWritten {
        slot: Slot,
        why: String,
    },
    NotRotated(String),
    Lost(String),
}

#[derive(Debug)]
pub struct BulkRow {
    pub registry: RegistryInfo,
    pub token: TokenInfo,
    pub state: RowState,
}

#[derive(Debug)]
pub struct BulkRotate {
    pub rows: Vec<BulkRow>,
    pub sink: TextField,
    pub format: SecretFormat,
    /// The new passwords' lifetime (the config's default expiry).
    pub expiry_days: i64,
    pub started: bool,
    /// Why Enter did nothing (a bad sink).
    pub problem: Option<String>,
    pub now: DateTime<Utc>,
}

impl BulkRotate {
    pub fn new(
        marked: Vec<(RegistryInfo, TokenInfo)>,
        sink: Option<&str>,
        expiry_days: i64,
        now: DateTime<Utc>,
    ) -> BulkRotate {
        let rows = marked
            .into_iter()
            .map(|(registry, token)| {
                let state = match decide(&token, Duration::days(ANY_EXPIRY), now) {
                    Decision::Rotate { slot, .. } => RowState::Planned { slot },
                    Decision::Untouched(why) => RowState::Untouched(why.as_str()),
                };
                BulkRow {
                    registry,
                    token,
                    state,
                }
            })
            .collect();
        BulkRotate {
            rows,
            sink: TextField::new(sink.unwrap_or("kv://"), 300),
            format: SecretFormat::Password,
            expiry_days,
            started: false,
            problem: None,
            now,
        }
    }

    /// Rows the plan rotates (before or after Enter).
    fn planned(&self) -> usize {
        let planned = |r: &&BulkRow| !matches!(r.state, RowState::Untouched(_));
        self.rows.iter().filter(planned).count()
    }

    /// Enter: one rotation per planned token, each to its own secret.
    fn start(&mut self) -> Reply {
        let sink = match Sink::parse(self.sink.value().trim()) {
            Ok(sink @ Sink::KeyVault { .. }) => sink,
            Ok(_) => return self.refuse("the console writes to Key Vault only: kv://VAULT/SECRET"),
            Err(why) => return self.refuse(&why),
        };
        let mut commands = Vec::new();
        for row in &self.rows {
            let RowState::Planned { slot } = row.state else {
                continue;
            };
            let filled = match sink.for_token(&row.registry.registry.name, &row.token.name, slot) {
                Ok(s) => s,
                Err(why) => return self.refuse(&why),
            };
            commands.push(CommandKind::RotateToVault(
                crate::tui::effect_deliver::VaultJob {
                    registry: row.registry.clone(),
                    token: row.token.clone(),
                    slot,
                    expiry: Some(self.now + Duration::days(self.expiry_days)),
                    sink: filled,
                    format: self.format,
                },
            ));
        }
        if commands.is_empty() {
            return self
                .refuse("nothing to rotate: every marked token stays untouched (see why above)");
        }
        for row in &mut self.rows {
            if let RowState::Planned { slot } = row.state {
                row.state = RowState::Running { slot };
            }
        }
        self.started = true;
        self.problem = None;
        Reply::RunAll(commands)
    }

    fn refuse(&mut self, why: &str) -> Reply {
        self.problem = Some(why.to_string());
        Reply::Stay
    }

    /// A token's answer.
    pub fn answered(&mut self, registry: &crate::arm::RegistryRef, token: &str, state: RowState) {
        if let Some(row) = self
            .rows
            .iter_mut()
            .find(|r| &r.registry.registry == registry && r.token.name.eq_ignore_ascii_case(token))
        {
            row.state = state;
        }
    }
}

impl super::Component for BulkRotate {
    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        match ctx.keymap.popup_action(key, Context::Input) {
            Some(Action::Close) => Reply::Close,
            Some(Action::Submit) if !self.started => self.start(),
            Some(action @ (Action::Up | Action::Down)) if !self.started => {
                self.expiry_days = next_expiry(self.expiry_days, action == Action::Down);
                Reply::Stay
            }
            Some(Action::NextField) if !self.started => {
                self.format = self.format.vault_toggled();
                Reply::Stay
            }
            _ if !self.started => {
                self.sink.key(key);
                Reply::Stay
            }
            _ => Reply::Stay,
        }
    }

    fn paste(&mut self, text: &str) -> bool {
        if self.started {
            return false;
        }
        self.sink.paste(text);
        true
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, _ctx: &Ctx) {
        let mut lines: Vec<Line> = self.rows.iter().map(|r| row_line(r, theme)).collect();
        lines.push(Line::default());
        lines.extend(self.footer(theme));
        // Lines wrap: the height counts the rows they take.
        let inner = usize::from(area.width.min(100).saturating_sub(2)).max(1);
        let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
        let height = u16::try_from(rows + 2).unwrap_or(u16::MAX);
        let rect = centered(area, 100, height);
        let title = format!(
            "Rotate {} marked token(s) into Key Vault · {} planned",
            self.rows.len(),
            self.planned()
        );
        f.render_widget(Clear, rect);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(title).border_style(theme.warning())),
            rect,
        );
    }
}

impl BulkRotate {
    fn footer(&self, theme: &Theme) -> Vec<Line<'static>> {
        if self.started {
            return vec![Line::from(Span::styled(
                "Old passwords stay until consumers switch: R on a token (tokens pane) retires its old one. esc closes; rotations still running go on.",
                theme.hint(),
            ))];
        }
        let what = self.format.vault_label();
        let mut field = vec![Span::styled("Write to: ", theme.hint())];
        field.extend(self.sink.spans(theme.input()));
        let mut lines = vec![
            Line::from(field),
            Line::from(Span::styled(
                format!(
                    "  as {what} (tab switches); {{registry}} {{token}} {{slot}} are filled in · new passwords expire in {} days (↑/↓)",
                    self.expiry_days
                ),
                theme.hint(),
            )),
        ];
        if let Some(p) = &self.problem {
            lines.push(Line::from(Span::styled(
                format!("✗ {}", escaped(p)),
                theme.danger(),
            )));
        }
        lines.push(Line::from(Span::styled(
            format!("enter rotates {} · esc cancels", self.planned()),
            theme.hint(),
        )));
        lines
    }
}

/// The next longer (or shorter) lifetime of `EXPIRY_DAYS` than `days`,
/// staying at the ends.
fn next_expiry(days: i64, longer: bool) -> i64 {
    if longer {
        EXPIRY_DAYS
            .iter()
            .copied()
            .find(|d| *d > days)
            .unwrap_or(days)
    } else {
        EXPIRY_DAYS
            .iter()
            .rev()
            .copied()
            .find(|d| *d < days)
            .unwrap_or(days)
    }
}

fn row_line(row: &BulkRow, theme: &Theme) -> Line<'static> {
    let name = format!(
        "{}/{}",
        escaped(&row.registry.registry.name),
        escaped(&row.token.name)
    );
    let (text, style) = match &row.state {
        RowState::Planned { slot } => (format!("new {}", slot.as_str()), theme.normal()),
        RowState::Untouched(why) => (format!("untouched: {why}"), theme.hint()),
        RowState::Running { slot } => (
            format!("new {} · rotating…", slot.as_str()),
            theme.warning(),
        ),
        RowState::Written { slot, id } => (
            format!("✓ new {} written ({})", slot.as_str(), escaped(id)),
            theme.ok(),
        ),
        RowState::NotWritten { slot, why } => (
            format!(
                "⚠ new {} rotated but not written: {}; shown once instead",
                slot.as_str(),
                escaped(why)
            ),
            theme.danger(),
        ),
        RowState::NotRotated(why) => (format!("✗ not rotated: {}", escaped(why)), theme.danger()),
        RowState::Lost(why) => (format!("✗ answer lost: {}", escaped(why)), theme.danger()),
    };
    Line::from(vec![
        Span::styled(format!("{name:<40} "), theme.emphasis()),
        Span::styled(text, style),
    ])
}
