//! What each answer does to the store and the screen, one function per kind
//! of outcome (`outcomes.rs` dispatches to them).

use std::path::PathBuf;

use chrono::Duration;

use super::app::App;
use super::command::CommandKind;
use super::ops::Then;
use super::popups::Popup;
use super::popups::confirm::Confirm;
use super::popups::error::ErrorPopup;
use super::popups::password::ShowOnce;
use super::task_error::TaskError;
use crate::arm::{GeneratedCredentials, RegistryInfo, RegistryRef, ScopeMapInfo};

impl App {
    pub(super) fn on_registry_changed(&mut self, info: RegistryInfo) {
        let state = if info.admin_user_enabled {
            "enabled"
        } else {
            "disabled"
        };
        let text = format!("{}: admin user {state}", info.registry.name);
        self.store.set_info(info);
        self.flash(text, false);
    }

    pub(super) fn on_token_deleted(&mut self, registry: RegistryRef, name: String) {
        self.store
            .change(&registry, |c| c.tokens.retain(|t| t.name != name));
        self.flash(format!("token {name} deleted"), false);
        self.rotation_dropped(&registry, &name);
        self.clamp_selection();
    }

    /// The focused list's selection stays on a row after rows went.
    pub(super) fn clamp_selection(&mut self) {
        let len = self.visible_len();
        self.list_mut().clamp(len);
    }

    pub(super) fn on_generated(
        &mut self,
        registry: RegistryRef,
        login_server: String,
        creds: GeneratedCredentials,
        then: Then,
    ) {
        self.store.change(&registry, |c| c.record_generated(&creds));
        let retire = match then {
            Then::Retire(registry, slot) => Some((registry, slot)),
            _ => None,
        };
        // Whatever else is open, the secret must be shown now or it is lost.
        let names = (registry.name.clone(), login_server);
        let mut shown = ShowOnce::new(names, creds, self.settings.login_tool, self.now);
        shown.then_retire = retire;
        shown.scope = self.probe_scope(&registry, &shown.creds.username);
        // It takes the place of the popup that asked for it (the generate
        // popup of this token); any other stays beneath.
        let user = &shown.creds.username;
        self.popups.retain(|p| {
            !matches!(p, Popup::Generate(g) if g.registry == registry && g.token.name.eq_ignore_ascii_case(user))
        });
        self.open(Popup::Password(shown));
    }

    /// The token's scope map as loaded, for the probe.
    fn probe_scope(
        &self,
        registry: &RegistryRef,
        user: &str,
    ) -> Option<crate::tui::popups::password_probe::ProbeScope> {
        let contents = self
            .store
            .registries()
            .iter()
            .find(|e| e.reference() == registry)?
            .contents()?;
        let token = contents
            .tokens
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(user))?;
        let name = token.scope_map.as_deref()?;
        let map = contents
            .scope_maps
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(name))?;
        Some(crate::tui::popups::password_probe::ProbeScope {
            actions: map.actions.clone(),
        })
    }

    pub(super) fn on_copied(&mut self, what: String, via: String, clear_after: Option<u64>) {
        let text = match clear_after {
            Some(secs) => {
                self.clipboard_clears_at = Some(self.now + Duration::seconds(secs as i64));
                format!("copied {what} via {via}; the clipboard is cleared in {secs} s")
            }
            None => format!("copied {what} via {via}"),
        };
        self.flash(text, false);
    }

    /// `saving`: the failed operation was a scope map's save.
    pub(super) fn on_failed(&mut self, what: String, error: TaskError, saving: bool) {
        match self.popups.last_mut() {
            // A failed save keeps the edits: the editor shows the error.
            Some(Popup::ScopeEditor(editor)) if saving => editor.saved_failed(error),
            None => self.open(Popup::Error(ErrorPopup { what, error })),
            // Another operation's failure never takes over (or closes) the
            // popup the user is working in: it is said in the footer.
            Some(_) => self.flash(format!("{what} failed: {error}"), true),
        }
    }

    pub(super) fn on_scope_map_saved(
        &mut self,
        registry: RegistryRef,
        map: ScopeMapInfo,
        then: Then,
    ) {
        // Close the editor (only the editor), then create the token it was opened for.
        self.popups.retain(
            |p| !matches!(p, Popup::ScopeEditor(e) if e.name.eq_ignore_ascii_case(&map.name)),
        );
        if let Then::CreateToken { name, enabled } = then {
            self.run(CommandKind::CreateToken {
                registry: registry.clone(),
                name,
                scope_map: map.name.clone(),
                enabled,
            });
        }
        let text = format!(
            "scope map {} saved ({} actions)",
            map.name,
            map.actions.len()
        );
        self.flash(text, false);
        self.store.change(&registry, |c| c.put_scope_map(map));
    }

    pub(super) fn on_exported(&mut self, path: String, rows: usize) {
        let text = match self.audit_gap_summary() {
            Some(gaps) => format!("wrote {rows} tokens to {path}; incomplete: {gaps}"),
            None => format!("wrote {rows} tokens to {path}"),
        };
        self.flash(text, false);
    }

    /// The report's file exists: ask before replacing it.
    pub(super) fn on_export_exists(&mut self, path: PathBuf, content: String, rows: usize) {
        let shown = crate::domain::safe_text::escaped(&path.display().to_string()).into_owned();
        self.open(Popup::Confirm(Confirm::new(
            "Replace file",
            format!("{shown} exists. Replace it with this report ({rows} tokens)?"),
            None,
            CommandKind::Export {
                path,
                content,
                rows,
                overwrite: true,
            },
        )));
    }
}
