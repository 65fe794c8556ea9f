//! [`AcrApi`] over azure_mgmt_containerregistry 0.21 (requests and models),
//! with this module's transport, LRO poller and pager around it.

use async_trait::async_trait;
use azure_mgmt_containerregistry::package_2023_07::models;
use chrono::{DateTime, Utc};

use super::answers::{parse_credentials, read_fields, registry_row, wire_date};
use super::error::{ArmError, ArmErrorKind, from_azure};
use super::lro::wait;
use super::paging::collect_raw;
use super::{
    AcrApi, ArmResult, GeneratedCredentials, RegistryInfo, RegistryRef, ScopeMapInfo, Slot,
    SubscriptionInfo, TokenInfo, TokenUpdate, convert,
};

use super::azure_client::SUBSCRIPTIONS_API;
pub use super::azure_client::{AzureAcr, ClientConfig};

#[async_trait]
impl AcrApi for AzureAcr {
    async fn quota_ready(&self, subscription: &str) {
        self.pacer.ready(&subscription.to_ascii_lowercase()).await
    }

    fn throttle_watch(&self) -> Option<tokio::sync::watch::Receiver<Option<std::time::Instant>>> {
        Some(self.pacer.subscribe())
    }

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
            // The first stable version with roleAssignmentMode; the rest of
            // the answer is read with the 2023-07-01 model, whose fields it keeps.
            super::authorization::MODE_API,
        );
        let what = format!("registries list of subscription {subscription}");
        let values = collect_raw(&self.raw, url.as_str(), &what, self.pages).await?;
        values.into_iter().map(|v| registry_row(v, &what)).collect()
    }

    async fn discover_registries(&self) -> ArmResult<Vec<RegistryInfo>> {
        self.graph_registries().await
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
        absent(self.get_scope_map(r, name).await, "scope map", name, r)?;
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
        self.read_tokens(r).await
    }

    async fn stream_tokens(
        &self,
        r: &RegistryRef,
        pages: &tokio::sync::mpsc::Sender<Vec<TokenInfo>>,
    ) -> ArmResult<usize> {
        self.send_token_pages(r, pages).await
    }

    async fn role_assignment_mode(&self, r: &RegistryRef) -> ArmResult<Option<String>> {
        self.read_role_assignment_mode(r).await
    }

    async fn create_role_assignment(
        &self,
        r: &RegistryRef,
        grant: &crate::domain::abac::grant::RoleGrant,
    ) -> ArmResult<crate::domain::abac::assignment::RoleAssignment> {
        self.put_role_assignment(r, grant).await
    }

    async fn list_tasks(
        &self,
        r: &RegistryRef,
    ) -> ArmResult<Vec<crate::domain::abac::readiness::TaskInfo>> {
        self.read_tasks(r).await
    }

    async fn delete_role_assignment(&self, r: &RegistryRef, id: &str) -> ArmResult<()> {
        self.remove_role_assignment(r, id).await
    }

    async fn list_role_assignments(
        &self,
        r: &RegistryRef,
    ) -> ArmResult<Vec<crate::domain::abac::assignment::RoleAssignment>> {
        self.read_role_assignments(r).await
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
        absent(self.get_token(r, name).await, "token", name, r)?;
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

/// ARM's PUT is create-or-replace: before creating, the name must be free.
/// Only a 404 proves it is; any other failure to look is passed on, so
/// nothing is created blind.
fn absent<T>(found: ArmResult<T>, kind: &str, name: &str, r: &RegistryRef) -> ArmResult<()> {
    match found {
        Ok(_) => Err(ArmError {
            code: Some("AlreadyExists".into()),
            ..ArmError::new(
                ArmErrorKind::Invalid,
                format!(
                    "{kind} {} already exists in {}: creating it would replace it. Choose another name, or change the existing one.",
                    name.to_ascii_lowercase(),
                    r.name
                ),
            )
        }),
        Err(e) if e.is_not_found() => Ok(()),
        Err(e) => Err(e),
    }
}
