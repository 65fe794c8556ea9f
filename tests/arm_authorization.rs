//! The client reads a registry's role-assignment mode (api-version
//! 2025-11-01, raw) and its role assignments at and above it (2022-04-01,
//! atScope()) over real HTTP from the emulator.

mod common;

use acrtui::arm::{AcrApi, RegistryRef};
use acrtui::domain::abac::roles::{Mode, Role};
use acrtui::emulator::EmulatorConfig;

fn registry(rg: &str, name: &str) -> RegistryRef {
    RegistryRef {
        subscription: "7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70".into(),
        resource_group: rg.into(),
        name: name.into(),
    }
}

#[tokio::test]
async fn modes_and_assignments_are_read_with_their_conditions() {
    let emu = common::demo(EmulatorConfig::fast()).await;
    let api = common::arm::client(&emu);
    let ml = registry("rg-data", "contosoml");
    let mode = api.role_assignment_mode(&ml).await.unwrap();
    assert_eq!(Mode::parse(mode.as_deref()), Some(Mode::Abac));
    let prod = api
        .role_assignment_mode(&registry("rg-platform", "contosoprod"))
        .await
        .unwrap();
    assert_eq!(Mode::parse(prod.as_deref()), Some(Mode::Legacy));

    let assignments = api.list_role_assignments(&ml).await.unwrap();
    assert_eq!(assignments.len(), 6);
    let roles: Vec<Option<Role>> = assignments.iter().map(|a| a.role()).collect();
    assert!(roles.contains(&Some(Role::Owner)) && roles.contains(&Some(Role::AcrPull)));
    let alice = assignments
        .iter()
        .find(|a| {
            a.condition
                .as_deref()
                .is_some_and(|c| c.contains("'models/'"))
        })
        .unwrap();
    assert_eq!(
        alice.describe_condition(),
        "repositories starting with `models/`"
    );
    assert_eq!(alice.inherited_from(&ml.id()), None);
    let owner = assignments
        .iter()
        .find(|a| a.role() == Some(Role::Owner))
        .unwrap();
    assert_eq!(
        owner.inherited_from(&ml.id()),
        Some("/subscriptions/7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70")
    );
    // A registry that does not exist: ARM's error, not an empty list.
    let err = api
        .list_role_assignments(&registry("rg-data", "nosuch"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("nosuch"), "{err}");
}

fn graph(emu: &acrtui::emulator::Emulator) -> acrtui::arm::graph::GraphDirectory {
    acrtui::arm::graph::GraphDirectory::new(
        emu.url().parse().unwrap(),
        &acrtui::arm::auth::scope_for(&emu.url()),
        acrtui::arm::auth::StaticToken::new("test-token"),
        std::time::Duration::from_secs(10),
    )
}

#[tokio::test]
async fn graph_gives_the_names_of_known_principals_and_leaves_out_the_rest() {
    let emu = common::demo(EmulatorConfig::fast()).await;
    let ids = [
        "3F2A6C1E-8B4D-4E7A-9C5F-1D2E3F4A5B6C".to_string(),
        "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d".to_string(),
        "00000000-dead-4bad-8bad-000000000000".to_string(),
    ];
    let names = graph(&emu).display_names(&ids).await.unwrap();
    assert_eq!(names.len(), 2, "{names:?}");
    // Keyed by the id in lower case, whatever case ARM gave it in.
    assert_eq!(
        names["3f2a6c1e-8b4d-4e7a-9c5f-1d2e3f4a5b6c"],
        "Alice Nguyen"
    );
    assert_eq!(
        names["1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"],
        "github-deploy"
    );
}

#[tokio::test]
async fn more_ids_than_graph_takes_at_once_are_asked_in_chunks() {
    // The emulator refuses more than 1000 ids per call, as Graph does.
    let emu = common::demo(EmulatorConfig::fast()).await;
    let mut ids: Vec<String> = (0..1500)
        .map(|i| format!("00000000-0000-4000-8000-{i:012}"))
        .collect();
    ids.push("0d9c8b7a-6f5e-4d4c-9b3a-2f1e0d9c8b7a".into());
    let names = graph(&emu).display_names(&ids).await.unwrap();
    assert_eq!(names.len(), 1);
    assert_eq!(names["0d9c8b7a-6f5e-4d4c-9b3a-2f1e0d9c8b7a"], "catalog-bot");
}

#[tokio::test]
async fn a_grant_is_created_with_its_condition_listed_and_removed_again() {
    use acrtui::domain::abac::grant::{build, parse_rules};
    let emu = common::demo(EmulatorConfig::fast()).await;
    let api = common::arm::client(&emu);
    let ml = registry("rg-data", "contosoml");
    let dana = "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e";
    let rules = parse_rules("backend/*").unwrap();
    let (grant, diagnostics) = build(dana, "User", Role::RepositoryReader, &rules);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let created = api.create_role_assignment(&ml, &grant).await.unwrap();
    assert_eq!(created.role(), Some(Role::RepositoryReader));
    assert_eq!(created.condition, grant.condition);
    assert_eq!(created.condition_version.as_deref(), Some("2.0"));
    assert!(
        created.inherited_from(&ml.id()).is_none(),
        "at the registry"
    );

    let listed = api.list_role_assignments(&ml).await.unwrap();
    let found = listed
        .iter()
        .find(|a| a.id.eq_ignore_ascii_case(&created.id))
        .expect("listed");
    assert_eq!(
        found.describe_condition(),
        "repositories starting with `backend/`"
    );

    // The same role for the same principal at the same scope: ARM refuses.
    let again = api.create_role_assignment(&ml, &grant).await.unwrap_err();
    assert!(
        again.to_string().contains("RoleAssignmentExists"),
        "{again}"
    );

    api.delete_role_assignment(&ml, &created.id).await.unwrap();
    let after = api.list_role_assignments(&ml).await.unwrap();
    assert!(!after.iter().any(|a| a.id.eq_ignore_ascii_case(&created.id)));
}

#[tokio::test]
async fn an_unknown_principal_and_an_inherited_assignment_are_refused_with_reasons() {
    use acrtui::domain::abac::grant::{build, parse_rules};
    let emu = common::demo(EmulatorConfig::fast()).await;
    let api = common::arm::client(&emu);
    let ml = registry("rg-data", "contosoml");
    let rules = parse_rules("hello-world").unwrap();
    let (grant, _) = build(
        "00000000-dead-4bad-8bad-000000000000",
        "User",
        Role::RepositoryReader,
        &rules,
    );
    let e = api.create_role_assignment(&ml, &grant).await.unwrap_err();
    assert!(e.to_string().contains("PrincipalNotFound"), "{e}");

    // Inherited from the subscription: not removed from the registry.
    let inherited = api
        .list_role_assignments(&ml)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.inherited_from(&ml.id()).is_some())
        .expect("an inherited assignment");
    let e = api
        .delete_role_assignment(&ml, &inherited.id)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("only those are removed here"), "{e}");
    let still = api.list_role_assignments(&ml).await.unwrap();
    assert!(
        still.iter().any(|a| a.id == inherited.id),
        "nothing was sent"
    );
}

#[tokio::test]
async fn tasks_are_read_with_their_identities() {
    let emu = common::demo(EmulatorConfig::fast()).await;
    let api = common::arm::client(&emu);
    let mut tasks = api
        .list_tasks(&registry("rg-platform", "contosoprod"))
        .await
        .unwrap();
    tasks.sort_by(|a, b| a.name.cmp(&b.name));
    let shape: Vec<(&str, usize)> = tasks
        .iter()
        .map(|t| (t.name.as_str(), t.identities.len()))
        .collect();
    assert_eq!(shape, [("base-image-refresh", 1), ("nightly-build", 0)]);
    // At an api-version that has no tasks, the emulator refuses as ARM does.
    let c = common::Client::new(&emu);
    let (status, _) = c
        .json(
            reqwest::Method::GET,
            "/subscriptions/7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70/resourceGroups/rg-platform/providers/Microsoft.ContainerRegistry/registries/contosoprod/tasks?api-version=2023-07-01",
            None,
        )
        .await;
    assert_eq!(status, 400);
}
