//! Bodies and headers as live writes them, where recorded traffic showed the
//! emulator differing: operation ids, the last status answer's headers, a
//! running delete poll, timestamps, `api-supported-versions`, Basic
//! registries without network rules.

mod common;

use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::store::Sku;
use common::*;
use reqwest::Method;
use serde_json::{Value, json};

fn header(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

#[tokio::test]
async fn operations_look_like_lives() {
    let config = EmulatorConfig {
        lro_polls: 1,
        retry_after_secs: 1,
        ..EmulatorConfig::fast()
    };
    let emu = with_store(config, one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let sm = format!("{REG}/scopeMaps/_repositories_pull");
    let put = c
        .send(
            Method::PUT,
            &format!("{REG}/tokens/ci-token"),
            Some(json!({"properties": {"scopeMapId": sm}})),
        )
        .await;
    assert_eq!(put.status().as_u16(), 201);
    assert!(
        header(&put, "api-supported-versions").is_some_and(|v| v.contains("2026-09-01-preview"))
    );
    let status_url = header(&put, "azure-asyncoperation").unwrap();
    assert!(
        status_url.contains("/operationStatuses/token-"),
        "{status_url}"
    );
    let running = c.send(Method::GET, &status_url, None).await;
    assert_eq!(
        running.json::<Value>().await.unwrap()["status"],
        "InProgress"
    );
    let done = c.send(Method::GET, &status_url, None).await;
    assert_eq!(
        header(&done, "azure-asyncoperation").as_deref(),
        Some(status_url.as_str())
    );
    assert_eq!(header(&done, "retry-after").as_deref(), Some("1"));
    assert_eq!(done.json::<Value>().await.unwrap()["status"], "Succeeded");

    let delete = c
        .send(Method::DELETE, &format!("{REG}/tokens/ci-token"), None)
        .await;
    assert_eq!(delete.status().as_u16(), 202);
    let location = header(&delete, "location").unwrap();
    let poll = c.send(Method::GET, &location, None).await;
    assert_eq!(poll.status().as_u16(), 202);
    assert_eq!(
        header(&poll, "location").as_deref(),
        Some(location.as_str())
    );
    assert_eq!(header(&poll, "retry-after").as_deref(), Some("1"));
    assert_eq!(poll.text().await.unwrap(), "null");
}

#[tokio::test]
async fn times_end_in_z_and_basic_registries_have_no_network_rules() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Basic)).await;
    let c = Client::new(&emu);
    let (_, registry) = c.json(Method::GET, REG, None).await;
    let created = registry["properties"]["creationDate"].as_str().unwrap();
    assert!(
        created.ends_with('Z') && !created.contains("+00:00"),
        "{created}"
    );
    let fraction = created
        .split('.')
        .nth(1)
        .map_or("", |f| f.trim_end_matches('Z'));
    assert!(fraction.len() <= 7 && !fraction.ends_with('0'), "{created}");
    assert!(
        registry["properties"].get("networkRuleSet").is_none(),
        "{registry}"
    );
}
