//! The inventory fan-out against the demo tenant: results stream in as they
//! arrive; a failing or slow registry does not hold up the others.

mod common;

use std::sync::Arc;
use std::time::Duration;

use acrtui::arm::AcrApi;
use acrtui::arm::auth::StaticToken;
use acrtui::arm::azure::{AzureAcr, ClientConfig};
use acrtui::arm::inventory::{Discovery, Event, Scope, run};
use acrtui::arm::retry::RetryConfig;
use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::faults::{Fault, FaultRule};
use common::*;
use tokio::sync::mpsc;

async fn collect(emu: &acrtui::emulator::Emulator, scope: Scope, concurrency: usize) -> Vec<Event> {
    let config = ClientConfig {
        retry: RetryConfig {
            max_retries: 1,
            base_delay: Duration::from_millis(10),
            ..RetryConfig::default()
        },
        ..ClientConfig::default()
    };
    let api: Arc<dyn AcrApi> = Arc::new(AzureAcr::new(
        emu.url().parse().unwrap(),
        "https://management.azure.com/.default",
        StaticToken::new("t"),
        config,
    ));
    let (tx, mut rx) = mpsc::channel(8);
    let task = tokio::spawn(run(api, scope, concurrency, tx));
    let mut events = Vec::new();
    while let Some(e) = tokio::time::timeout(Duration::from_secs(30), rx.recv())
        .await
        .unwrap()
    {
        events.push(e);
    }
    task.await.unwrap();
    events
}

fn loaded_names(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::RegistryLoaded { registry, .. } => Some(registry.registry.name.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_failing_and_a_slow_registry_do_not_block_the_others() {
    let emu = demo(EmulatorConfig::fast()).await;
    emu.add_fault(FaultRule {
        method: Some("GET".into()),
        path_contains: "/registries/contosoml/tokens".into(),
        effect: Fault::Status(500),
        times: None,
    });
    emu.add_fault(FaultRule {
        method: Some("GET".into()),
        path_contains: "/registries/contosodev/scopemaps".into(),
        effect: Fault::Delay(Duration::from_millis(1500)),
        times: Some(1),
    });
    let events = collect(&emu, Scope::default(), 16).await;
    let loaded = loaded_names(&events);
    assert_eq!(loaded.len(), 5, "{loaded:?}");
    assert_eq!(
        loaded.last().map(String::as_str),
        Some("contosodev"),
        "the slow one arrives last: {loaded:?}"
    );
    let failed: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::RegistryFailed { registry, error } => {
                Some((registry.registry.name.clone(), error.status))
            }
            _ => None,
        })
        .collect();
    assert_eq!(failed, [("contosoml".to_string(), Some(500))]);
    assert!(matches!(
        events.last(),
        Some(Event::Done {
            loaded: 5,
            failed: 1
        })
    ));
    let tokens: usize = events
        .iter()
        .map(|e| match e {
            Event::RegistryLoaded { tokens, .. } => tokens.len(),
            _ => 0,
        })
        .sum();
    assert_eq!(
        tokens, 10,
        "11 demo tokens minus the one in the failed registry"
    );
}

#[tokio::test]
async fn scope_filters_subscriptions_and_registries() {
    let emu = demo(EmulatorConfig::fast()).await;
    let scope = Scope {
        subscriptions: vec!["Contoso Dev/Test".into()],
        registries: vec![],
        known: vec![],
        discovery: Discovery::Auto,
        stream_tokens: false,
        show_unconfirmed: false,
    };
    let mut names = loaded_names(&collect(&emu, scope, 1).await);
    names.sort();
    assert_eq!(names, ["contosodev", "contososandbox", "contosostaging"]);
    let scope = Scope {
        subscriptions: vec![],
        registries: vec!["rg-platform/contosoprodus".into(), "contosodev".into()],
        known: vec![],
        discovery: Discovery::Arm,
        stream_tokens: true,
        show_unconfirmed: false,
    };
    let mut names = loaded_names(&collect(&emu, scope, 4).await);
    names.sort();
    assert_eq!(names, ["contosodev", "contosoprodus"]);
}

#[tokio::test]
async fn the_concurrency_limit_counts_requests_in_flight_not_registries() {
    // Each registry is two lists (scope maps and tokens); both must share the limit.
    let config = EmulatorConfig {
        faults: acrtui::emulator::faults::FaultConfig {
            latency_ms: Some((15, 15)),
            ..Default::default()
        },
        ..EmulatorConfig::fast()
    };
    let store = acrtui::emulator::seed::synthetic(2, 10, 5, 5, chrono::Utc::now());
    let emu = acrtui::emulator::start("127.0.0.1:0".parse().unwrap(), config, store)
        .await
        .unwrap();
    for limit in [1, 3, 8] {
        emu.reset_traffic();
        let scope = Scope {
            discovery: Discovery::Arm,
            ..Scope::default()
        };
        let events = collect(&emu, scope, limit).await;
        assert_eq!(loaded_names(&events).len(), 20);
        let traffic = emu.traffic();
        assert_eq!(traffic.requests, 1 + 2 + 20 * 2, "{traffic:?}");
        assert_eq!(
            traffic.max_in_flight, limit,
            "at most {limit} in flight, and the limit is used: {traffic:?}"
        );
    }
}

/// The subscription list answers after 400 ms; everything else at once.
async fn slow_subscription_list() -> acrtui::emulator::Emulator {
    let emu = demo(EmulatorConfig::fast()).await;
    emu.add_fault(FaultRule {
        method: Some("GET".into()),
        path_contains: "/subscriptions$".into(),
        effect: Fault::Delay(Duration::from_millis(400)),
        times: None,
    });
    emu
}

const PROD: &str = "7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70";

fn position(events: &[Event], f: impl Fn(&Event) -> bool) -> Option<usize> {
    events.iter().position(f)
}

#[tokio::test]
async fn a_warm_start_lists_known_subscriptions_before_the_subscription_list_answers() {
    let emu = slow_subscription_list().await;
    let scope = Scope {
        known: vec![PROD.into()],
        discovery: Discovery::Arm,
        ..Scope::default()
    };
    let events = collect(&emu, scope, 16).await;
    let first_registries = position(&events, |e| matches!(e, Event::Registries { .. })).unwrap();
    let subscriptions = position(&events, |e| matches!(e, Event::Subscriptions(_))).unwrap();
    assert!(
        first_registries < subscriptions,
        "the known subscription's registries come first: {events:?}"
    );
    assert!(matches!(
        &events[first_registries],
        Event::Registries { subscription, .. } if subscription == PROD
    ));
    let mut names = loaded_names(&events);
    names.sort();
    assert_eq!(names.len(), 6, "every registry once: {names:?}");
    names.dedup();
    assert_eq!(names.len(), 6, "none listed twice");
    assert!(matches!(
        events.last(),
        Some(Event::Done {
            loaded: 6,
            failed: 0
        })
    ));
    assert_eq!(
        emu.calls("GET", "/registries"),
        2 + 6 * 2,
        "each subscription's registries listed once, known or not"
    );
}

#[tokio::test]
async fn a_known_subscription_the_list_no_longer_has_is_retracted_or_silently_dropped() {
    let emu = slow_subscription_list().await;
    // Prod is known but outside the scope asked for now; the other id no longer exists.
    let gone = "00000000-0000-0000-0000-00000000dead";
    let scope = Scope {
        subscriptions: vec!["Contoso Dev/Test".into()],
        known: vec![PROD.into(), gone.into()],
        discovery: Discovery::Arm,
        ..Scope::default()
    };
    let events = collect(&emu, scope, 16).await;
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::SubscriptionGone { subscription } if subscription == PROD)),
        "prod's early registries are retracted: {events:?}"
    );
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::SubscriptionFailed { .. })),
        "the vanished subscription's failure is not reported: {events:?}"
    );
    // What a consumer ends with: everything loaded, minus what was retracted.
    let mut kept: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::RegistryLoaded { registry, .. } if registry.registry.subscription != PROD => {
                Some(registry.registry.name.clone())
            }
            _ => None,
        })
        .collect();
    kept.sort();
    assert_eq!(kept, ["contosodev", "contososandbox", "contosostaging"]);
    let gone_at = position(&events, |e| matches!(e, Event::SubscriptionGone { .. })).unwrap();
    assert!(
        !events[gone_at..].iter().any(|e| matches!(
            e,
            Event::RegistryLoaded { registry, .. } | Event::RegistryFailed { registry, .. }
                if registry.registry.subscription == PROD
        )),
        "nothing of prod after its retraction"
    );
}
