//! What an Entra principal is granted on a registry's data plane: computed
//! from its role assignments at or above the registry, in the registry's
//! role-assignment mode, with the same domain code the console previews
//! with (`abac::assignment`), so the probe and the previewer can be checked
//! against each other.
//!
//! Who the caller is: the `oid` of the Entra token exchanged (read without
//! verification in lenient mode, as the emulator accepts any bearer then).
//! A caller that is not among the directory's principals (the emulator's
//! own static token, or `--strict-auth`'s client) is the emulator's
//! operator and keeps every action, as before role assignments existed.
//!
//! Where acrtui's evaluator answers "maybe" (an operator or attribute it
//! does not know) the emulator refuses: unconfirmed for ACR, and refusing
//! is the side that cannot hand out access the real service would not.

use base64::Engine;

use crate::domain::abac::assignment::{RepositoryAccess, RoleAssignment};
use crate::domain::abac::eval::Truth;
use crate::domain::abac::roles::{DataAction, Effect, Mode, effect};
use crate::emulator::authorization::{RoleAssignment as Stored, at_or_above};
use crate::emulator::store::{RoleAssignmentMode, Store};

/// A principal's assignments that reach one registry, and its mode.
#[derive(Debug, Clone)]
pub struct EntraGrants {
    assignments: Vec<RoleAssignment>,
    mode: Mode,
}

/// The grants of `subject` on the registry `key`; None when the subject is
/// not a directory principal (the operator: every action).
pub fn entra_grants(store: &Store, key: &str, subject: &str) -> Option<EntraGrants> {
    let principal = store
        .directory
        .principals
        .get(&subject.to_ascii_lowercase())?;
    let registry = store.registries.get(key)?;
    let registry_id = registry.id();
    let assignments = store
        .directory
        .assignments
        .values()
        .filter(|a| a.principal_id.eq_ignore_ascii_case(&principal.id))
        .filter(|a| at_or_above(&a.scope, &registry_id))
        .map(domain)
        .collect();
    let mode = match registry.role_assignment_mode {
        RoleAssignmentMode::Abac => Mode::Abac,
        RoleAssignmentMode::Legacy => Mode::Legacy,
    };
    Some(EntraGrants { assignments, mode })
}

fn domain(a: &Stored) -> RoleAssignment {
    RoleAssignment {
        id: a.id(),
        scope: a.scope.clone(),
        role_definition_id: format!(
            "/providers/Microsoft.Authorization/roleDefinitions/{}",
            a.role
        ),
        principal_id: a.principal_id.clone(),
        principal_type: a.principal_type.clone(),
        condition: a.condition.clone(),
        condition_version: a.condition_version.clone(),
        description: a.description.clone(),
    }
}

/// The token service's word for a data action. metadata/delete has no
/// scope-map permission; it is taken as `delete` (untag and manifest
/// deletion), unconfirmed.
fn token_action(a: DataAction) -> &'static str {
    match a {
        DataAction::ContentRead => "pull",
        DataAction::ContentWrite => "push",
        DataAction::ContentDelete | DataAction::MetadataDelete => "delete",
        DataAction::MetadataRead => "metadata_read",
        DataAction::MetadataWrite => "metadata_write",
    }
}

impl EntraGrants {
    /// The token actions granted on `repository` (certain ones only).
    pub fn repository_actions(&self, repository: &str) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for a in &self.assignments {
            if let RepositoryAccess::Actions(actions) = a.access(self.mode, repository) {
                for (action, truth) in actions {
                    let word = token_action(action);
                    if truth == Truth::True && !out.contains(&word) {
                        out.push(word);
                    }
                }
            }
        }
        out
    }

    /// Whether any assignment lists the catalog (Catalog Lister in ABAC
    /// mode; Owner, Contributor, Reader in legacy mode).
    pub fn catalog(&self) -> bool {
        self.assignments.iter().any(|a| {
            a.role().is_some_and(|r| {
                matches!(effect(r, self.mode), Effect::Grants { catalog: true, .. })
            })
        })
    }
}

/// The `oid` claim of an Entra token, read without verifying it (lenient
/// mode accepts any bearer); None for an opaque token.
pub fn unverified_oid(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("oid")?.as_str().map(str::to_string)
}
