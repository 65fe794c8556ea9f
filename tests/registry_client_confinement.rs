//! The registry client sends credentials only to the login server's own
//! origin: a catalog `Link` to another host is refused before it is
//! followed, and the access token never goes there. Against a small fake
//! login server on loopback.

mod common;

use std::sync::{Arc, Mutex};

use acrtui::registry::repositories::list_repositories;
use acrtui::registry::{RegistryClient, RegistryError, Route};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;
use base64::Engine;
use serde_json::json;

type Seen = Arc<Mutex<Vec<(String, String)>>>;

/// A login server whose first catalog page links to `next` (any origin).
async fn fake(next: &'static str) -> (std::net::SocketAddr, Seen) {
    let seen: Seen = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let port = addr.port();
    let log = seen.clone();
    let app = axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap| {
        let log = log.clone();
        async move {
            let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            log.lock().unwrap().push((uri.to_string(), auth));
            let claims = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json!({"access": []}).to_string());
            let jwt = format!("eyJhbGciOiJub25lIn0.{claims}.");
            match uri.path() {
                "/v2/" => (
                    StatusCode::UNAUTHORIZED,
                    [("www-authenticate", format!("Bearer realm=\"http://r.azurecr.io:{port}/oauth2/token\",service=\"r.azurecr.io\""))],
                    "{}",
                )
                    .into_response(),
                "/oauth2/exchange" => axum::Json(json!({"refresh_token": jwt})).into_response(),
                "/oauth2/token" => axum::Json(json!({"access_token": jwt})).into_response(),
                _ => (
                    [("link", format!("<{next}>; rel=\"next\""))],
                    axum::Json(json!({"repositories": ["a"]})),
                )
                    .into_response(),
            }
        }
    });
    common::serve_for(listener, app, 30);
    (addr, seen)
}

fn client(addr: std::net::SocketAddr) -> RegistryClient {
    let route = Route {
        at: Some(addr),
        scheme: "http",
    };
    RegistryClient::new("r.azurecr.io", &route, std::time::Duration::from_secs(5)).unwrap()
}

#[tokio::test]
async fn a_catalog_link_to_another_host_is_refused_and_gets_no_token() {
    let (addr, seen) = fake("http://collector.example/v2/_catalog?last=a").await;
    let token = secrecy::SecretString::from("ARM-TOKEN".to_string());
    let err = list_repositories(&client(addr), &token).await.unwrap_err();
    assert!(matches!(err, RegistryError::Protocol { .. }), "{err}");
    assert!(err.to_string().contains("collector.example"), "{err}");
    let seen = seen.lock().unwrap();
    assert!(
        seen.iter().all(|(uri, _)| !uri.contains("collector")),
        "{seen:?}"
    );
    // The ARM token went to the exchange on the login server, and only there.
    let with_arm: Vec<_> = seen
        .iter()
        .filter(|(_, a)| a.contains("ARM-TOKEN"))
        .collect();
    assert!(
        with_arm.is_empty(),
        "the ARM token travels in the form body, never a header: {with_arm:?}"
    );
}

#[tokio::test]
async fn a_catalog_link_that_repeats_is_refused_not_followed_forever() {
    let (addr, _) = fake("/acr/v1/_catalog?n=1000").await;
    let token = secrecy::SecretString::from("ARM-TOKEN".to_string());
    let err = list_repositories(&client(addr), &token).await.unwrap_err();
    assert!(err.to_string().contains("do not end"), "{err}");
}
