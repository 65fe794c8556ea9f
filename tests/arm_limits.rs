//! Deadlines, limits and poll floors in the real client against a broken
//! emulator: nothing runs unbounded, and each limit is an error naming what.

mod common;

use std::time::{Duration, Instant};

use acrtui::arm::auth::StaticToken;
use acrtui::arm::azure::{AzureAcr, ClientConfig};
use acrtui::arm::lro::LroOptions;
use acrtui::arm::paging::PageLimits;
use acrtui::arm::{AcrApi, ArmErrorKind};
use acrtui::emulator::faults::{Fault, FaultRule};
use acrtui::emulator::store::Sku;
use acrtui::emulator::{Emulator, EmulatorConfig};
use common::arm::{SCOPE, fast_config, reg};
use common::{one_registry, with_store};

fn rule(effect: Fault, path: &str, method: &str) -> FaultRule {
    FaultRule {
        method: Some(method.into()),
        path_contains: path.into(),
        effect,
        times: None,
    }
}

fn api(emu: &Emulator, config: ClientConfig) -> AzureAcr {
    AzureAcr::new(
        emu.url().parse().unwrap(),
        SCOPE,
        StaticToken::new("t"),
        config,
    )
}

#[tokio::test]
async fn a_trickled_body_is_cut_off_at_the_request_deadline() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    emu.add_fault(rule(Fault::Trickle, "/scopeMaps", "GET"));
    let config = ClientConfig {
        attempt_timeout: Duration::from_millis(600),
        retry: acrtui::arm::retry::RetryConfig {
            max_retries: 0,
            ..fast_config().retry
        },
        ..fast_config()
    };
    let started = Instant::now();
    let err = api(&emu, config).list_scope_maps(&reg()).await.unwrap_err();
    assert!(err.message.contains("did not arrive within"), "{err}");
    // The body alone would take minutes at a byte a second.
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn an_endless_list_stops_at_the_page_cap_with_the_lists_name() {
    let emu = with_store(
        EmulatorConfig {
            page_size: Some(1),
            ..EmulatorConfig::fast()
        },
        one_registry(Sku::Standard),
    )
    .await;
    emu.add_fault(rule(Fault::EndlessPages, "/tokens", "GET"));
    let config = ClientConfig {
        pages: PageLimits {
            max_pages: 50,
            max_items: 1_000,
        },
        ..fast_config()
    };
    let err = api(&emu, config).list_tokens(&reg()).await.unwrap_err();
    assert!(
        err.message
            .contains("tokens list of rg/myregistry: it ran past 50 pages"),
        "{err}"
    );
    assert!(
        emu.calls("GET", "/tokens") <= 51,
        "{}",
        emu.calls("GET", "/tokens")
    );
}

#[tokio::test]
async fn endless_and_unknown_operations_are_bounded_and_named() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    emu.add_fault(rule(Fault::EndlessInProgress, "operationStatuses", "GET"));
    let config = ClientConfig {
        lro: LroOptions {
            default_interval: Duration::from_millis(10),
            min_interval: Duration::from_millis(200),
            max_interval: Duration::from_secs(1),
            deadline: Duration::from_millis(1500),
        },
        ..fast_config()
    };
    let client = api(&emu, config);
    let err = client
        .create_token(&reg(), "ci-token", "_repositories_pull", true)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ArmErrorKind::Operation, "{err}");
    let polls = emu.calls("GET", "operationStatuses");
    // Retry-After: 0 is raised to the 200 ms floor: at most ~8 polls in 1.5 s.
    assert!((1..=8).contains(&polls), "{polls} polls");

    emu.clear_faults();
    emu.add_fault(rule(Fault::UnknownStatus, "operationStatuses", "GET"));
    let err = client
        .create_token(&reg(), "ci-token2", "_repositories_pull", true)
        .await
        .unwrap_err();
    assert!(
        err.message
            .contains("status \"Exploded\", which ARM does not define"),
        "{err}"
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_answered_at_once() {
    let emu = with_store(
        EmulatorConfig {
            faults: acrtui::emulator::faults::FaultConfig {
                retry_after_secs: 1_000_000_000,
                ..Default::default()
            },
            ..EmulatorConfig::fast()
        },
        one_registry(Sku::Standard),
    )
    .await;
    emu.add_fault(rule(Fault::Status(429), "/tokens", "GET"));
    let started = Instant::now();
    let err = api(&emu, fast_config())
        .list_tokens(&reg())
        .await
        .unwrap_err();
    assert_eq!(err.status, Some(429), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(emu.calls("GET", "/tokens"), 1, "not retried");
}
