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

    /// The token to keep selected while `event` changes the current
    /// registry's rows (pages arriving, the whole list replacing them). None
    /// when the selection is at the very top: it stays at the top.
    pub(super) fn token_anchor(&self, event: &crate::arm::inventory::Event) -> Option<String> {
        use crate::arm::inventory::Event;
        let registry = match event {
            Event::TokensPage { registry, .. } => registry,
            Event::RegistryLoaded { registry, .. } => &registry.registry,
            _ => return None,
        };
        let entry = self.current_entry().filter(|e| e.reference() == registry)?;
        let list = &self.panes.tokens.list;
        if list.selected == 0 && list.offset == 0 {
            return None;
        }
        let i = *self.visible_token_indices().get(list.selected)?;
        entry.tokens_so_far().get(i).map(|t| t.name.clone())
    }

    /// Selects token `name` again after the rows changed under it, on the
    /// same line of the screen.
    pub(super) fn keep_token_selected(&mut self, name: &str) {
        self.prepare();
        let Some(entry) = self.current_entry() else {
            return;
        };
        let tokens = entry.tokens_so_far();
        let Some(pos) = self
            .visible_token_indices()
            .iter()
            .position(|i| tokens.get(*i).is_some_and(|t| t.name == name))
        else {
            return;
        };
        let list = &mut self.panes.tokens.list;
        let line = list.selected.saturating_sub(list.offset);
        list.selected = pos;
        list.offset = pos.saturating_sub(line);
    }

    /// Whether `action` needs the whole token list and it is still arriving.
    pub(super) fn waits_for_tokens(&self, action: super::action::Action) -> bool {
        use super::action::Action;
        let needs_list = action.is_mutating()
            || matches!(action, Action::Details | Action::CopyId | Action::CopyName);
        needs_list && self.tokens_arriving().is_some()
    }

    /// Why token actions wait: the rows shown are the pages so far, and a
    /// change made now could be overwritten by the list still being read.
    pub(super) fn tokens_arriving(&self) -> Option<String> {
        let entry = self.current_entry()?;
        let so_far = entry.streaming()?;
        Some(format!(
            "{}'s tokens are still arriving ({} so far): actions wait for the whole list",
            crate::domain::safe_text::escaped(&entry.info.registry.name),
            super::panes::grouped(so_far)
        ))
    }
}
