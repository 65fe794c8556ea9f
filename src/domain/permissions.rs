//! Effective permissions: what a scope map grants on one repository, which
//! rules grant it, what a client can do with that, and which tokens reach it.
//!
//! Rules are additive: an exact rule matches its repository, `a/b/*` every
//! repository below `a/b/` (at any depth, existing or not), `*` every one.

use std::collections::BTreeMap;

use serde::Serialize;

use super::actions::{Action, RepoPattern, RepoPermission, parse_action};

/// A scope map parsed once, so it can be evaluated against many repositories.
#[derive(Debug, Clone, Default)]
pub struct CompiledScopeMap {
    /// (pattern, permission, original action text); invalid actions are skipped.
    rules: Vec<(RepoPattern, RepoPermission, String)>,
}

impl CompiledScopeMap {
    pub fn new<S: AsRef<str>>(actions: &[S]) -> Self {
        let rules = actions
            .iter()
            .filter_map(|raw| match parse_action(raw.as_ref()) {
                Ok(Action::Repository {
                    pattern,
                    permission,
                }) => Some((pattern, permission, raw.as_ref().to_string())),
                _ => None,
            })
            .collect();
        CompiledScopeMap { rules }
    }

    /// Granted permissions on `repository`, each with the rules that grant it
    /// (in scope-map order, duplicates kept once).
    pub fn effective(&self, repository: &str) -> Effective {
        let mut grants: BTreeMap<RepoPermission, Vec<String>> = BTreeMap::new();
        for (pattern, permission, raw) in &self.rules {
            if pattern.matches(repository) {
                let rules = grants.entry(*permission).or_default();
                if !rules.contains(raw) {
                    rules.push(raw.clone());
                }
            }
        }
        Effective {
            repository: repository.to_string(),
            grants,
        }
    }

    /// Each repository pattern with what its rules grant, in scope-map order
    /// (`samples/*` → content/read, metadata/read). A repository matched by
    /// several patterns gets the union of theirs.
    pub fn by_pattern(&self) -> Vec<(String, PermissionSet)> {
        let mut patterns: Vec<(String, PermissionSet)> = Vec::new();
        for (pattern, permission, _) in &self.rules {
            let text = pattern.to_string();
            match patterns.iter_mut().find(|(p, _)| *p == text) {
                Some((_, set)) => set.insert(*permission),
                None => {
                    let mut set = PermissionSet::default();
                    set.insert(*permission);
                    patterns.push((text, set));
                }
            }
        }
        patterns
    }

    /// Only the granted set; cheaper than [`Self::effective`] for bulk use.
    pub fn granted(&self, repository: &str) -> PermissionSet {
        let mut set = PermissionSet::default();
        for (pattern, permission, _) in &self.rules {
            if !set.contains(*permission) && pattern.matches(repository) {
                set.insert(*permission);
            }
        }
        set
    }
}

/// A small bit set of the five permissions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PermissionSet(u8);

impl PermissionSet {
    fn bit(p: RepoPermission) -> u8 {
        1 << (p as u8)
    }
    pub fn insert(&mut self, p: RepoPermission) {
        self.0 |= Self::bit(p);
    }
    pub fn contains(&self, p: RepoPermission) -> bool {
        self.0 & Self::bit(p) != 0
    }
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }
    pub fn is_superset(&self, other: &PermissionSet) -> bool {
        self.0 & other.0 == other.0
    }
    pub fn iter(&self) -> impl Iterator<Item = RepoPermission> + '_ {
        RepoPermission::ALL
            .into_iter()
            .filter(|p| self.contains(*p))
    }
}

impl FromIterator<RepoPermission> for PermissionSet {
    fn from_iter<T: IntoIterator<Item = RepoPermission>>(iter: T) -> Self {
        let mut set = PermissionSet::default();
        iter.into_iter().for_each(|p| set.insert(p));
        set
    }
}

/// The result of evaluating a scope map for one repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effective {
    pub repository: String,
    pub grants: BTreeMap<RepoPermission, Vec<String>>,
}

impl Effective {
    pub fn set(&self) -> PermissionSet {
        self.grants.keys().copied().collect()
    }

    pub fn operations(&self) -> Vec<OperationAccess> {
        operations(self.set())
    }

    pub fn docker_scope(&self) -> String {
        docker_scope(&self.repository, self.set())
    }
}

/// Something a registry client does, and the permissions it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Operation {
    pub name: &'static str,
    pub example: &'static str,
    #[serde(skip)]
    pub needs: &'static [RepoPermission],
}

pub const OPERATIONS: [Operation; 6] = [
    Operation {
        name: "pull",
        example: "docker pull",
        needs: &[RepoPermission::ContentRead],
    },
    Operation {
        name: "push",
        example: "docker push",
        needs: &[RepoPermission::ContentRead, RepoPermission::ContentWrite],
    },
    Operation {
        name: "delete",
        example: "az acr repository delete",
        needs: &[RepoPermission::ContentDelete],
    },
    Operation {
        name: "list tags and manifests",
        example: "az acr repository show-tags",
        needs: &[RepoPermission::MetadataRead],
    },
    Operation {
        name: "untag, lock and update attributes",
        example: "az acr repository untag / update",
        needs: &[RepoPermission::MetadataWrite],
    },
    Operation {
        name: "list the catalog",
        example: "az acr repository list",
        // Repository-scoped permissions never allow listing the catalog.
        needs: &[],
    },
];

/// One operation and whether the granted set allows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationAccess {
    pub operation: Operation,
    pub allowed: bool,
    /// Permissions still needed when not allowed.
    pub missing: Vec<RepoPermission>,
}

pub fn operations(set: PermissionSet) -> Vec<OperationAccess> {
    OPERATIONS
        .iter()
        .map(|op| {
            let missing: Vec<_> = op
                .needs
                .iter()
                .copied()
                .filter(|p| !set.contains(*p))
                .collect();
            OperationAccess {
                operation: *op,
                allowed: !op.needs.is_empty() && missing.is_empty(),
                missing,
            }
        })
        .collect()
}

/// The registry token scope for these permissions, e.g.
/// `repository:samples/app:pull,push,delete`. ACR adds `metadata_read` and
/// `metadata_write` to Docker's `pull`/`push`/`delete`. Empty when nothing is granted.
pub fn docker_scope(repository: &str, set: PermissionSet) -> String {
    let words = scope_words(set);
    if words.is_empty() {
        String::new()
    } else {
        format!("repository:{repository}:{}", words.join(","))
    }
}

/// The token-service words for these permissions: `pull`, `push`, `delete`,
/// `metadata_read`, `metadata_write`.
pub fn scope_words(set: PermissionSet) -> Vec<&'static str> {
    set.iter()
        .map(|p| match p {
            RepoPermission::ContentRead => "pull",
            RepoPermission::ContentWrite => "push",
            RepoPermission::ContentDelete => "delete",
            RepoPermission::MetadataRead => "metadata_read",
            RepoPermission::MetadataWrite => "metadata_write",
        })
        .collect()
}

/// A token as the reverse lookup needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRef<'a> {
    pub name: &'a str,
    pub scope_map: &'a str,
    pub enabled: bool,
}

/// A token that reaches a repository, with what it can do there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach<'a> {
    pub token: &'a str,
    pub scope_map: &'a str,
    pub enabled: bool,
    pub granted: PermissionSet,
}

/// Which tokens reach `repository`, given the registry's scope maps
/// (name → compiled map). Tokens whose scope map is unknown are skipped.
pub fn tokens_reaching<'a, K: std::borrow::Borrow<str> + Ord>(
    repository: &str,
    scope_maps: &BTreeMap<K, CompiledScopeMap>,
    tokens: &[TokenRef<'a>],
) -> Vec<Reach<'a>> {
    tokens
        .iter()
        .filter_map(|t| {
            let granted = scope_maps.get(t.scope_map)?.granted(repository);
            (!granted.is_empty()).then_some(Reach {
                token: t.name,
                scope_map: t.scope_map,
                enabled: t.enabled,
                granted,
            })
        })
        .collect()
}

#[cfg(test)]
#[path = "permissions_tests.rs"]
mod tests;
