//! A role assignment as acrtui reasons about it: what it gives on one
//! repository of a registry in that registry's mode, and how to say it.

use super::condition::{Expr, parse};
use super::eval::{Truth, eval};
use super::roles::{DataAction, Effect, Mode, Role, effect};
use super::{RepositoryRule, repository_rules};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAssignment {
    pub id: String,
    pub scope: String,
    pub role_definition_id: String,
    pub principal_id: String,
    pub principal_type: String,
    pub condition: Option<String>,
    pub condition_version: Option<String>,
    pub description: Option<String>,
}

/// What one assignment gives on one repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepositoryAccess {
    /// Each action of the role, allowed (`True`), refused by the condition
    /// (`False`) or not decidable by acrtui (`Unknown`, shown as "maybe").
    Actions(Vec<(DataAction, Truth)>),
    /// The assignment gives nothing on the data plane in this mode, and why.
    None(&'static str),
}

impl RoleAssignment {
    pub fn role(&self) -> Option<Role> {
        Role::from_definition_id(&self.role_definition_id)
    }

    /// The role's name, or its definition GUID for a role acrtui does not know.
    pub fn role_name(&self) -> String {
        self.role().map_or_else(
            || {
                let guid = self.role_definition_id.rsplit('/').next();
                format!("role {}", guid.unwrap_or_default())
            },
            |r| r.name().to_string(),
        )
    }

    /// Where it is inherited from: None when assigned at the registry itself.
    pub fn inherited_from(&self, registry_id: &str) -> Option<&str> {
        (!self.scope.eq_ignore_ascii_case(registry_id)).then_some(self.scope.as_str())
    }

    pub fn parsed_condition(&self) -> Option<Result<Expr, super::condition::ParseError>> {
        self.condition.as_deref().map(parse)
    }

    /// The condition as the console says it: "repositories starting with
    /// `models/`", or as written when it has another shape.
    pub fn describe_condition(&self) -> String {
        match self.parsed_condition() {
            None => "every repository (no condition)".into(),
            Some(Ok(e)) => match repository_rules(&e) {
                Some(rules) => rules
                    .iter()
                    .map(RepositoryRule::describe)
                    .collect::<Vec<_>>()
                    .join(" or "),
                None => e.to_string(),
            },
            Some(Err(_)) => "a condition acrtui cannot read".into(),
        }
    }

    /// The condition in a table cell: `all` without one, its rules in
    /// brief (`models/*, notebooks/x`), or `condition` for another shape.
    pub fn brief_condition(&self) -> String {
        match self.parsed_condition() {
            None => "all".into(),
            Some(Ok(e)) => repository_rules(&e).map_or_else(
                || "condition".into(),
                |rules| {
                    let brief: Vec<String> = rules.iter().map(RepositoryRule::brief).collect();
                    brief.join(", ")
                },
            ),
            Some(Err(_)) => "unreadable condition".into(),
        }
    }

    /// Whether it counts in `mode`, as the identities view says it.
    pub fn standing(&self, mode: Mode) -> &'static str {
        match self.role().map(|r| effect(r, mode)) {
            None => "not a registry data role",
            Some(Effect::Grants { .. }) => "counts",
            Some(Effect::Ignored) => "ignored in ABAC mode",
            Some(Effect::NoEffect) => "no effect in legacy mode",
            Some(Effect::ControlPlaneOnly) => "control plane only in ABAC mode",
        }
    }

    /// What it gives on `repository` in `mode`.
    pub fn access(&self, mode: Mode, repository: &str) -> RepositoryAccess {
        let Some(role) = self.role() else {
            return RepositoryAccess::None("not a registry data role");
        };
        let (actions, conditionable) = match effect(role, mode) {
            Effect::Grants {
                actions,
                conditionable,
                ..
            } => (actions, conditionable),
            Effect::Ignored => return RepositoryAccess::None("ignored in ABAC mode"),
            Effect::NoEffect => return RepositoryAccess::None("no effect in legacy mode"),
            Effect::ControlPlaneOnly => {
                return RepositoryAccess::None("control plane only in ABAC mode");
            }
        };
        let condition = match (conditionable, self.parsed_condition()) {
            (true, Some(Ok(e))) => Some(e),
            // A condition that does not parse: whether it grants cannot be told.
            (true, Some(Err(_))) => {
                return RepositoryAccess::Actions(
                    actions.into_iter().map(|a| (a, Truth::Unknown)).collect(),
                );
            }
            _ => None,
        };
        RepositoryAccess::Actions(
            actions
                .into_iter()
                .map(|a| {
                    let truth = condition
                        .as_ref()
                        .map_or(Truth::True, |e| eval(e, &a.full(), repository));
                    (a, truth)
                })
                .collect(),
        )
    }
}
