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

/// A real credential over plain http to a host other than loopback is refused
/// before anything is sent (the hosts below are never contacted).
#[test]
fn a_real_credential_is_never_sent_over_plain_http() {
    let emu = spawn_emulator(&[]);
    for (arm, authority, flag) in [
        (
            "http://management.example.invalid",
            emu.url.as_str(),
            "--arm-endpoint",
        ),
        (
            emu.url.as_str(),
            "http://login.example.invalid",
            "--authority-host",
        ),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_acrtui"))
            .args([
                "audit",
                "--arm-endpoint",
                arm,
                "--authority-host",
                authority,
            ])
            .args(["--auth", "sp", "--format", "json"])
            .env("AZURE_TENANT_ID", "t")
            .env("AZURE_CLIENT_ID", "app-id")
            .env("AZURE_CLIENT_SECRET", "s3cret-value")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("{flag} http://"))
                && stderr.contains("refusing to send a real credential's token without TLS"),
            "{stderr}"
        );
        assert!(!stderr.contains("s3cret-value"));
    }
}
