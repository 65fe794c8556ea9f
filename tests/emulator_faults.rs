//! The emulator's answer-damaging faults over loopback HTTP: the request is
//! served (the change happens), then the answer is lost or damaged, exactly as
//! a client would see it from a broken network or service.

mod common;

use std::time::Duration;

use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::faults::{Damage, Fault, FaultRule};
use acrtui::emulator::store::Sku;
use common::{API, Client, REG, one_registry, with_store};
use serde_json::Value;

fn rule(effect: Fault, path: &str) -> FaultRule {
    FaultRule {
        method: None,
        path_contains: path.into(),
        effect,
        times: Some(1),
    }
}

async fn body_of(c: &Client, path: &str) -> Result<String, String> {
    let r = c
        .raw()
        .get(format!("{}{path}?{API}", c.base))
        .bearer_auth("t")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    r.text().await.map_err(|e| e.to_string())
}

#[tokio::test]
async fn damaged_answers_are_what_they_say() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let tokens = format!("{REG}/tokens");

    emu.add_fault(rule(Fault::Damage(Damage::Truncate), "/tokens"));
    assert!(
        body_of(&c, &tokens).await.is_err(),
        "a truncated body fails"
    );

    emu.add_fault(rule(Fault::Damage(Damage::Garbage), "/tokens"));
    let garbage = body_of(&c, &tokens).await.unwrap();
    assert!(
        serde_json::from_str::<Value>(&garbage).is_err(),
        "{garbage}"
    );

    emu.add_fault(rule(Fault::Damage(Damage::Empty), "/tokens"));
    assert_eq!(body_of(&c, &tokens).await.unwrap(), "");

    emu.add_fault(rule(Fault::Damage(Damage::NoValue), "/tokens"));
    let v: Value = serde_json::from_str(&body_of(&c, &tokens).await.unwrap()).unwrap();
    assert!(v.get("value").is_none(), "{v}");

    emu.add_fault(rule(Fault::Damage(Damage::WrongType), "/tokens"));
    let v: Value = serde_json::from_str(&body_of(&c, &tokens).await.unwrap()).unwrap();
    assert!(v.is_array(), "{v}");
}

#[tokio::test]
async fn links_use_the_emulators_own_origin_or_the_foreign_one() {
    let emu = with_store(
        EmulatorConfig {
            page_size: Some(1),
            ..EmulatorConfig::fast()
        },
        one_registry(Sku::Standard),
    )
    .await;
    let c = Client::new(&emu);
    // A hostile Host header does not leak into the links.
    let r = c
        .raw()
        .get(format!("{}{REG}/scopeMaps?{API}", c.base))
        .header("host", "evil.example:1")
        .bearer_auth("t")
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    let next = v["nextLink"].as_str().unwrap();
    assert!(next.starts_with(&emu.url()), "{next}");

    emu.add_fault(rule(Fault::ForeignLinks, "/scopeMaps"));
    let (_, v) = c
        .json(reqwest::Method::GET, &format!("{REG}/scopeMaps"), None)
        .await;
    let next = v["nextLink"].as_str().unwrap();
    assert!(next.starts_with("http://127.0.0.1:9/"), "{next}");

    emu.add_fault(FaultRule {
        times: Some(2),
        ..rule(Fault::EndlessPages, "/scopeMaps")
    });
    let (_, a) = c
        .json(reqwest::Method::GET, &format!("{REG}/scopeMaps"), None)
        .await;
    let (_, b) = c
        .json(reqwest::Method::GET, &format!("{REG}/scopeMaps"), None)
        .await;
    assert_ne!(
        a["nextLink"], b["nextLink"],
        "every page links to a new one"
    );
}

#[tokio::test]
async fn operations_that_never_end_or_end_strangely() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    emu.add_fault(rule(Fault::EndlessInProgress, "operationStatuses"));
    let (status, v) = c
        .json(
            reqwest::Method::GET,
            &format!("{REG}/operationStatuses/x"),
            None,
        )
        .await;
    assert_eq!((status, v["status"].as_str()), (200, Some("InProgress")));
    emu.add_fault(rule(Fault::UnknownStatus, "operationStatuses"));
    let (_, v) = c
        .json(
            reqwest::Method::GET,
            &format!("{REG}/operationStatuses/x"),
            None,
        )
        .await;
    assert_eq!(v["status"], "Exploded");
}

#[tokio::test]
async fn a_hung_answer_still_serves_the_request() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    emu.add_fault(rule(Fault::Hang, "/tokens/"));
    let put = c
        .raw()
        .put(format!("{}{REG}/tokens/hung-token?{API}", c.base))
        .bearer_auth("t")
        .json(&serde_json::json!({"properties": {"scopeMapId": format!("{REG}/scopeMaps/_repositories_pull")}}))
        .timeout(Duration::from_millis(500))
        .send()
        .await;
    assert!(put.is_err(), "no answer comes");
    assert!(emu.with_store(|s| {
        s.registries
            .values()
            .any(|r| r.tokens.contains_key("hung-token"))
    }));
}
