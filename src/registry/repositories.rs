//! A registry's repositories, as the operator's Entra identity sees them:
//! the ARM token goes through `/oauth2/exchange` for a refresh token, that
//! buys an access token for `registry:catalog:*`, and the catalog is read
//! page by page (what `az acr repository list` does).

use reqwest::{Response, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::client::{AccessToken, RefreshToken, RegistryClient, error_message, read_limited};
use super::error::RegistryError;

/// Catalog pages followed at most (1,000 names each).
const MAX_PAGES: usize = 1_000;

/// Every repository of the registry, sorted, for the holder of `arm_token`.
pub async fn list_repositories(
    client: &RegistryClient,
    arm_token: &SecretString,
) -> Result<Vec<String>, RegistryError> {
    Ok(list_with_refresh(client, arm_token).await?.0)
}

/// The catalog, and the refresh token that read it (for further reads
/// with the same identity).
pub(super) async fn list_with_refresh(
    client: &RegistryClient,
    arm_token: &SecretString,
) -> Result<(Vec<String>, RefreshToken), RegistryError> {
    // A refusal here is about the operator's identity, not a password.
    let as_denied = |e: RegistryError| match e {
        RegistryError::Refused { server, detail } => RegistryError::Denied {
            server,
            detail: format!("{detail}; {CATALOG_ROLE}"),
        },
        other => other,
    };
    let refresh = client.exchange(arm_token, None).await.map_err(as_denied)?;
    let access = client
        .refresh_access(&refresh, &["registry:catalog:*".to_string()])
        .await
        .map_err(as_denied)?;
    Ok((client.catalog(&access).await?, refresh))
}

/// Who may list a registry's repositories, said with every refusal.
pub const CATALOG_ROLE: &str = "listing repositories needs the catalog/read permission (the Container Registry Repository Catalog Lister role in ABAC mode, or Reader/Contributor/Owner on the registry otherwise)";

impl RegistryClient {
    /// Every repository, page by page (`/acr/v1/_catalog`, as az CLI reads it).
    pub async fn catalog(&self, token: &AccessToken) -> Result<Vec<String>, RegistryError> {
        #[derive(Deserialize)]
        struct Page {
            #[serde(default)]
            repositories: Vec<String>,
        }
        let mut names = Vec::new();
        let mut next = Some(format!("{}/acr/v1/_catalog?n=1000", self.origin));
        let mut seen = std::collections::HashSet::new();
        while let Some(url) = next.take() {
            if !seen.insert(url.clone()) || seen.len() > MAX_PAGES {
                return Err(
                    self.protocol("the catalog's pages do not end (a Link repeats or never stops)")
                );
            }
            let r = self
                .http
                .get(&url)
                .bearer_auth(token.0.expose_secret())
                .send()
                .await
                .map_err(|e| self.failed(&e))?;
            next = self.next_link(&r)?;
            let status = r.status();
            let body = read_limited(r).await.map_err(|e| self.failed(&e))?;
            let body = body.ok_or_else(|| self.protocol("a catalog page is larger than 4 MiB"))?;
            match status {
                StatusCode::OK => {}
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                    return Err(RegistryError::Denied {
                        server: self.server.clone(),
                        detail: format!("{}; {CATALOG_ROLE}", error_message(&body)),
                    });
                }
                s => {
                    return Err(self.protocol(format!(
                        "the catalog answered {}: {}",
                        s.as_u16(),
                        error_message(&body)
                    )));
                }
            }
            let page: Page = serde_json::from_slice(&body)
                .map_err(|e| self.protocol(format!("a catalog page does not parse: {e}")))?;
            names.extend(page.repositories);
        }
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// The next page from a `Link: <path>; rel="next"` header: a path on
    /// this login server, or an absolute URL on the same origin.
    fn next_link(&self, r: &Response) -> Result<Option<String>, RegistryError> {
        let Some(link) = r
            .headers()
            .get(reqwest::header::LINK)
            .and_then(|v| v.to_str().ok())
        else {
            return Ok(None);
        };
        let target = link
            .split_once('<')
            .and_then(|(_, rest)| rest.split_once('>'))
            .map(|(t, _)| t)
            .ok_or_else(|| self.protocol(format!("cannot read the Link header {link:?}")))?;
        let url = if target.starts_with('/') {
            format!("{}{target}", self.origin)
        } else {
            target.to_string()
        };
        self.check_same_origin(&url)?;
        Ok(Some(url))
    }
}
