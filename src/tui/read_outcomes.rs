//! The answers of the console's reads beside ARM's lists (the registry's
//! catalog and repositories from its login server, its role assignments),
//! and of role-assignment changes: to the store, and to the popups of that
//! registry still open.

use super::app::App;
use super::identities_view::{Identities, IdentitiesLoad};
use super::msg::TaskError;
use super::popups::Popup;
use super::popups::preview_catalog::CatalogView;
use super::state::RepositoriesLoad;
use crate::arm::{RegistryRef, TokenInfo};
use crate::registry::RegistryError;
use crate::registry::tag_counts::RepositorySummary;

impl App {
    /// To the previewers and editors of that registry still open.
    pub(super) fn on_catalog_read(
        &mut self,
        registry: RegistryRef,
        result: Result<Vec<String>, RegistryError>,
    ) {
        for p in self.popups.iter_mut() {
            match p {
                Popup::Preview(v) if v.registry == registry => v.catalog_read(result.clone()),
                Popup::ScopeEditor(e) if e.registry == registry => {
                    e.catalog = CatalogView::from(result.clone())
                }
                _ => {}
            }
        }
    }

    /// Said in the footer (or the error popup); either way the registry's
    /// assignments are read again, as a lost answer may have done it.
    pub(super) fn on_role_assignment_changed(
        &mut self,
        registry: RegistryRef,
        result: Result<String, (String, TaskError)>,
    ) {
        match result {
            Ok(message) => self.flash(message, false),
            Err((what, error)) => self.on_failed(what, error, false),
        }
        self.read_identities_of(registry);
    }

    /// To the store, and to the previewers of that registry still open.
    pub(super) fn on_identities_read(
        &mut self,
        registry: RegistryRef,
        result: Result<Identities, String>,
    ) {
        let load = match result {
            Ok(read) => IdentitiesLoad::Read(read),
            Err(e) => IdentitiesLoad::Failed(e),
        };
        for p in self.popups.iter_mut() {
            if let Popup::Preview(v) = p
                && v.registry == registry
            {
                v.identities = Some(load.clone());
            }
        }
        self.store.set_identities(registry, load);
    }

    pub(super) fn on_repositories_read(
        &mut self,
        registry: RegistryRef,
        result: Result<Vec<RepositorySummary>, RegistryError>,
    ) {
        let load = match result {
            Ok(list) => RepositoriesLoad::Read(list),
            Err(e) => RepositoriesLoad::Failed(e),
        };
        self.store.set_repositories(registry, load);
    }

    pub(super) fn on_token_changed(
        &mut self,
        registry: RegistryRef,
        token: TokenInfo,
        note: String,
    ) {
        self.flash(format!("token {}: {note}", token.name), false);
        self.rotation_progress(&registry, &token);
        self.put_token(&registry, token);
    }

    pub(super) fn on_scope_map_deleted(&mut self, registry: RegistryRef, name: String) {
        self.store
            .change(&registry, |c| c.scope_maps.retain(|m| m.name != name));
        self.flash(format!("scope map {name} deleted"), false);
        self.clamp_selection();
    }

    pub(super) fn on_clipboard_cleared(&mut self) {
        self.clipboard_clears_at = None;
        self.flash("clipboard cleared", false);
    }
}
