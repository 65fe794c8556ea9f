//! Readiness on small assignment sets, one case per finding kind.

use super::*;
use crate::domain::abac::roles::{DataAction, Role};
use crate::domain::abac::{RepositoryRule, condition_for};

const REGISTRY: &str =
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r";

fn assignment(principal: &str, role: Role, condition: Option<String>) -> RoleAssignment {
    RoleAssignment {
        id: format!(
            "{REGISTRY}/providers/Microsoft.Authorization/roleAssignments/{principal}-{}",
            role.guid()
        ),
        scope: REGISTRY.into(),
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

fn reader_of(prefix: &str) -> Option<String> {
    let rules = [RepositoryRule::Prefix(prefix.into())];
    Some(condition_for(Role::RepositoryReader.data_actions(), &rules).to_string())
}

fn kinds(findings: &[Finding]) -> Vec<(Kind, &str)> {
    findings
        .iter()
        .map(|f| (f.kind, f.principal_id.as_str()))
        .collect()
}

#[test]
fn legacy_pullers_without_a_repository_role_lose_access_on_a_switch() {
    let found = readiness(
        Mode::Legacy,
        &[
            assignment("ci", Role::AcrPull, None),
            assignment("ci", Role::AcrPush, None),
            assignment("admin", Role::Owner, None),
        ],
    );
    assert_eq!(
        kinds(&found),
        [(Kind::LosesAccess, "admin"), (Kind::LosesAccess, "ci")]
    );
    let ci = &found[1];
    assert_eq!(ci.roles, ["AcrPull", "AcrPush"]);
    assert!(ci.detail.contains("content/write"), "{}", ci.detail);
}

#[test]
fn a_legacy_holder_with_a_repository_role_narrows_to_it() {
    let found = readiness(
        Mode::Legacy,
        &[
            assignment("dev", Role::AcrPush, None),
            assignment("dev", Role::RepositoryReader, reader_of("apps/")),
        ],
    );
    assert_eq!(kinds(&found), [(Kind::Narrows, "dev")]);
    assert!(
        found[0]
            .detail
            .contains("Container Registry Repository Reader"),
        "{}",
        found[0].detail
    );
}

#[test]
fn catalog_lister_alone_does_not_carry_repository_access_over() {
    let found = readiness(
        Mode::Legacy,
        &[
            assignment("bot", Role::AcrPull, None),
            assignment("bot", Role::CatalogLister, None),
        ],
    );
    assert_eq!(kinds(&found), [(Kind::LosesAccess, "bot")]);
}

#[test]
fn repository_roles_alone_are_not_findings_in_legacy_mode() {
    let found = readiness(
        Mode::Legacy,
        &[assignment("dev", Role::RepositoryWriter, None)],
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn in_abac_mode_legacy_data_roles_are_ignored_and_owners_are_not_flagged() {
    let found = readiness(
        Mode::Abac,
        &[
            assignment("old", Role::AcrDelete, None),
            assignment("admin", Role::Owner, None),
            assignment("dev", Role::RepositoryReader, reader_of("apps/")),
        ],
    );
    assert_eq!(kinds(&found), [(Kind::Ignored, "old")]);
}

#[test]
fn an_over_granting_prefix_is_a_condition_warning_in_either_mode() {
    for mode in [Mode::Abac, Mode::Legacy] {
        let found = readiness(
            mode,
            &[assignment("dev", Role::RepositoryReader, reader_of("apps"))],
        );
        assert_eq!(kinds(&found), [(Kind::ConditionWarning, "dev")], "{mode:?}");
        assert!(found[0].detail.contains("apps"), "{}", found[0].detail);
    }
}

#[test]
fn a_condition_without_version_is_a_condition_error() {
    let mut a = assignment("dev", Role::RepositoryReader, reader_of("apps/"));
    a.condition_version = None;
    let found = readiness(Mode::Abac, &[a]);
    assert_eq!(kinds(&found), [(Kind::ConditionError, "dev")]);
}

#[test]
fn data_actions_of_the_finding_are_named_once_each() {
    let found = readiness(
        Mode::Legacy,
        &[
            assignment("x", Role::AcrPull, None),
            assignment("x", Role::Reader, None),
        ],
    );
    let read = DataAction::ContentRead.short();
    assert_eq!(
        found[0].detail.matches(read).count(),
        1,
        "{}",
        found[0].detail
    );
}

fn task(name: &str, identities: &[&str]) -> TaskInfo {
    TaskInfo {
        name: name.into(),
        identities: identities.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn a_task_without_identity_is_found_in_either_mode() {
    for mode in [Mode::Legacy, Mode::Abac] {
        let found = task_findings(mode, &[task("nightly", &[])], &[]);
        assert_eq!(
            kinds(&found),
            [(Kind::TaskWithoutIdentity, "nightly")],
            "{mode:?}"
        );
        assert!(
            found[0].detail.contains("--source-acr-auth-id"),
            "{}",
            found[0].detail
        );
    }
}

#[test]
fn a_task_identity_needs_a_repository_role_and_catalog_lister() {
    let reader = assignment("mi", Role::RepositoryReader, reader_of("apps/"));
    let lister = assignment("mi", Role::CatalogLister, None);
    let tasks = [task("build", &["mi"])];
    assert_eq!(
        kinds(&task_findings(
            Mode::Abac,
            &tasks,
            std::slice::from_ref(&reader)
        )),
        [(Kind::TaskIdentityLacksRoles, "build")]
    );
    assert!(task_findings(Mode::Abac, &tasks, &[reader, lister]).is_empty());
    // AcrPush is what it has today: not enough after a switch.
    let push = assignment("mi", Role::AcrPush, None);
    assert_eq!(
        kinds(&task_findings(Mode::Legacy, &tasks, &[push])),
        [(Kind::TaskIdentityLacksRoles, "build")]
    );
}
