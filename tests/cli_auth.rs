//! The command line's credential path end to end: `acrtui audit --auth sp
//! --authority-host <emulator>` with the service principal in the environment,
//! against an emulator that accepts only tokens from its own token endpoint.

mod common;

use std::process::{Command, Output};

use common::process::spawn_emulator;

fn audit(url: &str, secret: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args([
            "audit",
            "--arm-endpoint",
            url,
            "--authority-host",
            url,
            "--auth",
            "sp",
            "--format",
            "json",
        ])
        .env("AZURE_TENANT_ID", "72f988bf-86f1-41af-91ab-2d7cd011db47")
        .env("AZURE_CLIENT_ID", "app-id")
        .env("AZURE_CLIENT_SECRET", secret)
        .env_remove("AZURE_SUBSCRIPTION_ID")
        .output()
        .unwrap()
}

#[test]
fn service_principal_from_the_environment_through_the_cli() {
    let emu = spawn_emulator(&[
        "--strict-auth",
        "--client-id",
        "app-id",
        "--client-secret",
        "s3cret-value",
    ]);
    let ok = audit(&emu.url, "s3cret-value");
    let stderr = String::from_utf8_lossy(&ok.stderr);
    assert_eq!(ok.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("as environment service principal"),
        "startup names the credential: {stderr}"
    );
    let rows: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 11);

    let bad = audit(&emu.url, "wrong-secret");
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("environment service principal"),
        "says what was tried: {stderr}"
    );
    assert!(stderr.contains("hint:"), "{stderr}");
    assert!(!stderr.contains("wrong-secret"), "the secret never prints");
}
