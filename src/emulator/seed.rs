//! Seeds: the embedded demo tenant, an empty one, a JSON seed file, and a
//! generator for large synthetic tenants (benchmarks, scale tests).
//!
//! Seed files use relative dates (`createdDaysAgo`, `expiresInDays`) so data
//! stays fresh, or absolute RFC 3339 ones (`creationTime`, `expiry`).

use chrono::{DateTime, Datelike, Duration, SubsecRound, Utc};
use serde::Deserialize;

pub use super::seed_system_data::{SEED_CREATOR, SeedSystemData, seeded};
pub use super::synthetic::synthetic;

use super::seed_system_data::system_data;

use super::store::{
    PasswordMeta, Provisioning, Registry, RoleAssignmentMode, ScopeMap, Sku, Store, Subscription,
    Token,
};
use crate::domain::names::{check_registry_name, check_scope_map_name, check_token_name};
use crate::domain::rules::validate;

pub const DEMO_SEED: &str = include_str!("../../assets/demo-seed.json");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedFile {
    #[serde(default = "default_tenant")]
    pub tenant_id: String,
    #[serde(default)]
    pub subscriptions: Vec<SeedSubscription>,
    #[serde(default)]
    pub principals: Vec<super::authorization::seed::SeedPrincipal>,
    #[serde(default)]
    pub role_assignments: Vec<super::authorization::seed::SeedRoleAssignment>,
    /// Key Vaults whose secrets data plane the emulator serves.
    #[serde(default)]
    pub key_vaults: Vec<super::key_vault_store::SeedVault>,
}

pub(super) fn default_tenant() -> String {
    "00000000-0000-0000-0000-000000000001".into()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedSubscription {
    pub id: String,
    pub display_name: String,
    #[serde(default)]
    pub registries: Vec<SeedRegistry>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedRegistry {
    pub resource_group: String,
    pub name: String,
    pub location: String,
    #[serde(default = "default_sku")]
    pub sku: String,
    #[serde(default)]
    pub created_days_ago: i64,
    #[serde(default)]
    pub admin_user_enabled: bool,
    /// `LegacyRegistryPermissions` (default) or `AbacRepositoryPermissions`.
    pub role_assignment_mode: Option<String>,
    pub system_data: Option<SeedSystemData>,
    #[serde(default)]
    pub scope_maps: Vec<SeedScopeMap>,
    #[serde(default)]
    pub tokens: Vec<SeedToken>,
    /// Repositories of its data plane, each with tags of a small image.
    #[serde(default)]
    pub repositories: Vec<SeedRepository>,
    /// ACR Tasks: `{"name", "identity": "SystemAssigned" | null, "status"}`.
    #[serde(default)]
    pub tasks: Vec<super::tasks::Task>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedRepository {
    pub name: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

fn default_sku() -> String {
    "Standard".into()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedScopeMap {
    pub name: String,
    pub description: Option<String>,
    pub actions: Vec<String>,
    pub system_data: Option<SeedSystemData>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedToken {
    pub name: String,
    /// Scope-map name in the same registry.
    pub scope_map: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub created_days_ago: i64,
    #[serde(default)]
    pub passwords: Vec<SeedPassword>,
    pub system_data: Option<SeedSystemData>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedPassword {
    pub name: String,
    pub created_days_ago: Option<i64>,
    pub creation_time: Option<DateTime<Utc>>,
    /// Days from now; negative for already expired. Absent with `expiry`: never expires.
    pub expires_in_days: Option<i64>,
    pub expiry: Option<DateTime<Utc>>,
}

/// Parses and checks a seed file; errors name the offending entry.
pub fn from_json(text: &str, now: DateTime<Utc>) -> Result<Store, String> {
    let seed: SeedFile =
        serde_json::from_str(text).map_err(|e| format!("invalid seed file: {e}"))?;
    build(seed, now)
}

pub fn demo(now: DateTime<Utc>) -> Store {
    // The embedded seed is checked by a unit test; an error here is a build defect.
    from_json(DEMO_SEED, now).unwrap_or_else(|e| {
        eprintln!("demo seed: {e}");
        Store::default()
    })
}

pub fn empty() -> Store {
    Store {
        tenant_id: default_tenant(),
        subscriptions: vec![Subscription {
            id: "00000000-0000-0000-0000-000000000000".into(),
            display_name: "Empty subscription".into(),
        }],
        registries: Default::default(),
        vaults: Default::default(),
        directory: Default::default(),
    }
}

fn build(seed: SeedFile, now: DateTime<Utc>) -> Result<Store, String> {
    // Whole seconds, so relative dates render like the service's.
    let now = now.trunc_subsecs(0);
    let mut store = Store {
        tenant_id: seed.tenant_id,
        ..Default::default()
    };
    for sub in seed.subscriptions {
        store.subscriptions.push(Subscription {
            id: sub.id.clone(),
            display_name: sub.display_name,
        });
        for reg in sub.registries {
            let registry = build_registry(&sub.id, reg, now)?;
            store.add_registry(registry);
        }
    }
    super::authorization::seed::build(&mut store, seed.principals, seed.role_assignments, now)?;
    for vault in seed.key_vaults {
        let vault = super::key_vault_store::Vault::from(vault);
        store.vaults.insert(vault.name.clone(), vault);
    }
    Ok(store)
}

/// Days from `now` (negative: in the past), refused when the date would fall
/// outside what the service can store (years 1 to 9999).
fn days_from(now: DateTime<Utc>, days: i64, field: &str) -> Result<DateTime<Utc>, String> {
    Duration::try_days(days)
        .and_then(|d| now.checked_add_signed(d))
        .filter(|t| (1..=9999).contains(&t.year()))
        .ok_or_else(|| {
            format!(
                "{field} {} is out of range: the date must fall in years 1 to 9999",
                days.unsigned_abs()
            )
        })
}

/// `days` ago as days from now (i64::MIN, which has no negation, is out of range anyway).
fn ago(days: i64) -> i64 {
    days.checked_neg().unwrap_or(i64::MAX)
}

fn build_registry(sub: &str, seed: SeedRegistry, now: DateTime<Utc>) -> Result<Registry, String> {
    let at = |what: &str| format!("registry {}: {what}", seed.name);
    check_registry_name(&seed.name).map_err(|e| at(&e.to_string()))?;
    let sku = Sku::parse(&seed.sku).ok_or_else(|| at("sku must be Basic, Standard or Premium"))?;
    let created =
        days_from(now, ago(seed.created_days_ago), "createdDaysAgo").map_err(|e| at(&e))?;
    let mut registry = Registry::new(
        sub,
        &seed.resource_group,
        &seed.name,
        &seed.location,
        sku,
        created,
    );
    registry.admin_user_enabled = seed.admin_user_enabled;
    registry.tasks = seed.tasks.clone();
    if let Some(mode) = &seed.role_assignment_mode {
        registry.role_assignment_mode = RoleAssignmentMode::parse(mode).ok_or_else(|| {
            at("roleAssignmentMode must be LegacyRegistryPermissions or AbacRepositoryPermissions")
        })?;
    }
    registry.system_data = Some(system_data(seed.system_data, created).map_err(|e| at(&e))?);
    for sm in seed.scope_maps {
        let map = build_scope_map(sm, created).map_err(|e| at(&e))?;
        registry
            .scope_maps
            .insert(map.name.to_ascii_lowercase(), map);
    }
    for repo in seed.repositories {
        crate::domain::repo_names::check_repository_name(&repo.name)
            .map_err(|e| at(&format!("repository {}: {e}", repo.name)))?;
        let tags = if repo.tags.is_empty() {
            vec!["latest".to_string()]
        } else {
            repo.tags
        };
        for tag in tags {
            registry.content.seed_image(&repo.name, &tag);
        }
    }
    for tok in seed.tokens {
        let token = build_token(&registry, tok, now).map_err(|e| at(&e))?;
        registry
            .tokens
            .insert(token.name.to_ascii_lowercase(), token);
    }
    Ok(registry)
}

fn build_scope_map(sm: SeedScopeMap, created: DateTime<Utc>) -> Result<ScopeMap, String> {
    let at = |what: &str| format!("scope map {}: {what}", sm.name);
    check_scope_map_name(&sm.name).map_err(|e| at(&e.to_string()))?;
    if let Some(d) = validate(&sm.actions).into_iter().find(|d| d.is_error()) {
        return Err(at(&d.message));
    }
    Ok(ScopeMap {
        system_data: Some(system_data(sm.system_data, created).map_err(|e| at(&e))?),
        name: sm.name,
        description: sm.description,
        actions: sm.actions,
        system: false,
        created,
        state: Provisioning::Succeeded,
    })
}

fn build_token(registry: &Registry, seed: SeedToken, now: DateTime<Utc>) -> Result<Token, String> {
    check_token_name(&seed.name).map_err(|e| format!("token {}: {e}", seed.name))?;
    if !registry
        .scope_maps
        .contains_key(&seed.scope_map.to_ascii_lowercase())
    {
        return Err(format!(
            "token {}: unknown scope map {}",
            seed.name, seed.scope_map
        ));
    }
    let enabled = match seed.status.as_deref() {
        None | Some("enabled") => true,
        Some("disabled") => false,
        Some(other) => {
            return Err(format!(
                "token {}: status {other:?} must be enabled or disabled",
                seed.name
            ));
        }
    };
    let at = |e: String| format!("token {}: {e}", seed.name);
    let created = days_from(now, ago(seed.created_days_ago), "createdDaysAgo").map_err(at)?;
    let mut token = Token {
        name: seed.name.clone(),
        scope_map_id: registry.scope_map_id(&seed.scope_map),
        enabled,
        created,
        passwords: Vec::new(),
        state: Provisioning::Succeeded,
        system_data: Some(system_data(seed.system_data, created).map_err(at)?),
    };
    for p in seed.passwords {
        if p.name != "password1" && p.name != "password2" {
            return Err(format!(
                "token {}: password name must be password1 or password2",
                seed.name
            ));
        }
        let field = |f: &str| format!("{} {f}", p.name);
        let created = match (p.creation_time, p.created_days_ago) {
            (Some(t), _) => t,
            (None, Some(d)) => days_from(now, ago(d), &field("createdDaysAgo")).map_err(at)?,
            (None, None) => created,
        };
        let expiry = match (p.expiry, p.expires_in_days) {
            (Some(t), _) => Some(t),
            (None, Some(d)) => Some(days_from(now, d, &field("expiresInDays")).map_err(at)?),
            (None, None) => None,
        };
        token.set_password(PasswordMeta {
            hash: None,
            name: p.name,
            created,
            expiry,
        });
    }
    Ok(token)
}

#[cfg(test)]
#[path = "seed_tests.rs"]
mod tests;
