//! A grant the console makes: a Repository role for one principal on some
//! repositories, its condition built as the docs write it and checked
//! before anything is sent.

use super::check::{Diagnostic, Severity, check};
use super::roles::Role;
use super::{RepositoryRule, condition_for};

/// The principal kinds ARM's `principalType` takes for a grant.
pub const PRINCIPAL_TYPES: [&str; 3] = ["User", "Group", "ServicePrincipal"];

/// The roles the console grants: the three Repository roles.
pub const GRANTABLE: [Role; 3] = [
    Role::RepositoryReader,
    Role::RepositoryWriter,
    Role::RepositoryContributor,
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleGrant {
    pub principal_id: String,
    pub principal_type: String,
    pub role: Role,
    /// The condition, always with `conditionVersion` 2.0 when present.
    pub condition: Option<String>,
    pub description: Option<String>,
}

/// Repository rules as an operator types them, comma- or space-separated:
/// `backend/*` is a prefix (`backend/`), anything else an exact name.
/// Errors say which entry is wrong and how to write it.
pub fn parse_rules(text: &str) -> Result<Vec<RepositoryRule>, String> {
    let mut rules = Vec::new();
    for entry in text
        .split([',', ' '])
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        let rule = match entry.strip_suffix('*') {
            Some(prefix) if prefix.contains('*') => {
                return Err(format!(
                    "{entry}: only a trailing * is supported (a prefix), e.g. backend/*"
                ));
            }
            Some("") => {
                return Err(
                    "*: every repository needs no condition; leave the repositories empty".into(),
                );
            }
            Some(prefix) => RepositoryRule::Prefix(prefix.to_string()),
            None if entry.contains('*') => {
                return Err(format!("{entry}: * is allowed only at the end (a prefix)"));
            }
            None => {
                crate::domain::repo_names::check_repository_name(entry)
                    .map_err(|p| format!("{entry}: {p}"))?;
                RepositoryRule::Exactly(entry.to_string())
            }
        };
        rules.push(rule);
    }
    if rules.is_empty() {
        return Err("name the repositories: e.g. backend/* or hello-world".into());
    }
    Ok(rules)
}

/// The grant for `role` on `rules`, and what the validator says about its
/// condition (a grant with errors is not sent; warnings are shown).
pub fn build(
    principal_id: &str,
    principal_type: &str,
    role: Role,
    rules: &[RepositoryRule],
) -> (RoleGrant, Vec<Diagnostic>) {
    let condition = condition_for(role.data_actions(), rules).to_string();
    let diagnostics = check(&condition, Some("2.0"), Some(role), &[]);
    let grant = RoleGrant {
        principal_id: principal_id.trim().to_string(),
        principal_type: principal_type.to_string(),
        role,
        condition: Some(condition),
        description: Some("granted with acrtui".into()),
    };
    (grant, diagnostics)
}

/// Whether any diagnostic stops the grant.
pub fn blocks(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::abac::condition::parse;
    use crate::domain::abac::eval::{Truth, eval};
    use crate::domain::abac::roles::DataAction;

    #[test]
    fn rules_are_read_as_an_operator_types_them() {
        assert_eq!(
            parse_rules("backend/*, hello-world  team/a/*").unwrap(),
            [
                RepositoryRule::Prefix("backend/".into()),
                RepositoryRule::Exactly("hello-world".into()),
                RepositoryRule::Prefix("team/a/".into()),
            ]
        );
        for bad in ["", "  ", "*", "a*b", "back*end/*", "a//b", "-lead"] {
            assert!(parse_rules(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_built_condition_allows_exactly_the_rules_for_every_action_of_the_role() {
        let rules = parse_rules("backend/*, hello-world").unwrap();
        let (grant, diagnostics) = build("p", "User", Role::RepositoryWriter, &rules);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let e = parse(grant.condition.as_deref().unwrap()).unwrap();
        for action in Role::RepositoryWriter.data_actions() {
            let a = action.full();
            assert_eq!(eval(&e, &a, "backend/api"), Truth::True, "{a}");
            assert_eq!(eval(&e, &a, "hello-world"), Truth::True, "{a}");
            assert_eq!(eval(&e, &a, "frontend/web"), Truth::False, "{a}");
        }
        assert!(
            Role::RepositoryWriter
                .data_actions()
                .contains(&DataAction::ContentWrite)
        );
    }

    #[test]
    fn a_prefix_without_a_slash_is_granted_with_a_warning_not_refused() {
        let rules = parse_rules("backend*").unwrap();
        let (_, diagnostics) = build("p", "User", Role::RepositoryReader, &rules);
        assert!(!blocks(&diagnostics));
        assert!(
            diagnostics.iter().any(|d| d.message.contains("backend")),
            "{diagnostics:?}"
        );
    }
}
