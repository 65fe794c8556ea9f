//! The previewer over the registry's real repositories: opening it reads the
//! catalog (with the operator's identity); the answer shows what each rule
//! of the map reaches, rules that reach nothing, and repositories no token
//! reaches; a refusal is said in the previewer, which keeps working.

mod common;

use acrtui::registry::RegistryError;
use acrtui::tui::app::{App, Settings};
use acrtui::tui::command::CommandKind;
use acrtui::tui::msg::Outcome;
use common::console::*;

async fn previewing(map: &str) -> App {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "2");
    assert!(select_scope_map(&mut app, map));
    key(&mut app, "v");
    app
}

fn answer(app: &mut App, result: Result<Vec<String>, RegistryError>) {
    let registry = app.current().unwrap();
    let label = format!("reading {}'s repositories", registry.name);
    let msg = done_labelled(app, &label, Outcome::CatalogRead { registry, result });
    app.update(msg);
}

fn demo_repositories() -> Vec<String> {
    [
        "apps/web",
        "apps/api",
        "apps/worker",
        "partners/fabrikam/agent",
        "sdk/published",
        "sdk/nightly",
        "sample/teama/projectb",
        "sample/teama/projectc",
        "sample/teamb/projecta",
        "edge/collector",
        "base/dotnet",
        "legacy/monolith",
    ]
    .map(String::from)
    .to_vec()
}

#[tokio::test]
async fn opening_the_previewer_reads_the_catalog_and_shows_what_each_rule_reaches() {
    let mut app = previewing("samples-teams").await;
    match kinds(&mut app).as_slice() {
        [
            // Who else reaches a repository: the Entra side.
            CommandKind::ReadIdentities { .. },
            CommandKind::ReadCatalog {
                registry,
                login_server,
            },
        ] => {
            assert_eq!(registry.name, "contosoprod");
            assert_eq!(login_server, "contosoprod.azurecr.io");
        }
        other => panic!("{other:?}"),
    }
    assert!(screen(&app, 120, 40).contains("Reading the registry's repositories"));
    answer(&mut app, Ok(demo_repositories()));
    let text = screen(&app, 120, 40);
    assert!(text.contains("Existing repositories: 12"), "{text}");
    assert!(
        text.contains(
            "sample/* (3): sample/teama/projectb, sample/teama/projectc, sample/teamb/projecta"
        ),
        "{text}"
    );
    assert!(text.contains("sample/teama/* (2)"), "{text}");
    // new-deployer's _repositories_pull reaches every repository.
    assert!(
        text.contains("Every repository is reached by some token."),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[tokio::test]
async fn a_rule_reaching_nothing_is_flagged_not_an_error() {
    let mut app = previewing("partner-readonly").await;
    let _ = kinds(&mut app);
    answer(&mut app, Ok(vec!["sdk/published".into()]));
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("partners/fabrikam/*: reaches no existing repository"),
        "{text}"
    );
    assert!(text.contains("(it also covers repositories"), "{text}");
    assert!(text.contains("sdk/published (1): sdk/published"), "{text}");
}

#[tokio::test]
async fn a_refused_catalog_names_the_role_and_the_previewer_keeps_working() {
    let mut app = previewing("samples-teams").await;
    let _ = kinds(&mut app);
    answer(
        &mut app,
        Err(RegistryError::Denied {
            server: "contosoprod.azurecr.io".into(),
            detail: format!(
                "unauthorized; {}",
                acrtui::registry::repositories::CATALOG_ROLE
            ),
        }),
    );
    let text = screen(&app, 160, 40);
    assert!(text.contains("could not be read"), "{text}");
    assert!(text.contains("Catalog Lister"), "{text}");
    type_text(&mut app, "sample/teama/projectb");
    assert!(
        screen(&app, 160, 40).contains("content/delete"),
        "the previewer still works"
    );
}

#[tokio::test]
async fn the_effect_reads_the_emulators_catalog_through_the_exchange() {
    use acrtui::emulator::{EmulatorConfig, seed, start};
    use acrtui::tui::command::{Command, OpId};
    use acrtui::tui::msg::Msg;

    let emu = start(
        common::loopback(),
        EmulatorConfig::fast(),
        seed::demo(chrono::Utc::now()),
    )
    .await
    .unwrap();
    let (effects, mut rx) = effects_for(&emu);
    let registry = acrtui::arm::RegistryRef {
        subscription: "7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70".into(),
        resource_group: "rg-platform".into(),
        name: "contosoprod".into(),
    };
    effects.spawn(Command {
        id: OpId(1),
        kind: CommandKind::ReadCatalog {
            registry,
            login_server: "contosoprod.azurecr.io".into(),
        },
    });
    let msg = tokio::time::timeout(std::time::Duration::from_secs(20), rx.recv())
        .await
        .unwrap();
    match msg {
        Some(Msg::Done(
            _,
            Outcome::CatalogRead {
                result: Ok(names), ..
            },
        )) => {
            assert_eq!(names.len(), 12, "{names:?}");
            assert!(names.contains(&"sample/teama/projectb".to_string()));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_editor_shows_each_rules_reach_live_as_rules_are_typed() {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "2");
    assert!(select_scope_map(&mut app, "samples-teams"));
    key(&mut app, "e");
    assert!(matches!(
        kinds(&mut app).as_slice(),
        [CommandKind::ReadCatalog { .. }]
    ));
    answer(&mut app, Ok(demo_repositories()));
    let text = screen(&app, 140, 40);
    assert!(text.contains("12 repositories exist"), "{text}");
    let line = |text: &str, rule: &str| {
        text.lines()
            .find(|l| l.contains(&format!(" {rule} ")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line(&text, "sample/*").contains("3 repositories"), "{text}");
    assert!(
        line(&text, "sample/teama/projectb").contains("1 repository"),
        "{text}"
    );
    key(&mut app, "a");
    type_text(&mut app, "newteam/*");
    key(&mut app, "enter");
    let text = screen(&app, 140, 40);
    assert!(line(&text, "newteam/*").contains("none yet"), "{text}");
}
