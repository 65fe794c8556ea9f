//! The registry token service's scopes (`repository:samples/app:pull,push`,
//! `registry:catalog:*`) and how they relate to scope-map permissions.
//!
//! The mapping `content/read`→`pull`, `content/write`→`push`,
//! `content/delete`→`delete`, `metadata/read`→`metadata_read`,
//! `metadata/write`→`metadata_write` is inferred (not written down as a
//! table by Microsoft): see shared/reference, B4. The emulator grants by it
//! and the probe compares by it, so a difference the probe shows against
//! real Azure is a finding, not a bug hidden by both sides.

use super::actions::RepoPermission;
use super::permissions::PermissionSet;

/// One resource in a token request or in an access token's `access` claim.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Access {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub actions: Vec<String>,
}

impl Access {
    pub fn repository(name: &str, actions: &[&str]) -> Access {
        Access {
            kind: "repository".into(),
            name: name.into(),
            actions: actions.iter().map(|a| a.to_string()).collect(),
        }
    }

    /// The scope string a client sends for this request.
    pub fn scope(&self) -> String {
        format!("{}:{}:{}", self.kind, self.name, self.actions.join(","))
    }
}

/// The token service's word for a permission.
pub fn token_action(p: RepoPermission) -> &'static str {
    match p {
        RepoPermission::ContentRead => "pull",
        RepoPermission::ContentWrite => "push",
        RepoPermission::ContentDelete => "delete",
        RepoPermission::MetadataRead => "metadata_read",
        RepoPermission::MetadataWrite => "metadata_write",
    }
}

pub fn permission_of(action: &str) -> Option<RepoPermission> {
    RepoPermission::ALL
        .into_iter()
        .find(|p| token_action(*p) == action)
}

/// Every token action a permission set stands for, in the scope-map order.
pub fn token_actions(set: PermissionSet) -> Vec<String> {
    set.iter().map(|p| token_action(p).to_string()).collect()
}

/// Parses one scope: `type:name:actions`, the name possibly holding `:`
/// (a `repository(plugin)` type aside, which is not split). None for a
/// scope missing a part.
pub fn parse_scope(scope: &str) -> Option<Access> {
    let (kind, rest) = scope.split_once(':')?;
    let (name, actions) = rest.rsplit_once(':')?;
    if kind.is_empty() || name.is_empty() {
        return None;
    }
    Some(Access {
        kind: kind.to_string(),
        name: name.to_string(),
        actions: actions
            .split(',')
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect(),
    })
}

/// Every scope in `values`: each value may itself hold several, separated
/// by spaces (the Docker spec's form for POST; ACR's docs repeat the field).
pub fn parse_scopes<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<Access> {
    values
        .into_iter()
        .flat_map(str::split_whitespace)
        .filter_map(parse_scope)
        .collect()
}

/// What a repository request is given from what is granted: the
/// intersection (Docker's token spec: a partial grant is not an error, and
/// no access is an empty list). `*` asks for everything granted.
pub fn intersect(requested: &[String], granted: PermissionSet) -> Vec<String> {
    if requested.iter().any(|a| a == "*") {
        return token_actions(granted);
    }
    let mut given: Vec<String> = Vec::new();
    for a in requested {
        if permission_of(a).is_some_and(|p| granted.contains(p)) && !given.contains(a) {
            given.push(a.clone());
        }
    }
    given
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::permissions::CompiledScopeMap;

    #[test]
    fn scopes_parse_with_slashes_and_several_per_value() {
        let s = parse_scopes(["repository:samples/app:pull,push registry:catalog:*"]);
        assert_eq!(s[0], Access::repository("samples/app", &["pull", "push"]));
        assert_eq!(s[1].scope(), "registry:catalog:*");
        assert_eq!(parse_scope("repository::pull"), None);
        assert_eq!(parse_scope("nonsense"), None);
    }

    #[test]
    fn the_docs_sample_team_a_table_intersects_as_documented() {
        // ms-docs-repository-scoped-permissions: rules are additive and the
        // most specific repository gets the union.
        let map = CompiledScopeMap::new(&[
            "repositories/sample/*/content/read",
            "repositories/sample/teamA/*/content/write",
            "repositories/sample/teamA/projectB/content/delete",
        ]);
        let all: Vec<String> = ["pull", "push", "delete", "metadata_read"]
            .map(String::from)
            .to_vec();
        let cases = [
            ("sample/teamA/projectB", vec!["pull", "push", "delete"]),
            ("sample/teamA/projectC", vec!["pull", "push"]),
            ("sample/teamB/projectA", vec!["pull"]),
            ("other/app", vec![]),
        ];
        for (repo, expect) in cases {
            assert_eq!(intersect(&all, map.granted(repo)), expect, "{repo}");
        }
        assert_eq!(
            intersect(&["push".into()], map.granted("sample/teamB/x")),
            Vec::<String>::new(),
            "asked for push only: nothing, not an error"
        );
        assert_eq!(
            intersect(&["*".into()], map.granted("sample/teamA/projectB")),
            ["pull", "push", "delete"]
        );
    }
}
