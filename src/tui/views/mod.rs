//! What each list shows (the rows passing its filter, in order), derived from
//! the loaded data and cached between frames.
//!
//! At operator scale (20,000 tokens) deriving a list costs milliseconds, and
//! a frame must cost less than that, so the event loop calls
//! [`App::prepare`] once before each draw and the panes read the cache. The
//! accessors never return stale rows: when the cache is out of date (code
//! that reads a list inside `update`, right after changing it), they compute
//! the answer on the spot. Each cache is keyed by exactly what it depends on,
//! so `prepare` recomputes only what changed.

mod compute;

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::app::App;
use super::filter::{Needle, SearchText};
use super::state::{RegistryEntry, View};
use crate::arm::TokenInfo;
use crate::domain::audit::{AuditRow, rows};
use crate::domain::expiry::{Thresholds, TokenState};

/// One token in the audit view; indices into `App::registries` and its tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditEntry {
    pub registry: usize,
    pub token: usize,
    pub state: TokenState,
    /// The soonest password expiry, the audit's second sort key.
    pub soonest: Option<DateTime<Utc>>,
}

/// Every token, classified and sorted, with its filter text
/// ("registry token scope-map") in the same order.
#[derive(Debug, Clone, Default)]
struct AuditIndex {
    entries: Vec<AuditEntry>,
    text: SearchText,
}

/// A value and the key it was computed for.
#[derive(Debug)]
struct Cached<K, V> {
    key: Option<K>,
    value: V,
}

impl<K: PartialEq, V: Default> Default for Cached<K, V> {
    fn default() -> Self {
        Cached {
            key: None,
            value: V::default(),
        }
    }
}

impl<K: PartialEq, V> Cached<K, V> {
    fn get(&self, key: &K) -> Option<&V> {
        (self.key.as_ref() == Some(key)).then_some(&self.value)
    }

    fn is_fresh(&self, key: &K) -> bool {
        self.key.as_ref() == Some(key)
    }

    fn set(&mut self, key: K, value: V) {
        self.key = Some(key);
        self.value = value;
    }
}

/// A list's inputs: the data, which registry it shows (for the right-hand
/// panes), and its filter text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ListKey {
    data: u64,
    registry: Option<usize>,
    filter: String,
    /// Sort column index and direction (see `sort.rs`).
    sort: (usize, bool),
}

/// Inputs of anything that classifies tokens: the data and the clock to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ClassKey {
    data: u64,
    minute: i64,
    thresholds: Thresholds,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct AuditKey {
    class: ClassKey,
    state: Option<TokenState>,
    filter: String,
    sort: (usize, bool),
}

#[derive(Debug, Default)]
pub struct Views {
    registries: Cached<ListKey, Vec<usize>>,
    /// Per registry (same order as `App::registries`): its worst token state.
    worst: Cached<ClassKey, Vec<Option<TokenState>>>,
    scope_maps: Cached<ListKey, Vec<usize>>,
    tokens: Cached<ListKey, Vec<usize>>,
    /// Filter text of the current registry's tokens ("token scope-map").
    token_text: Cached<ListKey, SearchText>,
    /// Tokens per scope map (lowercase name) in the current registry.
    map_users: Cached<ListKey, HashMap<String, usize>>,
    /// Every token, classified and sorted; the audit filters this.
    audit_all: Cached<ClassKey, AuditIndex>,
    audit: Cached<AuditKey, Vec<AuditEntry>>,
}

impl App {
    /// Brings the caches the current screen reads up to date. Called by the
    /// event loop before drawing; cheap when nothing changed.
    pub fn prepare(&mut self) {
        let key = self.registries_key();
        if !self.views.registries.is_fresh(&key) {
            let value = self.compute_registries(&key.filter);
            self.views.registries.set(key, value);
        }
        let class = self.class_key();
        if !self.views.worst.is_fresh(&class) {
            let value = self.compute_worst();
            self.views.worst.set(class, value);
        }
        let key = self.text_key();
        if !self.views.token_text.is_fresh(&key) {
            let value = self.compute_token_text();
            self.views.token_text.set(key, value);
        }
        let key = self.contents_key(View::Tokens);
        if !self.views.tokens.is_fresh(&key) {
            let value = self.compute_tokens(&key);
            self.views.tokens.set(key, value);
        }
        let key = self.contents_key(View::ScopeMaps);
        if !self.views.scope_maps.is_fresh(&key) {
            let value = self.compute_scope_maps(&key.filter);
            self.views.scope_maps.set(key, value);
        }
        let key = self.text_key();
        if !self.views.map_users.is_fresh(&key) {
            let value = self.compute_map_users();
            self.views.map_users.set(key, value);
        }
        // The whole-tenant audit only while it is on screen.
        if self.view == View::Audit {
            if !self.views.audit_all.is_fresh(&class) {
                let value = self.compute_audit_all();
                self.views.audit_all.set(class, value);
            }
            let key = self.audit_key();
            if !self.views.audit.is_fresh(&key) {
                let value = self.compute_audit(&key);
                self.views.audit.set(key, value);
            }
        }
    }

    // ----- keys -----

    fn registries_key(&self) -> ListKey {
        ListKey {
            data: self.store.version(),
            registry: None,
            filter: self.lists[View::Registries as usize].filter.clone(),
            sort: (0, false),
        }
    }

    fn contents_key(&self, view: View) -> ListKey {
        let list = &self.lists[view as usize];
        ListKey {
            data: self.store.version(),
            registry: self.selected_registry_index(),
            filter: list.filter.clone(),
            sort: (list.sort, list.reverse),
        }
    }

    /// The current registry's data, whatever the filters.
    fn text_key(&self) -> ListKey {
        ListKey {
            filter: String::new(),
            sort: (0, false),
            ..self.contents_key(View::ScopeMaps)
        }
    }

    fn class_key(&self) -> ClassKey {
        ClassKey {
            data: self.store.version(),
            minute: self.now.timestamp().div_euclid(60),
            thresholds: self.settings.thresholds,
        }
    }

    fn audit_key(&self) -> AuditKey {
        AuditKey {
            class: self.class_key(),
            state: self.audit_filter,
            filter: self.lists[View::Audit as usize].filter.clone(),
            sort: (
                self.lists[View::Audit as usize].sort,
                self.lists[View::Audit as usize].reverse,
            ),
        }
    }

    // ----- accessors: cached when fresh, computed otherwise -----

    /// Indices of registries passing the filter, in display order.
    pub fn visible_registries(&self) -> Cow<'_, [usize]> {
        let key = self.registries_key();
        match self.views.registries.get(&key) {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(self.compute_registries(&key.filter)),
        }
    }

    /// Index into `registries` of the registry selected in the list.
    pub fn selected_registry_index(&self) -> Option<usize> {
        self.visible_registries()
            .get(self.lists[View::Registries as usize].selected)
            .copied()
    }

    /// The worst token state of `registries[index]` (None while loading or without tokens).
    pub fn worst(&self, index: usize) -> Option<TokenState> {
        match self.views.worst.get(&self.class_key()) {
            Some(v) => v.get(index).copied().flatten(),
            None => self
                .store
                .registries()
                .get(index)
                .and_then(|e| e.worst(self.now, self.settings.thresholds)),
        }
    }

    /// Indices into the current registry's tokens passing the filter.
    pub fn visible_token_indices(&self) -> Cow<'_, [usize]> {
        let key = self.contents_key(View::Tokens);
        match self.views.tokens.get(&key) {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(self.compute_tokens(&key)),
        }
    }

    /// Indices into the current registry's scope maps passing the filter.
    pub fn visible_scope_map_indices(&self) -> Cow<'_, [usize]> {
        let key = self.contents_key(View::ScopeMaps);
        match self.views.scope_maps.get(&key) {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(self.compute_scope_maps(&key.filter)),
        }
    }

    pub fn visible_tokens(&self) -> Vec<&TokenInfo> {
        let Some(c) = self.current_entry().and_then(RegistryEntry::contents) else {
            return Vec::new();
        };
        self.visible_token_indices()
            .iter()
            .filter_map(|i| c.tokens.get(*i))
            .collect()
    }

    /// Tokens of the current registry that use `scope_map`.
    pub fn tokens_using(&self, scope_map: &str) -> usize {
        let lower = scope_map.to_lowercase();
        match self.views.map_users.get(&self.text_key()) {
            Some(counts) => counts.get(&lower).copied().unwrap_or(0),
            None => self.compute_map_users().get(&lower).copied().unwrap_or(0),
        }
    }

    /// The audit view's tokens: filtered, worst first.
    pub fn audit_entries(&self) -> Cow<'_, [AuditEntry]> {
        let key = self.audit_key();
        match self.views.audit.get(&key) {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(self.compute_audit(&key)),
        }
    }

    /// The registry and token an audit entry stands for.
    pub fn audit_token(&self, e: &AuditEntry) -> Option<(&RegistryEntry, &TokenInfo)> {
        let registry = self.store.registries().get(e.registry)?;
        Some((registry, registry.contents()?.tokens.get(e.token)?))
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
