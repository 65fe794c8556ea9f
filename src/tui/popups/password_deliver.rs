//! Delivery from the show-once popup (issue 17): `K` asks for a Key Vault
//! secret (`kv://VAULT/SECRET`, prefilled from the config's `deliver`, with
//! `{registry}`, `{token}` and `{slot}` filled in) and writes the selected
//! password there as a new version, as `rotate --deliver` does. The popup
//! stays open whatever happens: a write that fails says why, and the
//! password is still here to copy or to send again. Only `kv://` sinks: a
//! command (`exec:`) would write over the console's screen.

use ratatui::text::{Line, Span};

use super::password::ShowOnce;
use crate::cmd::deliver::Sink;
use crate::domain::secret_formats::SecretFormat;
use crate::tui::command::CommandKind;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum DeliveryView {
    #[default]
    Idle,
    /// Being written to this sink.
    Running(String),
    /// Written: the sink and the new version's id.
    Done { sink: String, id: String },
    /// Not written, and why (the password is still here).
    Failed { sink: String, why: String },
}

/// The field where the sink is typed, and what the vault gets.
#[derive(Debug)]
pub struct DeliveryForm {
    pub field: crate::tui::text_field::TextField,
    pub format: SecretFormat,
}

impl ShowOnce {
    /// `K`: the sink field, prefilled with `default` (the config's
    /// `deliver`), else `kv://`.
    pub fn start_delivery_form(&mut self, default: Option<&str>) {
        if matches!(self.delivery, DeliveryView::Running(_)) {
            return;
        }
        let text = match (&self.delivery, default) {
            // Trying again: the sink that failed, to correct.
            (DeliveryView::Failed { sink, .. }, _) => sink.clone(),
            // The default as it will be written: placeholders filled in.
            (_, Some(d)) => self.filled(d).unwrap_or_else(|| d.to_string()),
            (_, None) => "kv://".to_string(),
        };
        self.delivering = Some(DeliveryForm {
            field: crate::tui::text_field::TextField::new(&text, 300),
            format: SecretFormat::Password,
        });
    }

    /// A key in the sink field: Enter writes, Tab switches between the
    /// password and a docker config, Esc cancels.
    pub(super) fn delivery_key(
        &mut self,
        key: &crossterm::event::KeyEvent,
        ctx: &super::Ctx,
    ) -> super::Reply {
        use crate::tui::action::Action;
        use crate::tui::keymap::Context;
        let Some(form) = self.delivering.as_mut() else {
            return super::Reply::Stay;
        };
        match ctx.keymap.popup_action(key, Context::Input) {
            Some(Action::Close) => self.delivering = None,
            Some(Action::NextField) => form.format = form.format.vault_toggled(),
            Some(Action::Submit) => {
                let (text, format) = (form.field.value().trim().to_string(), form.format);
                return self
                    .start_delivery(&text, format)
                    .map_or(super::Reply::Stay, super::Reply::Run);
            }
            _ => {
                form.field.key(key);
            }
        }
        super::Reply::Stay
    }

    /// The write of the selected password to `text`'s sink; None (with the
    /// reason shown, the field kept) when the sink is not one.
    fn start_delivery(&mut self, text: &str, format: SecretFormat) -> Option<CommandKind> {
        let slot = self.creds.passwords.get(self.selected)?.slot;
        let sink = Sink::parse(text).and_then(|s| match s {
            Sink::KeyVault { .. } => {
                s.for_token(&self.registry, &self.creds.username, slot)
            }
            _ => Err("the console delivers to Key Vault only: kv://VAULT/SECRET (exec: is for `acrtui rotate`)".into()),
        });
        let sink = match sink {
            Ok(sink) => sink,
            Err(why) => {
                self.delivery = DeliveryView::Failed {
                    sink: text.to_string(),
                    why,
                };
                return None;
            }
        };
        let expiry = self.creds.passwords.get(self.selected)?.expiry;
        let password = self.selected_secret()?;
        self.delivering = None;
        self.delivery = DeliveryView::Running(sink.describe());
        Some(CommandKind::Deliver {
            delivery: crate::tui::effect_deliver::Delivery {
                login_server: self.login_server.clone(),
                registry: self.registry.clone(),
                user: self.creds.username.clone(),
                slot,
                expiry,
                sink,
                format,
            },
            password,
        })
    }

    /// `template` with this password's registry, token and slot.
    fn filled(&self, template: &str) -> Option<String> {
        let slot = self.creds.passwords.get(self.selected)?.slot;
        let sink = Sink::parse(template).ok()?;
        let sink = sink
            .for_token(&self.registry, &self.creds.username, slot)
            .ok()?;
        Some(sink.describe())
    }

    /// The vault's answer.
    pub fn delivered(&mut self, sink: String, result: Result<String, String>) {
        self.delivery = match result {
            Ok(id) => DeliveryView::Done { sink, id },
            Err(why) => DeliveryView::Failed { sink, why },
        };
    }

    pub(super) fn delivery_lines(&self, theme: &Theme, key: &str) -> Vec<Line<'static>> {
        if let Some(form) = &self.delivering {
            let what = form.format.vault_label();
            let mut line = vec![Span::styled("Write to: ", theme.hint())];
            line.extend(form.field.spans(theme.input()));
            let mut lines = vec![
                Line::from(line),
                Line::from(Span::styled(
                    format!(
                        "  as {what} (tab switches) · enter writes a new version · esc cancels"
                    ),
                    theme.hint(),
                )),
            ];
            // Why the last try failed, while it is corrected.
            if let DeliveryView::Failed { why, .. } = &self.delivery {
                lines.push(Line::from(Span::styled(
                    format!("  ✗ {}", crate::domain::safe_text::escaped(why)),
                    theme.danger(),
                )));
            }
            return lines;
        }
        let safe = |s: &str| crate::domain::safe_text::escaped(s).into_owned();
        match &self.delivery {
            DeliveryView::Idle => vec![Line::from(Span::styled(
                format!("{key} write it to Key Vault (kv://VAULT/SECRET)"),
                theme.hint(),
            ))],
            DeliveryView::Running(sink) => vec![Line::from(Span::styled(
                format!("writing to {}…", safe(sink)),
                theme.warning(),
            ))],
            DeliveryView::Done { sink, id } => vec![Line::from(Span::styled(
                format!("✓ written to {} (version {})", safe(sink), safe(id)),
                theme.ok(),
            ))],
            DeliveryView::Failed { sink, why } => vec![
                Line::from(Span::styled(
                    format!("✗ not written to {}: {}", safe(sink), safe(why)),
                    theme.danger(),
                )),
                Line::from(Span::styled(
                    format!("  The password is still here: copy it, or {key} to try again."),
                    theme.warning(),
                )),
            ],
        }
    }
}
