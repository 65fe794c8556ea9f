//! [`AcrApi`] over azure_mgmt_containerregistry 0.21 (requests and models),
//! with this module's transport, LRO poller and pager around it.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use azure_core::auth::TokenCredential;
use azure_core::{RetryOptions, TransportOptions, Url};
use azure_mgmt_containerregistry::package_2023_07::{Client, models};
use chrono::{DateTime, Utc};

use super::answers::{
    item_name, parse_credentials, parse_item, read_fields, token_item, unreadable_item, wire_date,
};
use super::error::{ArmError, ArmErrorKind, from_azure};
use super::lro::{LroOptions, wait};
use super::paging::{PageLimits, collect_raw};
use super::raw::RawClient;
use super::retry::RetryConfig;
use super::transport::Transport;
use super::{
    AcrApi, ArmResult, GeneratedCredentials, RegistryInfo, RegistryRef, ScopeMapInfo, Slot,
    SubscriptionInfo, TokenInfo, TokenUpdate, convert,
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
