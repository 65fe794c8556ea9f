//! The real binary in a pseudo-terminal against an emulator subprocess
//! with a Key Vault (issue 17): a new password goes from the show-once
//! popup to the vault with `K` (sink from the config's `deliver`), then the
//! audit rotates the marked token into the vault's next version; each
//! version logs in, and neither password reaches the screen or the log.

mod common;

use common::process::{EmulatorProcess, logs_in, read_vault_as, spawn_emulator};
use common::pty::{spawn_console, wait_exit};
use serde_json::Value;

const LOGIN: &str = "myregistry.azurecr.io";

const SEED: &str = r#"{"subscriptions": [{"id": "sub1", "displayName": "S", "registries": [
  {"resourceGroup": "rg", "name": "myregistry", "location": "westeurope", "tokens": [
    {"name": "ci-pull", "scopeMap": "_repositories_pull"}
  ]}]}],
  "keyVaults": [{"name": "kv-ci"}]}"#;

/// GET `path` of vault kv-ci (the lenient emulator takes any token).
fn read_vault(emu: &EmulatorProcess, path: &str) -> Value {
    read_vault_as(emu, "kv-ci", path, "reader").1
}

#[test]
fn k_and_the_audits_r_write_new_passwords_to_the_vault() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    std::fs::write(&seed, SEED).unwrap();
    let emu = spawn_emulator(&["--seed-file", seed.to_str().unwrap()]);
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "deliver = \"kv://kv-ci/{registry}-{token}\"\n").unwrap();
    let log = dir.path().join("acrtui.log");
    let (mut s, mut child) = spawn_console(
        &[
            "--arm-endpoint",
            &emu.url,
            "--config",
            config.to_str().unwrap(),
            "--log-file",
            log.to_str().unwrap(),
        ],
        &[("ACRTUI_LOG", "trace".to_string())],
        dir.path(),
    );
    s.wait_for("Registries (1)");
    s.send(":registry myregistry\r");
    s.wait_for("Tokens · myregistry");
    s.wait_for("ci-pull");

    // A new password1, shown once, then written to the vault with K.
    s.send("p");
    s.wait_for("Which password?");
    s.send("1\r");
    s.wait_for("shown once");
    s.send("K");
    s.wait_for("Write to: kv://kv-ci/myregistry-ci-pull");
    s.send("\r");
    s.wait_for("✓ written to kv://kv-ci/myregistry-ci-pull");
    let first = read_vault(&emu, "/secrets/myregistry-ci-pull");
    let first = first["value"].as_str().unwrap().to_string();
    assert!(logs_in(&emu, LOGIN, "ci-pull", &first));
    assert!(!s.text().contains(&first), "the password stays masked");
    s.send("\x1b");

    // The audit: mark ci-pull, R plans password2 into the vault, Enter runs it.
    s.send("4");
    s.wait_for("Audit");
    s.send(" ");
    s.wait_for("1 marked");
    s.send("R");
    s.wait_for("new password2");
    s.send("\r");
    s.wait_for("✓ new password2 written");
    let versions = read_vault(&emu, "/secrets/myregistry-ci-pull/versions");
    assert_eq!(
        versions["value"].as_array().map(Vec::len),
        Some(2),
        "{versions}"
    );
    let second = read_vault(&emu, "/secrets/myregistry-ci-pull");
    assert_eq!(second["tags"]["slot"], "password2");
    let second = second["value"].as_str().unwrap().to_string();
    assert_ne!(first, second);
    assert!(logs_in(&emu, LOGIN, "ci-pull", &second));
    assert!(
        logs_in(&emu, LOGIN, "ci-pull", &first),
        "the old one still works until retired"
    );
    s.send("\x1b");
    s.send("q");
    assert!(wait_exit(&mut child));

    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        !logged.contains(&first) && !logged.contains(&second),
        "no password in the log"
    );
}
