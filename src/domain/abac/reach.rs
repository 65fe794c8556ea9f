//! The reverse lookup for Entra: which role assignments reach a repository
//! in a registry's mode, and with which actions. The token side is
//! `permissions::tokens_reaching`; the previewer and the Repositories view
//! show both.

use super::assignment::{RepositoryAccess, RoleAssignment};
use super::eval::Truth;
use super::roles::{DataAction, Mode};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalReach<'a> {
    pub assignment: &'a RoleAssignment,
    /// The actions allowed (`True`) or that acrtui cannot decide
    /// (`Unknown`: shown as "maybe"); refused ones are left out.
    pub actions: Vec<(DataAction, Truth)>,
}

impl PrincipalReach<'_> {
    /// Whether every action is certain (no "maybe").
    pub fn certain(&self) -> bool {
        self.actions.iter().all(|(_, t)| *t == Truth::True)
    }
}

/// Every assignment that gives at least one action on `repository` in
/// `mode` (or may: an unreadable condition), in the order given.
pub fn principals_reaching<'a>(
    repository: &str,
    mode: Mode,
    assignments: &'a [RoleAssignment],
) -> Vec<PrincipalReach<'a>> {
    assignments
        .iter()
        .filter_map(|a| match a.access(mode, repository) {
            RepositoryAccess::Actions(actions) => {
                let actions: Vec<(DataAction, Truth)> = actions
                    .into_iter()
                    .filter(|(_, t)| *t != Truth::False)
                    .collect();
                (!actions.is_empty()).then_some(PrincipalReach {
                    assignment: a,
                    actions,
                })
            }
            RepositoryAccess::None(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::abac::roles::Role;
    use crate::domain::abac::{RepositoryRule, condition_for};

    fn assignment(principal: &str, role: Role, rule: Option<RepositoryRule>) -> RoleAssignment {
        let condition = rule.map(|r| condition_for(role.data_actions(), &[r]).to_string());
        RoleAssignment {
            id: format!("/x/{principal}"),
            scope: "/x".into(),
            role_definition_id: format!(
                "/providers/Microsoft.Authorization/roleDefinitions/{}",
                role.guid()
            ),
            principal_id: principal.into(),
            principal_type: "User".into(),
            condition_version: condition.as_ref().map(|_| "2.0".into()),
            condition,
            description: None,
        }
    }

    fn who(found: &[PrincipalReach]) -> Vec<String> {
        found
            .iter()
            .map(|r| r.assignment.principal_id.clone())
            .collect()
    }

    #[test]
    fn a_prefix_reaches_what_is_under_it_and_nothing_else() {
        let all = [
            assignment(
                "alice",
                Role::RepositoryWriter,
                Some(RepositoryRule::Prefix("models/".into())),
            ),
            assignment(
                "bob",
                Role::RepositoryReader,
                Some(RepositoryRule::Exactly("hello".into())),
            ),
        ];
        assert_eq!(
            who(&principals_reaching("models/bert", Mode::Abac, &all)),
            ["alice"]
        );
        assert_eq!(
            who(&principals_reaching("hello", Mode::Abac, &all)),
            ["bob"]
        );
        assert!(principals_reaching("other", Mode::Abac, &all).is_empty());
        let alice = &principals_reaching("models/bert", Mode::Abac, &all)[0];
        assert!(alice.certain());
        assert!(
            alice
                .actions
                .iter()
                .any(|(a, _)| *a == DataAction::ContentWrite)
        );
    }

    #[test]
    fn the_mode_decides_which_roles_reach_at_all() {
        let all = [
            assignment("puller", Role::AcrPull, None),
            assignment("dev", Role::RepositoryReader, None),
        ];
        assert_eq!(who(&principals_reaching("x", Mode::Abac, &all)), ["dev"]);
        assert_eq!(
            who(&principals_reaching("x", Mode::Legacy, &all)),
            ["puller"]
        );
    }

    #[test]
    fn an_unreadable_condition_may_reach_and_says_so() {
        let mut a = assignment("odd", Role::RepositoryReader, None);
        a.condition = Some("@Request[x] FancyOperator 'y'".into());
        a.condition_version = Some("2.0".into());
        let all = [a];
        let found = principals_reaching("anything", Mode::Abac, &all);
        assert_eq!(who(&found), ["odd"]);
        assert!(!found[0].certain());
    }
}
