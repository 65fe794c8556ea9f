//! The probe: ask the registry's token service, with a token's password,
//! for every action on each repository, and compare what it grants with
//! what the token's scope map says.

use secrecy::SecretString;
use serde::Serialize;

use super::client::RegistryClient;
use super::error::RegistryError;
use crate::domain::actions::RepoPermission;
use crate::domain::permissions::{CompiledScopeMap, PermissionSet};
use crate::domain::token_scope::{token_action, token_actions};

/// The name probed for a wildcard rule (`apps/*` → `apps/acrtui-probe`):
/// wildcard rules cover repositories that do not exist yet, so the token
/// service answers for it as for any other.
pub const PROBE_NAME: &str = "acrtui-probe";

/// One repository to probe, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub repository: String,
    /// `apps/*` when the name stands for a wildcard rule.
    pub stands_for: Option<String>,
}

/// The repositories to probe: `repos` when given, else one per repository
/// pattern of the scope map (a name under each wildcard).
pub fn targets(scope_map: &CompiledScopeMap, repos: &[String]) -> Vec<Target> {
    if !repos.is_empty() {
        return repos
            .iter()
            .map(|r| Target {
                repository: r.clone(),
                stands_for: None,
            })
            .collect();
    }
    scope_map
        .by_pattern()
        .into_iter()
        .map(|(pattern, _)| match pattern.strip_suffix('*') {
            Some(prefix) => Target {
                repository: format!("{prefix}{PROBE_NAME}"),
                stands_for: Some(pattern.clone()),
            },
            None => Target {
                repository: pattern,
                stands_for: None,
            },
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeRow {
    pub repository: String,
    #[serde(skip_serializing_if = "Option::is_none", rename = "standsFor")]
    pub stands_for: Option<String>,
    pub requested: Vec<String>,
    pub granted: Vec<String>,
    pub expected: Vec<String>,
    #[serde(rename = "match")]
    pub matches: bool,
}

/// Every action, asked of each target in one token request.
pub async fn probe(
    client: &RegistryClient,
    user: &str,
    password: &SecretString,
    scope_map: &CompiledScopeMap,
    targets: &[Target],
) -> Result<Vec<ProbeRow>, RegistryError> {
    let requested: Vec<String> = RepoPermission::ALL
        .iter()
        .map(|p| token_action(*p).to_string())
        .collect();
    let scopes: Vec<String> = targets
        .iter()
        .map(|t| format!("repository:{}:{}", t.repository, requested.join(",")))
        .collect();
    let token = client.basic_access(user, password, &scopes).await?;
    let access = token.access().map_err(|detail| RegistryError::Protocol {
        server: client.server().to_string(),
        detail,
    })?;
    drop(token);
    Ok(targets
        .iter()
        .map(|t| {
            let granted = granted_in_order(&access, &t.repository);
            let expected = token_actions(scope_map.granted(&t.repository));
            ProbeRow {
                repository: t.repository.clone(),
                stands_for: t.stands_for.clone(),
                requested: requested.clone(),
                matches: same_set(&granted, &expected),
                granted,
                expected,
            }
        })
        .collect())
}

/// What the token grants on `repository`, in the scope map's action order;
/// no entry and an empty entry both mean nothing (reference B5).
fn granted_in_order(
    access: &[crate::domain::token_scope::Access],
    repository: &str,
) -> Vec<String> {
    let mut set = PermissionSet::default();
    let mut other = Vec::new();
    for a in access
        .iter()
        .filter(|a| a.kind == "repository" && a.name == repository)
    {
        for action in &a.actions {
            match crate::domain::token_scope::permission_of(action) {
                Some(p) => set.insert(p),
                None => other.push(action.clone()),
            }
        }
    }
    let mut granted = token_actions(set);
    granted.extend(other);
    granted
}

fn same_set(a: &[String], b: &[String]) -> bool {
    a.iter().all(|x| b.contains(x)) && b.iter().all(|x| a.contains(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_name_a_repository_under_each_wildcard() {
        let map = CompiledScopeMap::new(&[
            "repositories/apps/*/content/read",
            "repositories/apps/*/content/write",
            "repositories/sdk/published/content/read",
        ]);
        let t = targets(&map, &[]);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].repository, "apps/acrtui-probe");
        assert_eq!(t[0].stands_for.as_deref(), Some("apps/*"));
        assert_eq!(t[1].repository, "sdk/published");
        let given = targets(&map, &["x/y".to_string()]);
        assert_eq!(given[0].repository, "x/y");
    }
}
