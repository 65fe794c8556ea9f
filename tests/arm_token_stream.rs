//! A large registry's tokens stream in page by page (issue 16): the console
//! can show the first page after one round trip instead of waiting for the
//! whole list, and a slow reader holds the pages back instead of the
//! inventory buffering them without bound.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use acrtui::arm::AcrApi;
use acrtui::arm::inventory::{Discovery, Event, Scope, run};
use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::faults::{Fault, FaultRule};
use common::arm::client;
use common::*;
use tokio::sync::mpsc;

const TOKENS: usize = 3_000;
const PAGE: usize = 100;

async fn big_registry() -> acrtui::emulator::Emulator {
    let store = acrtui::emulator::seed::synthetic(1, 1, 3, TOKENS, chrono::Utc::now());
    let config = EmulatorConfig {
        page_size: Some(PAGE),
        ..EmulatorConfig::fast()
    };
    with_store(config, store).await
}

fn scope(stream_tokens: bool) -> Scope {
    Scope {
        discovery: Discovery::Arm,
        stream_tokens,
        ..Scope::default()
    }
}

async fn all_events(emu: &acrtui::emulator::Emulator, scope: Scope) -> Vec<Event> {
    let api: Arc<dyn AcrApi> = Arc::new(client(emu));
    let (tx, mut rx) = mpsc::channel(8);
    let task = tokio::spawn(run(api, scope, 4, tx));
    let mut events = Vec::new();
    while let Some(e) = tokio::time::timeout(Duration::from_secs(30), rx.recv())
        .await
        .expect("the inventory answers within 30 s")
    {
        events.push(e);
    }
    task.await.unwrap();
    events
}

#[tokio::test]
async fn each_page_arrives_before_the_whole_list_and_they_add_up_to_it() {
    let emu = big_registry().await;
    let events = all_events(&emu, scope(true)).await;
    let pages: Vec<&Vec<_>> = events
        .iter()
        .filter_map(|e| match e {
            Event::TokensPage { tokens, .. } => Some(tokens),
            _ => None,
        })
        .collect();
    assert_eq!(pages.len(), TOKENS / PAGE, "one event per page");
    assert!(pages.iter().all(|p| p.len() == PAGE));
    let loaded_at = events
        .iter()
        .position(|e| matches!(e, Event::RegistryLoaded { .. }))
        .expect("the registry loads");
    let last_page_at = events
        .iter()
        .rposition(|e| matches!(e, Event::TokensPage { .. }))
        .unwrap();
    assert!(
        last_page_at < loaded_at,
        "every page comes before the whole list"
    );
    let Event::RegistryLoaded { tokens, .. } = &events[loaded_at] else {
        unreachable!()
    };
    let streamed: BTreeSet<&str> = pages
        .iter()
        .flat_map(|p| p.iter().map(|t| t.name.as_str()))
        .collect();
    let whole: BTreeSet<&str> = tokens.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(streamed.len(), TOKENS, "no page repeated or lost");
    assert_eq!(streamed, whole, "the pages are the list");
}

#[tokio::test]
async fn without_streaming_no_page_is_sent() {
    // The audit reads whole lists: pages would only cost it memory.
    let emu = big_registry().await;
    let events = all_events(&emu, scope(false)).await;
    assert!(
        !events.iter().any(|e| matches!(e, Event::TokensPage { .. })),
        "no TokensPage without stream_tokens"
    );
    let loaded = events.iter().find_map(|e| match e {
        Event::RegistryLoaded { tokens, .. } => Some(tokens.len()),
        _ => None,
    });
    assert_eq!(loaded, Some(TOKENS));
}

#[tokio::test]
async fn the_first_page_comes_after_one_round_trip_and_a_slow_reader_holds_the_rest_back() {
    let emu = big_registry().await;
    let api: Arc<dyn AcrApi> = Arc::new(client(&emu));
    let (tx, mut rx) = mpsc::channel(1);
    let task = tokio::spawn(run(api, scope(true), 4, tx));
    let first_page = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            match rx.recv().await.expect("the inventory goes on") {
                Event::TokensPage { tokens, .. } => return tokens,
                Event::RegistryLoaded { .. } => panic!("the whole list came before any page"),
                _ => {}
            }
        }
    })
    .await
    .expect("a first page within 30 s");
    assert_eq!(first_page.len(), PAGE);
    // Nobody reads now: the pages already read wait in two small channels,
    // and the list stops being read, far short of its 30 pages.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let requests = emu.traffic().requests;
    assert!(
        requests < 3 + (TOKENS / PAGE) as u64 / 2,
        "a stalled reader stops the list being read: {requests} requests"
    );
    drop(rx);
    tokio::time::timeout(Duration::from_secs(10), task)
        .await
        .expect("the inventory ends once nobody listens")
        .unwrap();
}

#[tokio::test]
async fn a_page_that_fails_fails_the_registry_after_the_pages_before_it() {
    let emu = big_registry().await;
    // The first four pages answer (a rule that matches and delays nothing),
    // then every tokens page fails, retries included.
    emu.add_fault(FaultRule {
        method: None,
        path_contains: "/tokens$".into(),
        effect: Fault::Delay(Duration::ZERO),
        times: Some(4),
    });
    emu.add_fault(FaultRule {
        method: None,
        path_contains: "/tokens$".into(),
        effect: Fault::Status(500),
        times: None,
    });
    let events = all_events(&emu, scope(true)).await;
    let pages = events
        .iter()
        .filter(|e| matches!(e, Event::TokensPage { .. }))
        .count();
    assert_eq!(pages, 4, "the pages before the failure were shown");
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::RegistryFailed { .. })),
        "then the registry failed: {events:?}"
    );
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::RegistryLoaded { .. })),
        "never a short list reported as whole"
    );
}
