//! The bearer token goes only to the ARM endpoint: links and poll URLs that
//! point elsewhere are refused, redirects are not followed. A listener on
//! another loopback port stands for the attacker and must hear nothing.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use acrtui::arm::AcrApi;
use acrtui::arm::auth::StaticToken;
use acrtui::arm::azure::AzureAcr;
use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::faults::{Fault, FaultRule};
use acrtui::emulator::store::Sku;
use common::arm::{SCOPE, client, fast_config, reg};
use common::{loopback, one_registry};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A listener that records every byte sent to it (and answers `answer`).
async fn listener(answer: &'static str) -> (String, Arc<Mutex<Vec<u8>>>) {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    let heard = Arc::new(Mutex::new(Vec::new()));
    let sink = heard.clone();
    tokio::spawn(async move {
        // Bounded: a handful of connections, each read once.
        for _ in 0..8 {
            let Ok(Ok((mut s, _))) =
                tokio::time::timeout(Duration::from_secs(20), l.accept()).await
            else {
                return;
            };
            let mut buf = vec![0u8; 8192];
            let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
                .await
                .ok()
                .and_then(Result::ok)
                .unwrap_or(0);
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
            let _ = s.write_all(answer.as_bytes()).await;
        }
    });
    (url, heard)
}

async fn emulator_linking_to(origin: &str, page_size: Option<usize>) -> acrtui::emulator::Emulator {
    let config = EmulatorConfig {
        foreign_origin: origin.to_string(),
        page_size,
        ..EmulatorConfig::fast()
    };
    acrtui::emulator::start(loopback(), config, one_registry(Sku::Standard))
        .await
        .unwrap()
}

fn foreign(path: &str, method: Option<&str>) -> FaultRule {
    FaultRule {
        method: method.map(str::to_string),
        path_contains: path.into(),
        effect: Fault::ForeignLinks,
        times: None,
    }
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_refused_and_hears_nothing() {
    let (attacker, heard) =
        listener("HTTP/1.1 200 OK\r\ncontent-length: 13\r\n\r\n{\"value\": []}").await;
    let emu = emulator_linking_to(&attacker, Some(1)).await;
    emu.add_fault(foreign("/scopeMaps", Some("GET")));
    let err = client(&emu).list_scope_maps(&reg()).await.unwrap_err();
    assert!(
        err.message
            .contains("refused to send the bearer token to http://127.0.0.1:"),
        "{err}"
    );
    assert!(
        err.message.contains(&emu.url()),
        "names the ARM endpoint: {err}"
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        heard.lock().unwrap().is_empty(),
        "the other origin was contacted"
    );
}

#[tokio::test]
async fn a_poll_url_to_another_origin_is_refused_and_hears_nothing() {
    let (attacker, heard) =
        listener("HTTP/1.1 200 OK\r\ncontent-length: 22\r\n\r\n{\"status\":\"Succeeded\"}").await;
    let emu = emulator_linking_to(&attacker, None).await;
    emu.add_fault(foreign("/tokens/", Some("PUT")));
    let err = client(&emu)
        .create_token(&reg(), "ci-token", "_repositories_pull", true)
        .await
        .unwrap_err();
    assert!(
        err.message.contains("refused to send the bearer token"),
        "{err}"
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        heard.lock().unwrap().is_empty(),
        "the other origin was contacted"
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let (attacker, heard) =
        listener("HTTP/1.1 200 OK\r\ncontent-length: 13\r\n\r\n{\"value\": []}").await;
    let redirect: &'static str = Box::leak(
        format!("HTTP/1.1 307 Temporary Redirect\r\nlocation: {attacker}/subscriptions?api-version=2022-12-01\r\ncontent-length: 0\r\n\r\n").into_boxed_str(),
    );
    let (endpoint, asked) = listener(redirect).await;
    let api = AzureAcr::new(
        endpoint.parse().unwrap(),
        SCOPE,
        StaticToken::new("t"),
        fast_config(),
    );
    let err = api.list_subscriptions().await.unwrap_err();
    assert_eq!(err.status, Some(307), "{err:?}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        heard.lock().unwrap().is_empty(),
        "the redirect was followed"
    );
    let request = String::from_utf8_lossy(&asked.lock().unwrap()).to_ascii_lowercase();
    assert!(request.contains("authorization: bearer t"), "{request}");
    assert!(!request.contains("referer"), "{request}");
}
