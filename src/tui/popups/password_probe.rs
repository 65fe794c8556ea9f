//! The probe in the show-once popup: the new password tried against the
//! registry's token service, per repository of the token's scope map, with
//! what it grants next to what the map says. Within the replication minute
//! a refusal is retried, not reported.

use chrono::{DateTime, Duration, Utc};
use ratatui::text::{Line, Span};

use super::password::ShowOnce;
use crate::registry::RegistryError;
use crate::registry::probe::ProbeRow;
use crate::tui::command::CommandKind;
use crate::tui::theme::Theme;

/// Seconds between tries while the password may still be replicating.
pub const RETRY_SECS: i64 = 10;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ProbeView {
    #[default]
    Idle,
    Running,
    /// Refused within the replication minute: asked again at `at`.
    Retrying {
        at: DateTime<Utc>,
    },
    Done(Vec<ProbeRow>),
    Failed(String),
}

/// The token's scope map, for what to probe and what to expect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeScope {
    pub actions: Vec<String>,
}

impl ShowOnce {
    /// The probe command for the selected password; None while one runs or
    /// when the scope map is unknown (said in the popup).
    pub fn start_probe(&mut self) -> Option<CommandKind> {
        if matches!(self.probe, ProbeView::Running) {
            return None;
        }
        let Some(scope) = self.scope.clone() else {
            self.probe = ProbeView::Failed(
                "the token's scope map is not loaded: refresh (r) and generate again, or use `acrtui probe`".into(),
            );
            return None;
        };
        let password = self.selected_secret()?;
        self.probe = ProbeView::Running;
        Some(CommandKind::Probe {
            login_server: self.login_server.clone(),
            user: self.creds.username.clone(),
            password,
            actions: scope.actions,
            repositories: self.probe_repository.iter().cloned().collect(),
        })
    }

    /// A key while a repository is typed for the probe: Enter probes it
    /// (a name Docker's grammar refuses is said, not sent), Esc cancels.
    pub(super) fn probe_typing_key(
        &mut self,
        key: &crossterm::event::KeyEvent,
        ctx: &super::Ctx,
    ) -> super::Reply {
        use crate::tui::action::Action;
        use crate::tui::keymap::Context;
        let Some(field) = self.probe_typing.as_mut() else {
            return super::Reply::Stay;
        };
        match ctx.keymap.popup_action(key, Context::Input) {
            Some(Action::Close) => self.probe_typing = None,
            Some(Action::Submit) => {
                let repository = field.value().trim().to_string();
                self.probe_typing = None;
                if let Err(p) = crate::domain::repo_names::check_repository_name(&repository) {
                    self.probe = ProbeView::Failed(format!("{repository:?}: {p}"));
                    return super::Reply::Stay;
                }
                self.probe_repository = Some(repository);
                return self
                    .start_probe()
                    .map_or(super::Reply::Stay, super::Reply::Run);
            }
            _ => {
                field.key(key);
            }
        }
        super::Reply::Stay
    }

    /// The service's answer. A refusal in the replication minute is retried.
    pub fn probe_answered(
        &mut self,
        result: Result<Vec<ProbeRow>, RegistryError>,
        now: DateTime<Utc>,
    ) {
        self.probe = match result {
            Ok(rows) => ProbeView::Done(rows),
            Err(RegistryError::Refused { .. }) if self.remaining(now) > 0 => ProbeView::Retrying {
                at: now + Duration::seconds(RETRY_SECS.min(self.remaining(now)).max(1)),
            },
            Err(e) => ProbeView::Failed(e.to_string()),
        };
    }

    /// A retry that is due now.
    pub fn due_retry(&mut self, now: DateTime<Utc>) -> Option<CommandKind> {
        match self.probe {
            ProbeView::Retrying { at } if at <= now => {
                self.probe = ProbeView::Idle;
                self.start_probe()
            }
            _ => None,
        }
    }

    pub(super) fn probe_lines(
        &self,
        theme: &Theme,
        now: DateTime<Utc>,
        key: &str,
    ) -> Vec<Line<'static>> {
        if let Some(field) = &self.probe_typing {
            let mut line = vec![Span::styled("Repository to probe: ", theme.hint())];
            line.extend(field.spans(theme.input()));
            return vec![Line::from(line)];
        }
        match &self.probe {
            ProbeView::Idle => vec![Line::from(Span::styled(
                format!("{key} probe: ask the registry what this password gets"),
                theme.hint(),
            ))],
            ProbeView::Running => vec![Line::from(Span::styled(
                "probing the token service…",
                theme.warning(),
            ))],
            ProbeView::Retrying { at } => vec![Line::from(Span::styled(
                format!(
                    "Refused: replication can take up to a minute; retrying in {} s",
                    (*at - now).num_seconds().max(0)
                ),
                theme.warning(),
            ))],
            ProbeView::Failed(why) => vec![Line::from(Span::styled(
                format!("Probe failed: {}", crate::domain::safe_text::escaped(why)),
                theme.danger(),
            ))],
            ProbeView::Done(rows) => rows.iter().map(|r| row_line(r, theme)).collect(),
        }
    }
}

fn row_line(r: &ProbeRow, theme: &Theme) -> Line<'static> {
    let list = |a: &[String]| {
        if a.is_empty() {
            "nothing".to_string()
        } else {
            a.join(",")
        }
    };
    let name = crate::domain::safe_text::escaped(&r.repository).into_owned();
    if r.matches {
        Line::from(vec![
            Span::styled("✓ ", theme.ok()),
            Span::raw(format!("{name}: {}", list(&r.granted))),
        ])
    } else {
        Line::from(vec![
            Span::styled("✗ ", theme.danger()),
            Span::styled(
                format!(
                    "{name}: granted {}, the scope map says {}",
                    list(&r.granted),
                    list(&r.expected)
                ),
                theme.danger(),
            ),
        ])
    }
}
