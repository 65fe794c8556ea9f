//! A real Key Vault client, Microsoft's azure-keyvault-secrets (from PyPI),
//! against `acrtui emulator --tls`'s Key Vault data plane: its challenge
//! policy meets the emulator's 401 and asks for the vault audience, then it
//! sets two versions of a secret with contentType, tags and an expiry, reads
//! the latest and the first, lists the versions, and gets a 404 as a
//! ResourceNotFoundError.
//!
//! `.ci/run` installs the SDK into `target/sdk-old-venv`; without it the
//! test says so and does nothing else.

mod common;

use std::path::Path;
use std::process::Command;

use common::process::spawn_emulator;
use serde_json::Value;

#[test]
fn the_key_vault_sdk_sets_reads_and_lists_secret_versions() {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sdk-old-venv/bin/python");
    let has_sdk = Command::new(&python)
        .args(["-c", "import azure.keyvault.secrets"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_sdk {
        eprintln!(
            "target/sdk-old-venv has no azure-keyvault-secrets (run .ci/run, which installs it): this Key Vault client test did not run"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    std::fs::write(
        &seed,
        r#"{"subscriptions": [], "keyVaults": [{"name": "kv-ci"}]}"#,
    )
    .unwrap();
    let emu = spawn_emulator(&["--tls", "--seed-file", seed.to_str().unwrap()]);
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real_clients/key_vault_secrets.py");
    let out = Command::new(&python)
        .arg(script)
        .arg(&emu.url)
        .output()
        .expect("python runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "azure-keyvault-secrets failed:\n{stderr}"
    );
    let result: Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    assert_eq!(result["latest"], "pw-two", "{result}");
    assert_eq!(result["old"], "pw-one");
    assert_eq!(result["expires"], "2030-01-01T00:00:00+00:00");
    assert_eq!(result["content_type"], "text/plain");
    assert_eq!(result["tags"]["slot"], "password1");
    assert_eq!(result["versions"], 2);
    assert_eq!(result["missing"], "ResourceNotFoundError");
    assert_eq!(
        result["scopes"],
        serde_json::json!(["https://vault.azure.net/.default"])
    );
}
