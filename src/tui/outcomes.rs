//! How the app absorbs inventory results and the outcomes of its commands.

use super::app::App;
use super::command::{OpId, Target};
use super::msg::Outcome;
use super::state::{Contents, Load};
use crate::arm::inventory::Event;

impl App {
    pub(super) fn on_inventory(&mut self, event: Event) {
        let selected = self.current();
        // Events that add, remove or reorder registries (Done: a refresh
        // drops those it no longer listed; Subscriptions: rows shown before
        // the names sort by them now).
        let streaming = matches!(
            event,
            Event::Registries { .. }
                | Event::SubscriptionGone { .. }
                | Event::Done { .. }
                | Event::Subscriptions(_)
        );
        if let Event::SubscriptionFailed {
            subscription,
            error,
        } = &event
        {
            self.flash(
                format!(
                    "subscription {}: {}",
                    crate::domain::safe_text::escaped(subscription),
                    crate::domain::safe_text::escaped(&error.to_string())
                ),
                true,
            );
        }
        if let Event::Failed(error) = &event
            && self.store.refreshed()
            && !self.store.registries().is_empty()
        {
            self.flash(
                format!(
                    "could not list subscriptions: {}; the rows shown are from the read before",
                    crate::domain::safe_text::escaped(&error.to_string())
                ),
                true,
            );
        }
        let gone = matches!(event, Event::SubscriptionGone { .. } | Event::Done { .. });
        let anchor = self.token_anchor(&event);
        self.store.absorb(event);
        if let Some(name) = anchor {
            self.keep_token_selected(&name);
        }
        if !streaming {
            return;
        }
        // The registry the user chose stays selected while others stream in
        // or go; otherwise the first row, whatever answered first.
        match (gone, selected, self.chosen_registry.clone()) {
            (true, Some(r), _) | (false, _, Some(r)) => self.select_registry(&r),
            (false, _, None) => self.panes.registries.list.selected = 0,
            (true, None, _) => {}
        }
        let len = self.store.registries().len();
        self.panes.registries.list.clamp(len);
    }

    /// The answer to operation `id`: its spinner goes, and its own follow-up
    /// (stored when it started) runs.
    pub(super) fn on_outcome(&mut self, id: OpId, outcome: Outcome) {
        let op = self.ops.finish(id);
        let then = op.as_ref().map(|o| o.then.clone()).unwrap_or_default();
        match outcome {
            Outcome::RegistryChanged(info) => self.on_registry_changed(info),
            Outcome::TokenChanged {
                registry,
                token,
                note,
            } => self.on_token_changed(registry, token, note),
            Outcome::TokenDeleted { registry, name } => self.on_token_deleted(registry, name),
            Outcome::ScopeMapDeleted { registry, name } => {
                self.on_scope_map_deleted(registry, name)
            }
            Outcome::Generated {
                registry,
                login_server,
                creds,
            } => self.on_generated(registry, login_server, creds, then),
            Outcome::TokenRead { registry, token } => self.on_token_read(registry, token),
            Outcome::GenerateStale {
                registry,
                token,
                message,
            } => self.on_generate_stale(registry, token, message),
            Outcome::GenerateLost {
                registry,
                token,
                after,
                report,
            } => self.on_generate_lost(registry, token, after, report),
            Outcome::Failed { what, error } => {
                let saving = matches!(op.and_then(|o| o.target), Some(Target::ScopeMap(..)));
                self.on_failed(what, error, saving);
            }
            Outcome::ScopeMapSaved { registry, map } => {
                self.on_scope_map_saved(registry, map, then)
            }
            Outcome::Reloaded(event) => self.on_reloaded(event),
            Outcome::RotatedToVault {
                registry,
                login_server,
                token,
                result,
            } => self.on_rotated_to_vault(registry, login_server, token, result),
            other => self.on_local_outcome(other),
        }
    }

    /// The answers that change nothing in Azure: the clipboard, files, and
    /// the reads beside ARM's lists (login servers, role assignments).
    fn on_local_outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Copied {
                what,
                via,
                clear_after_secs,
            } => self.on_copied(what, via, clear_after_secs),
            Outcome::ClipboardCleared => self.on_clipboard_cleared(),
            Outcome::ClipboardFailed(why) => self.flash(format!("clipboard: {why}"), true),
            Outcome::Exported { path, rows } => self.on_exported(path, rows),
            Outcome::ExportExists {
                path,
                content,
                rows,
            } => self.on_export_exists(path, content, rows),
            Outcome::CatalogRead { registry, result } => self.on_catalog_read(registry, result),
            Outcome::RoleAssignmentChanged { registry, result } => {
                self.on_role_assignment_changed(registry, result)
            }
            Outcome::IdentitiesRead { registry, result } => {
                self.on_identities_read(registry, result)
            }
            Outcome::RepositoriesRead { registry, result } => {
                self.on_repositories_read(registry, result)
            }
            Outcome::Probed {
                login_server,
                user,
                result,
            } => self.on_probed(&login_server, &user, result),
            Outcome::Delivered {
                login_server,
                user,
                sink,
                result,
            } => self.on_delivered(&login_server, &user, sink, result),
            // on_outcome's own, listed so that a new kind of answer must be
            // placed (no wildcard).
            Outcome::RegistryChanged(_)
            | Outcome::TokenChanged { .. }
            | Outcome::TokenDeleted { .. }
            | Outcome::ScopeMapDeleted { .. }
            | Outcome::Generated { .. }
            | Outcome::TokenRead { .. }
            | Outcome::GenerateStale { .. }
            | Outcome::GenerateLost { .. }
            | Outcome::Failed { .. }
            | Outcome::ScopeMapSaved { .. }
            | Outcome::RotatedToVault { .. }
            | Outcome::Reloaded(_) => {}
        }
    }

    /// A probe's answer goes to the show-once popup of that password, if it
    /// is still open (wherever it is in the stack); otherwise it is dropped
    /// with the secret.
    fn on_probed(
        &mut self,
        login_server: &str,
        user: &str,
        result: Result<Vec<crate::registry::probe::ProbeRow>, crate::registry::RegistryError>,
    ) {
        let now = self.now;
        let shown = self.shown_once_of(login_server, user);
        if let Some(shown) = shown {
            shown.probe_answered(result, now);
        }
    }

    /// A vault's answer goes to the show-once popup of that password, if it
    /// is still open, and is flashed too (the popup may be closed by then).
    fn on_delivered(
        &mut self,
        login_server: &str,
        user: &str,
        sink: String,
        result: Result<String, String>,
    ) {
        let safe = |s: &str| crate::domain::safe_text::escaped(s).into_owned();
        match &result {
            Ok(_) => self.flash(format!("{} written to {}", safe(user), safe(&sink)), false),
            Err(why) => self.flash(
                format!("not written to {}: {}", safe(&sink), safe(why)),
                true,
            ),
        }
        let shown = self.shown_once_of(login_server, user);
        if let Some(shown) = shown {
            shown.delivered(sink, result);
        }
    }

    /// The open show-once popup of `user`'s new password on `login_server`,
    /// wherever it is in the stack.
    fn shown_once_of(
        &mut self,
        login_server: &str,
        user: &str,
    ) -> Option<&mut super::popups::password::ShowOnce> {
        self.popups.iter_mut().find_map(|p| match p {
            super::popups::Popup::Password(s)
                if s.login_server == login_server && s.creds.username == user =>
            {
                Some(s)
            }
            _ => None,
        })
    }

    /// A registry read again (not part of the inventory's progress).
    fn on_reloaded(&mut self, event: Event) {
        let (reference, contents) = match event {
            Event::RegistryLoaded {
                registry,
                scope_maps,
                tokens,
            } => (
                registry.registry,
                Load::Loaded(Contents::by_name(scope_maps, tokens)),
            ),
            Event::RegistryFailed { registry, error } => (registry.registry, Load::Failed(error)),
            _ => return,
        };
        if !self.store.reload(&reference, contents) {
            return;
        }
        let name = crate::domain::safe_text::escaped(&reference.name).into_owned();
        match self.store.entry(&reference).and_then(|e| e.stale.as_ref()) {
            Some(error) => self.flash(
                format!(
                    "could not re-read {name}: {}; the rows shown are from the read before",
                    crate::domain::safe_text::escaped(&error.to_string())
                ),
                true,
            ),
            None => self.flash(format!("{name} re-read"), false),
        }
    }
}
