//! Emulator protocol behaviour over real HTTP: paging, errors, auth, faults,
//! and the `acrtui emulator` command.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use acrtui::emulator::faults::{Fault, FaultConfig, FaultRule};
use acrtui::emulator::store::Sku;
use acrtui::emulator::{EmulatorConfig, StrictAuth};
use common::*;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn lists_page_with_absolute_next_links() {
    let config = EmulatorConfig {
        page_size: Some(2),
        ..EmulatorConfig::fast()
    };
    let emu = with_store(config, one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let sm = format!("{REG}/scopeMaps/_repositories_pull");
    for i in 0..5 {
        c.send(
            Method::PUT,
            &format!("{REG}/tokens/token-{i}"),
            Some(json!({"properties": {"scopeMapId": sm}})),
        )
        .await;
    }
    // 5 system + 3 user scope maps = 8 items, 4 pages.
    for i in 0..3 {
        c.send(
            Method::PUT,
            &format!("{REG}/scopeMaps/map-{i}"),
            Some(json!({"properties": {"actions": ["repositories/a/content/read"]}})),
        )
        .await;
    }
    for (kind, total) in [("scopeMaps", 8), ("tokens", 5)] {
        let mut next = Some(format!("{}{REG}/{kind}?{API}", c.base));
        let (mut names, mut pages) = (Vec::new(), 0);
        while let Some(url) = next.take() {
            assert!(url.starts_with("http://127.0.0.1:"), "{url}");
            let (status, page) = c.json(Method::GET, &url, None).await;
            assert_eq!(status, 200);
            let items = page["value"].as_array().unwrap();
            assert!(items.len() <= 2);
            names.extend(
                items
                    .iter()
                    .map(|v| v["name"].as_str().unwrap().to_string()),
            );
            next = page
                .get("nextLink")
                .and_then(Value::as_str)
                .map(str::to_string);
            pages += 1;
            assert!(pages < 20, "bounded");
        }
        assert_eq!(names.len(), total, "{kind}: {names:?}");
        let mut dedup = names.clone();
        dedup.dedup();
        assert_eq!(dedup, names);
    }
}

#[tokio::test]
async fn errors_use_the_arm_envelope_and_every_answer_has_request_ids() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let cases = [
        (format!("{REG}/tokens/missing-token"), 404, "ResourceNotFound"),
        (format!("{REG}/scopeMaps/missing-map"), 404, "ResourceNotFound"),
        ("/subscriptions/sub1/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/nothere".to_string(), 404, "ResourceNotFound"),
        ("/subscriptions/nosub/providers/Microsoft.ContainerRegistry/registries".to_string(), 404, "SubscriptionNotFound"),
        (format!("{REG}/tokens?api-version=2019-01-01"), 400, "InvalidApiVersionParameter"),
        (format!("{REG}/webhooks"), 404, "InvalidResourceType"),
    ];
    for (path, status, code) in cases {
        let r = c.get(&path).await;
        assert_eq!(r.status().as_u16(), status, "{path}");
        assert!(header(&r, "x-ms-request-id").is_some());
        assert!(header(&r, "x-ms-correlation-request-id").is_some());
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], code, "{path}");
        assert!(body["error"]["message"].is_string());
    }
    let no_version = c
        .raw()
        .get(format!("{}{REG}/tokens", c.base))
        .bearer_auth("t")
        .send()
        .await
        .unwrap();
    assert_eq!(no_version.status().as_u16(), 400);
    let unknown_map = json!({"properties": {"scopeMapId": format!("{REG}/scopeMaps/nope")}});
    let (status, err) = c
        .json(
            Method::PUT,
            &format!("{REG}/tokens/ci-token"),
            Some(unknown_map),
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (400, Some("InvalidScopeMapId"))
    );
    // A correlation id sent by the client comes back.
    let r = c
        .raw()
        .get(format!("{}{REG}?{API}", c.base))
        .bearer_auth("t")
        .header("x-ms-correlation-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(
        header(&r, "x-ms-correlation-request-id").as_deref(),
        Some("abc-123")
    );
}

#[tokio::test]
async fn missing_bearer_gets_401_with_a_challenge() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let r = c
        .raw()
        .get(format!("{}{REG}?{API}", c.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert!(
        header(&r, "www-authenticate")
            .unwrap()
            .starts_with("Bearer ")
    );
    assert!(header(&r, "x-ms-request-id").is_some());
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "AuthenticationFailed");
}

#[tokio::test]
async fn strict_auth_accepts_only_tokens_from_its_own_endpoint() {
    let config = EmulatorConfig {
        strict_auth: Some(StrictAuth {
            client_id: "app-id".into(),
            client_secret: "s3cret".to_string().into(),
            token_lifetime: std::time::Duration::from_secs(3599),
        }),
        ..EmulatorConfig::fast()
    };
    let emu = with_store(config, one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    assert_eq!(
        c.get(REG).await.status().as_u16(),
        401,
        "an arbitrary token is refused"
    );
    let token_url = format!("{}/tenant1/oauth2/v2.0/token", c.base);
    let form = |secret: &str| {
        vec![
            ("grant_type", "client_credentials".to_string()),
            ("client_id", "app-id".to_string()),
            ("client_secret", secret.to_string()),
            ("scope", "https://management.azure.com/.default".to_string()),
        ]
    };
    let bad = c
        .raw()
        .post(&token_url)
        .form(&form("wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 401);
    let good: Value = c
        .raw()
        .post(&token_url)
        .form(&form("s3cret"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(good["token_type"], "Bearer");
    let token = good["access_token"].as_str().unwrap();
    let r = c
        .raw()
        .get(format!("{}{REG}?{API}", c.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

async fn statuses(seed: u64) -> Vec<u16> {
    let config = EmulatorConfig {
        faults: FaultConfig {
            p_429: 0.2,
            p_500: 0.1,
            p_503: 0.1,
            retry_after_secs: 3,
            rng_seed: seed,
            ..Default::default()
        },
        ..EmulatorConfig::fast()
    };
    let emu = with_store(config, one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let mut out = Vec::new();
    for _ in 0..40 {
        let r = c.get(REG).await;
        if r.status().as_u16() == 429 {
            assert_eq!(header(&r, "retry-after").as_deref(), Some("3"));
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["error"]["code"], "TooManyRequests");
            out.push(429);
        } else {
            out.push(r.status().as_u16());
        }
    }
    out
}

#[tokio::test]
async fn random_faults_repeat_with_the_same_seed() {
    let a = statuses(7).await;
    assert_eq!(a, statuses(7).await);
    assert_ne!(a, statuses(8).await);
    for code in [200, 429, 500, 503] {
        assert!(a.contains(&code), "{code} in {a:?}");
    }
}

#[tokio::test]
async fn targeted_faults_resets_and_latency() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    emu.add_fault(FaultRule {
        method: Some("GET".into()),
        path_contains: "/tokens".into(),
        effect: Fault::Status(503),
        times: Some(2),
    });
    assert_eq!(c.get(&format!("{REG}/tokens")).await.status().as_u16(), 503);
    assert_eq!(c.get(&format!("{REG}/tokens")).await.status().as_u16(), 503);
    assert_eq!(c.get(&format!("{REG}/tokens")).await.status().as_u16(), 200);
    assert_eq!(emu.calls("GET", "/tokens"), 3);

    emu.add_fault(FaultRule {
        method: None,
        path_contains: "/scopemaps".into(),
        effect: Fault::Reset,
        times: Some(1),
    });
    let reset = c
        .raw()
        .get(format!("{}{REG}/scopeMaps?{API}", c.base))
        .bearer_auth("t")
        .send()
        .await;
    let failed = match reset {
        Err(_) => true,
        Ok(r) => r.text().await.is_err(),
    };
    assert!(failed, "a reset must surface as a transport error");

    emu.add_fault(FaultRule {
        method: None,
        path_contains: "myregistry".into(),
        effect: Fault::Delay(Duration::from_millis(300)),
        times: Some(1),
    });
    let t = Instant::now();
    assert_eq!(c.get(REG).await.status().as_u16(), 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
}

#[test]
fn the_command_prints_its_address_first_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(["emulator", "--seed", "demo", "--retry-after", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .map(str::to_string);
    let result = url.as_ref().map(|url| {
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            reqwest::Client::new()
                .get(format!("{url}/subscriptions?api-version=2022-12-01"))
                .bearer_auth("x")
                .timeout(Duration::from_secs(5))
                .send()
                .await
                .map(|r| r.status().as_u16())
        })
    });
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(url.is_some(), "first line was {first:?}");
    assert_eq!(result.unwrap().unwrap(), 200);
    assert!(stderr.contains("GET /subscriptions -> 200"), "{stderr}");
}

#[test]
fn the_command_rejects_bad_flags_with_exit_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(["emulator", "--fault", "429=7"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("probability must be a number from 0 to 1")
    );
    let out = Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(["emulator", "--synthetic", "5x4"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(["emulator", "--throttle", "arm:reads=250"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not SIZE/REFILL (e.g. 250/25)"));
}

#[tokio::test]
async fn configured_latency_and_slow_bodies() {
    let config = EmulatorConfig {
        faults: FaultConfig {
            latency_ms: Some((200, 250)),
            ..Default::default()
        },
        ..EmulatorConfig::fast()
    };
    let emu = with_store(config, one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let t = Instant::now();
    assert_eq!(c.get(REG).await.status().as_u16(), 200);
    assert!(
        t.elapsed() >= Duration::from_millis(200),
        "{:?}",
        t.elapsed()
    );

    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    emu.add_fault(FaultRule {
        method: None,
        path_contains: "/scopemaps".into(),
        effect: Fault::SlowBody,
        times: Some(1),
    });
    let t = Instant::now();
    let (status, body) = c.json(Method::GET, &format!("{REG}/scopeMaps"), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        body["value"].as_array().unwrap().len(),
        5,
        "the whole body arrives, slowly"
    );
    assert!(
        t.elapsed() >= Duration::from_millis(900),
        "ten pieces 100 ms apart: {:?}",
        t.elapsed()
    );
}

#[tokio::test]
async fn stats_count_arm_requests_and_the_peak_in_flight() {
    let config = EmulatorConfig {
        faults: FaultConfig {
            latency_ms: Some((150, 150)),
            ..Default::default()
        },
        ..EmulatorConfig::fast()
    };
    let emu = demo(config).await;
    let c = Client::new(&emu);
    let stats = |c: &Client| {
        let url = format!("{}/_emulator/stats", c.base);
        let http = c.raw().clone();
        async move {
            let r = http.get(url).send().await.unwrap();
            assert_eq!(r.status(), 200);
            r.json::<Value>().await.unwrap()
        }
    };
    // The stats path itself is neither counted nor delayed.
    let started = Instant::now();
    assert_eq!(
        stats(&c).await,
        json!({"requests": 0, "inFlight": 0, "maxInFlight": 0, "throttled": 0})
    );
    assert!(started.elapsed() < Duration::from_millis(150));
    let three = futures_util::future::join_all(
        (0..3).map(|_| c.get("/subscriptions?api-version=2022-12-01")),
    )
    .await;
    assert!(three.iter().all(|r| r.status() == 200));
    c.get("/subscriptions?api-version=2022-12-01").await;
    assert_eq!(
        stats(&c).await,
        json!({"requests": 4, "inFlight": 0, "maxInFlight": 3, "throttled": 0})
    );
    let reset = c
        .raw()
        .post(format!("{}/_emulator/stats/reset", c.base))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 200);
    assert_eq!(
        stats(&c).await,
        json!({"requests": 0, "inFlight": 0, "maxInFlight": 0, "throttled": 0})
    );
    assert_eq!(emu.traffic().requests, 0);
}

#[tokio::test]
async fn path_segments_are_percent_decoded_as_arm_does() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let c = Client::new(&emu);
    let sm = format!("{REG}/scopeMaps/_repositories_pull");
    let (status, _) = c
        .json(
            Method::PUT,
            &format!("{REG}/tokens/fabrikam-pull"),
            Some(json!({"properties": {"scopeMapId": sm}})),
        )
        .await;
    assert!(status == 200 || status == 201, "{status}");
    let (status, token) = c
        .json(Method::GET, &format!("{REG}/tokens/fabrikam%2Dpull"), None)
        .await;
    assert_eq!(status, 200, "{token}");
    assert_eq!(token["name"], "fabrikam-pull");
}
