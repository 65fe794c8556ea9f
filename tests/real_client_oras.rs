//! A real OCI client, oras-py (from PyPI), against `acrtui emulator`'s data
//! plane: it logs in to `contosoprod.azurecr.io` with a token and a password
//! generated through ARM, pushes an artifact inside the token's scope map,
//! pulls it back, and is refused a push outside it. The client reaches the
//! emulator through `HTTP_PROXY` and names the login server, as README shows.
//!
//! `.ci/run` installs oras into `target/oras-venv`; without it the test says
//! so and does nothing else.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::process::spawn_emulator;
use common::registry::PROD;
use serde_json::{Value, json};

fn oras_python() -> Option<PathBuf> {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/oras-venv/bin/python");
    if python.exists() {
        return Some(python);
    }
    eprintln!(
        "target/oras-venv is missing (run .ci/run, which installs oras-py there): this OCI client test did not run"
    );
    None
}

/// A new password for `token` of contosoprod, through ARM.
async fn new_password(url: &str, token: &str) -> String {
    let body = json!({"tokenId": format!("{PROD}/tokens/{token}"), "name": "password2"});
    let out = reqwest::Client::new()
        .post(format!(
            "{url}{PROD}/generateCredentials?api-version=2023-07-01"
        ))
        .bearer_auth("any")
        .json(&body)
        .send()
        .await
        .expect("ARM answers");
    assert_eq!(out.status(), 200);
    let v: Value = out.json().await.expect("JSON");
    v["passwords"][0]["value"]
        .as_str()
        .expect("a value")
        .to_string()
}

#[tokio::test]
async fn oras_pushes_and_pulls_within_the_scope_map_and_is_denied_outside() {
    let Some(python) = oras_python() else {
        return;
    };
    let emu = spawn_emulator(&[]);
    let password = new_password(&emu.url, "teama-builder").await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real_clients/oras_push_pull.py");
    let out = Command::new(python)
        .arg(script)
        .args([emu.url.as_str(), "teama-builder", password.as_str()])
        .output()
        .expect("python runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "oras-py failed:\n{stderr}");
    assert!(
        !stderr.contains(&password),
        "the password reached oras-py's output"
    );
    let result: Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    assert_eq!(result["push_inside"], 201, "{result}");
    assert_eq!(result["pulled"], json!(["pushed by oras-py\n"]));
    assert_eq!(result["push_outside"], "refused", "{result}");
    assert!(
        result["push_outside_error"]
            .as_str()
            .is_some_and(|e| e.contains("DENIED")),
        "{result}"
    );
}
