//! The contract of `AzureAcr`: every operation through the real client code,
//! against the emulator over loopback HTTP, including the traps of
//! azure_mgmt_containerregistry 0.21 that the client works around.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use acrtui::arm::auth::StaticToken;
use acrtui::arm::azure::{AzureAcr, ClientConfig};
use acrtui::arm::lro::LroOptions;
use acrtui::arm::retry::RetryConfig;
use acrtui::arm::{AcrApi, ArmErrorKind, Slot, TokenUpdate};
use acrtui::emulator::faults::{Fault, FaultRule};
use acrtui::emulator::store::Sku;
use acrtui::emulator::{EmulatorConfig, StrictAuth};
use chrono::{TimeZone, Utc};
use common::arm::{SCOPE, client, fast_config, reg};
use common::*;
use secrecy::ExposeSecret;

fn actions(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn subscriptions_and_registries() {
    let emu = demo(EmulatorConfig::fast()).await;
    let api = client(&emu);
    let subs = api.list_subscriptions().await.unwrap();
    assert_eq!(subs.len(), 2);
    assert_eq!(subs[0].display_name, "Contoso Production");
    let all = api.list_all_registries().await.unwrap();
    assert_eq!(all.len(), 6);
    let produs = all
        .iter()
        .find(|r| r.registry.name == "contosoprodus")
        .unwrap();
    assert!(produs.admin_user_enabled);
    assert_eq!(
        (
            produs.sku.as_str(),
            produs.login_server.as_str(),
            produs.location.as_str()
        ),
        ("Standard", "contosoprodus.azurecr.io", "eastus")
    );
    let r = api.set_admin_user(&produs.registry, false).await.unwrap();
    assert!(!r.admin_user_enabled);
    assert!(
        !api.get_registry(&produs.registry)
            .await
            .unwrap()
            .admin_user_enabled
    );
}

#[tokio::test]
async fn scope_map_lifecycle_through_both_lro_styles() {
    let config = EmulatorConfig {
        lro_polls: 3,
        ..EmulatorConfig::fast()
    };
    let emu = with_store(config, one_registry(Sku::Standard)).await;
    let api = client(&emu);
    let created = api
        .create_scope_map(
            &reg(),
            "ci-push",
            Some("CI"),
            &actions(&["repositories/apps/*/content/read"]),
        )
        .await
        .unwrap();
    assert_eq!(
        (created.description.as_deref(), created.system),
        (Some("CI"), false)
    );
    let updated = api
        .update_scope_map(
            &reg(),
            "ci-push",
            None,
            &actions(&[
                "repositories/apps/*/content/read",
                "repositories/apps/*/content/write",
            ]),
        )
        .await
        .unwrap();
    assert_eq!(updated.actions.len(), 2);
    assert_eq!(
        updated.provisioning_state.as_deref(),
        Some("Succeeded"),
        "waited for the Azure-AsyncOperation"
    );
    assert_eq!(
        emu.calls("GET", "/scopeMaps/ci-push/operationStatuses/"),
        4,
        "3 in progress + 1 succeeded"
    );
    api.delete_scope_map(&reg(), "ci-push").await.unwrap();
    assert_eq!(
        emu.calls("GET", "/operationResults/"),
        4,
        "Location polled until 200"
    );
    let gone = api.get_scope_map(&reg(), "ci-push").await.unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    let maps = api.list_scope_maps(&reg()).await.unwrap();
    assert_eq!(maps.iter().filter(|m| m.system).count(), 5);
}

#[tokio::test]
async fn token_lifecycle_status_scope_map_and_passwords() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let api = client(&emu);
    api.create_scope_map(
        &reg(),
        "ci-push",
        None,
        &actions(&["repositories/a/content/read"]),
    )
    .await
    .unwrap();
    let t = api
        .create_token(&reg(), "ci-token", "ci-push", true)
        .await
        .unwrap();
    assert!(t.enabled && t.passwords.is_empty());
    assert_eq!(t.scope_map.as_deref(), Some("ci-push"));
    let t = api
        .update_token(
            &reg(),
            "ci-token",
            &TokenUpdate {
                enabled: Some(false),
                scope_map: None,
            },
        )
        .await
        .unwrap();
    assert!(!t.enabled);
    let t = api
        .update_token(
            &reg(),
            "ci-token",
            &TokenUpdate {
                enabled: None,
                scope_map: Some("_repositories_pull".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (t.enabled, t.scope_map.as_deref()),
        (false, Some("_repositories_pull")),
        "changing the scope map keeps the status"
    );

    let expiry = Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap();
    let creds = api
        .generate_credentials(&reg(), "ci-token", Some(Slot::Password1), Some(expiry))
        .await
        .unwrap();
    assert_eq!(creds.username, "ci-token");
    assert_eq!(creds.passwords.len(), 1);
    let p = &creds.passwords[0];
    assert_eq!((p.slot, p.expiry), (Slot::Password1, Some(expiry)));
    assert_eq!(p.value.expose_secret().len(), 52);
    let both = api
        .generate_credentials(&reg(), "ci-token", None, None)
        .await
        .unwrap();
    assert_eq!(
        both.passwords.iter().map(|p| p.slot).collect::<Vec<_>>(),
        Slot::BOTH
    );
    assert!(both.passwords.iter().all(|p| p.expiry.is_none()));

    let t = api
        .delete_password(&reg(), "ci-token", Slot::Password1)
        .await
        .unwrap();
    assert_eq!(
        t.passwords.iter().map(|p| p.slot).collect::<Vec<_>>(),
        [Slot::Password2]
    );
    api.delete_token(&reg(), "ci-token").await.unwrap();
    assert!(
        api.get_token(&reg(), "ci-token")
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn generate_credentials_answered_with_202_and_location() {
    let emu = with_store(
        EmulatorConfig {
            lro_polls: 2,
            ..EmulatorConfig::fast()
        },
        one_registry(Sku::Standard),
    )
    .await;
    emu.set_generate_credentials_async(true);
    let api = client(&emu);
    api.create_token(&reg(), "ci-token", "_repositories_pull", true)
        .await
        .unwrap();
    let creds = api
        .generate_credentials(&reg(), "ci-token", Some(Slot::Password2), None)
        .await
        .unwrap();
    assert_eq!(creds.passwords[0].slot, Slot::Password2);
    assert_eq!(creds.passwords[0].value.expose_secret().len(), 52);
    assert_eq!(emu.calls("POST", "generateCredentials"), 1);
}

/// The trap itself: the crate's own `.await` on generateCredentials re-GETs
/// the POST URL after a 202. This is why the client uses `.send()`.
#[tokio::test]
async fn the_crates_own_generate_credentials_poller_is_broken() {
    use azure_mgmt_containerregistry::package_2023_07::{Client, models};
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    emu.set_generate_credentials_async(true);
    client(&emu)
        .create_token(&reg(), "ci-token", "_repositories_pull", true)
        .await
        .unwrap();
    let raw = Client::builder(StaticToken::new("t"))
        .endpoint(emu.url().parse::<azure_core::Url>().unwrap())
        .scopes(&[SCOPE])
        .build()
        .unwrap();
    let params = models::GenerateCredentialsParameters {
        token_id: Some(reg().token_id("ci-token")),
        ..Default::default()
    };
    let result = tokio::time::timeout(
        Duration::from_secs(20),
        raw.registries_client()
            .generate_credentials("sub1", "rg", "myregistry", params)
            .into_future(),
    )
    .await;
    assert!(
        !matches!(result, Ok(Ok(_))),
        "the crate's poller unexpectedly worked"
    );
}

#[tokio::test]
async fn generate_credentials_is_never_retried() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let api = client(&emu);
    api.create_token(&reg(), "ci-token", "_repositories_pull", true)
        .await
        .unwrap();
    emu.add_fault(FaultRule {
        method: Some("POST".into()),
        path_contains: "generateCredentials".into(),
        effect: Fault::Status(500),
        times: Some(1),
    });
    let err = api
        .generate_credentials(&reg(), "ci-token", Some(Slot::Password1), None)
        .await
        .unwrap_err();
    assert_eq!(err.status, Some(500));
    assert_eq!(
        emu.calls("POST", "generateCredentials"),
        1,
        "a retry would replace a password nobody saw"
    );
    emu.add_fault(FaultRule {
        method: Some("POST".into()),
        path_contains: "generateCredentials".into(),
        effect: Fault::Reset,
        times: Some(1),
    });
    assert!(
        api.generate_credentials(&reg(), "ci-token", Some(Slot::Password1), None)
            .await
            .is_err()
    );
    assert_eq!(
        emu.calls("POST", "generateCredentials"),
        2,
        "not even after a connection reset"
    );
}

#[tokio::test]
async fn idempotent_requests_are_retried_on_500_and_429() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let api = client(&emu);
    emu.add_fault(FaultRule {
        method: Some("GET".into()),
        path_contains: "/tokens".into(),
        effect: Fault::Status(500),
        times: Some(2),
    });
    assert!(api.list_tokens(&reg()).await.unwrap().is_empty());
    assert_eq!(emu.calls("GET", "/tokens"), 3);

    // Injected 429s carry `Retry-After: 1` (the fault config's default is 0, set it here).
    let config = EmulatorConfig {
        faults: acrtui::emulator::faults::FaultConfig {
            retry_after_secs: 1,
            ..Default::default()
        },
        ..EmulatorConfig::fast()
    };
    let emu = with_store(config, one_registry(Sku::Standard)).await;
    let api = client(&emu);
    emu.add_fault(FaultRule {
        method: Some("GET".into()),
        path_contains: "/scopeMaps".into(),
        effect: Fault::Status(429),
        times: Some(1),
    });
    let t = Instant::now();
    assert_eq!(api.list_scope_maps(&reg()).await.unwrap().len(), 5);
    assert!(
        t.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured: {:?}",
        t.elapsed()
    );
    assert_eq!(emu.calls("GET", "/scopeMaps"), 2);

    // PATCH is not idempotent: not retried.
    emu.add_fault(FaultRule {
        method: Some("PATCH".into()),
        path_contains: "/registries/".into(),
        effect: Fault::Status(503),
        times: Some(1),
    });
    assert_eq!(
        api.set_admin_user(&reg(), true).await.unwrap_err().status,
        Some(503)
    );
    assert_eq!(emu.calls("PATCH", "/registries/"), 1);
}

#[tokio::test]
async fn paging_follows_next_links_and_a_repeat_is_an_error() {
    let emu = with_store(
        EmulatorConfig {
            page_size: Some(2),
            ..EmulatorConfig::fast()
        },
        one_registry(Sku::Standard),
    )
    .await;
    let api = client(&emu);
    for i in 0..7 {
        api.create_token(&reg(), &format!("token-{i}"), "_repositories_pull", true)
            .await
            .unwrap();
    }
    let names: Vec<String> = api
        .list_tokens(&reg())
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(
        names,
        (0..7).map(|i| format!("token-{i}")).collect::<Vec<_>>()
    );
    emu.set_repeat_next_link(true);
    let before = emu.calls("GET", "/tokens");
    let err = tokio::time::timeout(Duration::from_secs(10), api.list_tokens(&reg()))
        .await
        .expect("the pager must not loop")
        .unwrap_err();
    // A repeat means the list is incomplete: an error, never a short list.
    assert_eq!(err.kind, ArmErrorKind::Decode, "{err}");
    assert!(
        err.message
            .contains("tokens list of rg/myregistry: the service repeated a nextLink after 4 items; the list is incomplete"),
        "{err}"
    );
    assert_eq!(
        emu.calls("GET", "/tokens") - before,
        2,
        "page 2 is not fetched again"
    );
}

#[tokio::test]
async fn a_failing_page_keeps_the_service_error() {
    let emu = with_store(
        EmulatorConfig {
            page_size: Some(2),
            ..EmulatorConfig::fast()
        },
        one_registry(Sku::Standard),
    )
    .await;
    let api = client(&emu);
    emu.add_fault(FaultRule {
        method: Some("GET".into()),
        path_contains: "/scopeMaps".into(),
        effect: Fault::Status(503),
        times: None,
    });
    let err = api.list_scope_maps(&reg()).await.unwrap_err();
    assert_eq!(
        (err.status, err.code.as_deref()),
        (Some(503), Some("ServiceUnavailable"))
    );
    assert!(err.message.contains("temporarily unavailable"), "{err}");
    assert!(err.request_id.is_some(), "{err:?}");
}

#[tokio::test]
async fn errors_map_to_arm_error_with_ids_and_hints() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let api = client(&emu);
    let e = api.get_token(&reg(), "no-such-token").await.unwrap_err();
    assert_eq!(
        (e.kind, e.status, e.code.as_deref()),
        (ArmErrorKind::Http, Some(404), Some("ResourceNotFound"))
    );
    assert!(
        e.request_id.as_deref().is_some_and(|id| id.len() == 36),
        "{e:?}"
    );
    assert!(e.hint().is_some());
    let e = api
        .create_scope_map(
            &reg(),
            "bad-map",
            None,
            &actions(&["repositories/a*/content/read"]),
        )
        .await
        .unwrap_err();
    assert_eq!(
        (e.status, e.code.as_deref()),
        (Some(400), Some("InvalidScopeMapAction"))
    );
    assert!(e.message.contains("/*"), "{e}");

    let strict = EmulatorConfig {
        strict_auth: Some(StrictAuth {
            client_id: "a".into(),
            client_secret: "b".to_string().into(),
            token_lifetime: std::time::Duration::from_secs(3599),
        }),
        ..EmulatorConfig::fast()
    };
    let emu = with_store(strict, one_registry(Sku::Standard)).await;
    let e = client(&emu).get_registry(&reg()).await.unwrap_err();
    assert_eq!(
        (e.status, e.code.as_deref()),
        (Some(401), Some("InvalidAuthenticationToken"))
    );
    assert!(e.hint().unwrap().contains("az login"));
}

#[tokio::test]
async fn unreachable_endpoint_is_a_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let config = ClientConfig {
        retry: RetryConfig {
            max_retries: 1,
            base_delay: Duration::from_millis(10),
            ..RetryConfig::default()
        },
        ..fast_config()
    };
    let api = AzureAcr::new(url.parse().unwrap(), SCOPE, StaticToken::new("t"), config);
    let e = api.list_subscriptions().await.unwrap_err();
    assert_eq!(e.kind, ArmErrorKind::Network, "{e:?}");
    assert!(e.hint().unwrap().contains("could not be reached"));
}

#[tokio::test]
async fn a_long_operation_can_be_cancelled_and_has_a_deadline() {
    let config = EmulatorConfig {
        lro_polls: 10_000,
        retry_after_secs: 1,
        ..EmulatorConfig::fast()
    };
    let emu = Arc::new(with_store(config, one_registry(Sku::Standard)).await);
    let api = client(&emu);
    api.create_scope_map(
        &reg(),
        "slow-map",
        None,
        &actions(&["repositories/a/content/read"]),
    )
    .await
    .unwrap();
    let task = {
        let api = api.clone();
        tokio::spawn(async move {
            api.update_scope_map(
                &reg(),
                "slow-map",
                None,
                &actions(&["repositories/b/content/read"]),
            )
            .await
        })
    };
    tokio::time::sleep(Duration::from_millis(1500)).await;
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    let polls = emu.calls("GET", "/operationStatuses/");
    assert!(polls >= 1, "it was polling ({polls})");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        emu.calls("GET", "/operationStatuses/"),
        polls,
        "no polls after cancellation"
    );

    let short = ClientConfig {
        lro: LroOptions {
            deadline: Duration::from_secs(2),
            ..fast_config().lro
        },
        ..fast_config()
    };
    let api = AzureAcr::new(
        emu.url().parse().unwrap(),
        SCOPE,
        StaticToken::new("t"),
        short,
    );
    let e = api
        .update_scope_map(
            &reg(),
            "slow-map",
            None,
            &actions(&["repositories/c/content/read"]),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind, ArmErrorKind::Operation);
    assert!(e.message.contains("did not finish"), "{e}");
}
