//! `acrtui rotate` against an emulator subprocess: the right slot in every
//! case, the slot in use untouched until `--finish`, the secret only on stdout.

mod common;

use std::process::{Command, Output, Stdio};

use common::process::{EmulatorProcess, spawn_emulator};
use serde_json::Value;

fn emulator(dir: &std::path::Path) -> EmulatorProcess {
    let seed = dir.join("seed.json");
    std::fs::write(&seed, SEED).unwrap();
    spawn_emulator(&["--seed-file", seed.to_str().unwrap()])
}

const SEED: &str = r#"{"subscriptions": [{"id": "sub1", "displayName": "S", "registries": [
  {"resourceGroup": "rg", "name": "myregistry", "location": "westeurope", "tokens": [
    {"name": "none-used", "scopeMap": "_repositories_pull"},
    {"name": "p2-used", "scopeMap": "_repositories_pull", "passwords": [{"name": "password2", "creationTime": "2026-01-01T00:00:00Z"}]},
    {"name": "p1-older", "scopeMap": "_repositories_pull", "passwords": [
      {"name": "password1", "creationTime": "2025-01-01T00:00:00Z"}, {"name": "password2", "creationTime": "2026-01-01T00:00:00Z"}]},
    {"name": "p2-older", "scopeMap": "_repositories_pull", "passwords": [
      {"name": "password1", "creationTime": "2026-01-01T00:00:00Z"}, {"name": "password2", "creationTime": "2025-01-01T00:00:00Z"}]}
  ]}]}]}"#;

pub fn rotate(emu: &EmulatorProcess, token: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args([
            "rotate",
            "--arm-endpoint",
            &emu.url,
            "--registry",
            "rg/myregistry",
            "--token",
            token,
        ])
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// (slot name, creationTime) of a token's passwords, straight from the emulator.
fn passwords(emu: &EmulatorProcess, token: &str) -> Vec<(String, String)> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = format!(
        "{}/subscriptions/sub1/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myregistry/tokens/{token}?api-version=2023-07-01",
        emu.url
    );
    let body: Value = rt.block_on(async {
        reqwest::Client::new()
            .get(url)
            .bearer_auth("t")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    body["properties"]["credentials"]["passwords"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["creationTime"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn secret_of(out: &Output) -> String {
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let secret = stdout.trim_end().to_string();
    assert_eq!(stdout.lines().count(), 1, "only the secret on stdout");
    assert_eq!(secret.len(), 52);
    assert!(
        !stderr.contains(&secret),
        "the secret must not reach stderr"
    );
    assert!(stderr.contains("--finish"), "{stderr}");
    secret
}

#[test]
fn picks_the_free_or_oldest_slot_and_leaves_the_other_alone() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    for (token, expected_new, kept) in [
        ("none-used", "password1", None),
        (
            "p2-used",
            "password1",
            Some(("password2", "2026-01-01T00:00:00Z")),
        ),
        (
            "p1-older",
            "password1",
            Some(("password2", "2026-01-01T00:00:00Z")),
        ),
        (
            "p2-older",
            "password2",
            Some(("password1", "2026-01-01T00:00:00Z")),
        ),
    ] {
        if kept.is_some_and(|_| token.ends_with("older")) {
            // Both slots hold working passwords: replacing one needs a typed yes.
            let refused = rotate(&emu, token, &["--expiry", "30d"]);
            let stderr = String::from_utf8_lossy(&refused.stderr);
            assert_eq!(refused.status.code(), Some(2), "{token}: {stderr}");
            assert!(
                stderr.contains(&format!(
                    "Both slots are in use; {expected_new} (never expires) will stop working now. Pass --yes"
                )),
                "{token}: {stderr}"
            );
            assert_eq!(passwords(&emu, token).len(), 2, "{token}: nothing sent");
            secret_of(&rotate(&emu, token, &["--expiry", "30d", "--yes"]));
        } else {
            secret_of(&rotate(&emu, token, &["--expiry", "30d"]));
        }
        let after = passwords(&emu, token);
        let new = after
            .iter()
            .find(|(n, _)| n == expected_new)
            .unwrap_or_else(|| panic!("{token}: {after:?}"));
        assert!(
            new.1.starts_with("20")
                && !new.1.starts_with("2025")
                && new.1 != "2026-01-01T00:00:00Z",
            "{token}: {after:?}"
        );
        if let Some((slot, created)) = kept {
            assert!(
                after.contains(&(slot.to_string(), created.to_string())),
                "{token}: the slot in use changed: {after:?}"
            );
        }
    }
}

#[test]
fn finish_deletes_the_old_slot_after_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    secret_of(&rotate(&emu, "p2-used", &[]));
    assert_eq!(passwords(&emu, "p2-used").len(), 2);
    let refused = rotate(&emu, "p2-used", &["--finish"]);
    assert_eq!(
        refused.status.code(),
        Some(2),
        "no terminal to confirm on, no --yes"
    );
    assert_eq!(passwords(&emu, "p2-used").len(), 2);
    let done = rotate(&emu, "p2-used", &["--finish", "--yes"]);
    assert_eq!(
        done.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let left: Vec<String> = passwords(&emu, "p2-used")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(left, ["password1"]);
}

#[test]
fn bad_input_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator(dir.path());
    let out = rotate(&emu, "none-used", &["--expiry", "yesterday"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--expiry yesterday"));
    let out = rotate(&emu, "none-used", &["--expiry", "never"]);
    assert_eq!(out.status.code(), Some(2), "never needs --yes");
    let out = Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args([
            "rotate",
            "--arm-endpoint",
            &emu.url,
            "--registry",
            "nosuchreg",
            "--token",
            "x",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no registry named"));
}
