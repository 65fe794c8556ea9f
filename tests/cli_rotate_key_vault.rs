//! `acrtui rotate --deliver kv://VAULT/SECRET` (issue 17) against an
//! emulator subprocess, through Microsoft's Key Vault client: the new
//! version's value is the generated password (it logs in), `exp` is its
//! expiry, contentType and tags say what it is; a vault that refuses (403)
//! leaves the password on stdout and says why; a bulk run writes one
//! secret per token, named from the template.

mod common;

use std::process::{Command, Output, Stdio};

use common::process::{EmulatorProcess, logs_in, read_vault_as, spawn_emulator};
use serde_json::Value;

const LOGIN: &str = "myregistry.azurecr.io";

const SEED: &str = r#"{"subscriptions": [{"id": "sub1", "displayName": "S", "registries": [
  {"resourceGroup": "rg", "name": "myregistry", "location": "westeurope", "tokens": [
    {"name": "ci-pull", "scopeMap": "_repositories_pull"},
    {"name": "due-a", "scopeMap": "_repositories_pull", "passwords": [
      {"name": "password1", "createdDaysAgo": 80, "expiresInDays": 5}]},
    {"name": "due-b", "scopeMap": "_repositories_pull", "passwords": [
      {"name": "password1", "createdDaysAgo": 80, "expiresInDays": 9}]},
    {"name": "not-due", "scopeMap": "_repositories_pull", "passwords": [
      {"name": "password1", "createdDaysAgo": 10, "expiresInDays": 200}]}
  ]}]}],
  "keyVaults": [{"name": "kv-ci"}, {"name": "kv-locked", "secretOfficers": ["someone-else"]}]}"#;

fn emulator(dir: &std::path::Path) -> EmulatorProcess {
    let seed = dir.join("seed.json");
    std::fs::write(&seed, SEED).unwrap();
    spawn_emulator(&["--seed-file", seed.to_str().unwrap()])
}

fn rotate(emu: &EmulatorProcess, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(["rotate", "--arm-endpoint", &emu.url])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn rotate_ci_pull(emu: &EmulatorProcess, extra: &[&str]) -> Output {
    let mut args = vec!["--registry", "rg/myregistry", "--token", "ci-pull", "--yes"];
    args.extend_from_slice(extra);
    rotate(emu, &args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// GET `path` of `vault` on the emulator, as a reader would (ESO).
fn read_vault(emu: &EmulatorProcess, vault: &str, path: &str) -> (u16, Value) {
    read_vault_as(emu, vault, path, "reader")
}

/// A token for Key Vault from a strict emulator's Entra endpoint, as app-id.
fn vault_token(emu: &EmulatorProcess) -> String {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let url = format!(
            "{}/00000000-0000-0000-0000-000000000001/oauth2/v2.0/token",
            emu.url
        );
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", "app-id"),
            ("client_secret", "s3cret-value"),
            ("scope", "https://vault.azure.net/.default"),
        ];
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", v.replace(':', "%3A").replace('/', "%2F")))
            .collect::<Vec<_>>()
            .join("&");
        let r = reqwest::Client::new()
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        let answer: Value = r.json().await.unwrap();
        answer["access_token"].as_str().unwrap().to_string()
    })
}

#[test]
fn a_new_version_holds_the_password_its_expiry_and_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    let out = rotate_ci_pull(
        &emu,
        &[
            "--expiry",
            "2031-03-31",
            "--deliver",
            "kv://kv-ci/{registry}-{token}",
        ],
    );
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing on stdout: {stderr}");
    assert!(
        stderr.contains(
            "written to kv://kv-ci/myregistry-ci-pull as version https://kv-ci.vault.azure.net"
        ),
        "{stderr}"
    );
    let (status, secret) = read_vault(&emu, "kv-ci", "/secrets/myregistry-ci-pull");
    assert_eq!(status, 200, "{secret}");
    let password = secret["value"].as_str().unwrap();
    assert!(!password.contains('\n'));
    assert!(logs_in(&emu, LOGIN, "ci-pull", password));
    let exp = chrono::DateTime::parse_from_rfc3339("2031-03-31T00:00:00Z").unwrap();
    assert_eq!(secret["attributes"]["exp"].as_i64(), Some(exp.timestamp()));
    assert_eq!(secret["contentType"], "text/plain");
    let tags = &secret["tags"];
    assert_eq!(tags["registry"], "myregistry");
    assert_eq!(tags["login-server"], LOGIN);
    assert_eq!(tags["token"], "ci-pull");
    assert_eq!(tags["slot"], "password1");
    assert!(
        !tags.to_string().contains(password),
        "no secret in the tags"
    );

    // A second rotation is a second version; the first stays readable.
    let out = rotate_ci_pull(
        &emu,
        &[
            "--as",
            "dockerconfigjson",
            "--deliver",
            "kv://kv-ci/{registry}-{token}",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (_, versions) = read_vault(&emu, "kv-ci", "/secrets/myregistry-ci-pull/versions");
    assert_eq!(
        versions["value"].as_array().map(Vec::len),
        Some(2),
        "{versions}"
    );
    let (_, latest) = read_vault(&emu, "kv-ci", "/secrets/myregistry-ci-pull");
    assert_eq!(latest["contentType"], "application/json");
    assert_eq!(latest["tags"]["slot"], "password2");
    let doc: Value = serde_json::from_str(latest["value"].as_str().unwrap()).unwrap();
    let new = doc["auths"][LOGIN]["password"].as_str().unwrap();
    assert!(logs_in(&emu, LOGIN, "ci-pull", new));
}

/// `rotate` of ci-pull as the service principal `app-id`, against an
/// emulator that takes only tokens it issued, for the right audience.
fn rotate_as_app(emu: &EmulatorProcess, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args([
            "rotate",
            "--arm-endpoint",
            &emu.url,
            "--authority-host",
            &emu.url,
        ])
        .args([
            "--auth",
            "sp",
            "--registry",
            "rg/myregistry",
            "--token",
            "ci-pull",
            "--yes",
        ])
        .args(extra)
        .env("AZURE_TENANT_ID", "00000000-0000-0000-0000-000000000001")
        .env("AZURE_CLIENT_ID", "app-id")
        .env("AZURE_CLIENT_SECRET", "s3cret-value")
        .env("ACRTUI_LOG", "trace")
        .env_remove("AZURE_SUBSCRIPTION_ID")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn a_vault_that_refuses_leaves_the_password_on_stdout_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    std::fs::write(&seed, SEED).unwrap();
    let emu = spawn_emulator(&[
        "--seed-file",
        seed.to_str().unwrap(),
        "--strict-auth",
        "--client-id",
        "app-id",
        "--client-secret",
        "s3cret-value",
    ]);
    // A token for Key Vault's audience, from the challenge: accepted. At
    // the most verbose log setting, neither it nor the password is logged.
    let log = dir.path().join("acrtui.log");
    let out = rotate_as_app(
        &emu,
        &[
            "--deliver",
            "kv://kv-ci/ci",
            "--log-file",
            log.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let (status, secret) = read_vault_as(&emu, "kv-ci", "/secrets/ci", &vault_token(&emu));
    assert_eq!(status, 200, "{secret}");
    let password = secret["value"].as_str().unwrap();
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(!logged.is_empty(), "the log was written");
    assert!(!logged.contains(password), "the password is not logged");
    assert!(!logged.contains("Bearer"), "no token is logged");
    assert!(!logged.contains("eyJ"), "no JWT is logged");
    assert!(!logged.contains("s3cret-value"));

    let out = rotate_as_app(&emu, &["--deliver", "kv://kv-locked/ci"]);
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "a failed delivery is a failure");
    assert!(stderr.contains("403 ForbiddenByRbac"), "{stderr}");
    assert!(stderr.contains("Key Vault Secrets Officer"), "{stderr}");
    assert!(stderr.contains("printed on stdout instead"), "{stderr}");
    let password = text(&out.stdout);
    assert!(logs_in(&emu, LOGIN, "ci-pull", password.trim_end()));

    let out = rotate_as_app(&emu, &["--deliver", "kv://kv-none/ci"]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("404"), "{stderr}");
    assert!(logs_in(
        &emu,
        LOGIN,
        "ci-pull",
        text(&out.stdout).trim_end()
    ));
}

#[test]
fn bad_vault_targets_are_refused_before_any_password_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    for (sink, format, why) in [
        ("kv://kv-ci", "password", "name the secret too"),
        (
            "kv://https://kv-ci.vault.azure.net/x",
            "password",
            "not a vault name",
        ),
        ("kv://kv-ci/a_b", "password", "not a Key Vault secret name"),
        ("kv://kv-ci/x", "k8s-secret", "dockerconfigjson"),
    ] {
        let out = rotate_ci_pull(&emu, &["--deliver", sink, "--format", format]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{sink}: {stderr}");
        assert!(stderr.contains(why), "{sink}: {stderr}");
        assert!(out.stdout.is_empty());
    }
    assert_eq!(ci_pull_passwords(&emu), 0, "no password was generated");
}

/// How many passwords ci-pull has, read through ARM.
fn ci_pull_passwords(emu: &EmulatorProcess) -> usize {
    let path = "/subscriptions/sub1/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myregistry/tokens/ci-pull?api-version=2023-07-01";
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let token: Value = rt.block_on(async {
        let r = reqwest::Client::new()
            .get(format!("{}{path}", emu.url))
            .bearer_auth("acrtui-emulator")
            .send()
            .await
            .unwrap();
        r.json().await.unwrap()
    });
    token["properties"]["credentials"]["passwords"]
        .as_array()
        .map_or(0, Vec::len)
}

#[test]
fn a_bulk_run_writes_one_secret_per_token_it_planned() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    let report = dir.path().join("report.json");
    let out = rotate(
        &emu,
        &[
            "--expiring-within",
            "14d",
            "--yes",
            "--deliver",
            "kv://kv-ci/{registry}-{token}",
            "--report",
            report.to_str().unwrap(),
        ],
    );
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(out.stdout.is_empty(), "{stderr}");
    assert!(stderr.contains("→ kv://kv-ci/myregistry-due-a"), "{stderr}");
    for token in ["due-a", "due-b"] {
        let (status, secret) = read_vault(&emu, "kv-ci", &format!("/secrets/myregistry-{token}"));
        assert_eq!(status, 200, "{token}: {secret}");
        assert_eq!(secret["tags"]["slot"], "password2");
        assert!(logs_in(
            &emu,
            LOGIN,
            token,
            secret["value"].as_str().unwrap()
        ));
    }
    for token in ["not-due", "ci-pull"] {
        let (status, _) = read_vault(&emu, "kv-ci", &format!("/secrets/myregistry-{token}"));
        assert_eq!(status, 404, "{token} was not planned");
    }
    let report: Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(report["complete"], true, "{report}");
}
