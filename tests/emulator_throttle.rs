//! `--throttle arm` over real HTTP: ARM's remaining-requests headers on every
//! answer, 429 + Retry-After in ARM's envelope when a bucket is empty, the
//! count in the emulator's stats, and the real client absorbing the 429.

mod common;

use acrtui::arm::AcrApi;
use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::store::Sku;
use acrtui::emulator::throttle::ThrottleConfig;
use common::arm::{client, reg};
use common::{Client, REG, header, one_registry, with_store};
use reqwest::Method;

fn throttled(model: &str) -> EmulatorConfig {
    EmulatorConfig {
        throttle: Some(ThrottleConfig::parse(model).unwrap()),
        ..EmulatorConfig::fast()
    }
}

#[tokio::test]
async fn remaining_reads_count_down_then_429_with_retry_after() {
    let emu = with_store(
        throttled("arm:reads=3/1,global=2"),
        one_registry(Sku::Premium),
    )
    .await;
    let c = Client::new(&emu);
    let list = format!("{REG}/tokens");
    for left in ["2", "1", "0"] {
        let r = c.get(&list).await;
        assert_eq!(r.status(), 200);
        assert_eq!(
            header(&r, "x-ms-ratelimit-remaining-subscription-reads").as_deref(),
            Some(left)
        );
        assert!(header(&r, "x-ms-ratelimit-remaining-subscription-global-reads").is_some());
    }
    let r = c.get(&list).await;
    assert_eq!(r.status(), 429);
    assert_eq!(header(&r, "retry-after").as_deref(), Some("1"));
    assert!(header(&r, "x-ms-request-id").is_some());
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "SubscriptionRequestsThrottled");
    assert_eq!(emu.traffic().throttled, 1);

    // A write has its own bucket; a request without a token is not counted.
    let (status, _) = c
        .json(
            Method::PATCH,
            &format!("{REG}/tokens/none"),
            Some(serde_json::json!({})),
        )
        .await;
    assert_ne!(status, 429, "writes are not reads");
    let anonymous = reqwest::get(format!("{}{list}?api-version=2023-07-01", emu.url()))
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401, "ARM answers 401 before counting");
    assert_eq!(emu.traffic().throttled, 1);
}

#[tokio::test]
async fn without_the_flag_nothing_is_throttled_or_reported() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Premium)).await;
    let c = Client::new(&emu);
    for _ in 0..300 {
        let r = c.get(&format!("{REG}/tokens")).await;
        assert_eq!(r.status(), 200);
        assert!(header(&r, "x-ms-ratelimit-remaining-subscription-reads").is_none());
    }
}

#[tokio::test]
async fn the_client_absorbs_a_429_and_returns_the_whole_list() {
    let emu = with_store(throttled("arm:reads=2/1"), one_registry(Sku::Premium)).await;
    let api = client(&emu);
    // Two reads empty the bucket; the third waits Retry-After (1 s) and goes on.
    for _ in 0..2 {
        api.list_tokens(&reg()).await.unwrap();
    }
    let maps = api.list_scope_maps(&reg()).await.unwrap();
    assert!(
        maps.iter().any(|m| m.name == "_repositories_admin"),
        "{maps:?}"
    );
    assert!(emu.traffic().throttled >= 1, "{:?}", emu.traffic());
}

/// 40 one-item pages against a 5-token read bucket refilled at ARM's 25 per
/// second: the client paces itself from the remaining-requests headers and
/// collects (almost) no 429s, where sending at will would empty the bucket
/// in five requests.
#[tokio::test]
async fn the_client_paces_itself_from_the_remaining_headers() {
    let config = EmulatorConfig {
        page_size: Some(1),
        ..throttled("arm:reads=5/25")
    };
    let emu = with_store(config, one_registry(Sku::Premium)).await;
    let c = Client::new(&emu);
    let sm = format!("{REG}/scopeMaps/_repositories_pull");
    for i in 0..40 {
        let body = serde_json::json!({"properties": {"scopeMapId": sm}});
        let (status, _) = c
            .json(
                Method::PUT,
                &format!("{REG}/tokens/token-{i:02}"),
                Some(body),
            )
            .await;
        assert!(status == 200 || status == 201, "{status}");
    }
    let api = client(&emu);
    let started = std::time::Instant::now();
    let tokens = api.list_tokens(&reg()).await.unwrap();
    assert_eq!(tokens.len(), 40);
    let throttled = emu.traffic().throttled;
    assert!(throttled <= 2, "{throttled} 429s");
    assert_eq!(api.pacer().throttled(), throttled);
    // 40 reads from 5 tokens at 25/s: at least (40 - 5 - 1) / 25 s.
    assert!(started.elapsed() >= std::time::Duration::from_millis(1300));
}
