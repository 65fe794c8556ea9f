//! Azure Resource Manager access. [`AcrApi`] speaks domain types; the TUI, the
//! audit and the tests never see generated models. [`azure::AzureAcr`] is the one
//! implementation, for real Azure and the emulator alike.

pub mod auth;
mod authorization;
pub mod azure;
mod azure_client;
pub mod error;
pub mod graph;
pub mod inventory;
pub mod lro;
pub mod pacing;
pub mod paging;
pub mod retry;
mod tasks;
pub mod transport;

mod answers;
mod convert;
pub mod raw;
mod registry_load;
mod resource_graph;
mod token_lists;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

pub use error::{ArmError, ArmErrorKind};

// The domain model this client speaks: defined in `domain::model`, where
// the console, the audit and the rotation reason about it without ARM.
pub use crate::domain::model::{
    GeneratedCredentials, GeneratedPassword, PasswordInfo, RegistryInfo, RegistryRef, ScopeMapInfo,
    Slot, SubscriptionInfo, TokenInfo, TokenUpdate,
};

pub type ArmResult<T> = Result<T, ArmError>;

/// Everything acrtui does against Azure.
#[async_trait]
pub trait AcrApi: Send + Sync {
    async fn list_subscriptions(&self) -> ArmResult<Vec<SubscriptionInfo>>;
    async fn list_registries(&self, subscription: &str) -> ArmResult<Vec<RegistryInfo>>;
    async fn get_registry(&self, registry: &RegistryRef) -> ArmResult<RegistryInfo>;
    async fn set_admin_user(
        &self,
        registry: &RegistryRef,
        enabled: bool,
    ) -> ArmResult<RegistryInfo>;

    async fn list_scope_maps(&self, registry: &RegistryRef) -> ArmResult<Vec<ScopeMapInfo>>;
    async fn get_scope_map(&self, registry: &RegistryRef, name: &str) -> ArmResult<ScopeMapInfo>;
    async fn create_scope_map(
        &self,
        registry: &RegistryRef,
        name: &str,
        description: Option<&str>,
        actions: &[String],
    ) -> ArmResult<ScopeMapInfo>;
    async fn update_scope_map(
        &self,
        registry: &RegistryRef,
        name: &str,
        description: Option<&str>,
        actions: &[String],
    ) -> ArmResult<ScopeMapInfo>;
    async fn delete_scope_map(&self, registry: &RegistryRef, name: &str) -> ArmResult<()>;

    async fn list_tokens(&self, registry: &RegistryRef) -> ArmResult<Vec<TokenInfo>>;
    /// The registry's tokens page by page: each page goes to `pages` as it
    /// arrives (a 50,000-token registry is 500 pages read one after another);
    /// returns how many were sent. Stops early, with Ok, when `pages` is
    /// closed. The default sends the whole list as one page.
    async fn stream_tokens(
        &self,
        registry: &RegistryRef,
        pages: &tokio::sync::mpsc::Sender<Vec<TokenInfo>>,
    ) -> ArmResult<usize> {
        let tokens = self.list_tokens(registry).await?;
        let count = tokens.len();
        let _ = pages.send(tokens).await;
        Ok(count)
    }
    async fn get_token(&self, registry: &RegistryRef, name: &str) -> ArmResult<TokenInfo>;
    async fn create_token(
        &self,
        registry: &RegistryRef,
        name: &str,
        scope_map: &str,
        enabled: bool,
    ) -> ArmResult<TokenInfo>;
    async fn update_token(
        &self,
        registry: &RegistryRef,
        name: &str,
        update: &TokenUpdate,
    ) -> ArmResult<TokenInfo>;
    async fn delete_token(&self, registry: &RegistryRef, name: &str) -> ArmResult<()>;

    /// New password(s) for one slot, or both when `slot` is `None`. Never retried
    /// automatically: a duplicate would replace a password the user never saw.
    async fn generate_credentials(
        &self,
        registry: &RegistryRef,
        token: &str,
        slot: Option<Slot>,
        expiry: Option<DateTime<Utc>>,
    ) -> ArmResult<GeneratedCredentials>;

    /// Removes one password slot (PATCH the password list without it).
    async fn delete_password(
        &self,
        registry: &RegistryRef,
        token: &str,
        slot: Slot,
    ) -> ArmResult<TokenInfo>;

    /// The registry's `roleAssignmentMode` (None: the service did not say,
    /// which means legacy). Read at api-version 2025-11-01.
    async fn role_assignment_mode(&self, registry: &RegistryRef) -> ArmResult<Option<String>> {
        let _ = registry;
        Err(ArmError::new(
            ArmErrorKind::Decode,
            "this client does not read role-assignment modes",
        ))
    }

    /// The role assignments at and above the registry (`atScope()`).
    async fn list_role_assignments(
        &self,
        registry: &RegistryRef,
    ) -> ArmResult<Vec<crate::domain::abac::assignment::RoleAssignment>> {
        let _ = registry;
        Err(ArmError::new(
            ArmErrorKind::Decode,
            "this client does not read role assignments",
        ))
    }

    /// Grants a role at the registry (a new role assignment).
    async fn create_role_assignment(
        &self,
        registry: &RegistryRef,
        grant: &crate::domain::abac::grant::RoleGrant,
    ) -> ArmResult<crate::domain::abac::assignment::RoleAssignment> {
        let _ = (registry, grant);
        Err(ArmError::new(
            ArmErrorKind::Decode,
            "this client does not create role assignments",
        ))
    }

    /// Removes a role assignment made at the registry (by its ARM id).
    async fn delete_role_assignment(&self, registry: &RegistryRef, id: &str) -> ArmResult<()> {
        let _ = (registry, id);
        Err(ArmError::new(
            ArmErrorKind::Decode,
            "this client does not remove role assignments",
        ))
    }

    /// The registry's ACR Tasks (name and managed identities).
    async fn list_tasks(
        &self,
        registry: &RegistryRef,
    ) -> ArmResult<Vec<crate::domain::abac::readiness::TaskInfo>> {
        let _ = registry;
        Err(ArmError::new(
            ArmErrorKind::Decode,
            "this client does not read tasks",
        ))
    }

    /// When ARM's latest throttling pause ends (a 429's Retry-After), as it
    /// changes; None for clients that do not pace themselves.
    fn throttle_watch(&self) -> Option<tokio::sync::watch::Receiver<Option<std::time::Instant>>> {
        None
    }

    /// Every registry the credential sees, in one Resource Graph query
    /// (resource_graph.rs); clients without it say so.
    async fn discover_registries(&self) -> ArmResult<Vec<RegistryInfo>> {
        Err(ArmError::new(
            ArmErrorKind::Invalid,
            "this client does not query Resource Graph",
        ))
    }

    /// Waits until ARM would take a read in `subscription` at once (no wait
    /// for clients that do not pace themselves).
    async fn quota_ready(&self, subscription: &str) {
        let _ = subscription;
    }

    /// Registries of every subscription the credential can see.
    async fn list_all_registries(&self) -> ArmResult<Vec<RegistryInfo>> {
        let mut all = Vec::new();
        for sub in self.list_subscriptions().await? {
            all.extend(self.list_registries(&sub.id).await?);
        }
        Ok(all)
    }
}
