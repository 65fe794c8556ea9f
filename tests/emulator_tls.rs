//! `acrtui emulator --tls`: https with a certificate made at start and
//! written out, absolute URLs in https, and acrtui trusting it through
//! SSL_CERT_FILE (as az and Python do) and refusing it without.

mod common;

use std::process::Command;

use common::process::spawn_emulator;
use serde_json::Value;

#[test]
fn the_emulator_serves_https_and_acrtui_trusts_it_through_ssl_cert_file() {
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("cert.pem");
    let emu = spawn_emulator(&[
        "--tls",
        "--tls-cert-out",
        cert.to_str().unwrap(),
        "--page-size",
        "1",
    ]);
    assert!(emu.url.starts_with("https://127.0.0.1:"), "{}", emu.url);
    let pem = std::fs::read(&cert).expect("the certificate was written");
    assert!(pem.starts_with(b"-----BEGIN CERTIFICATE-----"));

    // A plain TLS client that trusts only that certificate: links come back in https.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let page: Value = rt.block_on(async {
        let client = reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
            .build()
            .unwrap();
        client
            .get(format!("{}/subscriptions?api-version=2022-12-01", emu.url))
            .bearer_auth("t")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    let next = page["nextLink"].as_str().expect("a second page");
    assert!(next.starts_with(&format!("{}/", emu.url)), "{next}");

    let audit = |ssl_cert_file: Option<&std::path::Path>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_acrtui"));
        cmd.args([
            "audit",
            "--arm-endpoint",
            &emu.url,
            "--format",
            "json-report",
        ]);
        cmd.env_remove("SSL_CERT_FILE");
        if let Some(p) = ssl_cert_file {
            cmd.env("SSL_CERT_FILE", p);
        }
        cmd.output().unwrap()
    };
    let trusted = audit(Some(&cert));
    let stderr = String::from_utf8_lossy(&trusted.stderr);
    assert_eq!(trusted.status.code(), Some(0), "{stderr}");
    let report: Value = serde_json::from_slice(&trusted.stdout).unwrap();
    assert_eq!(report["complete"], true);
    assert_eq!(report["tokens"].as_array().unwrap().len(), 11);

    let untrusted = audit(None);
    let stderr = String::from_utf8_lossy(&untrusted.stderr);
    assert_eq!(untrusted.status.code(), Some(3), "{stderr}");
    assert!(stderr.to_lowercase().contains("certificate"), "{stderr}");
    assert!(
        stderr.contains("hint: The server's TLS certificate is not trusted"),
        "{stderr}"
    );

    let bad = dir.path().join("not-a-cert.pem");
    std::fs::write(&bad, "hello").unwrap();
    let broken = audit(Some(&bad));
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(stderr.contains("SSL_CERT_FILE="), "{stderr}");
}

#[test]
fn a_users_own_certificate_is_checked_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("c.pem");
    let key = dir.path().join("k.pem");
    std::fs::write(&cert, "not a certificate").unwrap();
    std::fs::write(&key, "not a key").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args([
            "emulator",
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--tls-cert") && stderr.contains("PEM"),
        "{stderr}"
    );
}
