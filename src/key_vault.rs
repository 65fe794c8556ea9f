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

use async_trait::async_trait;
use azure_core_v1::credentials::{
    AccessToken, TokenCredential as V1Credential, TokenRequestOptions,
};
use azure_core_v1::http::{ClientOptions, RequestContent, Transport};
use azure_security_keyvault_secrets::models::{SecretAttributes, SetSecretParameters};
use azure_security_keyvault_secrets::{SecretClient, SecretClientOptions};
use chrono::{DateTime, Utc};
use zeroize::Zeroize;

use crate::arm::auth::Cloud;
use crate::domain::model::Slot;
use crate::domain::safe_text::escaped;
use crate::registry::Route;

/// What a secret version records besides its value (no secret in it).
pub struct SecretMeta<'a> {
    pub registry: &'a str,
    pub login_server: &'a str,
    pub token: &'a str,
    pub slot: Slot,
    pub expiry: Option<DateTime<Utc>>,
    /// `text/plain` for a bare password, `application/json` for a docker config.
    pub content_type: &'static str,
}

/// Where vaults are and how to authenticate to them.
#[derive(Clone)]
pub struct KeyVaults {
    credential: Arc<dyn V1Credential>,
    route: Route,
    suffix: &'static str,
    timeout: Duration,
}

impl std::fmt::Debug for KeyVaults {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyVaults(*.{})", self.suffix)
    }
}

/// The vault DNS suffix of a cloud.
pub fn vault_suffix(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Public => "vault.azure.net",
        Cloud::UsGovernment => "vault.usgovcloudapi.net",
        Cloud::China => "vault.azure.cn",
    }
}

/// A vault's name as Key Vault takes it: 3–24 letters, digits and dashes,
/// starting with a letter, not ending with a dash, no double dash.
pub fn check_vault_name(name: &str) -> Result<(), String> {
    let valid = (3..=24).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && !name.ends_with('-')
        && !name.contains("--")
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{:?} is not a vault name: 3-24 letters, digits and dashes, starting with a letter (the name, not the https://….vault.azure.net address)",
            escaped(name)
        ))
    }
}

/// A secret's name as Key Vault takes it: 1–127 letters, digits and dashes.
pub fn check_secret_name(name: &str) -> Result<(), String> {
    let valid = (1..=127).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{:?} is not a Key Vault secret name: 1-127 letters, digits and dashes",
            escaped(name)
        ))
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
        }
    }

    /// The same, reaching vaults as `route` says.
    pub fn routed(self, route: Route) -> KeyVaults {
        KeyVaults { route, ..self }
    }

    /// The vault's address: `https://NAME.vault.azure.net`, or the vault's
    /// host at an emulator's port (spoken over plain http to one on
    /// loopback, below the SDK, which sends tokens over TLS only).
    pub fn vault_url(&self, vault: &str) -> String {
        let host = format!("{}.{}", vault.to_ascii_lowercase(), self.suffix);
        match self.route.at {
            Some(addr) => format!("https://{host}:{}", addr.port()),
            None => format!("https://{host}"),
        }
    }

    fn client(&self, vault: &str) -> Result<SecretClient, String> {
        let host = format!("{}.{}", vault.to_ascii_lowercase(), self.suffix);
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
            content_type: Some(meta.content_type.to_string()),
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

/// Two retries within 10 s: the SDK's default (8 retries over a minute)
/// would hold a bulk run ~80 s per token on a vault that cannot be reached.
/// A retried write at worst adds a version with the same value.
fn retry_options() -> azure_core_v1::http::RetryOptions {
    azure_core_v1::http::RetryOptions::exponential(azure_core_v1::http::ExponentialRetryOptions {
        initial_delay: azure_core_v1::time::Duration::milliseconds(500),
        max_retries: 2,
        max_total_elapsed: azure_core_v1::time::Duration::seconds(10),
        max_delay: azure_core_v1::time::Duration::seconds(2),
    })
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

/// What failed, and what to do about it.
fn explain(e: &azure_core_v1::Error, where_: &str) -> String {
    use azure_core_v1::error::ErrorKind;
    match e.kind() {
        ErrorKind::HttpResponse {
            status,
            error_code,
            raw_response,
        } => {
            // Read from the body: azure_core 1.1 cannot read a code next to a
            // message with escapes (Key Vault's 403 message has `\r\n`) and
            // falls back to the status.
            let body = raw_response
                .as_ref()
                .and_then(|r| serde_json::from_slice::<serde_json::Value>(r.body()).ok());
            let code = body
                .as_ref()
                .map(|b| &b["error"])
                .and_then(|e| e["innererror"]["code"].as_str().or(e["code"].as_str()))
                .or(error_code.as_deref())
                .unwrap_or("no error code");
            let hint = match u16::from(*status) {
                401 => "the credential's token was not accepted for Key Vault",
                403 => {
                    "the identity needs the Key Vault Secrets Officer role on the vault (or set permission in its access policy), or the vault's firewall refused this address"
                }
                404 => "check the vault's name and cloud",
                _ => "see the vault's answer",
            };
            format!(
                "Key Vault refused writing {where_}: {} {}; {hint}",
                u16::from(*status),
                escaped(code)
            )
        }
        // Connected, then no answer (a timeout, a reset): the write may have
        // reached the vault, and a new version may exist without us knowing.
        _ if answer_lost(e) => format!(
            "could not write {where_}: {}; the answer was lost, so the vault may have stored it anyway: see {where_}/versions",
            escaped(&innermost(e))
        ),
        _ => format!("could not write {where_}: {}", escaped(&innermost(e))),
    }
}

/// Whether a request went out and its answer never came (an I/O error
/// after connecting, under any of the SDK's wrappers), as opposed to one
/// never sent (no connection) or refused before sending (a bad challenge).
fn answer_lost(e: &azure_core_v1::Error) -> bool {
    use azure_core_v1::error::ErrorKind;
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(core) = err.downcast_ref::<azure_core_v1::Error>() {
            match core.kind() {
                ErrorKind::Io => return true,
                ErrorKind::Connection => return false,
                _ => {}
            }
        }
        current = err.source();
    }
    false
}

/// The error under the SDK's wrappers ("retry policy expired…", "non-transport
/// error…"), which is what says what went wrong.
fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut messages = vec![e.to_string()];
    let mut source = e.source();
    while let Some(inner) = source {
        messages.push(inner.to_string());
        source = inner.source();
    }
    let wrappers = ["retry policy expired", "non-transport error occurred"];
    messages.retain(|m| !wrappers.iter().any(|w| m.starts_with(w)));
    messages.dedup();
    if messages.is_empty() {
        e.to_string()
    } else {
        messages.join(": ")
    }
}

/// The vault's requests, pinned to the route's address by the client's
/// resolver; `plain`: the emulator on loopback speaks http, so https
/// becomes http on the wire (as `arm::auth`'s LoopbackHttp does for Entra).
#[derive(Debug)]
struct Routed {
    http: reqwest_v013::Client,
    plain: bool,
}

#[async_trait]
impl azure_core_v1::http::HttpClient for Routed {
    async fn execute_request(
        &self,
        request: &azure_core_v1::http::Request,
    ) -> azure_core_v1::Result<azure_core_v1::http::AsyncRawResponse> {
        if !self.plain {
            return self.http.execute_request(request).await;
        }
        let mut request = request.clone();
        let _ = request.url_mut().set_scheme("http");
        self.http.execute_request(&request).await
    }
}

/// An azure_core 0.21 credential seen through the azure_core 1.x trait the
/// Key Vault SDK takes (the reverse of `arm::auth::Adapter`).
struct CoreV1View(Arc<dyn azure_core::auth::TokenCredential>);

impl std::fmt::Debug for CoreV1View {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CoreV1View([REDACTED])")
    }
}

#[async_trait]
impl V1Credential for CoreV1View {
    async fn get_token(
        &self,
        scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core_v1::Result<AccessToken> {
        let token = self.0.get_token(scopes).await.map_err(|e| {
            azure_core_v1::Error::with_message(
                azure_core_v1::error::ErrorKind::Credential,
                format!("{e}"),
            )
        })?;
        Ok(AccessToken::new(
            token.token.secret().to_string(),
            token.expires_on,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vault_and_secret_names_are_checked_as_key_vault_does() {
        for ok in ["kv-ci", "abc", "a23456789012345678901234"] {
            assert!(check_vault_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "ab",
            "1kv",
            "kv-",
            "k--v",
            "kv_ci",
            "a234567890123456789012345",
            "kv.vault.azure.net",
        ] {
            let e = check_vault_name(bad).unwrap_err();
            assert!(e.contains("not a vault name"), "{bad}: {e}");
        }
        assert!(check_secret_name("contosoprod-ci-pull").is_ok());
        for bad in ["", "a_b", "a/b", &"x".repeat(128)] {
            assert!(check_secret_name(bad).is_err(), "{bad}");
        }
    }
}
