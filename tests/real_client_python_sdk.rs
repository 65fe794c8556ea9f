//! Microsoft's Python SDK (azure-mgmt-containerregistry, the version az 2.91
//! ships, api-version 2026-09-01-preview) against `acrtui emulator --tls
//! --strict-auth`: registry create, list, scope map, token, password,
//! registry delete, each as the SDK's own long-running-operation pollers
//! drive them. Uses the venv `.ci/run` makes for the az test; without it the
//! test says so and does nothing else.

mod common;

use std::path::Path;
use std::process::Command;

use common::process::spawn_emulator_plain;

#[test]
fn the_python_sdk_runs_a_registry_lifecycle_against_the_emulator() {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/az-venv/bin/python");
    if !python.exists() {
        eprintln!(
            "target/az-venv is missing (run .ci/run, which installs azure-cli and its SDK there): the Python SDK test did not run"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("emulator.pem");
    let emu = spawn_emulator_plain(&[
        "--retry-after",
        "1",
        "--tls",
        "--tls-cert-out",
        cert.to_str().unwrap(),
        "--strict-auth",
        "--client-id",
        "ci-app",
        "--client-secret",
        "ci-secret",
    ]);
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real_clients/python_sdk_session.py");
    let out = Command::new(python)
        .arg(script)
        .args([&emu.url, "72f988bf-86f1-41af-91ab-2d7cd011db47"])
        .env("REQUESTS_CA_BUNDLE", &cert)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "ok");
}
