//! What a pane derives its rows from, and the cache that keeps them.
//!
//! At operator scale (20,000 tokens) deriving a list costs milliseconds, and
//! a frame must cost less than that, so panes derive their rows once per
//! change, not once per frame. Each cache is keyed by exactly what it
//! depends on; a pane asked for rows its cache does not hold (code that
//! reads a list inside `update`, right after changing it) computes them on
//! the spot, so no one ever reads stale rows.

use chrono::{DateTime, Utc};

use crate::domain::expiry::Thresholds;
use crate::tui::state::{Contents, ListState, RegistryEntry};
use crate::tui::store::Store;

/// What the panes read: the store, the clock, and the registry the
/// right-hand panes show (chosen in the registries pane).
#[derive(Clone, Copy)]
pub struct PaneData<'a> {
    pub store: &'a Store,
    pub now: DateTime<Utc>,
    pub thresholds: Thresholds,
    /// Index into the store's registries.
    pub registry: Option<usize>,
}

impl<'a> PaneData<'a> {
    pub fn entry(&self) -> Option<&'a RegistryEntry> {
        self.store.registries().get(self.registry?)
    }

    pub fn contents(&self) -> Option<&'a Contents> {
        self.entry().and_then(RegistryEntry::contents)
    }

    /// The inputs of a list of the current registry's data.
    pub(crate) fn list_key(&self, list: &ListState) -> ListKey {
        ListKey {
            data: self.store.version(),
            registry: self.registry,
            filter: list.filter.clone(),
            sort: (list.sort, list.reverse),
        }
    }

    /// The current registry's data, whatever the filters.
    pub(crate) fn data_key(&self) -> ListKey {
        self.list_key(&ListState::default())
    }

    pub(crate) fn class_key(&self) -> ClassKey {
        ClassKey {
            data: self.store.version(),
            minute: self.now.timestamp().div_euclid(60),
            thresholds: self.thresholds,
        }
    }
}

/// A value and the key it was computed for.
#[derive(Debug)]
pub(crate) struct Cached<K, V> {
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
    pub(crate) fn get(&self, key: &K) -> Option<&V> {
        (self.key.as_ref() == Some(key)).then_some(&self.value)
    }

    /// Computes the value again only when `key` changed.
    pub(crate) fn refresh(&mut self, key: K, compute: impl FnOnce() -> V) {
        if self.key.as_ref() != Some(&key) {
            self.value = compute();
            self.key = Some(key);
        }
    }
}

/// A list's inputs: the data, which registry it shows (for the right-hand
/// panes), its filter text and its sort (column index, reversed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListKey {
    pub data: u64,
    pub registry: Option<usize>,
    pub filter: String,
    pub sort: (usize, bool),
}

/// Inputs of anything that classifies tokens: the data and the clock to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClassKey {
    pub data: u64,
    pub minute: i64,
    pub thresholds: Thresholds,
}
