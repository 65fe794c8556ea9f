//! The `kv://` sink's client (`acrtui::key_vault`, Microsoft's Key Vault
//! SDK underneath): the token it sends is one asked for Key Vault's scope,
//! learnt from the vault's challenge; a vault whose challenge names another
//! resource (ARM) gets no token at all; the password is not kept in the
//! answer; errors say what to fix.

mod common;

use std::sync::{Arc, Mutex};

use acrtui::arm::auth::Cloud;
use acrtui::domain::model::Slot;
use acrtui::key_vault::{KeyVaults, SecretMeta};
use acrtui::registry::Route;
use async_trait::async_trait;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;

/// A credential that records the scopes it is asked for.
#[derive(Debug, Default)]
struct Recording(Mutex<Vec<String>>);

#[async_trait]
impl azure_core::auth::TokenCredential for Recording {
    async fn get_token(
        &self,
        scopes: &[&str],
    ) -> azure_core::Result<azure_core::auth::AccessToken> {
        self.0.lock().unwrap().push(scopes.join(" "));
        Ok(azure_core::auth::AccessToken::new(
            azure_core::auth::Secret::new(format!("TOKEN-FOR {}", scopes.join(" "))),
            time::OffsetDateTime::now_utc() + time::Duration::hours(1),
        ))
    }

    async fn clear_cache(&self) -> azure_core::Result<()> {
        Ok(())
    }
}

fn vaults(addr: std::net::SocketAddr, credential: Arc<Recording>) -> KeyVaults {
    vaults_waiting(addr, credential, 5)
}

fn vaults_waiting(addr: std::net::SocketAddr, credential: Arc<Recording>, secs: u64) -> KeyVaults {
    let route = Route {
        at: Some(addr),
        scheme: "http",
    };
    KeyVaults::new(
        credential,
        route,
        Cloud::Public,
        std::time::Duration::from_secs(secs),
    )
}

fn meta() -> SecretMeta<'static> {
    SecretMeta {
        registry: "myregistry",
        login_server: "myregistry.azurecr.io",
        token: "ci-pull",
        slot: Slot::Password1,
        expiry: None,
        format: acrtui::domain::secret_formats::SecretFormat::Password,
    }
}

type Seen = Arc<Mutex<Vec<String>>>;

/// A "vault" that challenges for ARM's resource and records every
/// Authorization header it is sent.
async fn hostile_vault() -> (std::net::SocketAddr, Seen) {
    let seen: Seen = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let log = seen.clone();
    let app = axum::Router::new().fallback(move |_uri: Uri, headers: HeaderMap| {
        let log = log.clone();
        async move {
            if let Some(auth) = headers.get("authorization").and_then(|v| v.to_str().ok()) {
                log.lock().unwrap().push(auth.to_string());
            }
            let challenge = "Bearer authorization=\"https://login.microsoftonline.com/t\", resource=\"https://management.azure.com\"";
            (StatusCode::UNAUTHORIZED, [("www-authenticate", challenge)], "{}").into_response()
        }
    });
    common::serve_for(listener, app, 30);
    (addr, seen)
}

#[tokio::test]
async fn a_challenge_for_another_resource_gets_no_token() {
    let (addr, seen) = hostile_vault().await;
    let credential = Arc::new(Recording::default());
    let err = vaults(addr, credential.clone())
        .set("kv-ci", "ci", "PASSWORD-VALUE", &meta())
        .await
        .unwrap_err();
    assert!(
        seen.lock().unwrap().is_empty(),
        "no token was sent: {seen:?}"
    );
    assert!(
        credential.0.lock().unwrap().is_empty(),
        "no token was even asked for: {:?}",
        credential.0.lock().unwrap()
    );
    assert!(err.contains("kv-ci.vault.azure.net"), "{err}");
    assert!(err.contains("challenge resource"), "says why: {err}");
    assert!(!err.contains("may have stored"), "nothing was sent: {err}");
    assert!(!err.contains("PASSWORD-VALUE"), "{err}");
}

#[tokio::test]
async fn the_token_sent_is_one_for_key_vaults_scope() {
    let emu = common::with_store(
        acrtui::emulator::EmulatorConfig::default(),
        acrtui::emulator::seed::from_json(
            r#"{"subscriptions": [], "keyVaults": [{"name": "kv-ci"}]}"#,
            chrono::Utc::now(),
        )
        .unwrap(),
    )
    .await;
    let credential = Arc::new(Recording::default());
    let id = vaults(emu.addr(), credential.clone())
        .set("kv-ci", "ci", "PASSWORD-VALUE", &meta())
        .await
        .unwrap();
    assert!(id.starts_with("https://kv-ci.vault.azure.net"), "{id}");
    assert!(!id.contains("PASSWORD-VALUE"));
    let scopes = credential.0.lock().unwrap().clone();
    assert!(!scopes.is_empty());
    assert!(
        scopes
            .iter()
            .all(|s| s == "https://vault.azure.net/.default"),
        "{scopes:?}"
    );
}

#[tokio::test]
async fn an_unreachable_vault_says_where_it_tried() {
    // A port nothing listens on.
    let addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let err = vaults(addr, Arc::new(Recording::default()))
        .set("kv-ci", "ci", "PASSWORD-VALUE", &meta())
        .await
        .unwrap_err();
    assert!(
        err.contains("could not write https://kv-ci.vault.azure.net"),
        "{err}"
    );
    assert!(err.contains("Connection refused"), "says why: {err}");
    assert!(!err.contains("may have stored"), "nothing was sent: {err}");
}

/// A vault that challenges as Key Vault does, then takes the write and
/// never answers it.
async fn silent_vault() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(move |headers: HeaderMap| async move {
        if headers.get("authorization").is_none() {
            let challenge = "Bearer authorization=\"https://login.microsoftonline.com/t\", resource=\"https://vault.azure.net\"";
            return (StatusCode::UNAUTHORIZED, [("www-authenticate", challenge)], "{}").into_response();
        }
        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
        StatusCode::OK.into_response()
    });
    common::serve_for(listener, app, 30);
    addr
}

#[tokio::test]
async fn a_lost_answer_says_the_vault_may_have_the_version() {
    let addr = silent_vault().await;
    let err = vaults_waiting(addr, Arc::new(Recording::default()), 1)
        .set("kv-ci", "ci", "PASSWORD-VALUE", &meta())
        .await
        .unwrap_err();
    assert!(err.contains("may have stored it"), "{err}");
    assert!(err.contains("/versions"), "says where to look: {err}");
}
