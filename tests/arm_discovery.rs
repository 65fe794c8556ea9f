//! Discovery through Azure Resource Graph (`--discovery auto|graph|arm`)
//! over real HTTP to the emulator: one query instead of a list per
//! subscription, rows held until the subscription list confirms them,
//! empty subscriptions still reported, and the fallback when the query fails.

mod common;

use std::time::Duration;

use acrtui::arm::AcrApi;
use acrtui::arm::inventory::{Discovery, Event, Scope, run};
use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::faults::{Fault, FaultRule};
use common::demo;
use reqwest::Method;

async fn collect(emu: &acrtui::emulator::Emulator, scope: Scope) -> Vec<Event> {
    let api = std::sync::Arc::new(common::arm::client(emu));
    let (tx, mut rx) = tokio::sync::mpsc::channel(256);
    let task = tokio::spawn(run(api, scope, 16, tx));
    let mut events = Vec::new();
    while let Some(e) = rx.recv().await {
        events.push(e);
    }
    task.await.unwrap();
    events
}

fn with(discovery: Discovery) -> Scope {
    Scope {
        discovery,
        ..Scope::default()
    }
}

/// The demo tenant, its subscription list answering `ms` late.
async fn slow_subscription_list(ms: u64) -> acrtui::emulator::Emulator {
    let emu = demo(EmulatorConfig::fast()).await;
    emu.add_fault(FaultRule {
        method: Some("GET".into()),
        path_contains: "/subscriptions$".into(),
        effect: Fault::Delay(Duration::from_millis(ms)),
        times: None,
    });
    emu
}

fn loaded(events: &[Event]) -> usize {
    events
        .iter()
        .filter(|e| matches!(e, Event::RegistryLoaded { .. }))
        .count()
}

#[tokio::test]
async fn one_query_finds_every_registry_and_waits_for_the_subscription_list() {
    let emu = slow_subscription_list(300).await;
    let events = collect(&emu, Scope::default()).await;
    assert_eq!(loaded(&events), 6, "{events:?}");
    // Each registry's tokens and scope maps, and no registry list at all.
    assert_eq!(
        emu.calls("GET", "/registries"),
        6 * 2,
        "no list per subscription"
    );
    assert_eq!(emu.calls("POST", "Microsoft.ResourceGraph/resources"), 1);
    let first = events
        .iter()
        .position(|e| matches!(e, Event::Registries { .. }))
        .unwrap();
    let subscriptions = events
        .iter()
        .position(|e| matches!(e, Event::Subscriptions(_)))
        .unwrap();
    assert!(
        subscriptions < first,
        "rows wait for the list that confirms their subscription: {events:?}"
    );
    assert!(matches!(
        events.last(),
        Some(Event::Done {
            loaded: 6,
            failed: 0
        })
    ));
}

#[tokio::test]
async fn a_subscription_left_out_never_shows() {
    let emu = demo(EmulatorConfig::fast()).await;
    let scope = Scope {
        subscriptions: vec!["Contoso Dev/Test".into()],
        ..Scope::default()
    };
    let events = collect(&emu, scope).await;
    assert_eq!(loaded(&events), 3, "{events:?}");
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::SubscriptionGone { .. })),
        "nothing shown to be taken back: {events:?}"
    );
}

#[tokio::test]
async fn auto_falls_back_to_lists_and_graph_alone_fails_when_the_query_is_refused() {
    let emu = demo(EmulatorConfig::fast()).await;
    emu.add_fault(FaultRule {
        method: Some("POST".into()),
        path_contains: "Microsoft.ResourceGraph".into(),
        effect: Fault::Status(403),
        times: None,
    });
    let events = collect(&emu, with(Discovery::Auto)).await;
    assert_eq!(loaded(&events), 6, "auto fell back: {events:?}");
    assert_eq!(
        emu.calls("GET", "/registries"),
        2 + 6 * 2,
        "one list per subscription"
    );
    let events = collect(&emu, with(Discovery::Graph)).await;
    assert!(
        matches!(events.last(), Some(Event::Failed(e)) if e.status == Some(403)),
        "{events:?}"
    );
}

#[tokio::test]
async fn arm_discovery_never_asks_resource_graph() {
    let emu = demo(EmulatorConfig::fast()).await;
    let events = collect(&emu, with(Discovery::Arm)).await;
    assert_eq!(loaded(&events), 6);
    assert_eq!(emu.calls("POST", "Microsoft.ResourceGraph/resources"), 0);
}

#[tokio::test]
async fn the_client_pages_the_query_and_the_emulator_refuses_other_queries() {
    let config = EmulatorConfig {
        page_size: Some(2),
        ..EmulatorConfig::fast()
    };
    let store = acrtui::emulator::seed::synthetic(3, 700, 1, 1, chrono::Utc::now());
    let emu = acrtui::emulator::start(common::loopback(), config, store)
        .await
        .unwrap();
    let api = common::arm::client(&emu);
    let registries = api.discover_registries().await.unwrap();
    assert_eq!(registries.len(), 2100);
    assert_eq!(
        emu.calls("POST", "Microsoft.ResourceGraph/resources"),
        3,
        "1,000 rows a page"
    );
    let c = common::Client::new(&emu);
    let url = "/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01";
    let (status, body) = c
        .json(
            Method::POST,
            url,
            Some(serde_json::json!({"query": "resources | take 5"})),
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a KQL engine"),
        "{body}"
    );
    let (status, body) = c
        .json(
            Method::POST,
            url,
            Some(serde_json::json!({
                "query": "Resources | where type =~ 'Microsoft.ContainerRegistry/registries'",
                "subscriptions": [registries[0].registry.subscription],
                "options": {"$top": 5}
            })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["totalRecords"], 700, "one subscription's");
    assert_eq!(body["count"], 5);
    assert_eq!(body["$skipToken"], "5");
    assert_eq!(body["resultTruncated"], "false");
    let row = &body["data"][0];
    assert_eq!(row["type"], "Microsoft.ContainerRegistry/registries");
    assert!(row["subscriptionId"].is_string() && row["resourceGroup"].is_string());
}

#[tokio::test]
async fn the_query_counts_against_the_concurrency_limit() {
    let config = EmulatorConfig {
        faults: acrtui::emulator::faults::FaultConfig {
            latency_ms: Some((15, 15)),
            ..Default::default()
        },
        ..EmulatorConfig::fast()
    };
    let emu = demo(config).await;
    let api = std::sync::Arc::new(common::arm::client(&emu));
    let (tx, mut rx) = tokio::sync::mpsc::channel(256);
    let task = tokio::spawn(run(api, with(Discovery::Graph), 1, tx));
    while rx.recv().await.is_some() {}
    task.await.unwrap();
    assert_eq!(emu.traffic().max_in_flight, 1, "{:?}", emu.traffic());
}

#[tokio::test]
async fn the_console_shows_graph_rows_before_the_subscription_list_answers() {
    let emu = slow_subscription_list(500).await;
    let scope = Scope {
        show_unconfirmed: true,
        ..Scope::default()
    };
    let events = collect(&emu, scope).await;
    assert_eq!(loaded(&events), 6, "{events:?}");
    let at = |f: fn(&Event) -> bool| events.iter().position(f).unwrap();
    let first_rows = at(|e| matches!(e, Event::Registries { .. }));
    let first_loaded = at(|e| matches!(e, Event::RegistryLoaded { .. }));
    let subscriptions = at(|e| matches!(e, Event::Subscriptions(_)));
    assert!(
        first_rows < subscriptions && first_loaded < subscriptions,
        "one Resource Graph round trip, not the slow list, shows (and loads) the first registry: {events:?}"
    );
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::SubscriptionGone { .. })),
        "the list confirmed every subscription: nothing retracted"
    );
}

#[tokio::test]
async fn with_a_subscription_filter_the_rows_still_wait() {
    // Resource Graph rows carry only the subscription's id, and the filter
    // may name it by display name: rows of other subscriptions must never flash up.
    let emu = slow_subscription_list(300).await;
    let scope = Scope {
        show_unconfirmed: true,
        subscriptions: vec!["Contoso Dev/Test".into()],
        ..Scope::default()
    };
    let events = collect(&emu, scope).await;
    let at = |f: fn(&Event) -> bool| events.iter().position(f).unwrap();
    assert!(
        at(|e| matches!(e, Event::Subscriptions(_)))
            < at(|e| matches!(e, Event::Registries { .. })),
        "{events:?}"
    );
    assert_eq!(loaded(&events), 3, "{events:?}");
}
