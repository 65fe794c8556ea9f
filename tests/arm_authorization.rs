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
