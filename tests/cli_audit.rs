//! `acrtui audit`, run as the real binary against the demo and against an
//! emulator subprocess with a fixed-date seed and an injected failure.

mod common;

use std::process::{Command, Output};

use common::process::spawn_emulator;
use serde_json::Value;

fn acrtui(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn state_of(rows: &Value, token: &str) -> String {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["token"] == token)
        .unwrap_or_else(|| panic!("no {token}"))["state"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn demo_tokens_are_classified_and_json_is_the_default_when_piped() {
    let out = acrtui(&["audit", "--demo"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = json(&out);
    for (token, state) in [
        ("fabrikam-pull", "expired"),
        ("teama-builder", "critical"),
        ("github-actions", "warning"),
        ("factory-edge01", "never"),
        ("old-jenkins", "disabled"),
        ("new-deployer", "no-passwords"),
        ("training-pipeline", "ok"),
    ] {
        assert_eq!(state_of(&rows, token), state, "{token}");
    }
    let first = &rows[0];
    let keys: Vec<_> = first.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "subscription",
            "resource_group",
            "registry",
            "login_server",
            "token",
            "status",
            "scope_map",
            "created",
            "passwords",
            "state",
            "findings"
        ]
    );
    assert_eq!(first["state"], "expired", "worst first");
    let pw = &first["passwords"][0];
    assert_eq!(
        pw.as_object().unwrap().keys().cloned().collect::<Vec<_>>(),
        ["name", "created", "expiry", "state"]
    );
    let never = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["token"] == "factory-edge01")
        .unwrap();
    assert!(never["passwords"][0]["expiry"].is_null());
}

#[test]
fn filters_fail_on_formats_and_registry_warnings() {
    let out = acrtui(&["audit", "--demo", "--fail-on", "expired,critical"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 token(s) in a --fail-on state"));
    let only = json(&acrtui(&[
        "audit", "--demo", "--only", "never", "--only", "disabled",
    ]));
    let mut names: Vec<_> = only
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["token"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["factory-edge01", "old-jenkins", "staging-deploy"]);
    let tight = json(&acrtui(&[
        "audit",
        "--demo",
        "--warn-days",
        "3",
        "--critical-days",
        "1",
    ]));
    assert_eq!(state_of(&tight, "github-actions"), "ok");
    assert_eq!(state_of(&tight, "dev-laptop"), "warning");
    let csv = acrtui(&["audit", "--demo", "--format", "csv"]);
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(text.starts_with("subscription,resource_group,registry,login_server,token,status,scope_map,created,state,password1_created,password1_expiry,password1_state,password2_created,password2_expiry,password2_state,findings\n"));
    assert_eq!(text.lines().count(), 12);
    let table =
        String::from_utf8(acrtui(&["audit", "--demo", "--format", "table"]).stdout).unwrap();
    assert!(table.starts_with("STATE"), "{table}");
    assert!(!table.contains('\x1b'));
    assert!(table.contains("rg-platform/contosoprodus"));
    let wrapped = json(&acrtui(&["audit", "--demo", "--with-registries"]));
    assert_eq!(wrapped["registries"][0]["registry"], "contosoprodus");
    assert_eq!(wrapped["registries"][0]["warning"], "admin-user-enabled");
    assert_eq!(wrapped["tokens"].as_array().unwrap().len(), 11);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        acrtui(&["audit", "--demo", "--critical-days", "40"])
            .status
            .code(),
        Some(2)
    );
    let out = acrtui(&["audit", "--demo", "--only", "bogus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown state"));
}

const FIXED_SEED: &str = r#"{
  "subscriptions": [{"id": "11111111-1111-1111-1111-111111111111", "displayName": "Fixed", "registries": [
    {"resourceGroup": "rg", "name": "healthyreg", "location": "westeurope", "tokens": [
      {"name": "tok-expired", "scopeMap": "_repositories_pull", "passwords": [{"name": "password1", "creationTime": "2029-01-01T00:00:00Z", "expiry": "2029-12-31T00:00:00Z"}]},
      {"name": "tok-critical", "scopeMap": "_repositories_pull", "passwords": [{"name": "password2", "creationTime": "2029-01-01T00:00:00Z", "expiry": "2030-01-07T00:00:00Z"}]},
      {"name": "tok-warning", "scopeMap": "_repositories_pull", "passwords": [{"name": "password1", "creationTime": "2029-01-01T00:00:00Z", "expiry": "2030-01-31T00:00:00Z"}]},
      {"name": "tok-ok", "scopeMap": "_repositories_pull", "passwords": [{"name": "password1", "creationTime": "2029-01-01T00:00:00Z", "expiry": "2030-03-01T00:00:00Z"}]},
      {"name": "tok-never", "scopeMap": "_repositories_pull", "passwords": [{"name": "password1", "creationTime": "2029-01-01T00:00:00Z"}]},
      {"name": "tok-disabled", "scopeMap": "_repositories_pull", "status": "disabled", "passwords": []},
      {"name": "tok-empty", "scopeMap": "_repositories_pull", "passwords": []}
    ]},
    {"resourceGroup": "rg", "name": "brokenreg", "location": "westeurope", "tokens": [
      {"name": "tok-hidden", "scopeMap": "_repositories_pull"}
    ]}
  ]}]
}"#;

#[test]
fn fixed_clock_classification_and_partial_failure_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    std::fs::write(&seed, FIXED_SEED).unwrap();
    let emu = spawn_emulator(&[
        "--seed-file",
        seed.to_str().unwrap(),
        "--fault",
        "500:/registries/brokenreg/tokens:GET",
    ]);
    let out = acrtui(&[
        "audit",
        "--arm-endpoint",
        &emu.url,
        "--now",
        "2030-01-01T00:00:00Z",
        "--format",
        "json",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("registry rg/brokenreg"), "{stderr}");
    assert!(stderr.contains("HTTP 500"), "{stderr}");
    let rows = json(&out);
    assert_eq!(
        rows.as_array().unwrap().len(),
        7,
        "everything readable is still reported"
    );
    for (token, state) in [
        ("tok-expired", "expired"),
        ("tok-critical", "critical"),
        ("tok-warning", "warning"),
        ("tok-ok", "ok"),
        ("tok-never", "never"),
        ("tok-disabled", "disabled"),
        ("tok-empty", "no-passwords"),
    ] {
        assert_eq!(state_of(&rows, token), state, "{token}");
    }
    let order: Vec<_> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["token"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        [
            "tok-expired",
            "tok-critical",
            "tok-warning",
            "tok-never",
            "tok-empty",
            "tok-ok",
            "tok-disabled"
        ]
    );
    // Findings take precedence over an incomplete read.
    let out = acrtui(&[
        "audit",
        "--arm-endpoint",
        &emu.url,
        "--now",
        "2030-01-01T00:00:00Z",
        "--fail-on",
        "expired",
    ]);
    assert_eq!(out.status.code(), Some(1));
}
