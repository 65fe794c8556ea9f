//! [`AcrApi`] over azure_mgmt_containerregistry 0.21 (requests and models),
//! with this module's transport, LRO poller and pager around it.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use azure_core::auth::TokenCredential;
use azure_core::{RetryOptions, TransportOptions, Url};
use azure_mgmt_containerregistry::package_2023_07::{Client, models};
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::Deserialize;
use zeroize::Zeroize;

use super::error::{ArmError, ArmErrorKind, from_azure};
use super::lro::{LroOptions, wait};
use super::paging::{PageLimits, collect_raw};
use super::raw::RawClient;
use super::retry::RetryConfig;
use super::transport::Transport;
use super::{
    AcrApi, ArmResult, GeneratedCredentials, GeneratedPassword, RegistryInfo, RegistryRef,
    ScopeMapInfo, Slot, SubscriptionInfo, TokenInfo, TokenUpdate, convert,
};

const SUBSCRIPTIONS_API: &str = "2022-12-01";
/// The api-version of the mgmt crate's package-2023-07, used for raw lists too.
const ACR_API: &str = "2023-07-01";

#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub retry: RetryConfig,
    pub attempt_timeout: Duration,
    pub lro: LroOptions,
    pub pages: PageLimits,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            retry: RetryConfig::default(),
            attempt_timeout: Duration::from_secs(60),
            lro: LroOptions::default(),
            pages: PageLimits::default(),
        }
    }
}

#[derive(Clone)]
pub struct AzureAcr {
    client: Client,
    raw: RawClient,
    endpoint: Url,
    lro: LroOptions,
    pages: PageLimits,
}

impl std::fmt::Debug for AzureAcr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AzureAcr")
            .field("endpoint", &self.endpoint.as_str())
            .finish_non_exhaustive()
    }
}

impl AzureAcr {
    /// `endpoint`: the ARM endpoint (public cloud, sovereign cloud or emulator).
    /// `scope`: the token scope, e.g. `https://management.azure.com/.default`.
    pub fn new(
        endpoint: Url,
        scope: &str,
        credential: Arc<dyn TokenCredential>,
        config: ClientConfig,
    ) -> AzureAcr {
        let build = |retry: RetryConfig| {
            let transport: Arc<Transport> =
                Arc::new(Transport::new(retry, config.attempt_timeout).for_origin(&endpoint));
            let client = Client::new(
                endpoint.clone(),
                credential.clone(),
                vec![scope.to_string()],
                azure_core::ClientOptions::new(TransportOptions::new(transport.clone()))
                    .retry(RetryOptions::none()),
            );
            (client, transport)
        };
        let (client, transport) = build(config.retry.clone());
        AzureAcr {
            client,
            raw: RawClient {
                http: transport,
                credential,
                scopes: vec![scope.to_string()],
            },
            endpoint,
            lro: config.lro,
            pages: config.pages,
        }
    }

    /// `endpoint/seg/seg/...?api-version=…`, each segment percent-encoded.
    fn url(&self, segments: &[&str], api_version: &str) -> Url {
        let mut url = self.endpoint.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.clear().extend(segments);
        }
        url.set_query(Some(&format!("api-version={api_version}")));
        url
    }

    /// A registry's child resource URL; each segment is percent-encoded.
    fn registry_url(&self, r: &RegistryRef, child: &[&str]) -> Url {
        let mut segments = vec![
            "subscriptions",
            &r.subscription,
            "resourceGroups",
            &r.resource_group,
            "providers",
            "Microsoft.ContainerRegistry",
            "registries",
            &r.name,
        ];
        segments.extend_from_slice(child);
        self.url(&segments, ACR_API)
    }

    /// Every item of a list, each parsed as `T`; an item that does not parse
    /// fails the list with its name and the field at fault.
    async fn list<T: serde::de::DeserializeOwned>(
        &self,
        url: Url,
        what: &str,
    ) -> ArmResult<Vec<T>> {
        let values = collect_raw(&self.raw, url.as_str(), what, self.pages).await?;
        values.into_iter().map(|v| parse_item(v, what)).collect()
    }

    fn scope_map_id(&self, r: &RegistryRef, name: &str) -> String {
        r.scope_map_id(name)
    }

    /// Sends a request whose answer may start a long-running operation and waits for it.
    async fn finish<T>(&self, response: azure_core::Result<T>) -> ArmResult<()>
    where
        T: AsRef<azure_core::Response>,
    {
        let response = response.map_err(|e| from_azure(&e))?;
        wait(&self.raw, response.as_ref().headers(), &self.lro)
            .await
            .map(|_| ())
    }
}

/// An item's name, made safe to print, when it has one.
fn item_name(v: &serde_json::Value) -> Option<String> {
    v.get("name")
        .and_then(|n| n.as_str())
        .map(|n| crate::domain::safe_text::escaped(n).into_owned())
}

/// `v` as `T`, or which field cannot be read and why.
fn read_fields<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T, String> {
    serde_path_to_error::deserialize(v)
        .map_err(|e| format!("field {} cannot be read: {}", e.path(), e.inner()))
}

fn unreadable_item(what: &str, name: Option<&str>, problem: &str) -> ArmError {
    let item = name.map_or_else(
        || "an item without a name".to_string(),
        |n| format!("{n:?}"),
    );
    ArmError::new(
        ArmErrorKind::Decode,
        format!("the {what}: {item} cannot be read: {problem}"),
    )
}

/// One list item as `T`, or an error naming the item and the field at fault.
fn parse_item<T: serde::de::DeserializeOwned>(v: serde_json::Value, what: &str) -> ArmResult<T> {
    let name = item_name(&v);
    read_fields(v).map_err(|p| unreadable_item(what, name.as_deref(), &p))
}

/// One token of a list. A named token that cannot be read is listed as
/// unreadable (the others are still good); a nameless one fails the list,
/// since nothing could say which token is missing.
fn token_item(v: serde_json::Value, what: &str) -> ArmResult<TokenInfo> {
    let name = item_name(&v);
    match read_fields::<models::Token>(v).and_then(convert::token) {
        Ok(token) => Ok(token),
        Err(problem) => match name {
            Some(name) => Ok(TokenInfo::unreadable(name, problem)),
            None => Err(unreadable_item(what, None, &problem)),
        },
    }
}

/// A date as live clients write it: whole seconds when there is no fraction,
/// else at most 7 fractional digits (100 ns, as .NET writes), trailing zeros
/// dropped, always `Z`. A date past 9998 cannot be sent: the service writes
/// "never" as 9999-12-31, so it is an error, never "no date".
fn wire_date(t: DateTime<Utc>, what: &str) -> ArmResult<String> {
    use chrono::Datelike;
    if t.year() > 9998 || t.year() < 1 {
        return Err(ArmError::new(
            ArmErrorKind::Invalid,
            format!("{what} {t} cannot be sent: the latest date is 9998-12-31"),
        ));
    }
    Ok(crate::domain::wire_time::rfc3339_ticks(t))
}

/// generateCredentials' answer, parsed straight into secrets.
#[derive(Deserialize)]
struct WireCredentials {
    username: Option<String>,
    #[serde(default)]
    passwords: Vec<WirePassword>,
}

#[derive(Deserialize)]
struct WirePassword {
    name: Option<String>,
    value: Option<SecretString>,
    #[serde(rename = "creationTime")]
    creation_time: Option<DateTime<Utc>>,
    expiry: Option<DateTime<Utc>>,
}

/// Parses the answer, then overwrites the buffer with zeros, success or not.
fn parse_and_wipe(buf: &mut [u8]) -> Result<WireCredentials, serde_json::Error> {
    let parsed = serde_json::from_slice(buf);
    buf.zeroize();
    parsed
}

/// Parses the answer and wipes the buffer it came in.
fn parse_credentials(body: bytes::Bytes, token: &str) -> ArmResult<GeneratedCredentials> {
    // Wipe the buffer in place when we own it; a shared one can only be copied.
    let parsed = match body.try_into_mut() {
        Ok(mut owned) => parse_and_wipe(&mut owned),
        Err(shared) => parse_and_wipe(&mut shared.to_vec()),
    };
    let wire = parsed.map_err(|e| {
        ArmError::new(
            ArmErrorKind::Decode,
            format!("unexpected generateCredentials answer: {e}"),
        )
    })?;
    let passwords = wire
        .passwords
        .into_iter()
        .filter_map(|p| {
            Some(GeneratedPassword {
                slot: Slot::parse(p.name.as_deref()?)?,
                value: p.value?,
                created: p.creation_time,
                expiry: p.expiry,
            })
        })
        .collect::<Vec<_>>();
    if passwords.is_empty() {
        return Err(ArmError::new(
            ArmErrorKind::Decode,
            "generateCredentials answered without a password",
        ));
    }
    Ok(GeneratedCredentials {
        username: wire.username.unwrap_or_else(|| token.to_string()),
        passwords,
    })
}

#[async_trait]
impl AcrApi for AzureAcr {
    async fn list_subscriptions(&self) -> ArmResult<Vec<SubscriptionInfo>> {
        let mut url = self.endpoint.clone();
        url.set_path("/subscriptions");
        url.set_query(Some(&format!("api-version={SUBSCRIPTIONS_API}")));
        let values = collect_raw(&self.raw, url.as_str(), "subscriptions list", self.pages).await?;
        Ok(values
            .into_iter()
            .filter_map(|v| {
                Some(SubscriptionInfo {
                    id: v.get("subscriptionId")?.as_str()?.to_string(),
                    display_name: v
                        .get("displayName")
                        .and_then(|d| d.as_str())
                        .unwrap_or_default()
                        .to_string(),
                    tenant_id: v
                        .get("tenantId")
                        .and_then(|t| t.as_str())
                        .map(str::to_string),
                })
            })
            .collect())
    }

    async fn list_registries(&self, subscription: &str) -> ArmResult<Vec<RegistryInfo>> {
        let url = self.url(
            &[
                "subscriptions",
                subscription,
                "providers",
                "Microsoft.ContainerRegistry",
                "registries",
            ],
            ACR_API,
        );
        let what = format!("registries list of subscription {subscription}");
        let values = collect_raw(&self.raw, url.as_str(), &what, self.pages).await?;
        values
            .into_iter()
            .map(|v| {
                let name = item_name(&v);
                read_fields::<models::Registry>(v)
                    .and_then(convert::registry)
                    .map_err(|p| unreadable_item(&what, name.as_deref(), &p))
            })
            .collect()
    }

    async fn get_registry(&self, r: &RegistryRef) -> ArmResult<RegistryInfo> {
        let reg = self
            .client
            .registries_client()
            .get(&r.subscription, &r.resource_group, &r.name)
            .await
            .map_err(|e| from_azure(&e))?;
        convert::registry(reg).map_err(|p| {
            ArmError::new(
                ArmErrorKind::Decode,
                format!("registry {r} cannot be read: {p}"),
            )
        })
    }

    async fn set_admin_user(&self, r: &RegistryRef, enabled: bool) -> ArmResult<RegistryInfo> {
        let params = models::RegistryUpdateParameters {
            properties: Some(models::RegistryPropertiesUpdateParameters {
                admin_user_enabled: Some(enabled),
                ..Default::default()
            }),
            ..Default::default()
        };
        let sent = self
            .client
            .registries_client()
            .update(&r.subscription, &r.resource_group, &r.name, params)
            .send()
            .await;
        self.finish(sent).await?;
        self.get_registry(r).await
    }

    async fn list_scope_maps(&self, r: &RegistryRef) -> ArmResult<Vec<ScopeMapInfo>> {
        let url = self.registry_url(r, &["scopeMaps"]);
        let items: Vec<models::ScopeMap> =
            self.list(url, &format!("scope maps list of {r}")).await?;
        Ok(items.into_iter().map(convert::scope_map).collect())
    }

    async fn get_scope_map(&self, r: &RegistryRef, name: &str) -> ArmResult<ScopeMapInfo> {
        let map = self
            .client
            .scope_maps_client()
            .get(&r.subscription, &r.resource_group, &r.name, name)
            .await
            .map_err(|e| from_azure(&e))?;
        Ok(convert::scope_map(map))
    }

    async fn create_scope_map(
        &self,
        r: &RegistryRef,
        name: &str,
        description: Option<&str>,
        actions: &[String],
    ) -> ArmResult<ScopeMapInfo> {
        let body = models::ScopeMap {
            properties: Some(models::ScopeMapProperties {
                description: description.map(str::to_string),
                ..models::ScopeMapProperties::new(actions.to_vec())
            }),
            ..Default::default()
        };
        let sent = self
            .client
            .scope_maps_client()
            .create(&r.subscription, &r.resource_group, &r.name, name, body)
            .send()
            .await;
        self.finish(sent).await?;
        self.get_scope_map(r, name).await
    }

    async fn update_scope_map(
        &self,
        r: &RegistryRef,
        name: &str,
        description: Option<&str>,
        actions: &[String],
    ) -> ArmResult<ScopeMapInfo> {
        let body = models::ScopeMapUpdateParameters {
            properties: Some(models::ScopeMapPropertiesUpdateParameters {
                description: description.map(str::to_string),
                actions: actions.to_vec(),
            }),
        };
        let sent = self
            .client
            .scope_maps_client()
            .update(&r.subscription, &r.resource_group, &r.name, name, body)
            .send()
            .await;
        self.finish(sent).await?;
        self.get_scope_map(r, name).await
    }

    async fn delete_scope_map(&self, r: &RegistryRef, name: &str) -> ArmResult<()> {
        let sent = self
            .client
            .scope_maps_client()
            .delete(&r.subscription, &r.resource_group, &r.name, name)
            .send()
            .await;
        self.finish(sent).await
    }

    async fn list_tokens(&self, r: &RegistryRef) -> ArmResult<Vec<TokenInfo>> {
        let url = self.registry_url(r, &["tokens"]);
        let what = format!("tokens list of {r}");
        let values = collect_raw(&self.raw, url.as_str(), &what, self.pages).await?;
        values.into_iter().map(|v| token_item(v, &what)).collect()
    }

    /// Read raw, so a field that cannot be read is named; an unreadable token
    /// is an error here, since every caller decides something from it.
    async fn get_token(&self, r: &RegistryRef, name: &str) -> ArmResult<TokenInfo> {
        let url = self.registry_url(r, &["tokens", name]);
        let answer = self.raw.get(url.as_str()).await?;
        if !(200..300).contains(&answer.status) {
            return Err(answer.error());
        }
        let value: serde_json::Value = answer.json()?;
        read_fields::<models::Token>(value)
            .and_then(convert::token)
            .map_err(|p| {
                ArmError::new(
                    ArmErrorKind::Decode,
                    format!("token {name} of {r} cannot be read: {p}"),
                )
            })
    }

    async fn create_token(
        &self,
        r: &RegistryRef,
        name: &str,
        scope_map: &str,
        enabled: bool,
    ) -> ArmResult<TokenInfo> {
        let status = if enabled { "enabled" } else { "disabled" };
        let body = models::Token {
            properties: Some(models::TokenProperties {
                scope_map_id: Some(self.scope_map_id(r, scope_map)),
                status: serde_json::from_value(serde_json::json!(status)).ok(),
                ..Default::default()
            }),
            ..Default::default()
        };
        let sent = self
            .client
            .tokens_client()
            .create(&r.subscription, &r.resource_group, &r.name, name, body)
            .send()
            .await;
        self.finish(sent).await?;
        self.get_token(r, name).await
    }

    async fn update_token(
        &self,
        r: &RegistryRef,
        name: &str,
        update: &TokenUpdate,
    ) -> ArmResult<TokenInfo> {
        let body = models::TokenUpdateParameters {
            properties: Some(models::TokenUpdateProperties {
                scope_map_id: update.scope_map.as_deref().map(|s| self.scope_map_id(r, s)),
                status: update.enabled.and_then(|e| {
                    serde_json::from_value(serde_json::json!(if e {
                        "enabled"
                    } else {
                        "disabled"
                    }))
                    .ok()
                }),
                credentials: None,
            }),
        };
        let sent = self
            .client
            .tokens_client()
            .update(&r.subscription, &r.resource_group, &r.name, name, body)
            .send()
            .await;
        self.finish(sent).await?;
        self.get_token(r, name).await
    }

    async fn delete_token(&self, r: &RegistryRef, name: &str) -> ArmResult<()> {
        let sent = self
            .client
            .tokens_client()
            .delete(&r.subscription, &r.resource_group, &r.name, name)
            .send()
            .await;
        self.finish(sent).await
    }

    async fn generate_credentials(
        &self,
        r: &RegistryRef,
        token: &str,
        slot: Option<Slot>,
        expiry: Option<DateTime<Utc>>,
    ) -> ArmResult<GeneratedCredentials> {
        // Sent raw, as live clients write it: no `expiry` key for a password
        // that never expires (not `null`), and dates without nanoseconds.
        let mut params = serde_json::json!({ "tokenId": r.token_id(token) });
        if let Some(slot) = slot {
            params["name"] = slot.as_str().into();
        }
        if let Some(expiry) = expiry {
            params["expiry"] = wire_date(expiry, "the expiry")?.into();
        }
        let url = self.registry_url(r, &["generateCredentials"]);
        let answer = self
            .raw
            .send(azure_core::Method::Post, url.as_str(), Some(&params))
            .await?;
        let body = match answer.status {
            202 => wait(&self.raw, &answer.headers, &self.lro).await?,
            200..=299 => answer.body,
            _ => return Err(answer.error()),
        };
        parse_credentials(body, token)
    }

    async fn delete_password(
        &self,
        r: &RegistryRef,
        token: &str,
        slot: Slot,
    ) -> ArmResult<TokenInfo> {
        let current = self.get_token(r, token).await?;
        let mut keep = Vec::new();
        for p in current.passwords.iter().filter(|p| p.slot != slot) {
            let mut password = serde_json::json!({ "name": p.slot.as_str() });
            if let Some(created) = p.created {
                password["creationTime"] = wire_date(created, "the creation time")?.into();
            }
            // A password that never expires is sent without `expiry`, as created.
            if let Some(expiry) = p
                .expiry
                .filter(|_| !crate::domain::expiry::is_never(p.expiry))
            {
                password["expiry"] = wire_date(expiry, "the expiry")?.into();
            }
            keep.push(password);
        }
        let body = serde_json::json!({"properties": {"credentials": {"passwords": keep}}});
        let url = self.registry_url(r, &["tokens", token]);
        let answer = self
            .raw
            .send(azure_core::Method::Patch, url.as_str(), Some(&body))
            .await?;
        if !(200..300).contains(&answer.status) {
            return Err(answer.error());
        }
        wait(&self.raw, &answer.headers, &self.lro).await?;
        self.get_token(r, token).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn dates_go_out_as_live_clients_write_them() {
        use chrono::TimeZone;
        let t = Utc.with_ymd_and_hms(2027, 3, 31, 0, 0, 0).unwrap();
        assert_eq!(wire_date(t, "x").unwrap(), "2027-03-31T00:00:00Z");
        let t = t + chrono::Duration::nanoseconds(123_456_789);
        assert_eq!(wire_date(t, "x").unwrap(), "2027-03-31T00:00:00.1234567Z");
        let t = Utc.with_ymd_and_hms(2027, 3, 31, 0, 0, 0).unwrap()
            + chrono::Duration::milliseconds(500);
        assert_eq!(wire_date(t, "x").unwrap(), "2027-03-31T00:00:00.5Z");
        let far = Utc.with_ymd_and_hms(2300, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(wire_date(far, "x").unwrap(), "2300-01-01T00:00:00Z");
        let never = Utc.with_ymd_and_hms(9999, 12, 31, 0, 0, 0).unwrap();
        assert!(
            wire_date(never, "the expiry")
                .unwrap_err()
                .message
                .contains("9998-12-31")
        );
    }

    #[test]
    fn the_answer_buffer_is_wiped_after_parsing() {
        let mut buf =
            br#"{"username":"t","passwords":[{"name":"password1","value":"SECRET-VALUE"}]}"#
                .to_vec();
        let wire = parse_and_wipe(&mut buf).unwrap();
        assert!(
            buf.iter().all(|b| *b == 0),
            "the buffer still holds the answer"
        );
        assert_eq!(
            wire.passwords[0].value.as_ref().unwrap().expose_secret(),
            "SECRET-VALUE"
        );
        let mut bad = b"{not json SECRET".to_vec();
        assert!(parse_and_wipe(&mut bad).is_err());
        assert!(bad.iter().all(|b| *b == 0), "wiped on failure too");
    }

    #[test]
    fn generated_passwords_never_show_in_debug() {
        let creds = parse_credentials(
            bytes::Bytes::from_static(
                br#"{"username":"t","passwords":[{"name":"password2","value":"SECRET-VALUE"}]}"#,
            ),
            "t",
        )
        .unwrap();
        let debug = format!("{creds:?}");
        assert!(!debug.contains("SECRET-VALUE"), "{debug}");
        assert_eq!(creds.passwords[0].slot, Slot::Password2);
    }
}
