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

#[tokio::test]
async fn registries_are_created_and_deleted_as_long_running_operations() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let new = "/subscriptions/sub1/resourceGroups/rg-new/providers/Microsoft.ContainerRegistry/registries/newregistry1";
    let body = json!({"location": "westeurope", "sku": {"name": "Premium"}, "tags": {"team": "a"}, "properties": {"adminUserEnabled": true}});
    let put = c.send(Method::PUT, new, Some(body.clone())).await;
    assert_eq!(put.status().as_u16(), 201);
    let status_url = header(&put, "azure-asyncoperation").expect("an operation");
    let created: Value = put.json().await.unwrap();
    assert_eq!(created["sku"]["name"], "Premium");
    assert_eq!(created["properties"]["adminUserEnabled"], true);
    for _ in 0..3 {
        let (_, s) = c.json(Method::GET, &status_url, None).await;
        if s["status"] == "Succeeded" {
            break;
        }
    }
    let (status, got) = c.json(Method::GET, new, None).await;
    assert_eq!(status, 200, "{got}");
    assert_eq!(got["tags"]["team"], "a");
    let (status, again) = c.json(Method::PUT, new, Some(body.clone())).await;
    assert_eq!(
        status, 200,
        "a PUT on an existing registry updates it: {again}"
    );
    let elsewhere = new.replace("rg-new", "rg-other");
    let (status, err) = c.json(Method::PUT, &elsewhere, Some(body.clone())).await;
    assert_eq!(status, 409);
    assert_eq!(err["error"]["code"], "AlreadyInUse");
    let bad = new.replace("newregistry1", "no");
    assert_eq!(c.json(Method::PUT, &bad, Some(body)).await.0, 400);

    let delete = c.send(Method::DELETE, new, None).await;
    assert_eq!(delete.status().as_u16(), 202);
    let location = header(&delete, "location").unwrap();
    let mut last = 0;
    for _ in 0..3 {
        last = c.send(Method::GET, &location, None).await.status().as_u16();
        if last == 200 {
            break;
        }
    }
    assert_eq!(last, 200);
    assert_eq!(c.json(Method::GET, new, None).await.0, 404);
    assert_eq!(
        c.send(Method::DELETE, new, None).await.status().as_u16(),
        204
    );
}

#[tokio::test]
async fn an_operation_is_named_after_the_client_request_id() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let sm = format!("{REG}/scopeMaps/_repositories_pull");
    let put = |name: &str, request_id: &str| {
        c.raw()
            .put(format!("{}{REG}/tokens/{name}?{API}", c.base))
            .bearer_auth("t")
            .header("x-ms-client-request-id", request_id)
            .json(&json!({"properties": {"scopeMapId": sm}}))
            .send()
    };
    let first = put("token-one", "5f0c2b1e-aaaa-4bbb-8ccc-000000000001")
        .await
        .unwrap();
    let url = header(&first, "azure-asyncoperation").unwrap();
    assert!(
        url.contains("/operationStatuses/token-5f0c2b1e-aaaa-4bbb-8ccc-000000000001?"),
        "{url}"
    );
    // The same id again, or one that is not URL-safe, gets a fresh uuid.
    let again = put("token-two", "5f0c2b1e-aaaa-4bbb-8ccc-000000000001")
        .await
        .unwrap();
    assert_ne!(header(&again, "azure-asyncoperation").unwrap(), url);
    let odd = put("token-three", "../../x").await.unwrap();
    assert!(!header(&odd, "azure-asyncoperation").unwrap().contains(".."));
}

/// Live lists the two widest system maps with metadata first (registry exports
/// at 2023-08, 2024-11 and 2025-03 previews all show this order).
#[tokio::test]
async fn system_scope_maps_list_actions_in_lives_order() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let url = |n: &str| format!("{REG}/scopeMaps/{n}?api-version=2023-07-01");
    let (_, admin) = c.json(Method::GET, &url("_repositories_admin"), None).await;
    assert_eq!(
        admin["properties"]["actions"],
        json!([
            "repositories/*/metadata/read",
            "repositories/*/metadata/write",
            "repositories/*/content/read",
            "repositories/*/content/write",
            "repositories/*/content/delete"
        ])
    );
    let (_, push) = c
        .json(Method::GET, &url("_repositories_push_metadata_write"), None)
        .await;
    assert_eq!(
        push["properties"]["actions"],
        json!([
            "repositories/*/metadata/read",
            "repositories/*/metadata/write",
            "repositories/*/content/read",
            "repositories/*/content/write"
        ])
    );
}

/// The `name` of each item of a list answer, in its order.
fn names_of(list: &Value) -> Vec<&str> {
    list["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect()
}

/// Lists come in the order resources were created, not sorted by name.
#[tokio::test]
async fn lists_come_in_creation_order() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    for name in ["zeta-map", "alpha-map"] {
        let body = json!({"properties": {"actions": ["repositories/a/content/read"]}});
        let url = format!("{REG}/scopeMaps/{name}?api-version=2023-07-01");
        assert_eq!(c.json(Method::PUT, &url, Some(body)).await.0, 200);
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let (_, list) = c
        .json(
            Method::GET,
            &format!("{REG}/scopeMaps?api-version=2023-07-01"),
            None,
        )
        .await;
    let names = names_of(&list);
    assert_eq!(&names[5..], ["zeta-map", "alpha-map"], "{names:?}");
    assert!(
        names[..5].iter().all(|n| n.starts_with("_repositories_")),
        "{names:?}"
    );
    let sm = format!("{REG}/scopeMaps/_repositories_pull");
    for name in ["zulu-token", "alpha-token"] {
        let url = format!("{REG}/tokens/{name}?api-version=2023-07-01");
        assert_eq!(
            c.json(
                Method::PUT,
                &url,
                Some(json!({"properties": {"scopeMapId": sm}}))
            )
            .await
            .0,
            201
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let (_, list) = c
        .json(
            Method::GET,
            &format!("{REG}/tokens?api-version=2023-07-01"),
            None,
        )
        .await;
    let names = names_of(&list);
    assert_eq!(names, ["zulu-token", "alpha-token"]);
}
