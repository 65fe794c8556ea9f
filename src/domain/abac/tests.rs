//! The docs' own examples (facts file A4), the mode table (A3), and the
//! validator's findings (A5).

use super::check::{Severity, check};
use super::condition::parse;
use super::eval::{Truth, eval};
use super::roles::{DataAction, Effect, Mode, Role, effect};
use super::*;

const READ: &str = "Microsoft.ContainerRegistry/registries/repositories/content/read";
const WRITE: &str = "Microsoft.ContainerRegistry/registries/repositories/content/write";

/// The GA doc's single-repository example, newlines and all.
const DOC_SINGLE: &str = "(
 (
  !(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/read'})
  AND
  !(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/metadata/read'})
 )
 OR 
 (
  @Request[Microsoft.ContainerRegistry/registries/repositories:name] StringEqualsIgnoreCase 'hello-world'
 )
)";

fn doc_with(inner: &str) -> String {
    DOC_SINGLE.replace(
        "@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringEqualsIgnoreCase 'hello-world'",
        inner,
    )
}

const NAME: &str = "@Request[Microsoft.ContainerRegistry/registries/repositories:name]";

#[test]
fn the_docs_single_repository_example_parses_and_evaluates() {
    let e = parse(DOC_SINGLE).unwrap();
    assert_eq!(eval(&e, READ, "hello-world"), Truth::True);
    assert_eq!(eval(&e, READ, "Hello-World"), Truth::True, "IgnoreCase");
    assert_eq!(eval(&e, READ, "other"), Truth::False);
    // Not listed in the ActionMatches block: the condition does not restrict it.
    assert_eq!(eval(&e, WRITE, "other"), Truth::True);
    assert_eq!(
        repository_rules(&e),
        Some(vec![RepositoryRule::Exactly("hello-world".into())])
    );
}

#[test]
fn the_docs_prefix_and_two_prefix_examples_parse() {
    let prefix = parse(&doc_with(&format!(
        "{NAME} StringStartsWithIgnoreCase 'backend/'"
    )))
    .unwrap();
    assert_eq!(eval(&prefix, READ, "backend/api"), Truth::True);
    assert_eq!(eval(&prefix, READ, "backend-infra/k8s"), Truth::False);
    let two = parse(&doc_with(&format!(
        "{NAME} StringStartsWithIgnoreCase 'backend/' OR {NAME} StringStartsWithIgnoreCase 'frontend/js/'"
    )))
    .unwrap();
    assert_eq!(eval(&two, READ, "frontend/js/app"), Truth::True);
    assert_eq!(eval(&two, READ, "frontend/css"), Truth::False);
    assert_eq!(
        repository_rules(&two).unwrap(),
        [
            RepositoryRule::Prefix("backend/".into()),
            RepositoryRule::Prefix("frontend/js/".into())
        ]
    );
}

#[test]
fn the_stored_form_without_newlines_parses_the_same() {
    let stored = DOC_SINGLE.replace('\n', "");
    assert_eq!(parse(&stored).unwrap(), parse(DOC_SINGLE).unwrap());
    // And the doc's own stored excerpt, with its odd spacing.
    let excerpt = "( (  !(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/read'})  AND  !(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/metadata/read'}) ) OR  (  @Request[Microsoft.ContainerRegistry/registries/repositories:name] StringEqualsIgnoreCase 'hello-world' ))";
    assert_eq!(parse(excerpt).unwrap(), parse(DOC_SINGLE).unwrap());
}

#[test]
fn a_built_condition_is_the_docs_shape_and_reads_back() {
    let rules = [
        RepositoryRule::Prefix("backend/".into()),
        RepositoryRule::Exactly("Hello-World".into()),
    ];
    let e = condition_for(Role::RepositoryWriter.data_actions(), &rules);
    let text = e.to_string();
    assert_eq!(parse(&text).unwrap(), e);
    assert_eq!(
        repository_rules(&e).unwrap(),
        [
            RepositoryRule::Prefix("backend/".into()),
            RepositoryRule::Exactly("hello-world".into())
        ]
    );
    let found = check(&text, Some("2.0"), Some(Role::RepositoryWriter), &[]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn parse_errors_say_where_and_what() {
    let e = parse("(ActionMatches{'x'}").unwrap_err();
    assert!(e.message.contains("expected `)`"), "{e}");
    let e = parse(&format!("{NAME} StringEquals 'open")).unwrap_err();
    assert!(e.message.contains("not closed"), "{e}");
    let e = parse("Frobnicate{'x'}").unwrap_err();
    assert_eq!(e.at, 0);
    assert!(
        parse(&"(".repeat(200))
            .unwrap_err()
            .message
            .contains("nested")
    );
}

// ----- the mode table (facts A3), one test per row -----

fn grants(role: Role, mode: Mode) -> (Vec<DataAction>, bool) {
    match effect(role, mode) {
        Effect::Grants {
            actions, catalog, ..
        } => (actions, catalog),
        other => panic!("{role:?} in {mode:?}: {other:?}"),
    }
}

#[test]
fn abac_mode_honours_the_repository_roles_with_conditions() {
    for role in [
        Role::RepositoryReader,
        Role::RepositoryWriter,
        Role::RepositoryContributor,
    ] {
        let Effect::Grants { conditionable, .. } = effect(role, Mode::Abac) else {
            panic!("{role:?}");
        };
        assert!(conditionable);
    }
    assert!(
        grants(Role::RepositoryContributor, Mode::Abac)
            .0
            .contains(&DataAction::MetadataDelete)
    );
}

#[test]
fn abac_mode_catalog_lister_lists_without_conditions() {
    assert_eq!(
        effect(Role::CatalogLister, Mode::Abac),
        Effect::Grants {
            actions: vec![],
            catalog: true,
            conditionable: false
        }
    );
}

#[test]
fn abac_mode_ignores_acrpull_acrpush_acrdelete() {
    for role in [Role::AcrPull, Role::AcrPush, Role::AcrDelete] {
        assert_eq!(effect(role, Mode::Abac), Effect::Ignored, "{role:?}");
    }
}

#[test]
fn abac_mode_leaves_owner_contributor_reader_the_control_plane_only() {
    for role in [Role::Owner, Role::Contributor, Role::Reader] {
        assert_eq!(
            effect(role, Mode::Abac),
            Effect::ControlPlaneOnly,
            "{role:?}"
        );
    }
}

#[test]
fn legacy_mode_honours_the_acr_data_roles() {
    assert_eq!(
        grants(Role::AcrPull, Mode::Legacy).0,
        [DataAction::ContentRead, DataAction::MetadataRead]
    );
    assert!(
        grants(Role::AcrPush, Mode::Legacy)
            .0
            .contains(&DataAction::ContentWrite)
    );
    assert!(
        grants(Role::AcrDelete, Mode::Legacy)
            .0
            .contains(&DataAction::ContentDelete)
    );
}

#[test]
fn legacy_mode_gives_owner_and_contributor_everything_and_reader_pull_and_catalog() {
    for role in [Role::Owner, Role::Contributor] {
        assert_eq!(grants(role, Mode::Legacy), (DataAction::ALL.to_vec(), true));
    }
    assert_eq!(
        grants(Role::Reader, Mode::Legacy),
        (
            vec![DataAction::ContentRead, DataAction::MetadataRead],
            true
        )
    );
}

#[test]
fn legacy_mode_gives_the_repository_roles_no_effect() {
    for role in [
        Role::RepositoryReader,
        Role::RepositoryWriter,
        Role::RepositoryContributor,
        Role::CatalogLister,
    ] {
        assert_eq!(effect(role, Mode::Legacy), Effect::NoEffect, "{role:?}");
    }
}

#[test]
fn the_data_importer_reads_in_both_modes() {
    for mode in [Mode::Abac, Mode::Legacy] {
        assert_eq!(
            grants(Role::DataImporterAndDataReader, mode),
            (
                vec![DataAction::ContentRead, DataAction::MetadataRead],
                true
            )
        );
    }
}

#[test]
fn modes_and_roles_are_read_from_arm_values() {
    assert_eq!(Mode::parse(None), Some(Mode::Legacy), "the default");
    assert_eq!(
        Mode::parse(Some("AbacRepositoryPermissions")),
        Some(Mode::Abac)
    );
    assert_eq!(Mode::parse(Some("SomethingNew")), None);
    let id = "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/2A1E307C-B015-4EBD-883E-5B7698A07328";
    assert_eq!(Role::from_definition_id(id), Some(Role::RepositoryWriter));
}

// ----- the validator (facts A4, A5) -----

fn messages(condition: &str, role: Option<Role>, catalog: &[&str]) -> Vec<(Severity, String)> {
    let catalog: Vec<String> = catalog.iter().map(|s| s.to_string()).collect();
    check(condition, Some("2.0"), role, &catalog)
        .into_iter()
        .map(|d| (d.severity, d.message))
        .collect()
}

#[test]
fn a_prefix_without_a_slash_names_what_it_also_matches() {
    let c = doc_with(&format!("{NAME} StringStartsWithIgnoreCase 'backend'"));
    let found = messages(
        &c,
        Some(Role::RepositoryReader),
        &["backend/api", "backend-infra/k8s", "backendsvc/x", "other"],
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Severity::Warning);
    assert!(
        found[0].1.contains("backend-infra/k8s, backendsvc/x"),
        "{found:?}"
    );
    assert!(found[0].1.contains("'backend/'"), "{found:?}");
}

#[test]
fn write_actions_left_out_of_the_action_block_are_an_error() {
    // A Writer whose condition lists only the read actions (the docs' pitfall).
    let found = messages(DOC_SINGLE, Some(Role::RepositoryWriter), &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Severity::Error);
    assert!(
        found[0].1.contains("content/write, metadata/write"),
        "{found:?}"
    );
    // The same condition on a Reader restricts everything the role has.
    assert!(messages(DOC_SINGLE, Some(Role::RepositoryReader), &[]).is_empty());
}

#[test]
fn catalog_lister_resource_version_and_undocumented_operators_are_flagged() {
    let lister = messages(DOC_SINGLE, Some(Role::CatalogLister), &[]);
    assert!(
        lister
            .iter()
            .any(|(s, m)| *s == Severity::Error
                && m.contains("Catalog Lister cannot be conditioned")),
        "{lister:?}"
    );
    let resource = doc_with(
        "@Resource[Microsoft.ContainerRegistry/registries/repositories:name] StringStartsWith 'a/'",
    );
    let found = messages(&resource, Some(Role::RepositoryReader), &[]);
    assert!(
        found
            .iter()
            .any(|(_, m)| m.contains("@Resource") && m.contains("unconfirmed")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(_, m)| m.contains("StringStartsWith is not shown")),
        "{found:?}"
    );
    let like = doc_with(&format!("{NAME} StringLike 'a*'"));
    assert!(
        messages(&like, None, &[])
            .iter()
            .any(|(_, m)| m.contains("unconfirmed"))
    );
    let v1 = check(DOC_SINGLE, Some("1.0"), None, &[]);
    assert!(
        v1.iter()
            .any(|d| d.severity == Severity::Error && d.message.contains("\"2.0\"")),
        "{v1:?}"
    );
}

// ----- assignments -----

fn assignment(role: Role, condition: Option<String>) -> super::assignment::RoleAssignment {
    super::assignment::RoleAssignment {
        id: "a".into(),
        scope: "/subscriptions/s".into(),
        role_definition_id: format!(
            "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/{}",
            role.guid()
        ),
        principal_id: "p".into(),
        principal_type: "User".into(),
        condition,
        condition_version: Some("2.0".into()),
        description: None,
    }
}

#[test]
fn an_assignment_grants_what_its_role_and_condition_allow_in_the_mode() {
    use super::assignment::RepositoryAccess;
    let writer = assignment(Role::RepositoryWriter, Some(DOC_SINGLE.into()));
    let RepositoryAccess::Actions(on_other) = writer.access(Mode::Abac, "other") else {
        panic!()
    };
    // Reads are restricted to hello-world; the unlisted writes are not.
    assert!(on_other.contains(&(DataAction::ContentRead, Truth::False)));
    assert!(on_other.contains(&(DataAction::ContentWrite, Truth::True)));
    assert_eq!(
        writer.access(Mode::Legacy, "other"),
        RepositoryAccess::None("no effect in legacy mode")
    );
    let pull = assignment(Role::AcrPull, None);
    assert_eq!(pull.standing(Mode::Abac), "ignored in ABAC mode");
    assert_eq!(
        pull.inherited_from("/subscriptions/s/resourceGroups/rg"),
        Some("/subscriptions/s")
    );
    assert_eq!(writer.describe_condition(), "exactly `hello-world`");
    let broken = assignment(Role::RepositoryReader, Some("((".into()));
    let RepositoryAccess::Actions(unknown) = broken.access(Mode::Abac, "x") else {
        panic!()
    };
    assert!(unknown.iter().all(|(_, t)| *t == Truth::Unknown));
}
