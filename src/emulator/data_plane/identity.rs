//! Who a registry login is, and what it is granted: a scope-map token (by
//! its map), the admin user, or an Entra identity.
//!
//! Entra identities are granted what their role assignments give in the
//! registry's mode (entra_access.rs); the emulator's operator (a caller that
//! is not a directory principal) keeps every data action, as the registry's
//! Owner in legacy mode would.

use chrono::{DateTime, Utc};

use super::entra_access::EntraGrants;
use crate::domain::permissions::CompiledScopeMap;
use crate::domain::token_scope::{Access, intersect};
use crate::emulator::store::{Provisioning, Registry};

/// The docker username that carries an ACR refresh token as its password.
pub const REFRESH_TOKEN_USER: &str = "00000000-0000-0000-0000-000000000000";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// A token, by its key (lower-cased name) in the registry.
    Token(String),
    Admin,
    Entra(String),
}

impl Identity {
    /// The `sub` claim.
    pub fn subject(&self, reg: &Registry) -> String {
        match self {
            Identity::Token(key) => reg.tokens.get(key).map_or(key.clone(), |t| t.name.clone()),
            Identity::Admin => reg.name.clone(),
            Identity::Entra(sub) => sub.clone(),
        }
    }
}

/// Why a login was refused, as the service words it: the same for every
/// cause, so a caller cannot probe which tokens exist.
pub const LOGIN_REFUSED: &str =
    "authentication required: unknown user, wrong or expired password, or a disabled token";

/// Checks a username and password against the registry: a token with an
/// unexpired password matching (and replicated: `delay` after creation),
/// or the admin user when enabled.
pub fn login(
    reg: &Registry,
    user: &str,
    password: &str,
    now: DateTime<Utc>,
    delay: chrono::Duration,
) -> Option<Identity> {
    if reg.admin_user_enabled
        && user.eq_ignore_ascii_case(&reg.name)
        && reg.admin_passwords.0.iter().any(|p| p == password)
    {
        return Some(Identity::Admin);
    }
    let key = user.to_ascii_lowercase();
    let token = reg.tokens.get(&key)?;
    let works = token.passwords.iter().any(|p| {
        p.hash.as_ref().is_some_and(|h| h.matches(password))
            && p.expiry.is_none_or(|e| e > now)
            && p.created + delay <= now
    });
    // A token being deleted logs in no more.
    let alive = token.state != Provisioning::Deleting;
    (token.enabled && alive && works).then_some(Identity::Token(key))
}

/// What `identity` is given of each requested resource: the intersection of
/// what it asks and what it has; an entry with no actions when nothing.
/// `entra`: an Entra principal's grants (None: the operator, or not Entra).
pub fn grant(
    reg: &Registry,
    identity: &Identity,
    requested: &[Access],
    entra: Option<&EntraGrants>,
) -> Vec<Access> {
    requested
        .iter()
        .map(|r| Access {
            actions: match (identity, entra) {
                (Identity::Entra(_), Some(g)) => entra_actions(g, r),
                _ => granted_actions(reg, identity, r),
            },
            ..r.clone()
        })
        .collect()
}

/// A principal's share of one requested resource: its repository actions
/// there, or the catalog when a role lists it.
fn entra_actions(g: &EntraGrants, r: &Access) -> Vec<String> {
    match r.kind.as_str() {
        "repository" => {
            let granted = g.repository_actions(&r.name);
            // As for tokens (token_scope::intersect): `*` asks for all granted.
            if r.actions.iter().any(|a| a == "*") {
                return granted.iter().map(|a| a.to_string()).collect();
            }
            let mut given: Vec<String> = Vec::new();
            for a in &r.actions {
                if granted.contains(&a.as_str()) && !given.contains(a) {
                    given.push(a.clone());
                }
            }
            given
        }
        "registry" if r.name == "catalog" && g.catalog() => r.actions.clone(),
        _ => Vec::new(),
    }
}

fn granted_actions(reg: &Registry, identity: &Identity, r: &Access) -> Vec<String> {
    match (identity, r.kind.as_str()) {
        (Identity::Admin | Identity::Entra(_), "repository" | "registry") => r.actions.clone(),
        // Scope-map tokens cannot list the catalog (shared/reference B6).
        (Identity::Token(key), "repository") => {
            let Some(actions) = token_actions(reg, key) else {
                return Vec::new();
            };
            intersect(&r.actions, CompiledScopeMap::new(&actions).granted(&r.name))
        }
        _ => Vec::new(),
    }
}

/// The actions of the token's scope map; None when the token or its map is gone.
fn token_actions(reg: &Registry, key: &str) -> Option<Vec<String>> {
    let token = reg.tokens.get(key)?;
    let map = reg.scope_map_key_for_id(&token.scope_map_id)?;
    Some(reg.scope_maps.get(&map)?.actions.clone())
}
