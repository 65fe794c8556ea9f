//! The emulator's in-memory state: subscriptions, registries, scope maps,
//! tokens and password metadata. Password *values* are never stored: the
//! service shows them once, and so does the emulator.

use super::listed::Listed;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use rand::Rng;

use crate::domain::names::SYSTEM_SCOPE_MAPS;

/// 52 random characters from base64's alphabet, like the service's passwords.
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut rng = rand::rng();
    (0..52)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

pub const PROVIDER: &str = "Microsoft.ContainerRegistry";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sku {
    Basic,
    Standard,
    Premium,
}

impl Sku {
    pub fn as_str(self) -> &'static str {
        match self {
            Sku::Basic => "Basic",
            Sku::Standard => "Standard",
            Sku::Premium => "Premium",
        }
    }

    pub fn parse(s: &str) -> Option<Sku> {
        match s.to_ascii_lowercase().as_str() {
            "basic" => Some(Sku::Basic),
            "standard" => Some(Sku::Standard),
            "premium" => Some(Sku::Premium),
            _ => None,
        }
    }

    /// Tokens and scope maps a registry of this tier may hold.
    pub fn limit(self) -> usize {
        match self {
            Sku::Basic => 100,
            Sku::Standard => 500,
            Sku::Premium => 50_000,
        }
    }
}

/// Which role assignments the registry honours (`properties.roleAssignmentMode`,
/// from api-version 2025-03-01-preview and the 2025-11-01 stable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoleAssignmentMode {
    #[default]
    Legacy,
    Abac,
}

impl RoleAssignmentMode {
    pub fn as_str(self) -> &'static str {
        match self {
            RoleAssignmentMode::Legacy => "LegacyRegistryPermissions",
            RoleAssignmentMode::Abac => "AbacRepositoryPermissions",
        }
    }

    /// The service's two values, compared case-insensitively as ARM enums are.
    pub fn parse(s: &str) -> Option<RoleAssignmentMode> {
        if s.eq_ignore_ascii_case("LegacyRegistryPermissions") {
            Some(RoleAssignmentMode::Legacy)
        } else if s.eq_ignore_ascii_case("AbacRepositoryPermissions") {
            Some(RoleAssignmentMode::Abac)
        } else {
            None
        }
    }
}

/// ARM's `systemData`: who created and last changed a resource, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemData {
    pub created_by: String,
    pub created_by_type: String,
    pub created_at: DateTime<Utc>,
    pub last_modified_by: String,
    pub last_modified_by_type: String,
    pub last_modified_at: DateTime<Utc>,
}

impl SystemData {
    /// Created (and last changed) at `at` by `by`, an identity of `by_type`
    /// (`User`, `Application`, `ManagedIdentity` or `Key`).
    pub fn created(by: &str, by_type: &str, at: DateTime<Utc>) -> SystemData {
        SystemData {
            created_by: by.to_string(),
            created_by_type: by_type.to_string(),
            created_at: at,
            last_modified_by: by.to_string(),
            last_modified_by_type: by_type.to_string(),
            last_modified_at: at,
        }
    }

    /// A change by `by` at `at`; the creation stays as it was.
    pub fn modified(&mut self, by: &str, by_type: &str, at: DateTime<Utc>) {
        self.last_modified_by = by.to_string();
        self.last_modified_by_type = by_type.to_string();
        self.last_modified_at = at;
    }
}

#[derive(Debug, Clone)]
pub struct Subscription {
    pub id: String,
    pub display_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provisioning {
    Creating,
    Updating,
    Deleting,
    Succeeded,
}

impl Provisioning {
    pub fn as_str(self) -> &'static str {
        match self {
            Provisioning::Creating => "Creating",
            Provisioning::Updating => "Updating",
            Provisioning::Deleting => "Deleting",
            Provisioning::Succeeded => "Succeeded",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ScopeMap {
    pub name: String,
    pub description: Option<String>,
    pub actions: Vec<String>,
    pub system: bool,
    pub created: DateTime<Utc>,
    pub state: Provisioning,
    /// None for system scope maps, which live shows without it.
    pub system_data: Option<SystemData>,
}

/// Metadata of one password slot (`password1` / `password2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordMeta {
    pub name: String,
    pub created: DateTime<Utc>,
    pub expiry: Option<DateTime<Utc>>,
    /// What the token service checks a login against; None for seeded
    /// passwords, whose value nobody was ever shown.
    pub hash: Option<super::password_hash::PasswordHash>,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub name: String,
    pub scope_map_id: String,
    pub enabled: bool,
    pub created: DateTime<Utc>,
    pub passwords: Vec<PasswordMeta>,
    pub state: Provisioning,
    pub system_data: Option<SystemData>,
}

impl Token {
    /// Replaces (or fills) a slot, keeping password1 before password2.
    pub fn set_password(&mut self, meta: PasswordMeta) {
        self.passwords.retain(|p| p.name != meta.name);
        self.passwords.push(meta);
        self.passwords.sort_by(|a, b| a.name.cmp(&b.name));
    }
}

/// The admin user's two passwords; `Debug` never shows them.
#[derive(Clone, Default)]
pub struct AdminPasswords(pub [String; 2]);

impl std::fmt::Debug for AdminPasswords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AdminPasswords([REDACTED])")
    }
}

#[derive(Debug, Clone)]
pub struct Registry {
    pub subscription: String,
    pub resource_group: String,
    pub name: String,
    pub location: String,
    pub sku: Sku,
    pub admin_user_enabled: bool,
    pub created: DateTime<Utc>,
    pub tags: BTreeMap<String, String>,
    pub admin_passwords: AdminPasswords,
    pub role_assignment_mode: RoleAssignmentMode,
    pub system_data: Option<SystemData>,
    /// Keyed by lower-cased name: ARM names are case-insensitive.
    pub scope_maps: Listed<ScopeMap>,
    pub tokens: Listed<Token>,
    /// Repositories, manifests and blobs: the registry's data plane.
    pub content: super::content::Content,
    /// ACR Tasks (listed, seeded).
    pub tasks: Vec<super::tasks::Task>,
}

impl Registry {
    /// A new registry with the five system scope maps every registry lists.
    pub fn new(
        subscription: &str,
        resource_group: &str,
        name: &str,
        location: &str,
        sku: Sku,
        created: DateTime<Utc>,
    ) -> Registry {
        let mut registry = Registry {
            subscription: subscription.to_string(),
            resource_group: resource_group.to_string(),
            name: name.to_string(),
            location: location.to_string(),
            sku,
            admin_user_enabled: false,
            created,
            tags: BTreeMap::new(),
            admin_passwords: AdminPasswords([random_password(), random_password()]),
            role_assignment_mode: RoleAssignmentMode::Legacy,
            system_data: None,
            scope_maps: Listed::default(),
            tokens: Listed::default(),
            content: Default::default(),
            tasks: Vec::new(),
        };
        for (name, description, actions) in system_scope_maps() {
            registry.scope_maps.insert(
                name.to_string(),
                ScopeMap {
                    name: name.to_string(),
                    description: Some(description.to_string()),
                    actions,
                    system: true,
                    created,
                    state: Provisioning::Succeeded,
                    system_data: None,
                },
            );
        }
        registry
    }

    pub fn id(&self) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/{PROVIDER}/registries/{}",
            self.subscription, self.resource_group, self.name
        )
    }

    pub fn scope_map_id(&self, name: &str) -> String {
        format!("{}/scopeMaps/{name}", self.id())
    }

    pub fn token_id(&self, name: &str) -> String {
        format!("{}/tokens/{name}", self.id())
    }

    pub fn login_server(&self) -> String {
        format!("{}.azurecr.io", self.name.to_ascii_lowercase())
    }

    pub fn user_scope_map_count(&self) -> usize {
        self.scope_maps.values().filter(|s| !s.system).count()
    }

    /// Resolves a scope-map id of this registry (case-insensitive) to its key.
    pub fn scope_map_key_for_id(&self, id: &str) -> Option<String> {
        let prefix = format!("{}/scopemaps/", self.id().to_ascii_lowercase());
        let key = id.to_ascii_lowercase().strip_prefix(&prefix)?.to_string();
        self.scope_maps.contains_key(&key).then_some(key)
    }
}

fn system_scope_maps() -> Vec<(&'static str, &'static str, Vec<String>)> {
    let all = |perms: &[&str]| -> Vec<String> {
        perms
            .iter()
            .map(|p| format!("repositories/*/{p}"))
            .collect()
    };
    let descriptions = [
        "Can perform all read, write and delete operations on the registry",
        "Can pull any repository of the registry",
        "Can push to any repository of the registry",
        "Can perform all read operations on the registry",
        "Can perform all read and write operations on the registry",
    ];
    // In live's order, which puts metadata first in the two widest maps.
    let actions = [
        all(&[
            "metadata/read",
            "metadata/write",
            "content/read",
            "content/write",
            "content/delete",
        ]),
        all(&["content/read"]),
        all(&["content/read", "content/write"]),
        all(&["content/read", "metadata/read"]),
        all(&[
            "metadata/read",
            "metadata/write",
            "content/read",
            "content/write",
        ]),
    ];
    SYSTEM_SCOPE_MAPS
        .into_iter()
        .zip(descriptions)
        .zip(actions)
        .map(|((n, d), a)| (n, d, a))
        .collect()
}

/// Everything the emulator knows.
#[derive(Debug, Clone, Default)]
pub struct Store {
    pub tenant_id: String,
    pub subscriptions: Vec<Subscription>,
    /// Keyed by lower-cased registry id.
    pub registries: BTreeMap<String, Registry>,
    /// Key Vaults by lower-cased name (their secrets data plane: key_vault.rs).
    pub vaults: BTreeMap<String, super::key_vault_store::Vault>,
    /// Role assignments and the principals they name.
    pub directory: super::authorization::Directory,
}

impl Store {
    pub fn add_registry(&mut self, registry: Registry) {
        self.registries
            .insert(registry.id().to_ascii_lowercase(), registry);
    }

    pub fn has_subscription(&self, sub: &str) -> bool {
        self.subscriptions
            .iter()
            .any(|s| s.id.eq_ignore_ascii_case(sub))
    }

    pub fn registry_key(sub: &str, rg: &str, name: &str) -> String {
        format!("/subscriptions/{sub}/resourcegroups/{rg}/providers/{PROVIDER}/registries/{name}")
            .to_ascii_lowercase()
    }

    pub fn registry(&self, sub: &str, rg: &str, name: &str) -> Option<&Registry> {
        self.registries.get(&Self::registry_key(sub, rg, name))
    }

    pub fn registry_mut(&mut self, sub: &str, rg: &str, name: &str) -> Option<&mut Registry> {
        self.registries.get_mut(&Self::registry_key(sub, rg, name))
    }

    pub fn has_resource_group(&self, sub: &str, rg: &str) -> bool {
        self.registries.values().any(|r| {
            r.subscription.eq_ignore_ascii_case(sub) && r.resource_group.eq_ignore_ascii_case(rg)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_registry_lists_the_five_system_scope_maps() {
        let r = Registry::new("s", "rg", "myregistry", "westus", Sku::Basic, Utc::now());
        assert_eq!(r.scope_maps.len(), 5);
        assert!(r.scope_maps.values().all(|s| s.system));
        assert_eq!(r.user_scope_map_count(), 0);
        let admin = &r.scope_maps["_repositories_admin"];
        assert_eq!(admin.actions.len(), 5);
        assert_eq!(
            r.scope_map_key_for_id(&r.scope_map_id("_Repositories_Pull")),
            Some("_repositories_pull".to_string())
        );
    }
}
