//! `acrtui rotate` when the answer to generateCredentials is lost: the service
//! created the password, the client never saw it. The user is told exactly
//! what exists, and running rotate again never replaces the password in use.

mod common;

use std::process::{Command, Output, Stdio};

use common::process::{EmulatorProcess, spawn_emulator};
use serde_json::Value;

const SEED: &str = r#"{"subscriptions": [{"id": "sub1", "displayName": "S", "registries": [
  {"resourceGroup": "rg", "name": "myregistry", "location": "westeurope", "tokens": [
    {"name": "ci-token", "scopeMap": "_repositories_pull", "passwords": [{"name": "password2", "creationTime": "2026-01-01T00:00:00Z"}]}
  ]}]}]}"#;

fn emulator(dir: &std::path::Path, fault: &str) -> EmulatorProcess {
    let seed = dir.join("seed.json");
    std::fs::write(&seed, SEED).unwrap();
    spawn_emulator(&["--seed-file", seed.to_str().unwrap(), "--fault", fault])
}

fn rotate(emu: &EmulatorProcess, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(["rotate", "--arm-endpoint", &emu.url])
        .args(["--registry", "rg/myregistry", "--token", "ci-token"])
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// (slot, creationTime) of ci-token's passwords, read straight from the emulator.
fn passwords(emu: &EmulatorProcess) -> Vec<(String, String)> {
    let url = format!(
        "{}/subscriptions/sub1/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myregistry/tokens/ci-token?api-version=2023-07-01",
        emu.url
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let body: Value = rt.block_on(async {
        let r = reqwest::Client::new()
            .get(url)
            .bearer_auth("t")
            .send()
            .await;
        r.unwrap().json().await.unwrap()
    });
    let list = body["properties"]["credentials"]["passwords"]
        .as_array()
        .cloned();
    list.unwrap_or_default()
        .iter()
        .map(|p| {
            let field = |k: &str| p[k].as_str().unwrap_or_default().to_string();
            (field("name"), field("creationTime"))
        })
        .collect()
}

#[test]
fn a_lost_answer_is_reported_and_rotating_again_never_touches_the_slot_in_use() {
    for kind in [
        "reset",
        "truncate",
        "garbage",
        "empty",
        "wrongtype",
        "badstatus",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let emu = emulator(dir.path(), &format!("{kind}:generateCredentials:POSTx1"));
        let in_use = passwords(&emu);
        let out = rotate(&emu, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{kind}: {stderr}");
        assert!(out.stdout.is_empty(), "{kind}: no secret to print");
        let after = passwords(&emu);
        if kind == "badstatus" {
            // A stand-in answer: the request was never served.
            assert_eq!(after, in_use, "{kind}");
            assert!(
                stderr.contains("No new password was created in password1"),
                "{kind}: {stderr}"
            );
            continue;
        }
        assert_eq!(
            after.len(),
            2,
            "{kind}: the service did create it: {after:?}"
        );
        assert!(
            stderr.contains("Password1 was created at 20")
                && stderr.contains("(its value is lost: the answer never arrived)")
                && stderr.contains("password2, still in use, is untouched")
                && stderr.contains(
                    "next: acrtui rotate --registry rg/myregistry --token ci-token --slot password1"
                ),
            "{kind}: {stderr}"
        );
        // The same command again must not pick password2, the slot in use.
        let again = rotate(&emu, &[]);
        let stderr = String::from_utf8_lossy(&again.stderr);
        assert_eq!(again.status.code(), Some(2), "{kind}: must ask: {stderr}");
        assert!(stderr.contains("Both slots are in use"), "{kind}: {stderr}");
        assert_eq!(passwords(&emu), after, "{kind}: nothing changed");
        // The suggested command replaces the lost password and keeps the one in use.
        let next = rotate(&emu, &["--slot", "password1", "--yes"]);
        assert_eq!(
            next.status.code(),
            Some(0),
            "{kind}: {}",
            String::from_utf8_lossy(&next.stderr)
        );
        let last = passwords(&emu);
        assert!(
            last.contains(&in_use[0]),
            "{kind}: the slot in use changed: {last:?}"
        );
    }
}

#[test]
fn an_injected_500_before_serving_says_nothing_was_created() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path(), "500:generateCredentials:POSTx1");
    let out = rotate(&emu, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("No new password was created in password1"),
        "{stderr}"
    );
    assert!(stderr.contains("safe to try again"), "{stderr}");
    assert_eq!(passwords(&emu).len(), 1);
}
