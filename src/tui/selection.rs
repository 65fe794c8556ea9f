//! What is selected: the current registry, token and scope map, as the
//! lists show them, and moving the registries list to a given registry.

use super::app::App;
use super::state::RegistryEntry;
use crate::arm::{RegistryRef, ScopeMapInfo, TokenInfo};

impl App {
    /// The registry the right-hand panes show: the one selected in the list.
    pub fn current_entry(&self) -> Option<&RegistryEntry> {
        self.selected_registry()
    }

    pub fn current(&self) -> Option<RegistryRef> {
        self.current_entry().map(|e| e.reference().clone())
    }

    /// Selects a registry in the list (clearing a filter that hides it).
    pub(super) fn select_registry(&mut self, r: &RegistryRef) {
        if !self
            .visible_registries()
            .iter()
            .any(|i| self.store.registries()[*i].reference() == r)
        {
            self.panes.registries.list.filter.clear();
        }
        if let Some(pos) = self
            .visible_registries()
            .iter()
            .position(|i| self.store.registries()[*i].reference() == r)
        {
            self.panes.registries.list.selected = pos;
            self.chosen_registry = Some(r.clone());
        }
    }

    pub fn visible_len(&self) -> usize {
        self.panes.get(self.view).len(&self.pane_data())
    }

    pub fn selected_registry(&self) -> Option<&RegistryEntry> {
        self.store.registries().get(self.selected_registry_index()?)
    }

    /// The names of the current registry's tokens on scope map `map`.
    pub fn token_names_using(&self, map: &str) -> Vec<String> {
        self.current_entry()
            .and_then(|e| e.contents())
            .map(|c| {
                c.tokens
                    .iter()
                    .filter(|t| {
                        t.scope_map
                            .as_deref()
                            .is_some_and(|s| s.eq_ignore_ascii_case(map))
                    })
                    .map(|t| t.name.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn selected_token(&self) -> Option<&TokenInfo> {
        let i = *self
            .visible_token_indices()
            .get(self.panes.tokens.list.selected)?;
        self.current_entry()?.contents()?.tokens.get(i)
    }

    pub fn selected_scope_map(&self) -> Option<&ScopeMapInfo> {
        let i = *self
            .visible_scope_map_indices()
            .get(self.panes.scope_maps.list.selected)?;
        self.current_entry()?.contents()?.scope_maps.get(i)
    }
}
