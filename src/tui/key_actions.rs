//! What each action does once the keymap has chosen it: the popups it
//! opens and the commands it emits. Key routing lives in `keys.rs`.

use super::app::App;
use super::command::CommandKind;
use super::popups::confirm::Confirm;
use super::popups::generate::Generate;
use super::popups::preview::Preview;
use super::popups::slot_choice::SlotChoice;
use super::popups::token_details::TokenDetails;
use super::popups::token_form::TokenForm;
use super::popups::{Popup, Reply};
use super::state::View;
use crate::arm::TokenUpdate;
use crate::domain::safe_text::escaped as shown;

impl App {
    pub(super) fn jump_to_token(&mut self) {
        let Some(entry) = self.audit_entries().get(self.list().selected).copied() else {
            return;
        };
        let target = self
            .audit_token(&entry)
            .map(|(r, t)| (r.reference().clone(), t.name.clone()));
        if let Some((r, token)) = target {
            self.select_registry(&r);
            self.go_into(View::Tokens);
            self.panes.tokens.list.filter.clear();
            let index = self
                .visible_tokens()
                .iter()
                .position(|t| t.name == token)
                .unwrap_or(0);
            self.panes.tokens.list.selected = index;
        }
    }

    /// The previewer, and a read of the registry's repositories for it.
    pub(super) fn open_preview(&mut self) {
        let (Some(map), Some(entry)) = (self.selected_scope_map(), self.current_entry()) else {
            return;
        };
        let Some(contents) = entry.contents() else {
            return;
        };
        let registry = entry.reference().clone();
        let login_server = entry.info.login_server.clone();
        let mut preview = Preview::new(
            registry.clone(),
            map,
            &contents.scope_maps,
            &contents.tokens,
        );
        // Entra principals reach repositories too: the previewer shows both,
        // from the assignments read (or reads them now).
        preview.identities = self.store.identities(&registry).cloned();
        if preview.identities.is_none() {
            self.read_identities();
            preview.identities = self.store.identities(&registry).cloned();
        }
        self.open(Popup::Preview(preview));
        self.run(CommandKind::ReadCatalog {
            registry,
            login_server,
        });
    }

    /// The selected token in full (scope map rules, effective permissions).
    pub(super) fn open_token_details(&mut self) {
        let (Some(entry), Some(token)) = (self.current_entry(), self.selected_token()) else {
            return;
        };
        let map = token.scope_map.as_deref().and_then(|name| {
            entry
                .contents()?
                .scope_maps
                .iter()
                .find(|m| m.name.eq_ignore_ascii_case(name))
        });
        let details = TokenDetails::new(
            token,
            (&entry.info.registry.name, &entry.info.login_server),
            map,
            self.now,
            self.settings.thresholds,
        );
        self.open(Popup::TokenDetails(details));
    }

    pub(super) fn toggle_admin(&mut self) {
        let Some(e) = self.selected_registry() else {
            return;
        };
        let (r, on) = (e.reference().clone(), !e.info.admin_user_enabled);
        let msg = if on {
            format!(
                "Enable the admin user of {}? It has full rights and one shared password.",
                r.name
            )
        } else {
            format!(
                "Disable the admin user of {}? Anything logging in with it stops working.",
                r.name
            )
        };
        self.open(Popup::Confirm(Confirm::new(
            "Admin user",
            msg,
            None,
            CommandKind::SetAdminUser {
                registry: r,
                enabled: on,
            },
        )));
    }

    pub(super) fn delete_selected(&mut self) {
        let Some(r) = self.current() else { return };
        match self.view {
            View::Tokens => {
                let Some(t) = self.selected_token() else {
                    return;
                };
                let name = t.name.clone();
                let msg =
                    format!("Delete token {name}? Everything using its passwords loses access.");
                self.open(Popup::Confirm(Confirm::new(
                    "Delete token",
                    msg,
                    Some(name.clone()),
                    CommandKind::DeleteToken { registry: r, name },
                )));
            }
            View::ScopeMaps => {
                let Some(m) = self.selected_scope_map() else {
                    return;
                };
                if m.system {
                    return self.flash(
                        format!("{} is a system scope map: it cannot be deleted", m.name),
                        true,
                    );
                }
                let name = m.name.clone();
                let msg = delete_scope_map_message(&name, &self.token_names_using(&name));
                self.open(Popup::Confirm(Confirm::new(
                    "Delete scope map",
                    msg,
                    Some(name.clone()),
                    CommandKind::DeleteScopeMap { registry: r, name },
                )));
            }
            View::Identities => self.remove_selected_assignment(),
            _ => {}
        }
    }

    pub(super) fn toggle_enabled(&mut self) {
        let (Some(r), Some(t)) = (self.current(), self.selected_token()) else {
            return;
        };
        let enable = !t.enabled;
        let note = if enable { "enabling" } else { "disabling" }.to_string();
        let update = TokenUpdate {
            enabled: Some(enable),
            scope_map: None,
        };
        self.run(CommandKind::UpdateToken {
            registry: r,
            name: t.name.clone(),
            update,
            note,
        });
    }

    pub(super) fn open_generate(&mut self) {
        let (Some(e), Some(t)) = (self.current_entry(), self.selected_token()) else {
            return;
        };
        let popup = Generate::new(
            e.reference().clone(),
            e.info.login_server.clone(),
            t.clone(),
            self.settings.default_expiry,
            self.now,
        );
        let read = CommandKind::ReadToken {
            registry: e.reference().clone(),
            name: t.name.clone(),
        };
        self.open(Popup::Generate(popup));
        self.run(read);
    }

    /// Deletes the only password, or asks which one when both slots are used.
    pub(super) fn delete_password(&mut self) {
        let (Some(r), Some(t)) = (self.current(), self.selected_token()) else {
            return;
        };
        let slot = match t.passwords.as_slice() {
            [] => return self.flash(format!("{} has no passwords", t.name), true),
            [only] => only.slot,
            _ => {
                let choice = SlotChoice {
                    registry: r,
                    token: t.clone(),
                };
                self.open(Popup::SlotChoice(choice));
                return;
            }
        };
        let msg = format!(
            "Delete {} of {}? Consumers using it lose access.",
            slot.as_str(),
            t.name
        );
        let cmd = CommandKind::DeletePassword {
            registry: r,
            token: t.name.clone(),
            slot,
        };
        self.open(Popup::Confirm(Confirm::new(
            "Delete password",
            msg,
            None,
            cmd,
        )));
    }

    pub(super) fn open_token_form(&mut self, change: bool) {
        let Some(entry) = self.current_entry() else {
            return;
        };
        let Some(contents) = entry.contents() else {
            return;
        };
        let maps: Vec<String> = contents.scope_maps.iter().map(|m| m.name.clone()).collect();
        let taken: Vec<String> = contents.tokens.iter().map(|t| t.name.clone()).collect();
        let existing = if change {
            let Some(t) = self.selected_token() else {
                return;
            };
            Some((t.name.clone(), t.scope_map.clone()))
        } else {
            None
        };
        self.open(Popup::TokenForm(TokenForm::new(
            entry.reference().clone(),
            existing,
            taken,
            maps,
        )));
    }

    pub(super) fn open_rotation(&mut self) {
        if self.view == super::state::View::Audit {
            return self.open_bulk_rotation();
        }
        let (Some(e), Some(t)) = (self.current_entry(), self.selected_token()) else {
            return;
        };
        if let Some(pending) = self.rotation_of(e.reference(), &t.name) {
            return self.resume_rotation(&pending);
        }
        let popup = Generate::rotation(
            e.reference().clone(),
            e.info.login_server.clone(),
            t.clone(),
            self.settings.default_expiry,
            self.now,
        );
        let read = CommandKind::ReadToken {
            registry: e.reference().clone(),
            name: t.name.clone(),
        };
        self.open(Popup::Generate(popup));
        self.run(read);
    }

    /// Builds the report now (pure) and leaves the writing to an effect.
    pub(super) fn export(&mut self, path: &str) -> Reply {
        if path.is_empty() {
            return Reply::Stay;
        }
        let rows = self.audit_rows();
        let count = rows.len();
        let content = if path.to_ascii_lowercase().ends_with(".json") {
            // The object form, so the file says whether the audit is complete.
            let registries: Vec<_> = self
                .store
                .registries()
                .iter()
                .map(|e| e.info.clone())
                .collect();
            let warnings = crate::domain::audit::registry_warnings(&registries);
            Ok(crate::domain::audit::to_json_report(
                &rows,
                &warnings,
                &self.audit_gaps(),
            ))
        } else {
            crate::domain::audit::to_csv(&rows)
        };
        match content {
            Ok(content) => Reply::CloseAndRun(CommandKind::Export {
                path: path.into(),
                content,
                rows: count,
                overwrite: false,
            }),
            Err(e) => {
                self.flash(format!("export: {e}"), true);
                Reply::Close
            }
        }
    }
}

/// What deleting a scope map does to the tokens on it, named: ARM lets the
/// map go and leaves them pointing at nothing, granting nothing.
fn delete_scope_map_message(name: &str, users: &[String]) -> String {
    const SHOWN: usize = 8;
    if users.is_empty() {
        return format!("Delete scope map {name}? No token uses it.");
    }
    let mut names: Vec<String> = users
        .iter()
        .take(SHOWN)
        .map(|u| shown(u).into_owned())
        .collect();
    if users.len() > SHOWN {
        names.push(format!("and {} more", users.len() - SHOWN));
    }
    format!(
        "Delete scope map {name}? {} token(s) use it: {}. They keep pointing at the deleted map and lose all access until each is given another scope map (m in the tokens pane).",
        users.len(),
        names.join(", ")
    )
}
