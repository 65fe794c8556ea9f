//! Strict mode is as strict as Entra and ARM: tokens only under the
//! emulator's tenant and for a `/.default` scope, accepted only for ARM's
//! audience and only until they expire; the stats paths need a token too.
//! And a connection that never finishes its request head is closed.

mod common;

use std::time::Duration;

use acrtui::emulator::store::Sku;
use acrtui::emulator::{EmulatorConfig, StrictAuth};
use common::*;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn strict(lifetime: Duration) -> EmulatorConfig {
    EmulatorConfig {
        strict_auth: Some(StrictAuth {
            client_id: "app-id".into(),
            client_secret: "s3cret".to_string().into(),
            token_lifetime: lifetime,
        }),
        ..EmulatorConfig::fast()
    }
}

/// (status, body) of a client-credentials request under `tenant` for `scope`.
async fn token(c: &Client, tenant: &str, scope: &str) -> (u16, Value) {
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", "app-id"),
        ("client_secret", "s3cret"),
        ("scope", scope),
    ];
    let r = c
        .raw()
        .post(format!("{}/{tenant}/oauth2/v2.0/token", c.base))
        .form(&form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn arm_status(c: &Client, bearer: &str) -> (u16, Value) {
    let r = c
        .raw()
        .get(format!("{}{REG}?{API}", c.base))
        .bearer_auth(bearer)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or_default())
}

const ARM_SCOPE: &str = "https://management.azure.com/.default";

#[tokio::test]
async fn tokens_are_issued_only_under_the_emulators_tenant_and_for_a_default_scope() {
    let emu = with_store(
        strict(Duration::from_secs(600)),
        one_registry(Sku::Standard),
    )
    .await;
    let c = Client::new(&emu);
    let (status, body) = token(&c, "some-other-tenant", ARM_SCOPE).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS90002"),
        "{body}"
    );
    let (status, body) = token(
        &c,
        "tenant1",
        "https://management.azure.com/user_impersonation",
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], "invalid_scope");
    let (status, body) = token(&c, "tenant1", ARM_SCOPE).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["expires_in"], 600);
    let (status, _) = arm_status(&c, body["access_token"].as_str().unwrap()).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn arm_refuses_a_token_for_another_audience() {
    let emu = with_store(
        strict(Duration::from_secs(600)),
        one_registry(Sku::Standard),
    )
    .await;
    let c = Client::new(&emu);
    let (_, body) = token(&c, "tenant1", "https://graph.microsoft.com/.default").await;
    let (status, error) = arm_status(&c, body["access_token"].as_str().unwrap()).await;
    assert_eq!(status, 401);
    assert_eq!(error["error"]["code"], "InvalidAuthenticationToken");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("wrong audience or resource 'https://graph.microsoft.com/'"),
        "{error}"
    );
    // az CLI's form of the ARM scope is accepted.
    let (_, body) = token(
        &c,
        "tenant1",
        "https://management.core.windows.net//.default",
    )
    .await;
    assert_eq!(
        arm_status(&c, body["access_token"].as_str().unwrap())
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn an_expired_token_is_refused_with_arms_code() {
    let emu = with_store(strict(Duration::from_secs(1)), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let (_, body) = token(&c, "tenant1", ARM_SCOPE).await;
    let bearer = body["access_token"].as_str().unwrap().to_string();
    assert_eq!(arm_status(&c, &bearer).await.0, 200);
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let (status, error) = arm_status(&c, &bearer).await;
    assert_eq!(status, 401);
    assert_eq!(
        error["error"]["code"], "ExpiredAuthenticationToken",
        "{error}"
    );
}

#[tokio::test]
async fn the_stats_paths_need_a_token_in_strict_mode() {
    let emu = with_store(
        strict(Duration::from_secs(600)),
        one_registry(Sku::Standard),
    )
    .await;
    let c = Client::new(&emu);
    for (method, path) in [
        (reqwest::Method::GET, "/_emulator/stats"),
        (reqwest::Method::POST, "/_emulator/stats/reset"),
    ] {
        let r = c
            .raw()
            .request(method.clone(), format!("{}{path}", c.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 401, "{path}");
        let (_, body) = token(&c, "tenant1", ARM_SCOPE).await;
        let r = c
            .raw()
            .request(method, format!("{}{path}", c.base))
            .bearer_auth(body["access_token"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{path}");
    }
}

#[tokio::test]
async fn a_connection_that_never_finishes_its_request_head_is_closed() {
    let config = EmulatorConfig {
        header_read_timeout: Duration::from_millis(300),
        ..EmulatorConfig::fast()
    };
    let emu = with_store(config, one_registry(Sku::Standard)).await;
    let mut stream = tokio::net::TcpStream::connect(emu.addr()).await.unwrap();
    stream
        .write_all(b"GET /subscriptions HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    // Bounded: without the timeout this read would wait forever.
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the server kept a half-sent request open");
    // hyper answers 408 or just closes; either way the connection ends.
    let text = String::from_utf8_lossy(&buf);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
}
