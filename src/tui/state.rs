//! The data the console shows, as loaded so far.

use crate::arm::{ArmError, RegistryInfo, RegistryRef, ScopeMapInfo, TokenInfo};
use crate::domain::expiry::{Thresholds, TokenState};

/// A pane's data: loading, loaded, or failed (drawn with a retry hint).
#[derive(Debug)]
pub enum Load<T> {
    Loading,
    Loaded(T),
    Failed(ArmError),
}

#[derive(Debug, Default)]
pub struct Contents {
    pub scope_maps: Vec<ScopeMapInfo>,
    pub tokens: Vec<TokenInfo>,
}

impl Contents {
    /// Both lists by name (case-insensitive), whatever order the service
    /// listed them in: it lists in creation order, which an operator cannot scan.
    pub fn by_name(mut scope_maps: Vec<ScopeMapInfo>, mut tokens: Vec<TokenInfo>) -> Contents {
        scope_maps.sort_by_cached_key(|m| m.name.to_ascii_lowercase());
        tokens.sort_by_cached_key(|t| t.name.to_ascii_lowercase());
        Contents { scope_maps, tokens }
    }

    /// Whether the registry has a scope map called `name` (any case):
    /// a binary search, since both lists stay sorted by name.
    pub fn has_scope_map(&self, name: &str) -> bool {
        self.scope_maps
            .binary_search_by(|m| by_name(&m.name, name))
            .is_ok()
    }

    /// Replaces the map of the same name (any case), or inserts it in order.
    pub fn put_scope_map(&mut self, map: ScopeMapInfo) {
        match self
            .scope_maps
            .binary_search_by(|m| by_name(&m.name, &map.name))
        {
            Ok(i) => self.scope_maps[i] = map,
            Err(i) => self.scope_maps.insert(i, map),
        }
    }

    /// Replaces the token of the same name (any case), or inserts it in order.
    pub fn put_token(&mut self, token: TokenInfo) {
        match self
            .tokens
            .binary_search_by(|t| by_name(&t.name, &token.name))
        {
            Ok(i) => self.tokens[i] = token,
            Err(i) => self.tokens.insert(i, token),
        }
    }
}

impl Contents {
    /// Newly generated passwords replace the slots they were generated for
    /// (the values are not kept: only creation and expiry).
    pub fn record_generated(&mut self, creds: &crate::arm::GeneratedCredentials) {
        let Some(t) = self
            .tokens
            .iter_mut()
            .find(|t| t.name.eq_ignore_ascii_case(&creds.username))
        else {
            return;
        };
        for p in &creds.passwords {
            t.passwords.retain(|old| old.slot != p.slot);
            t.passwords.push(crate::arm::PasswordInfo {
                slot: p.slot,
                created: p.created,
                expiry: p.expiry,
            });
        }
        t.passwords.sort_by_key(|p| p.slot);
    }
}

/// The lists' order: by name, ignoring ASCII case (as `by_name` sorts),
/// compared without allocating.
fn by_name(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

#[derive(Debug)]
pub struct RegistryEntry {
    pub info: RegistryInfo,
    pub subscription_name: String,
    pub contents: Load<Contents>,
    /// Tokens that arrived page by page while `contents` is first loading,
    /// sorted by name; emptied when the whole list replaces them.
    pub streamed: Vec<TokenInfo>,
    /// Why the last re-read failed, while `contents` shows an earlier read
    /// (a failed refresh keeps the rows it could not replace).
    pub stale: Option<ArmError>,
    /// The store's refresh this entry was last listed in.
    pub listed_in: u64,
}

impl RegistryEntry {
    pub fn reference(&self) -> &RegistryRef {
        &self.info.registry
    }

    pub fn contents(&self) -> Option<&Contents> {
        match &self.contents {
            Load::Loaded(c) => Some(c),
            _ => None,
        }
    }

    /// A new read of the contents. A failure after a successful read keeps
    /// the rows and marks them stale, so a refresh that fails loses nothing.
    pub fn replace_contents(&mut self, contents: Load<Contents>) {
        self.streamed = Vec::new();
        match contents {
            Load::Failed(error) if matches!(self.contents, Load::Loaded(_)) => {
                self.stale = Some(error);
            }
            contents => {
                self.contents = contents;
                self.stale = None;
            }
        }
    }

    /// The tokens to show: the whole list once loaded, else the pages so far.
    pub fn tokens_so_far(&self) -> &[TokenInfo] {
        match &self.contents {
            Load::Loaded(c) => &c.tokens,
            Load::Loading => &self.streamed,
            Load::Failed(_) => &[],
        }
    }

    /// Tokens shown while the rest are still arriving (None once complete,
    /// or before the first page).
    pub fn streaming(&self) -> Option<usize> {
        let loading = matches!(self.contents, Load::Loading) && !self.streamed.is_empty();
        loading.then_some(self.streamed.len())
    }

    /// One page of tokens, merged in name order. Ignored once the registry
    /// is loaded: a refresh keeps the old rows until the new list replaces them.
    pub fn add_streamed(&mut self, mut page: Vec<TokenInfo>) {
        if !matches!(self.contents, Load::Loading) {
            return;
        }
        page.sort_by(|a, b| by_name(&a.name, &b.name));
        self.streamed.append(&mut page);
        // Two sorted runs: the stable sort merges them in linear time.
        self.streamed.sort_by(|a, b| by_name(&a.name, &b.name));
    }

    /// The worst token state of the registry (None while loading or without tokens).
    pub fn worst(&self, now: chrono::DateTime<chrono::Utc>, t: Thresholds) -> Option<TokenState> {
        self.contents()?
            .tokens
            .iter()
            .filter(|tok| tok.problem.is_none())
            .map(|tok| tok.state(now, t))
            .filter(|s| *s != TokenState::Disabled)
            .min()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    Registries,
    ScopeMaps,
    Tokens,
    Audit,
    Repositories,
    Identities,
}

impl View {
    pub fn title(self) -> &'static str {
        match self {
            View::Registries => "Registries",
            View::ScopeMaps => "Scope maps",
            View::Tokens => "Tokens",
            View::Audit => "Audit",
            View::Repositories => "Repositories",
            View::Identities => "Identities",
        }
    }
}

/// A registry's repositories, read from its data plane (not from ARM):
/// reading, read (sorted by name, tag counts for the first ones), or why not.
#[derive(Debug, Clone)]
pub enum RepositoriesLoad {
    Reading,
    Read(Vec<crate::registry::tag_counts::RepositorySummary>),
    Failed(crate::registry::RegistryError),
}

/// Selection and filter of one list.
#[derive(Debug, Default, Clone)]
pub struct ListState {
    pub selected: usize,
    /// The first row shown: it moves only when the selection reaches an edge
    /// of the window, so the selection moves up and down the screen.
    pub offset: usize,
    pub filter: String,
    /// The column sorted by (an index into `sort::columns(view)`; 0 is the
    /// list's natural order) and whether reversed.
    pub sort: usize,
    pub reverse: bool,
}

impl ListState {
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }
}

/// Inventory progress for the header.
#[derive(Debug, Default)]
pub struct Progress {
    pub expected: usize,
    pub done: usize,
    pub finished: bool,
    pub failure: Option<ArmError>,
    /// Subscriptions whose registries could not be listed, with why.
    pub subscription_failures: Vec<(String, ArmError)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(name: &str) -> ScopeMapInfo {
        ScopeMapInfo {
            name: name.into(),
            description: None,
            system: false,
            actions: Vec::new(),
            created: None,
            provisioning_state: None,
        }
    }

    #[test]
    fn saved_maps_keep_name_order_and_are_found_in_any_case() {
        let mut c = Contents::by_name(vec![map("zeta"), map("Alpha")], Vec::new());
        c.put_scope_map(map("mid"));
        c.put_scope_map(map("ALPHA"));
        let names: Vec<&str> = c.scope_maps.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["ALPHA", "mid", "zeta"]);
        assert!(c.has_scope_map("Mid") && c.has_scope_map("zeta"));
        assert!(!c.has_scope_map("gone"));
    }
}
