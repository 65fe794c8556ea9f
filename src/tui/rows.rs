//! The app's reading of its panes' rows: what each list shows, for key
//! handling, copying, exporting and drawing. The panes own the rows and
//! their caches (panes/); this file only hands them the data they need.

use std::borrow::Cow;

use super::app::App;
use super::panes::PaneData;
pub use super::panes::audit::AuditEntry;
use super::panes::audit::audit_token;
use super::state::{RegistryEntry, View};
use crate::arm::TokenInfo;
use crate::domain::audit::{AuditRow, rows};
use crate::domain::expiry::TokenState;

impl App {
    /// What the panes derive their rows from, the current registry included.
    pub(super) fn pane_data(&self) -> PaneData<'_> {
        let base = self.base_pane_data();
        PaneData {
            registry: self.panes.registries.selected_index(&base),
            ..base
        }
    }

    fn base_pane_data(&self) -> PaneData<'_> {
        PaneData {
            store: &self.store,
            now: self.now,
            thresholds: self.settings.thresholds,
            registry: None,
        }
    }

    /// Brings the rows the current screen reads up to date. Called by the
    /// event loop before drawing; cheap when nothing changed.
    pub fn prepare(&mut self) {
        let mut data = PaneData {
            store: &self.store,
            now: self.now,
            thresholds: self.settings.thresholds,
            registry: None,
        };
        self.panes.registries.refresh(&data);
        data.registry = self.panes.registries.selected_index(&data);
        use super::panes::Pane;
        // Only the panes on screen: each is drawn beside the registries in
        // its own view (tokens also in the registries view). The others
        // derive their rows when next shown, or on the spot when read; at
        // 50,000 tokens and 20,000 scope maps deriving them all cost a
        // completed load's frame 40 ms.
        match self.view {
            View::Registries | View::Tokens => self.panes.tokens.refresh(&data),
            View::ScopeMaps => self.panes.scope_maps.refresh(&data),
            View::Audit => self.panes.audit.refresh(&data),
            View::Repositories | View::Identities => {}
        }
    }

    /// Indices of registries passing the filter, in display order.
    pub fn visible_registries(&self) -> Cow<'_, [usize]> {
        self.panes.registries.rows(&self.base_pane_data())
    }

    /// Index into `registries` of the registry selected in the list.
    pub fn selected_registry_index(&self) -> Option<usize> {
        self.panes.registries.selected_index(&self.base_pane_data())
    }

    /// The worst token state of `registries[index]` (None while loading or without tokens).
    pub fn worst(&self, index: usize) -> Option<TokenState> {
        self.panes.registries.worst(&self.base_pane_data(), index)
    }

    /// Indices into the current registry's tokens passing the filter.
    pub fn visible_token_indices(&self) -> Cow<'_, [usize]> {
        self.panes.tokens.rows(&self.pane_data())
    }

    /// Indices into the current registry's scope maps passing the filter.
    pub fn visible_scope_map_indices(&self) -> Cow<'_, [usize]> {
        self.panes.scope_maps.rows(&self.pane_data())
    }

    /// The tokens pane's rows (while a long list arrives, the pages so far).
    pub fn visible_tokens(&self) -> Vec<&TokenInfo> {
        let Some(tokens) = self.current_entry().map(RegistryEntry::tokens_so_far) else {
            return Vec::new();
        };
        self.visible_token_indices()
            .iter()
            .filter_map(|i| tokens.get(*i))
            .collect()
    }

    /// Tokens of the current registry that use `scope_map`.
    pub fn tokens_using(&self, scope_map: &str) -> usize {
        self.panes.scope_maps.users(&self.pane_data(), scope_map)
    }

    /// The audit view's tokens: filtered, worst first.
    pub fn audit_entries(&self) -> Cow<'_, [AuditEntry]> {
        self.panes.audit.rows(&self.pane_data())
    }

    /// The registry and token an audit entry stands for.
    pub fn audit_token(&self, e: &AuditEntry) -> Option<(&RegistryEntry, &TokenInfo)> {
        audit_token(&self.store, e)
    }

    /// The audit view's rows in full, as exported (JSON/CSV).
    pub fn audit_rows(&self) -> Vec<AuditRow> {
        self.audit_entries()
            .iter()
            .filter_map(|e| self.audit_token(e))
            .flat_map(|(r, t)| {
                rows(
                    &r.info,
                    std::slice::from_ref(t),
                    |n| r.contents().is_none_or(|c| c.has_scope_map(n)),
                    self.now,
                    self.settings.thresholds,
                )
            })
            .collect()
    }
}
