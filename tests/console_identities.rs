//! The Identities view (6): a registry's Entra role assignments read
//! through the real client from the emulator (Microsoft.Authorization
//! `atScope()`, the registry's mode at 2025-11-01, Graph display names),
//! with each assignment's role, scope, condition in words and whether it
//! counts in the mode; and the registries pane's mode column.

mod common;

use acrtui::tui::app::{App, Settings};
use acrtui::tui::command::{Command, CommandKind};
use acrtui::tui::identities_view::Identities;
use acrtui::tui::msg::Outcome;
use common::console::*;

async fn showing_identities(registry: &str) -> App {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, registry);
    key(&mut app, "6");
    app
}

/// Runs the identities read the app asked for through the console's
/// effects against a demo emulator and hands the answer to the app; other
/// commands (the previewer's catalog read) are dropped.
async fn read_from_emulator(app: &mut App) {
    let commands: Vec<Command> = app
        .take_commands()
        .into_iter()
        .filter(|c| matches!(c.kind, CommandKind::ReadIdentities { .. }))
        .collect();
    assert_eq!(commands.len(), 1, "one identities read expected");
    let emu = common::demo(acrtui::emulator::EmulatorConfig::fast()).await;
    let (effects, mut rx) = effects_for(&emu);
    for command in commands {
        effects.spawn(command);
    }
    let msg = tokio::time::timeout(std::time::Duration::from_secs(20), rx.recv())
        .await
        .expect("an answer in time")
        .expect("an answer");
    app.update(msg);
}

#[tokio::test]
async fn the_view_lists_an_abac_registrys_assignments_with_names_conditions_and_standing() {
    let mut app = showing_identities("contosoml").await;
    assert!(screen(&app, 120, 40).contains("Reading the registry's role assignments"));
    read_from_emulator(&mut app).await;
    let text = screen(&app, 140, 40);
    assert!(
        text.contains("Identities · contosoml · ABAC mode"),
        "{text}"
    );
    // Graph's names, the role without its prefix, the condition in brief.
    let alice = text
        .lines()
        .find(|l| l.contains("Alice Nguyen"))
        .expect("Alice's row");
    assert!(alice.contains("Repository Writer"), "{alice}");
    assert!(alice.contains("models/*"), "{alice}");
    assert!(alice.contains("counts"), "{alice}");
    // Inherited from the subscription; Owner is control plane only in ABAC.
    let admins = text
        .lines()
        .find(|l| l.contains("Platform Admins"))
        .expect("Platform Admins' row");
    assert!(admins.contains("subscription"), "{admins}");
    assert!(admins.contains("control plane"), "{admins}");
    // AcrPull is not honoured in ABAC mode: said on its row.
    let acr_pull = text
        .lines()
        .find(|l| l.contains("ml-training"))
        .expect("ml-training's row");
    assert!(acr_pull.contains("ignored"), "{acr_pull}");
    insta::assert_snapshot!(text);
    assert!(kinds(&mut app).is_empty(), "read once");
}

#[tokio::test]
async fn the_detail_says_what_the_selected_assignment_gives_and_what_is_wrong_with_it() {
    let mut app = showing_identities("contosoml").await;
    read_from_emulator(&mut app).await;
    // ML Engineers' Reader condition: a prefix without '/' over-grants.
    key(&mut app, "/");
    type_text(&mut app, "ML Engineers");
    key(&mut app, "enter");
    let text = screen(&app, 140, 40);
    assert!(
        text.contains("gives: content/read, metadata/read where the condition allows"),
        "{text}"
    );
    assert!(
        text.contains("repositories: repositories starting with `notebooks`"),
        "{text}"
    );
    let warning = text
        .lines()
        .find(|l| l.contains("⚠ prefix"))
        .unwrap_or_else(|| panic!("a warning for 'notebooks' without '/': {text}"));
    assert!(warning.contains("notebooks"), "{warning}");
}

#[tokio::test]
async fn without_graph_the_view_shows_ids_and_says_why() {
    let mut app = showing_identities("contosoml").await;
    let registry = app.current().unwrap();
    kinds(&mut app);
    let assignment = acrtui::domain::abac::assignment::RoleAssignment {
        id: format!("{}/providers/Microsoft.Authorization/roleAssignments/a1", registry.id()),
        scope: registry.id(),
        role_definition_id: "/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d".into(),
        principal_id: "6f5e4d3c-2b1a-4f9e-8d7c-6b5a4f3e2d1c".into(),
        principal_type: "ServicePrincipal".into(),
        condition: None,
        condition_version: None,
        description: None,
    };
    let read = Identities {
        mode: Some("AbacRepositoryPermissions".into()),
        assignments: vec![assignment],
        names: Err("403 Authorization_RequestDenied".into()),
        tasks: Ok(Vec::new()),
    };
    let msg = done(
        &app,
        Outcome::IdentitiesRead {
            registry,
            result: Ok(read),
        },
    );
    app.update(msg);
    let text = screen(&app, 140, 40);
    assert!(
        text.contains("6f5e4d3c-2b1a-4f9e-8d7c-6b5a4f3e2d1c"),
        "{text}"
    );
    assert!(text.contains("Microsoft Graph did not give them"), "{text}");
    assert!(text.contains("403 Authorization_RequestDenied"), "{text}");
}

#[tokio::test]
async fn a_refused_read_is_said_in_the_pane_and_r_reads_again() {
    let mut app = showing_identities("contosoprod").await;
    let registry = app.current().unwrap();
    kinds(&mut app);
    let msg = done(
        &app,
        Outcome::IdentitiesRead {
            registry,
            result: Err("AuthorizationFailed: no roleAssignments/read".into()),
        },
    );
    app.update(msg);
    let text = screen(&app, 120, 40);
    assert!(text.contains("AuthorizationFailed"), "{text}");
    assert!(text.contains("r reads them again"), "{text}");
    assert!(kinds(&mut app).is_empty(), "no retry loop on its own");
    key(&mut app, "r");
    assert!(matches!(
        kinds(&mut app).as_slice(),
        [CommandKind::ReadIdentities { .. }]
    ));
}

#[tokio::test]
async fn the_registries_pane_shows_each_registrys_mode() {
    let app = demo_app(Settings::default()).await;
    let text = screen(&app, 160, 40);
    let row = |name: &str| {
        text.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no row {name}: {text}"))
            .to_string()
    };
    assert!(row("contosoml").contains("ABAC"), "{text}");
    assert!(row("contosoprod").contains("legacy"), "{text}");
}

#[tokio::test]
async fn the_previewer_shows_tokens_and_entra_principals_reaching_a_repository() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoml");
    key(&mut app, "2");
    assert!(select_scope_map(&mut app, "model-publish"));
    key(&mut app, "v");
    type_text(&mut app, "models/bert-base");
    assert!(
        screen(&app, 120, 40).contains("reading the registry's role assignments"),
        "the previewer says the Entra side is on its way"
    );
    read_from_emulator(&mut app).await;
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Tokens reaching models/bert-base: 1"),
        "{text}"
    );
    assert!(
        text.contains("training-pipeline via model-publish"),
        "{text}"
    );
    assert!(
        text.contains("Entra identities reaching models/bert-base: 2"),
        "{text}"
    );
    assert!(
        text.contains("Alice Nguyen (user) via Repository Writer, models/*: content/read"),
        "{text}"
    );
    assert!(
        text.contains("Bob Schmidt (user) via Repository Writer, models/bert-base"),
        "{text}"
    );
    // AcrPull is ignored in ABAC mode: ml-training reaches nothing.
    assert!(!text.contains("ml-training"), "{text}");
    insta::assert_snapshot!(text);
    // Another repository under the prefix: Alice reads and writes; Bob's
    // condition restricts only reads, so his writes reach it too.
    for _ in 0.."models/bert-base".len() {
        key(&mut app, "backspace");
    }
    type_text(&mut app, "models/gpt");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Entra identities reaching models/gpt: 2"),
        "{text}"
    );
    let bob = text
        .lines()
        .find(|l| l.contains("Bob Schmidt"))
        .expect("Bob's line");
    assert!(bob.contains("✗: content/write"), "{bob}");
    assert!(!bob.contains("content/read"), "{bob}");
}

#[tokio::test]
async fn the_repositories_view_answers_who_reaches_a_repository_with_both_kinds() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoml");
    key(&mut app, "5");
    let registry = app.current().unwrap();
    let commands = kinds(&mut app);
    assert!(
        commands
            .iter()
            .any(|k| matches!(k, CommandKind::ReadIdentities { .. })),
        "the view reads the role assignments too"
    );
    let summary = |name: &str| acrtui::registry::tag_counts::RepositorySummary {
        name: name.into(),
        tags: Some(1),
    };
    let msg = done(
        &app,
        Outcome::RepositoriesRead {
            registry: registry.clone(),
            result: Ok(vec![summary("models/bert-base"), summary("notebooks/eda")]),
        },
    );
    app.update(msg);
    let assignments = {
        use acrtui::arm::AcrApi;
        let emu = common::demo(acrtui::emulator::EmulatorConfig::fast()).await;
        let api = common::arm::client(&emu);
        api.list_role_assignments(&registry).await.unwrap()
    };
    let read = Identities {
        mode: Some("AbacRepositoryPermissions".into()),
        assignments,
        names: Ok(Default::default()),
        tasks: Ok(Vec::new()),
    };
    let msg = done(
        &app,
        Outcome::IdentitiesRead {
            registry,
            result: Ok(read),
        },
    );
    app.update(msg);
    key(&mut app, "j");
    let text = screen(&app, 140, 40);
    assert!(text.contains("Who reaches notebooks/eda"), "{text}");
    assert!(text.contains("No token reaches notebooks/eda."), "{text}");
    // ML Engineers by prefix (over-granting: marked), and Bob, whose
    // condition restricts only reads: his writes reach every repository.
    assert!(
        text.contains("Entra identities reaching notebooks/eda: 2"),
        "{text}"
    );
    assert!(
        text.contains("via Repository Reader, notebooks* ⚠: content/read"),
        "{text}"
    );
    assert!(
        text.contains("via Repository Writer, models/bert-base ✗: content/write"),
        "{text}"
    );
}

#[tokio::test]
async fn i_says_who_a_switch_to_abac_would_cut_off() {
    let mut app = showing_identities("contosoprod").await;
    read_from_emulator(&mut app).await;
    let text = screen(&app, 140, 40);
    // github-deploy (AcrPush), Dana (Reader) and Platform Admins (Owner,
    // inherited); Alice's Repository Reader already carries her over.
    assert!(
        text.contains("Identities · contosoprod · legacy mode · a switch to ABAC cuts off 3"),
        "{text}"
    );
    key(&mut app, "i");
    let text = screen(&app, 140, 40);
    assert!(
        text.contains("Switching contosoprod to ABAC mode: 5 finding(s)"),
        "{text}"
    );
    // Its tasks: one without an identity, one whose identity lacks the roles.
    assert!(
        text.contains("task-without-identity · nightly-build (Task)"),
        "{text}"
    );
    assert!(
        text.contains("task-identity-lacks-roles · base-image-refresh (Task)"),
        "{text}"
    );
    assert!(
        text.contains("loses-access · github-deploy (ServicePrincipal)"),
        "{text}"
    );
    assert!(text.contains("Not checked: group members"), "{text}");
    insta::assert_snapshot!(text);
}

#[tokio::test]
async fn the_catalog_previewer_says_which_unreached_repositories_no_one_reaches() {
    let emu = common::demo(acrtui::emulator::EmulatorConfig::fast()).await;
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoml");
    key(&mut app, "2");
    assert!(select_scope_map(&mut app, "model-publish"));
    key(&mut app, "v");
    settle(&mut app, &emu).await;
    let text = screen(&app, 140, 40);
    // model-publish reaches models/*; Bob's writes reach everything, so
    // every repository no token reaches is reached by an Entra principal.
    assert!(text.contains("No token reaches ("), "{text}");
    assert!(
        text.contains("Entra principals reach each of them."),
        "{text}"
    );
}
