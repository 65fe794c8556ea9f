//! Writing a new password as an Azure Key Vault secret: the `kv://` sink of
//! `rotate --deliver` (issue 17), through Microsoft's maintained
//! `azure_security_keyvault_secrets` (azure_core 1.x, the stack under
//! `azure_identity`).
//!
//! Each write is one new version of the secret: the value (the password or
//! a docker config), `exp` = the password's expiry, a `contentType`, and
//! tags naming the registry, token and slot (never a secret).
//!
//! The token goes only where it was issued for: the SDK learns the scope
//! from the vault's 401 challenge and, as Microsoft's clients do, refuses a
//! challenge whose resource is not the vault's own domain
//! (`verify_challenge_resource`), so a hostile vault cannot get a token for
//! ARM or anything else. A vault of the emulator is reached at the
//! emulator's address under the vault's own host name (as login servers
//! are), so that check runs unchanged.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use azure_core_v1::credentials::TokenCredential as V1Credential;
use azure_core_v1::http::{ClientOptions, RequestContent, Transport};
use azure_security_keyvault_secrets::models::{SecretAttributes, SetSecretParameters};
use azure_security_keyvault_secrets::{SecretClient, SecretClientOptions};
use chrono::{DateTime, Utc};
use zeroize::Zeroize;

use crate::arm::auth::Cloud;
use crate::domain::model::Slot;
use crate::domain::safe_text::escaped;
use crate::registry::Route;

mod errors;
mod names;
mod transport;

use errors::explain;
pub use names::{check_secret_name, check_vault_name, vault_suffix};
use transport::{CoreV1View, Routed, retry_options};

/// What a secret version records besides its value (no secret in it).
pub struct SecretMeta<'a> {
    pub registry: &'a str,
    pub login_server: &'a str,
    pub token: &'a str,
    pub slot: Slot,
    pub expiry: Option<DateTime<Utc>>,
    /// What the value is (the secret's `contentType`).
    pub format: crate::domain::secret_formats::SecretFormat,
}

/// Where vaults are and how to authenticate to them.
#[derive(Clone)]
pub struct KeyVaults {
    credential: Arc<dyn V1Credential>,
    route: Route,
    suffix: &'static str,
    timeout: Duration,
    /// One client per vault, kept: each learns its vault's challenge once and
    /// keeps its connection, so a bulk run does not pay both per token.
    clients: Arc<std::sync::Mutex<HashMap<String, Arc<SecretClient>>>>,
}

impl std::fmt::Debug for KeyVaults {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyVaults(*.{})", self.suffix)
    }
}

impl KeyVaults {
    pub fn new(
        credential: Arc<dyn azure_core::auth::TokenCredential>,
        route: Route,
        cloud: Cloud,
        timeout: Duration,
    ) -> KeyVaults {
        KeyVaults {
            credential: Arc::new(CoreV1View(credential)),
            route,
            suffix: vault_suffix(cloud),
            timeout,
            clients: Arc::default(),
        }
    }

    /// The same, reaching vaults as `route` says.
    pub fn routed(self, route: Route) -> KeyVaults {
        KeyVaults {
            route,
            clients: Arc::default(),
            ..self
        }
    }

    /// The vault's address: `https://NAME.vault.azure.net`, or the vault's
    /// host at an emulator's port (spoken over plain http to one on
    /// loopback, below the SDK, which sends tokens over TLS only).
    pub fn vault_url(&self, vault: &str) -> String {
        let host = self.host(vault);
        match self.route.at {
            Some(addr) => format!("https://{host}:{}", addr.port()),
            None => format!("https://{host}"),
        }
    }

    /// `NAME.vault.azure.net` (the cloud's suffix).
    fn host(&self, vault: &str) -> String {
        format!("{}.{}", vault.to_ascii_lowercase(), self.suffix)
    }

    /// The vault's client, made on first use.
    fn client(&self, vault: &str) -> Result<Arc<SecretClient>, String> {
        let key = vault.to_ascii_lowercase();
        if let Some(client) = self.cached(|c| c.get(&key).cloned()) {
            return Ok(client);
        }
        let client = Arc::new(self.new_client(vault)?);
        self.cached(|c| c.insert(key, client.clone()));
        Ok(client)
    }

    /// The cache, under its lock (a poisoned lock only costs the cache).
    fn cached<T>(
        &self,
        f: impl FnOnce(&mut HashMap<String, Arc<SecretClient>>) -> Option<T>,
    ) -> Option<T> {
        self.clients.lock().ok().and_then(|mut c| f(&mut c))
    }

    fn new_client(&self, vault: &str) -> Result<SecretClient, String> {
        let host = self.host(vault);
        let builder = reqwest_v013::Client::builder()
            .redirect(reqwest_v013::redirect::Policy::none())
            .timeout(self.timeout);
        let builder = match self.route.at {
            Some(addr) => builder.resolve(&host, addr).no_proxy(),
            None => builder,
        };
        let http = builder
            .build()
            .map_err(|e| format!("cannot build an HTTP client: {e}"))?;
        let transport = Routed {
            http,
            plain: self.route.at.is_some_and(|a| a.ip().is_loopback())
                && self.route.scheme == "http",
        };
        let options = SecretClientOptions {
            client_options: ClientOptions {
                transport: Some(Transport::new(Arc::new(transport))),
                retry: retry_options(),
                ..Default::default()
            },
            verify_challenge_resource: Some(true),
            ..Default::default()
        };
        SecretClient::new(
            &self.vault_url(vault),
            self.credential.clone(),
            Some(options),
        )
        .map_err(|e| format!("cannot reach vault {}: {e}", escaped(vault)))
    }

    /// Writes `value` as a new version of `secret` in `vault`; its id
    /// (`https://…/secrets/NAME/VERSION`) on success.
    pub async fn set(
        &self,
        vault: &str,
        secret: &str,
        value: &str,
        meta: &SecretMeta<'_>,
    ) -> Result<String, String> {
        let client = self.client(vault)?;
        let mut parameters = SetSecretParameters {
            value: Some(value.to_string()),
            content_type: Some(meta.format.content_type().to_string()),
            tags: Some(tags(meta)),
            secret_attributes: Some(SecretAttributes {
                enabled: Some(true),
                expires: meta.expiry.and_then(to_offset),
                ..Default::default()
            }),
        };
        // Our copies are wiped; the SDK's copy of the body lives until sent.
        let json = serde_json::to_vec(&parameters).map(zeroize::Zeroizing::new);
        if let Some(v) = parameters.value.as_mut() {
            v.zeroize();
        }
        let json = json.map_err(|e| format!("cannot encode the secret: {e}"))?;
        let body = RequestContent::<SetSecretParameters>::from_slice(&json);
        let answer = client.set_secret(secret, body, None).await;
        let where_ = format!("{}/secrets/{secret}", self.vault_url(vault));
        let mut written = answer
            .and_then(|r| r.into_model())
            .map_err(|e| explain(&e, &where_))?;
        // Key Vault echoes the value back: not kept.
        if let Some(v) = written.value.as_mut() {
            v.zeroize();
        }
        Ok(written
            .id
            .clone()
            .unwrap_or_else(|| format!("{where_} (no id returned)")))
    }
}

fn tags(meta: &SecretMeta<'_>) -> HashMap<String, String> {
    HashMap::from([
        ("registry".to_string(), meta.registry.to_string()),
        ("login-server".to_string(), meta.login_server.to_string()),
        ("token".to_string(), meta.token.to_string()),
        ("slot".to_string(), meta.slot.as_str().to_string()),
        ("written-by".to_string(), "acrtui".to_string()),
    ])
}

fn to_offset(t: DateTime<Utc>) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::from_unix_timestamp(t.timestamp()).ok()
}
