//! The emulator's data plane grants an Entra principal what its role
//! assignments give in the registry's mode: the `/oauth2/exchange` of a
//! token naming the principal (`oid`), then the refresh-token grant.

mod common;

use base64::Engine;
use common::registry::{DataPlane, granted};
use serde_json::Value;

const ALICE: &str = "3f2a6c1e-8b4d-4e7a-9c5f-1d2e3f4a5b6c";
const CATALOG_BOT: &str = "0d9c8b7a-6f5e-4d4c-9b3a-2f1e0d9c8b7a";
const ML_TRAINING: &str = "6f5e4d3c-2b1a-4f9e-8d7c-6b5a4f3e2d1c";
const GITHUB_DEPLOY: &str = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

/// An Entra-shaped token naming `oid` (the lenient emulator does not
/// verify it, as it accepts any bearer).
fn entra_token(oid: &str) -> String {
    let b64 = |v: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
    format!(
        "{}.{}.sig",
        b64(r#"{"alg":"RS256","typ":"JWT"}"#),
        b64(&format!(
            r#"{{"oid":"{oid}","aud":"https://management.azure.com"}}"#
        ))
    )
}

async fn post(dp: &DataPlane, path: &str, form: &[(&str, &str)]) -> Value {
    let r = dp
        .request(reqwest::Method::POST, path)
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.unwrap()
}

/// The access token `oid` gets on `login` for `scope`.
async fn access_for(
    emu: &acrtui::emulator::Emulator,
    login: &str,
    oid: &str,
    scope: &str,
) -> String {
    let dp = DataPlane::new(emu, login);
    let token = entra_token(oid);
    let refresh = post(
        &dp,
        "/oauth2/exchange",
        &[
            ("grant_type", "access_token"),
            ("service", login),
            ("access_token", &token),
        ],
    )
    .await["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();
    post(
        &dp,
        "/oauth2/token",
        &[
            ("grant_type", "refresh_token"),
            ("service", login),
            ("refresh_token", &refresh),
            ("scope", scope),
        ],
    )
    .await["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

const ML: &str = "contosoml.azurecr.io";
const PROD: &str = "contosoprod.azurecr.io";

#[tokio::test]
async fn a_repository_writer_gets_its_prefix_and_nothing_else_in_abac_mode() {
    let emu = common::demo(acrtui::emulator::EmulatorConfig::fast()).await;
    let jwt = access_for(&emu, ML, ALICE, "repository:models/bert:pull,push,delete").await;
    assert_eq!(granted(&jwt, "repository", "models/bert"), ["pull", "push"]);
    let jwt = access_for(&emu, ML, ALICE, "repository:notebooks/eda:pull").await;
    assert!(granted(&jwt, "repository", "notebooks/eda").is_empty());
    let jwt = access_for(&emu, ML, ALICE, "registry:catalog:*").await;
    assert!(
        granted(&jwt, "registry", "catalog").is_empty(),
        "no Catalog Lister"
    );
}

#[tokio::test]
async fn catalog_lister_lists_and_acr_pull_is_ignored_in_abac_mode() {
    let emu = common::demo(acrtui::emulator::EmulatorConfig::fast()).await;
    let jwt = access_for(&emu, ML, CATALOG_BOT, "registry:catalog:*").await;
    assert_eq!(granted(&jwt, "registry", "catalog"), ["*"]);
    let jwt = access_for(&emu, ML, CATALOG_BOT, "repository:models/bert:pull").await;
    assert!(granted(&jwt, "repository", "models/bert").is_empty());
    let jwt = access_for(&emu, ML, ML_TRAINING, "repository:models/bert:pull").await;
    assert!(
        granted(&jwt, "repository", "models/bert").is_empty(),
        "AcrPull ignored"
    );
}

#[tokio::test]
async fn in_legacy_mode_acr_push_counts_and_repository_roles_do_not() {
    let emu = common::demo(acrtui::emulator::EmulatorConfig::fast()).await;
    let jwt = access_for(
        &emu,
        PROD,
        GITHUB_DEPLOY,
        "repository:apps/api:pull,push,delete",
    )
    .await;
    assert_eq!(granted(&jwt, "repository", "apps/api"), ["pull", "push"]);
    // Alice holds Repository Reader on apps/ at contosoprod: no effect in legacy mode.
    let jwt = access_for(&emu, PROD, ALICE, "repository:apps/api:pull").await;
    assert!(granted(&jwt, "repository", "apps/api").is_empty());
}

#[tokio::test]
async fn what_the_emulator_grants_is_what_the_console_previews() {
    use acrtui::arm::AcrApi;
    use acrtui::domain::abac::reach::principals_reaching;
    use acrtui::domain::abac::roles::Mode;
    let emu = common::demo(acrtui::emulator::EmulatorConfig::fast()).await;
    let api = common::arm::client(&emu);
    let ml = acrtui::arm::RegistryRef {
        subscription: "7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70".into(),
        resource_group: "rg-data".into(),
        name: "contosoml".into(),
    };
    let assignments = api.list_role_assignments(&ml).await.unwrap();
    for repository in [
        "models/bert-base",
        "models/gpt",
        "notebooks/eda",
        "notebooks-infra/x",
        "other",
    ] {
        for principal in [
            ALICE,
            ML_TRAINING,
            CATALOG_BOT,
            "7b1c9d2e-4f3a-4b8c-a1d2-e3f4a5b6c7d8",
        ] {
            let previewed: bool = principals_reaching(repository, Mode::Abac, &assignments)
                .iter()
                .any(|r| {
                    r.assignment.principal_id.eq_ignore_ascii_case(principal)
                        && r.actions.iter().any(|(a, _)| a.short() == "content/read")
                });
            let scope = format!("repository:{repository}:pull");
            let jwt = access_for(&emu, ML, principal, &scope).await;
            let pulled = granted(&jwt, "repository", repository) == ["pull"];
            assert_eq!(previewed, pulled, "{principal} on {repository}");
        }
    }
}
