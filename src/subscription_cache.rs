//! The subscriptions the console saw last time, per ARM endpoint, so the next
//! start can list their registries at once instead of after the subscription
//! list (one round trip sooner; see `arm::inventory::run`). Ids and display
//! names only, nothing secret. A missing or unreadable cache is an empty one:
//! it only ever makes the start faster, never different.
//!
//! `$XDG_CACHE_HOME/acrtui/subscriptions.json` (or `~/.cache/…`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::arm::SubscriptionInfo;

/// Endpoints remembered at most; the least recently saved goes first.
const MAX_ENDPOINTS: usize = 8;

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    /// Endpoint → (save counter, subscriptions).
    endpoints: BTreeMap<String, (u64, Vec<Entry>)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    id: String,
    name: String,
}

#[derive(Debug, Clone)]
pub struct SubscriptionCache {
    path: PathBuf,
    endpoint: String,
}

pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("acrtui").join("subscriptions.json"))
}

impl SubscriptionCache {
    pub fn new(path: PathBuf, endpoint: &str) -> SubscriptionCache {
        SubscriptionCache {
            path,
            endpoint: endpoint.trim_end_matches('/').to_ascii_lowercase(),
        }
    }

    /// What was saved for this endpoint; empty if nothing (or anything goes wrong).
    pub fn load(&self) -> Vec<SubscriptionInfo> {
        read(&self.path)
            .endpoints
            .remove(&self.endpoint)
            .map(|(_, entries)| {
                entries
                    .into_iter()
                    .map(|e| SubscriptionInfo {
                        id: e.id,
                        display_name: e.name,
                        tenant_id: None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Replaces this endpoint's subscriptions. Written to a temporary file and
    /// renamed, so a crash never leaves half a file.
    pub fn save(&self, subscriptions: &[SubscriptionInfo]) -> std::io::Result<()> {
        let mut file = read(&self.path);
        let counter = file.endpoints.values().map(|(c, _)| *c).max().unwrap_or(0) + 1;
        let entries = subscriptions
            .iter()
            .map(|s| Entry {
                id: s.id.clone(),
                name: s.display_name.clone(),
            })
            .collect();
        file.endpoints
            .insert(self.endpoint.clone(), (counter, entries));
        while file.endpoints.len() > MAX_ENDPOINTS {
            let oldest = file
                .endpoints
                .iter()
                .min_by_key(|(_, (c, _))| *c)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => file.endpoints.remove(&k),
                None => break,
            };
        }
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
        let tmp = self.path.with_extension("json.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &self.path)
    }
}

fn read(path: &Path) -> File {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(id: &str) -> SubscriptionInfo {
        SubscriptionInfo {
            id: id.into(),
            display_name: format!("name of {id}"),
            tenant_id: Some("t".into()),
        }
    }

    #[test]
    fn saves_per_endpoint_and_forgets_the_oldest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acrtui").join("subscriptions.json");
        let a = SubscriptionCache::new(path.clone(), "https://management.azure.com/");
        assert!(a.load().is_empty(), "no file yet");
        a.save(&[sub("1"), sub("2")]).unwrap();
        let same = SubscriptionCache::new(path.clone(), "HTTPS://management.azure.com");
        let loaded = same.load();
        assert_eq!(
            loaded.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            ["1", "2"]
        );
        assert_eq!(loaded[0].display_name, "name of 1");
        for i in 0..MAX_ENDPOINTS {
            SubscriptionCache::new(path.clone(), &format!("http://127.0.0.1:{i}"))
                .save(&[sub("x")])
                .unwrap();
        }
        assert!(a.load().is_empty(), "the oldest endpoint was dropped");
        assert_eq!(
            SubscriptionCache::new(path.clone(), "http://127.0.0.1:7")
                .load()
                .len(),
            1
        );
    }

    #[test]
    fn a_damaged_file_reads_as_empty_and_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("subscriptions.json");
        std::fs::write(&path, "{not json").unwrap();
        let c = SubscriptionCache::new(path.clone(), "https://management.azure.com");
        assert!(c.load().is_empty());
        c.save(&[sub("1")]).unwrap();
        assert_eq!(c.load().len(), 1);
    }
}
