//! The Repositories view: a registry's repositories read from its login
//! server when the view first shows it, with tag counts and the tokens that
//! reach each; failures (unreachable, refused, timeout) are said in the
//! pane and the rest of the console keeps working.

mod common;

use acrtui::registry::RegistryError;
use acrtui::registry::tag_counts::RepositorySummary;
use acrtui::tui::app::{App, Settings};
use acrtui::tui::command::CommandKind;
use acrtui::tui::msg::Outcome;
use common::console::*;

async fn showing_repositories() -> App {
    let mut app = demo_app(Settings::default()).await;
    open_registry(&mut app, "contosoprod");
    key(&mut app, "5");
    app
}

fn answer(app: &mut App, result: Result<Vec<RepositorySummary>, RegistryError>) {
    let registry = app.current().unwrap();
    let label = format!("reading {}'s repositories", registry.name);
    let msg = done_labelled(app, &label, Outcome::RepositoriesRead { registry, result });
    app.update(msg);
}

fn summaries() -> Vec<RepositorySummary> {
    [
        ("apps/api", Some(2)),
        ("apps/web", Some(3)),
        ("legacy/monolith", None),
        ("partners/fabrikam/agent", Some(1)),
        ("sample/teama/projectb", Some(4)),
        ("sample/teamb/projecta", Some(1)),
    ]
    .map(|(name, tags)| RepositorySummary {
        name: name.into(),
        tags,
    })
    .to_vec()
}

#[tokio::test]
async fn the_view_reads_the_registrys_repositories_once_and_shows_who_reaches_each() {
    let mut app = showing_repositories().await;
    match kinds(&mut app).as_slice() {
        [
            CommandKind::ReadRepositories {
                registry,
                login_server,
            },
            // Who reaches a repository includes Entra principals.
            CommandKind::ReadIdentities { .. },
        ] => {
            assert_eq!(registry.name, "contosoprod");
            assert_eq!(login_server, "contosoprod.azurecr.io");
        }
        other => panic!("{other:?}"),
    }
    assert!(screen(&app, 120, 40).contains("Reading the registry's repositories"));
    // Moving about does not read them again while they are being read.
    key(&mut app, "j");
    assert!(kinds(&mut app).is_empty());
    answer(&mut app, Ok(summaries()));
    key(&mut app, "g");
    for _ in 0..4 {
        key(&mut app, "j");
    }
    let text = screen(&app, 120, 40);
    assert!(text.contains("Repositories · contosoprod (6)"), "{text}");
    // sample/teama/projectb: teama-builder (samples-teams) and
    // new-deployer (_repositories_pull); old-jenkins is disabled.
    assert!(
        text.contains("teama-builder via samples-teams: pull, push, delete"),
        "{text}"
    );
    assert!(
        text.contains("new-deployer via _repositories_pull: pull"),
        "{text}"
    );
    insta::assert_snapshot!(text);
    assert!(kinds(&mut app).is_empty(), "read once");
}

#[tokio::test]
async fn the_filter_narrows_the_repositories_and_r_reads_them_again() {
    let mut app = showing_repositories().await;
    kinds(&mut app);
    answer(&mut app, Ok(summaries()));
    key(&mut app, "/");
    type_text(&mut app, "sample");
    key(&mut app, "enter");
    let text = screen(&app, 120, 40);
    assert!(text.contains("/sample (2 of 6)"), "{text}");
    assert!(!text.contains("apps/web"), "{text}");
    key(&mut app, "r");
    assert!(matches!(
        kinds(&mut app).as_slice(),
        [
            CommandKind::ReadRepositories { .. },
            CommandKind::ReadIdentities { .. }
        ]
    ));
}

#[tokio::test]
async fn each_data_plane_failure_is_said_in_the_pane_and_the_console_keeps_working() {
    let server = "contosoprod.azurecr.io".to_string();
    let cases = [
        (
            RegistryError::Unreachable {
                server: server.clone(),
                detail: "connection refused".into(),
            },
            "private endpoint",
        ),
        (
            RegistryError::Denied {
                server: server.clone(),
                detail: acrtui::registry::repositories::CATALOG_ROLE.into(),
            },
            "Catalog Lister",
        ),
        (
            RegistryError::Timeout {
                server: server.clone(),
            },
            "did not answer in time",
        ),
    ];
    for (error, said) in cases {
        let mut app = showing_repositories().await;
        kinds(&mut app);
        answer(&mut app, Err(error));
        let text = screen(&app, 120, 40);
        assert!(text.contains(said), "{said}: {text}");
        assert!(text.contains("r reads them again"), "{text}");
        // The failure stays put: no read loop.
        assert!(kinds(&mut app).is_empty());
        key(&mut app, "3");
        assert!(screen(&app, 120, 40).contains("github-actions"));
    }
}

#[tokio::test]
async fn the_effect_reads_repositories_and_tag_counts_from_the_emulator() {
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
        kind: CommandKind::ReadRepositories {
            registry,
            login_server: "contosoprod.azurecr.io".into(),
        },
    });
    let msg = tokio::time::timeout(std::time::Duration::from_secs(20), rx.recv())
        .await
        .unwrap();
    let Some(Msg::Done(
        _,
        Outcome::RepositoriesRead {
            result: Ok(list), ..
        },
    )) = msg
    else {
        panic!("{msg:?}");
    };
    assert_eq!(list.len(), 12, "{list:?}");
    let web = list.iter().find(|r| r.name == "apps/web").unwrap();
    // The demo seed's apps/web has its tags (see /acr/v1/apps/web/_tags).
    assert!(web.tags.is_some_and(|n| n >= 2), "{web:?}");
    assert!(list.iter().all(|r| r.tags.is_some()), "{list:?}");
}
