//! `acrtui probe` through the real binary: against the emulator (ARM and
//! data plane), and against a registry that grants something else or
//! points credentials elsewhere (a small fake login server here, reached
//! with `--login-server-at`). Exit codes 0/1/2/3, JSON shape, and the
//! password never in the output or the log.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use base64::Engine;
use common::process::{EmulatorProcess, spawn_emulator};
use common::registry::PROD;
use serde_json::{Value, json};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

fn new_password(rt: &tokio::runtime::Runtime, emu: &EmulatorProcess, token: &str) -> String {
    let body = json!({"tokenId": format!("{PROD}/tokens/{token}"), "name": "password2"});
    let url = format!(
        "{}{PROD}/generateCredentials?api-version=2023-07-01",
        emu.url
    );
    rt.block_on(async {
        let r = reqwest::Client::new()
            .post(url)
            .bearer_auth("t")
            .json(&body)
            .send()
            .await
            .unwrap();
        let v: Value = r.json().await.unwrap();
        v["passwords"][0]["value"].as_str().unwrap().to_string()
    })
}

fn probe(emu: &EmulatorProcess, stdin: &str, extra: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args([
            "probe",
            "--arm-endpoint",
            &emu.url,
            "--registry",
            "rg-platform/contosoprod",
        ])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_password_that_gets_what_its_scope_map_says_exits_0_with_json() {
    let rt = runtime();
    let emu = spawn_emulator(&[]);
    let password = new_password(&rt, &emu, "teama-builder");
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("probe.log");
    let out = probe(
        &emu,
        &format!("{password}\n"),
        &[
            "--token",
            "teama-builder",
            "--password-stdin",
            "--format",
            "json",
            "--log-file",
            log.to_str().unwrap(),
        ],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["scopeMap"], "samples-teams");
    assert_eq!(v["loginServer"], "contosoprod.azurecr.io");
    let rows = v["repositories"].as_array().unwrap();
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["repository"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        row("sample/teama/projectb")["granted"],
        json!(["pull", "push", "delete"])
    );
    assert_eq!(
        row("sample/teama/acrtui-probe")["standsFor"],
        "sample/teama/*"
    );
    assert!(rows.iter().all(|r| r["match"] == true));
    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    for place in [&stdout, &stderr, &logged] {
        assert!(!place.contains(&password), "the password leaked");
        assert!(!place.contains("eyJ"), "a JWT leaked");
    }
}

#[test]
fn refused_passwords_exit_1_and_usage_errors_exit_2() {
    let emu = spawn_emulator(&[]);
    let out = probe(
        &emu,
        "not-the-password\n",
        &["--token", "teama-builder", "--password-stdin"],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("refused the credentials"), "{stderr}");
    let out = probe(&emu, "", &["--token", "teama-builder"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("--password-stdin"), "{stderr}");
    let out = probe(
        &emu,
        "x\n",
        &[
            "--token",
            "teama-builder",
            "--password-stdin",
            "--repo",
            "Bad Name",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_unreachable_login_server_exits_3_and_says_private_endpoint() {
    let emu = spawn_emulator(&[]);
    let out = probe(
        &emu,
        "x\n",
        &[
            "--token",
            "teama-builder",
            "--password-stdin",
            "--login-server-at",
            "127.0.0.1:9",
        ],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("private endpoint"), "{stderr}");
}

/// What the fake login server saw: every Authorization header, by path.
type Seen = Arc<Mutex<Vec<(String, String)>>>;

/// A login server that grants `pull` on every repository asked for, and
/// whose challenge names `realm_host` (itself, or somewhere else).
async fn fake_registry(realm_host: &'static str) -> (std::net::SocketAddr, Seen) {
    let seen: Seen = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let port = addr.port();
    let log = seen.clone();
    let app = axum::Router::new().fallback(move |uri: axum::http::Uri, headers: HeaderMap| {
        let log = log.clone();
        async move {
            let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            log.lock().unwrap().push((uri.path().to_string(), auth));
            if uri.path() == "/v2/" {
                let challenge = format!("Bearer realm=\"http://{realm_host}:{port}/oauth2/token\",service=\"contosoprod.azurecr.io\"");
                return (StatusCode::UNAUTHORIZED, [("www-authenticate", challenge)], "{}").into_response();
            }
            let scopes: Vec<String> = uri.query().unwrap_or("").split('&')
                .filter_map(|kv| kv.strip_prefix("scope="))
                .map(percent_decode).collect();
            let access: Vec<Value> = scopes.iter().filter_map(|s| {
                let (_, rest) = s.split_once(':')?;
                let (name, _) = rest.rsplit_once(':')?;
                Some(json!({"type": "repository", "name": name, "actions": ["pull"]}))
            }).collect();
            let claims = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json!({"access": access}).to_string());
            axum::Json(json!({"access_token": format!("eyJhbGciOiJub25lIn0.{claims}.")})).into_response()
        }
    });
    common::serve_for(listener, app, 60);
    (addr, seen)
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[test]
fn a_registry_granting_less_than_the_scope_map_exits_1_with_the_difference() {
    let rt = runtime();
    let emu = spawn_emulator(&[]);
    let (addr, seen) = rt.block_on(fake_registry("contosoprod.azurecr.io"));
    let at = addr.to_string();
    let out = probe(
        &emu,
        "a-password\n",
        &[
            "--token",
            "teama-builder",
            "--password-stdin",
            "--format",
            "table",
            "--login-server-at",
            &at,
        ],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("sample/teama/projectb"))
        .unwrap();
    assert!(
        line.contains("DIFFERS") && line.contains("pull,push,delete"),
        "{stdout}"
    );
    let sent: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|(p, a)| format!("{p} {a}"))
        .collect();
    assert!(
        sent.iter().any(|s| s.starts_with("/oauth2/token Basic ")),
        "{sent:?}"
    );
}

#[test]
fn a_challenge_pointing_elsewhere_gets_no_credentials() {
    let rt = runtime();
    let emu = spawn_emulator(&[]);
    let (addr, seen) = rt.block_on(fake_registry("collector.example"));
    let at = addr.to_string();
    let out = probe(
        &emu,
        "a-password\n",
        &[
            "--token",
            "teama-builder",
            "--password-stdin",
            "--login-server-at",
            &at,
        ],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("refused"), "{stderr}");
    let seen = seen.lock().unwrap();
    assert!(
        seen.iter().all(|(_, auth)| auth.is_empty()),
        "credentials were sent: {seen:?}"
    );
}

#[test]
fn a_token_service_that_hangs_is_a_timeout_exit_3_and_a_503_is_said() {
    let emu = spawn_emulator(&["--fault", "hang:oauth2/token"]);
    let started = std::time::Instant::now();
    let out = probe(
        &emu,
        "x\n",
        &[
            "--token",
            "teama-builder",
            "--password-stdin",
            "--request-timeout",
            "1",
        ],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("did not answer in time"), "{stderr}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "bounded by the timeout"
    );
    let emu = spawn_emulator(&["--fault", "503:oauth2/token"]);
    let out = probe(
        &emu,
        "x\n",
        &["--token", "teama-builder", "--password-stdin"],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("answered 503"), "{stderr}");
}
