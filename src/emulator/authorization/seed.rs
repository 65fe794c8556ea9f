//! The seed file's principals and role assignments.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{Directory, LENIENT_CALLER_ID, Principal, RoleAssignment};
use crate::domain::abac::roles::Role;
use crate::emulator::store::Store;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedPrincipal {
    pub id: String,
    /// `User`, `Group` or `ServicePrincipal`.
    #[serde(rename = "type")]
    pub kind: String,
    pub display_name: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedRoleAssignment {
    /// A GUID; a deterministic one when absent.
    pub name: Option<String>,
    /// An ARM scope (`/subscriptions/…`), or:
    pub scope: Option<String>,
    /// a registry's name (its id is the scope).
    pub registry: Option<String>,
    /// A built-in role's name or definition GUID.
    pub role: String,
    pub principal_id: String,
    pub condition: Option<String>,
    pub description: Option<String>,
}

/// Fills the store's directory; errors name the entry and what to fix.
pub fn build(
    store: &mut Store,
    principals: Vec<SeedPrincipal>,
    assignments: Vec<SeedRoleAssignment>,
    now: DateTime<Utc>,
) -> Result<(), String> {
    let mut directory = Directory::default();
    for p in principals {
        if !["User", "Group", "ServicePrincipal"].contains(&p.kind.as_str()) {
            return Err(format!(
                "principal {}: type must be User, Group or ServicePrincipal",
                p.id
            ));
        }
        let principal = Principal {
            id: p.id.clone(),
            kind: p.kind,
            display_name: p.display_name,
        };
        directory
            .principals
            .insert(p.id.to_ascii_lowercase(), principal);
    }
    for (i, a) in assignments.into_iter().enumerate() {
        let assignment = seeded_assignment(store, &directory, i, a, now)?;
        directory
            .assignments
            .insert(assignment.id().to_ascii_lowercase(), assignment);
    }
    store.directory = directory;
    Ok(())
}

/// Entry `i` of `roleAssignments`, checked against the principals and registries.
fn seeded_assignment(
    store: &Store,
    directory: &Directory,
    i: usize,
    a: SeedRoleAssignment,
    now: DateTime<Utc>,
) -> Result<RoleAssignment, String> {
    let at = |what: &str| format!("roleAssignments[{i}]: {what}");
    let role = Role::from_definition_id(&a.role)
        .or_else(|| Role::all().find(|r| r.name().eq_ignore_ascii_case(&a.role)))
        .ok_or_else(|| at(&format!("unknown role {}", a.role)))?;
    let principal = directory
        .principals
        .get(&a.principal_id.to_ascii_lowercase())
        .ok_or_else(|| {
            at(&format!(
                "principal {} is not among the principals",
                a.principal_id
            ))
        })?;
    let scope = match (a.scope, a.registry) {
        (Some(s), None) => s,
        (None, Some(name)) => store
            .registries
            .values()
            .find(|r| r.name.eq_ignore_ascii_case(&name))
            .map(|r| r.id())
            .ok_or_else(|| at(&format!("no registry {name}")))?,
        _ => return Err(at("give either scope or registry")),
    };
    if let Some(c) = &a.condition {
        crate::domain::abac::condition::parse(c).map_err(|e| at(&format!("condition: {e}")))?;
    }
    Ok(RoleAssignment {
        name: a
            .name
            .unwrap_or_else(|| format!("{:08x}-0000-4000-8000-{:012x}", i + 1, i + 1)),
        scope,
        role: role.guid().to_string(),
        principal_id: principal.id.clone(),
        principal_type: principal.kind.clone(),
        condition_version: a.condition.as_ref().map(|_| "2.0".to_string()),
        condition: a.condition,
        description: a.description,
        created_on: now,
        updated_on: now,
        created_by: LENIENT_CALLER_ID.to_string(),
    })
}
