//! A registry's content: repositories with their tags and manifests, and
//! the blobs they reference (shared across repositories, as ACR deduplicates
//! layers). Enough for an OCI client to push and pull a small image.

use std::collections::BTreeMap;

use bytes::Bytes;
use serde_json::json;

pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
pub const OCI_LAYER: &str = "application/vnd.oci.image.layer.v1.tar";

/// The largest blob or manifest the emulator takes: it keeps content in memory.
pub const MAX_BLOB: usize = 16 << 20;
/// Uploads open at once per registry; the oldest is dropped past this.
pub const MAX_UPLOADS: usize = 64;

#[derive(Clone, Default)]
pub struct Content {
    /// By repository name (lower case, as the registry's grammar requires).
    pub repositories: BTreeMap<String, Repository>,
    /// By digest (`sha256:…`).
    pub blobs: BTreeMap<String, Bytes>,
    /// Blob uploads in progress, by upload id, in the order they opened.
    pub uploads: BTreeMap<String, Vec<u8>>,
}

impl std::fmt::Debug for Content {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Content")
            .field("repositories", &self.repositories.len())
            .field("blobs", &self.blobs.len())
            .field("uploads", &self.uploads.len())
            .finish()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Repository {
    /// Tag → manifest digest.
    pub tags: BTreeMap<String, String>,
    /// Tag → when it was created and last pointed somewhere (`/acr/v1/<name>/_tags`).
    pub tag_times: BTreeMap<String, (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)>,
    /// Digest → manifest.
    pub manifests: BTreeMap<String, Manifest>,
    /// The blobs pushed to (or seeded in) this repository: a blob is read
    /// through a repository the token may pull, never across repositories.
    pub blobs: std::collections::BTreeSet<String>,
}

#[derive(Debug, Clone)]
pub struct Manifest {
    pub media_type: String,
    pub bytes: Bytes,
}

/// `sha256:<hex>` of `bytes`, the registry's content address.
pub fn digest(bytes: &[u8]) -> String {
    let d = ring::digest::digest(&ring::digest::SHA256, bytes);
    let hex: String = d.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

impl Content {
    /// Stores a manifest under its digest, and under `tag` when given.
    pub fn put_manifest(
        &mut self,
        repository: &str,
        tag: Option<&str>,
        manifest: Manifest,
    ) -> String {
        let d = digest(&manifest.bytes);
        let repo = self.repositories.entry(repository.to_string()).or_default();
        repo.manifests.insert(d.clone(), manifest);
        if let Some(tag) = tag {
            repo.tags.insert(tag.to_string(), d.clone());
            let now = chrono::Utc::now();
            let created = repo.tag_times.get(tag).map_or(now, |(c, _)| *c);
            repo.tag_times.insert(tag.to_string(), (created, now));
        }
        d
    }

    /// A small, real OCI image (a config and one layer, both blobs here)
    /// tagged `tag`: what seeds put in their repositories.
    pub fn seed_image(&mut self, repository: &str, tag: &str) {
        let config = Bytes::from(
            json!({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}})
                .to_string(),
        );
        let layer = Bytes::from(format!("{repository}:{tag}\n"));
        let (config_digest, layer_digest) = (digest(&config), digest(&layer));
        let manifest = json!({
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": {"mediaType": OCI_CONFIG, "digest": config_digest, "size": config.len()},
            "layers": [{"mediaType": OCI_LAYER, "digest": layer_digest, "size": layer.len()}],
        });
        let repo = self.repositories.entry(repository.to_string()).or_default();
        repo.blobs.insert(config_digest.clone());
        repo.blobs.insert(layer_digest.clone());
        self.blobs.insert(config_digest, config);
        self.blobs.insert(layer_digest, layer);
        let bytes = Bytes::from(manifest.to_string());
        let manifest = Manifest {
            media_type: OCI_MANIFEST.to_string(),
            bytes,
        };
        self.put_manifest(repository, Some(tag), manifest);
    }

    /// Opens an upload; the oldest open one goes when too many are.
    pub fn open_upload(&mut self) -> String {
        if self.uploads.len() >= MAX_UPLOADS
            && let Some(oldest) = self.uploads.keys().next().cloned()
        {
            self.uploads.remove(&oldest);
        }
        // Time-ordered ids, so the map's first key is the oldest upload.
        let id = uuid::Uuid::now_v7().to_string();
        self.uploads.insert(id.clone(), Vec::new());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seeded_image_is_whole_and_content_addressed() {
        let mut c = Content::default();
        c.seed_image("samples/hello", "v1");
        let repo = &c.repositories["samples/hello"];
        let d = &repo.tags["v1"];
        let m = &repo.manifests[d];
        assert_eq!(&digest(&m.bytes), d);
        let v: serde_json::Value = serde_json::from_slice(&m.bytes).unwrap();
        for blob in [&v["config"]["digest"], &v["layers"][0]["digest"]] {
            let bytes = &c.blobs[blob.as_str().unwrap()];
            assert_eq!(digest(bytes), blob.as_str().unwrap());
        }
        assert_eq!(
            digest(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
