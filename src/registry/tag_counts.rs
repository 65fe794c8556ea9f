//! A registry's repositories with their tag counts, for the console's
//! Repositories view: the catalog, then each repository's attributes
//! (`GET /acr/v1/<name>`, what `az acr repository show` reads).
//!
//! Reading attributes costs a request per repository, so counts are read
//! for the first [`TAG_COUNTS_FOR`] repositories only (a few seconds at
//! ARM-like latency, 8 at a time); the rest show no count, and the view says so.

use futures_util::StreamExt;
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::client::{AccessToken, RefreshToken, RegistryClient, read_limited};
use super::error::RegistryError;

/// Repositories whose tags are counted (the first, in name order).
pub const TAG_COUNTS_FOR: usize = 500;
/// Repositories per access token: its scopes go in one form body.
const SCOPES_PER_TOKEN: usize = 25;
/// Attribute reads in flight at once.
const PARALLEL: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepositorySummary {
    pub name: String,
    /// None when not read (past the first [`TAG_COUNTS_FOR`], or refused).
    pub tags: Option<u64>,
}

/// Every repository, sorted, with tag counts for the first ones.
pub async fn repositories_with_tag_counts(
    client: &RegistryClient,
    arm_token: &SecretString,
) -> Result<Vec<RepositorySummary>, RegistryError> {
    let (names, refresh) = super::repositories::list_with_refresh(client, arm_token).await?;
    let counted = names.len().min(TAG_COUNTS_FOR);
    let mut counts = Vec::with_capacity(counted);
    for chunk in names[..counted].chunks(SCOPES_PER_TOKEN) {
        counts.extend(chunk_counts(client, &refresh, chunk).await);
    }
    counts.resize(names.len(), None);
    Ok(names
        .into_iter()
        .zip(counts)
        .map(|(name, tags)| RepositorySummary { name, tags })
        .collect())
}

/// The tag counts of `names`, None for each that could not be read: a
/// missing count is not worth failing the listing for.
async fn chunk_counts(
    client: &RegistryClient,
    refresh: &RefreshToken,
    names: &[String],
) -> Vec<Option<u64>> {
    let scopes: Vec<String> = names
        .iter()
        .map(|n| format!("repository:{n}:metadata_read"))
        .collect();
    let Ok(token) = client.refresh_access(refresh, &scopes).await else {
        return vec![None; names.len()];
    };
    // The futures are made before they enter the stream: a closure inside
    // the stream would make the task's future not provably Send.
    let reads: Vec<_> = names.iter().map(|n| client.tag_count(&token, n)).collect();
    let counts: Vec<Result<u64, RegistryError>> = futures_util::stream::iter(reads)
        .buffered(PARALLEL)
        .collect()
        .await;
    counts.into_iter().map(Result::ok).collect()
}

impl RegistryClient {
    /// A repository's tag count, from its attributes.
    pub async fn tag_count(&self, token: &AccessToken, name: &str) -> Result<u64, RegistryError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Attributes {
            tag_count: u64,
        }
        let r = self
            .http
            .get(format!("{}/acr/v1/{name}", self.origin))
            .bearer_auth(token.0.expose_secret())
            .send()
            .await
            .map_err(|e| self.failed(&e))?;
        let status = r.status();
        let body = read_limited(r).await.map_err(|e| self.failed(&e))?;
        let body = body.ok_or_else(|| self.protocol("repository attributes over 4 MiB"))?;
        if status != StatusCode::OK {
            return Err(self.protocol(format!("{name}'s attributes answered {}", status.as_u16())));
        }
        let a: Attributes = serde_json::from_slice(&body)
            .map_err(|e| self.protocol(format!("{name}'s attributes do not parse: {e}")))?;
        Ok(a.tag_count)
    }
}
