//! Mode-switch readiness: what a registry's role assignments mean for a
//! switch to ABAC mode (legacy registries) or what in them no longer counts
//! or over-grants (ABAC registries). Facts file A3: in ABAC mode AcrPull,
//! AcrPush and AcrDelete are not honoured, and Owner, Contributor and
//! Reader keep the control plane only.
//!
//! acrtui does not expand groups: a group is one principal here, and its
//! members are reported as the group. Nor does it read ACR Tasks yet; the
//! report says so rather than claiming they are fine.

use std::collections::BTreeMap;

use super::assignment::RoleAssignment;
use super::check::{Severity, check};
use super::roles::{DataAction, Effect, Mode, Role, effect};

/// What a finding is, as `--format json` and the table name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Legacy: data access today through registry roles, no Repository
    /// role at all: the switch cuts it off.
    LosesAccess,
    /// Legacy: data access through registry roles and a Repository role:
    /// after the switch it keeps only what the Repository role allows.
    Narrows,
    /// A condition ARM would refuse or that does not say what it means.
    ConditionError,
    /// ABAC: an AcrPull/AcrPush/AcrDelete assignment that gives nothing.
    Ignored,
    /// A condition that over-grants or uses what ACR does not document.
    ConditionWarning,
    /// An ACR Task without a managed identity: no data-plane access in
    /// ABAC mode.
    TaskWithoutIdentity,
    /// An ACR Task whose identity lacks a Repository role or Catalog
    /// Lister, which a task needs in ABAC mode.
    TaskIdentityLacksRoles,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::LosesAccess => "loses-access",
            Kind::Narrows => "narrows",
            Kind::ConditionError => "condition-error",
            Kind::Ignored => "ignored",
            Kind::ConditionWarning => "condition-warning",
            Kind::TaskWithoutIdentity => "task-without-identity",
            Kind::TaskIdentityLacksRoles => "task-identity-lacks-roles",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    pub principal_id: String,
    pub principal_type: String,
    /// The roles involved, by name.
    pub roles: Vec<String>,
    /// What is wrong or what changes, in a sentence.
    pub detail: String,
}

impl Finding {
    /// Who it is about: `name (Type)` when the name is known, else the id.
    pub fn who(&self, name: Option<&str>) -> String {
        match name.filter(|n| !n.is_empty()) {
            Some(n) => format!("{n} ({})", self.principal_type),
            None => format!("{} ({})", self.principal_id, self.principal_type),
        }
    }
}

/// What the report cannot see, said in every form rather than implied.
pub const NOT_CHECKED: &str = "group members are counted as their group; whether a task's identity is the one it authenticates to the registry with (--source-acr-auth-id) is not read";

/// An ACR Task as readiness needs it: its name and the principal ids of
/// its managed identities (system- and user-assigned; none when empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskInfo {
    pub name: String,
    pub identities: Vec<String>,
}

/// What a registry's tasks need in ABAC mode (facts file A3): a managed
/// identity holding a Repository role and Catalog Lister. For a legacy
/// registry these say what a switch would break; for an ABAC one, what is
/// already broken.
pub fn task_findings(
    mode: Mode,
    tasks: &[TaskInfo],
    assignments: &[RoleAssignment],
) -> Vec<Finding> {
    let when = match mode {
        Mode::Legacy => "after a switch to ABAC mode it",
        Mode::Abac => "in ABAC mode it",
    };
    let holds = |id: &str, wanted: &dyn Fn(Role) -> bool| {
        assignments
            .iter()
            .any(|a| a.principal_id.eq_ignore_ascii_case(id) && a.role().is_some_and(wanted))
    };
    let repository_role = |r: Role| {
        matches!(
            r,
            Role::RepositoryReader | Role::RepositoryWriter | Role::RepositoryContributor
        )
    };
    let mut out = Vec::new();
    for t in tasks {
        let finding = |kind, detail: String| Finding {
            kind,
            principal_id: t.name.clone(),
            principal_type: "Task".into(),
            roles: Vec::new(),
            detail,
        };
        if t.identities.is_empty() {
            out.push(finding(
                Kind::TaskWithoutIdentity,
                format!("has no managed identity: {when} cannot reach the registry's repositories; attach one (az acr task update --source-acr-auth-id [system]) and give it a Repository role and Catalog Lister"),
            ));
            continue;
        }
        let ok = t
            .identities
            .iter()
            .any(|id| holds(id, &repository_role) && holds(id, &|r| r == Role::CatalogLister));
        if !ok {
            out.push(finding(
                Kind::TaskIdentityLacksRoles,
                format!("its identity holds no Repository role with Catalog Lister here: {when} cannot read or push the registry's repositories"),
            ));
        }
    }
    out
}

/// The findings for one registry in `mode`, worst kind first.
pub fn readiness(mode: Mode, assignments: &[RoleAssignment]) -> Vec<Finding> {
    let mut out = match mode {
        Mode::Legacy => legacy(assignments),
        Mode::Abac => abac(assignments),
    };
    out.extend(conditions(assignments));
    out.sort_by(|a, b| (a.kind, &a.principal_id).cmp(&(b.kind, &b.principal_id)));
    out
}

/// Per principal: the legacy roles giving it data access today, what they
/// give, and whether it also holds a Repository role.
/// One principal's roles as legacy readiness sees them.
#[derive(Default)]
struct Holder<'a> {
    kind: &'a str,
    /// Legacy data roles it holds (what a switch takes away).
    legacy: Vec<String>,
    actions: Vec<DataAction>,
    /// Repository roles it holds (what carries over).
    repository_roles: Vec<String>,
}

impl Holder<'_> {
    /// Its finding: loses access, or narrows to its Repository roles.
    fn finding(mut self, principal_id: String) -> Finding {
        self.actions.sort();
        self.actions.dedup();
        let what: Vec<&str> = self.actions.iter().map(|a| a.short()).collect();
        let (kind, detail) = if self.repository_roles.is_empty() {
            (
                Kind::LosesAccess,
                format!(
                    "loses {} on every repository: no Repository role to carry it over",
                    what.join(", ")
                ),
            )
        } else {
            (
                Kind::Narrows,
                format!(
                    "keeps only what {} allows of {}",
                    self.repository_roles.join(" and "),
                    what.join(", ")
                ),
            )
        };
        Finding {
            kind,
            principal_id,
            principal_type: self.kind.to_string(),
            roles: self.legacy,
            detail,
        }
    }
}

fn legacy(assignments: &[RoleAssignment]) -> Vec<Finding> {
    let mut holders: BTreeMap<String, Holder> = BTreeMap::new();
    for a in assignments {
        let Some(role) = a.role() else { continue };
        let holder = holders
            .entry(a.principal_id.to_ascii_lowercase())
            .or_default();
        holder.kind = &a.principal_type;
        match (effect(role, Mode::Legacy), effect(role, Mode::Abac)) {
            (Effect::Grants { actions, .. }, Effect::Ignored | Effect::ControlPlaneOnly) => {
                holder.legacy.push(role.name().to_string());
                holder.actions.extend(actions);
            }
            (Effect::NoEffect, Effect::Grants { .. }) if role != Role::CatalogLister => {
                holder.repository_roles.push(role.name().to_string());
            }
            _ => {}
        }
    }
    holders
        .into_iter()
        .filter(|(_, h)| !h.legacy.is_empty())
        .map(|(id, h)| h.finding(id))
        .collect()
}

fn abac(assignments: &[RoleAssignment]) -> Vec<Finding> {
    assignments
        .iter()
        .filter(|a| {
            a.role()
                .is_some_and(|r| effect(r, Mode::Abac) == Effect::Ignored)
        })
        .map(|a| Finding {
            kind: Kind::Ignored,
            principal_id: a.principal_id.to_ascii_lowercase(),
            principal_type: a.principal_type.clone(),
            roles: vec![a.role_name()],
            detail: format!(
                "{} is not honoured in ABAC mode: grant a Repository role or remove it",
                a.role_name()
            ),
        })
        .collect()
}

/// Every conditioned assignment's diagnostics, whatever the mode: a
/// legacy registry's conditions are what the switch will enforce.
fn conditions(assignments: &[RoleAssignment]) -> Vec<Finding> {
    let mut out = Vec::new();
    for a in assignments {
        let Some(condition) = &a.condition else {
            continue;
        };
        for d in check(condition, a.condition_version.as_deref(), a.role(), &[]) {
            out.push(Finding {
                kind: match d.severity {
                    Severity::Error => Kind::ConditionError,
                    Severity::Warning => Kind::ConditionWarning,
                },
                principal_id: a.principal_id.to_ascii_lowercase(),
                principal_type: a.principal_type.clone(),
                roles: vec![a.role_name()],
                detail: d.message,
            });
        }
    }
    out
}

#[cfg(test)]
#[path = "readiness_tests.rs"]
mod tests;
