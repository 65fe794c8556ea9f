//! The audit's bulk rotation (issue 17): `space` marks tokens, `R` plans
//! the marked ones (or the selected one) into Key Vault, and each token's
//! answer lands on its row. A rotated password the vault did not take opens
//! its own show-once popup; each rotation stays in progress (its old slot
//! kept) until `R` on the token retires it.

use super::app::App;
use super::command::CommandKind;
use super::msg::VaultRotation;
use super::panes::audit::mark_key;
use super::popups::Popup;
use super::popups::bulk_rotate::{BulkRotate, RowState};
use super::popups::generate::EXPIRY_CHOICES;
use super::popups::password::ShowOnce;
use super::popups::password_deliver::DeliveryView;
use super::rotation::PendingRotation;
use crate::arm::{GeneratedCredentials, RegistryRef};

impl App {
    /// `space` in the audit: marks (or unmarks) the selected row's token
    /// and moves down, so a run of rows is marked key after key.
    pub(super) fn toggle_mark(&mut self) {
        let entries = self.audit_entries();
        let len = entries.len();
        let Some(e) = entries.get(self.panes.audit.list.selected).copied() else {
            return;
        };
        drop(entries);
        let Some(key) = self
            .audit_token(&e)
            .map(|(r, t)| mark_key(r.reference(), &t.name))
        else {
            return;
        };
        let marked = &mut self.panes.audit.marked;
        if !marked.remove(&key) {
            marked.insert(key);
        }
        let list = &mut self.panes.audit.list;
        list.selected = (list.selected + 1).min(len.saturating_sub(1));
    }

    /// `R` in the audit: the plan for the marked tokens (the selected one
    /// when none is marked). Nothing is sent before the popup's Enter.
    pub(super) fn open_bulk_rotation(&mut self) {
        let marked = &self.panes.audit.marked;
        let mut chosen: Vec<_> = self
            .store
            .registries()
            .iter()
            .filter_map(|r| Some((r, r.contents()?)))
            .flat_map(|(r, c)| c.tokens.iter().map(move |t| (r, t)))
            .filter(|(r, t)| marked.contains(&mark_key(r.reference(), &t.name)))
            .map(|(r, t)| (r.info.clone(), t.clone()))
            .collect();
        if chosen.is_empty() {
            let entries = self.audit_entries();
            let selected = entries
                .get(self.panes.audit.list.selected)
                .and_then(|e| self.audit_token(e))
                .map(|(r, t)| (r.info.clone(), t.clone()));
            chosen.extend(selected);
        }
        if chosen.is_empty() {
            return self.flash("nothing to rotate: mark tokens with space first", false);
        }
        let days = EXPIRY_CHOICES
            .get(self.settings.default_expiry)
            .and_then(|(_, d)| *d)
            .unwrap_or(30);
        let popup = BulkRotate::new(chosen, self.settings.deliver.as_deref(), days, self.now);
        self.open(Popup::BulkRotate(popup));
    }

    /// One token of a bulk rotation answered.
    pub(super) fn on_rotated_to_vault(
        &mut self,
        registry: RegistryRef,
        login_server: String,
        token: String,
        result: VaultRotation,
    ) {
        let state = match result {
            VaultRotation::Written { creds, id } => {
                let slot = self.took_rotation(&registry, &creds);
                self.panes.audit.marked.remove(&mark_key(&registry, &token));
                slot.map_or(RowState::NotRotated("no new password".into()), |slot| {
                    RowState::Written { slot, id }
                })
            }
            VaultRotation::NotWritten { creds, sink, why } => {
                let slot = self.took_rotation(&registry, &creds);
                let failed = DeliveryView::Failed {
                    sink,
                    why: why.clone(),
                };
                self.show_unwritten(&registry, login_server, creds, failed);
                slot.map_or(RowState::NotRotated(why.clone()), |slot| {
                    RowState::NotWritten { slot, why }
                })
            }
            VaultRotation::NotRotated(why) => {
                self.reread_token(&registry, &token);
                RowState::NotRotated(why)
            }
            VaultRotation::Lost(what) => {
                self.reread_token(&registry, &token);
                self.flash(format!("{token}: {what}"), true);
                RowState::Lost(what)
            }
        };
        let open = self.popups.iter_mut().find_map(|p| match p {
            Popup::BulkRotate(b) => Some(b),
            _ => None,
        });
        match open {
            Some(b) => b.answered(&registry, &token, state),
            None => self.flash(format!("{token}: {}", summary(&state)), false),
        }
    }

    /// The new password is recorded in the list, and the rotation stays in
    /// progress (the working slot kept); the new slot.
    fn took_rotation(
        &mut self,
        registry: &RegistryRef,
        creds: &GeneratedCredentials,
    ) -> Option<crate::arm::Slot> {
        self.store.change(registry, |c| c.record_generated(creds));
        let slot = creds.passwords.first()?.slot;
        self.track_rotation(PendingRotation {
            registry: registry.clone(),
            token: creds.username.clone(),
            old: slot.other(),
            since: self.now,
        });
        Some(slot)
    }

    /// A password the vault did not take: shown once, never lost.
    fn show_unwritten(
        &mut self,
        registry: &RegistryRef,
        login_server: String,
        creds: GeneratedCredentials,
        failed: DeliveryView,
    ) {
        let names = (registry.name.clone(), login_server);
        let mut shown = ShowOnce::new(names, creds, self.settings.login_tool, self.now);
        shown.delivery = failed;
        self.open(Popup::Password(shown));
    }

    fn reread_token(&mut self, registry: &RegistryRef, token: &str) {
        self.run(CommandKind::ReadToken {
            registry: registry.clone(),
            name: token.to_string(),
        });
    }
}

fn summary(state: &RowState) -> String {
    match state {
        RowState::Written { slot, .. } => format!("new {} written to Key Vault", slot.as_str()),
        RowState::NotWritten { why, .. } => format!("rotated, not written ({why}); shown once"),
        RowState::NotRotated(why) => format!("not rotated: {why}"),
        RowState::Lost(why) => format!("answer lost: {why}"),
        _ => String::new(),
    }
}
