//! A registry's tokens or scope maps: keyed by lower-cased name (ARM names
//! are case-insensitive), listed in creation order as ARM lists them.
//!
//! The order is computed once and kept until the next change, so a list page
//! costs its own size: a 50,000-token registry is read 100 at a time, and
//! ordering all 50,000 for each page cost the emulator 5–10 ms a page. Reads
//! go through `Deref` to the map; every change goes through a method here,
//! which forgets the order, so no change can leave it stale.

use std::collections::BTreeMap;
use std::ops::Deref;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};

/// What is ordered by its creation time.
pub trait Created {
    fn created(&self) -> DateTime<Utc>;
}

#[derive(Debug, Clone)]
pub struct Listed<T> {
    items: BTreeMap<String, T>,
    /// Keys by (creation time, key): ties keep name order.
    order: OnceLock<Vec<String>>,
}

impl<T> Default for Listed<T> {
    fn default() -> Self {
        Listed {
            items: BTreeMap::new(),
            order: OnceLock::new(),
        }
    }
}

impl<T> Deref for Listed<T> {
    type Target = BTreeMap<String, T>;

    fn deref(&self) -> &Self::Target {
        &self.items
    }
}

impl<T: Created> Listed<T> {
    /// The keys in the order ARM lists them.
    pub fn in_creation_order(&self) -> &[String] {
        self.order.get_or_init(|| {
            let mut keys: Vec<(DateTime<Utc>, &String)> =
                self.items.iter().map(|(k, v)| (v.created(), k)).collect();
            // Stable, over keys already in name order: ties keep it.
            keys.sort_by_key(|(created, _)| *created);
            keys.into_iter().map(|(_, k)| k.clone()).collect()
        })
    }
}

impl<T> Listed<T> {
    pub fn insert(&mut self, key: String, value: T) -> Option<T> {
        self.order.take();
        self.items.insert(key, value)
    }

    pub fn remove(&mut self, key: &str) -> Option<T> {
        self.order.take();
        self.items.remove(key)
    }

    /// A change to one item (its creation time may be among what changes).
    pub fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        self.order.take();
        self.items.get_mut(key)
    }

    /// The item at `key`, made by `make` if there is none.
    pub fn get_or_insert_with(&mut self, key: String, make: impl FnOnce() -> T) -> &mut T {
        self.order.take();
        self.items.entry(key).or_insert_with(make)
    }
}

impl Created for super::store::Token {
    fn created(&self) -> DateTime<Utc> {
        self.created
    }
}

impl Created for super::store::ScopeMap {
    fn created(&self) -> DateTime<Utc> {
        self.created
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone)]
    struct Item(i64);

    impl Created for Item {
        fn created(&self) -> DateTime<Utc> {
            DateTime::from_timestamp(self.0, 0).unwrap_or_default()
        }
    }

    fn listed(items: &[(&str, i64)]) -> Listed<Item> {
        let mut l = Listed::default();
        for (k, t) in items {
            l.insert(k.to_string(), Item(*t));
        }
        l
    }

    #[test]
    fn creation_order_then_names() {
        let l = listed(&[("b", 2), ("a", 2), ("c", 1)]);
        assert_eq!(l.in_creation_order(), ["c", "a", "b"]);
    }

    #[test]
    fn every_change_is_seen_by_the_next_list() {
        let mut l = listed(&[("a", 1), ("b", 2)]);
        assert_eq!(l.in_creation_order(), ["a", "b"]);
        l.insert("c".into(), Item(0));
        assert_eq!(l.in_creation_order(), ["c", "a", "b"]);
        l.remove("a");
        assert_eq!(l.in_creation_order(), ["c", "b"]);
        if let Some(b) = l.get_mut("b") {
            b.0 = -1;
        }
        assert_eq!(l.in_creation_order(), ["b", "c"]);
        l.get_or_insert_with("d".into(), || Item(-5));
        assert_eq!(l.in_creation_order(), ["d", "b", "c"]);
    }
}
