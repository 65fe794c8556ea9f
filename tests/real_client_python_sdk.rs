//! Microsoft's Python SDK (azure-mgmt-containerregistry) against `acrtui
//! emulator --tls --strict-auth`, at two new and two old api-versions:
//! registry create, list, scope map, token, password, registry delete, each
//! as the SDK's own long-running-operation pollers drive them; and the
//! emulator's registry shape at every api-version the multi-api SDK models.
//!
//! The new versions use the SDK az 2.91 ships (15.1.0b3, in `target/az-venv`);
//! the old ones the last multi-api SDK (10.3.0, in `target/sdk-old-venv`),
//! which carries a model package per api-version. `.ci/run` makes both venvs;
//! without one, its tests say so and do nothing else.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::process::{EmulatorProcess, spawn_emulator_plain};

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

fn venv_python(venv: &str) -> Option<PathBuf> {
    let python = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(venv)
        .join("bin/python");
    if python.exists() {
        return Some(python);
    }
    eprintln!(
        "target/{venv} is missing (run .ci/run, which installs the Python SDKs there): this Python SDK test did not run"
    );
    None
}

fn tls_emulator(dir: &Path) -> (EmulatorProcess, PathBuf) {
    let cert = dir.join("emulator.pem");
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
    (emu, cert)
}

/// Runs a script from tests/real_clients; it must end by printing `ok` and exit 0.
fn run_script(python: &Path, script: &str, emu: &EmulatorProcess, cert: &Path, api: Option<&str>) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/real_clients")
        .join(script);
    let out = Command::new(python)
        .arg(script)
        .args([&emu.url, TENANT])
        .args(api)
        .env("REQUESTS_CA_BUNDLE", cert)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.lines().last() == Some("ok"),
        "{api:?}\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_python_sdk_az_ships_runs_a_registry_lifecycle_at_new_api_versions() {
    let Some(python) = venv_python("az-venv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (emu, cert) = tls_emulator(dir.path());
    // The SDK's own default (2026-09-01-preview), then the newest stable.
    run_script(&python, "python_sdk_session.py", &emu, &cert, None);
    run_script(
        &python,
        "python_sdk_session.py",
        &emu,
        &cert,
        Some("2025-11-01"),
    );
}

#[test]
fn the_multi_api_python_sdk_runs_a_registry_lifecycle_at_old_api_versions() {
    let Some(python) = venv_python("sdk-old-venv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (emu, cert) = tls_emulator(dir.path());
    for api in ["2020-11-01-preview", "2022-12-01"] {
        run_script(&python, "python_sdk_session.py", &emu, &cert, Some(api));
    }
}

/// Every api-version from 2019-05-01 to 2023-11-01-preview: the properties the
/// emulator writes are exactly those of the SDK's model for that version.
#[test]
fn registry_answers_match_the_sdks_model_of_each_api_version() {
    let Some(python) = venv_python("sdk-old-venv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (emu, cert) = tls_emulator(dir.path());
    run_script(&python, "sdk_model_shapes.py", &emu, &cert, None);
}

/// README's Python recipe runs as written (azure-identity against the
/// emulator's Entra endpoint), and README shows the script's recipe lines.
#[test]
fn the_readme_python_recipe_works() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = std::fs::read_to_string(root.join("tests/real_clients/python_recipe.py")).unwrap();
    let recipe = script
        .split("# recipe:start\n")
        .nth(1)
        .and_then(|s| s.split("# recipe:end").next())
        .unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains(recipe),
        "README's Python recipe differs from the tested one:\n{recipe}"
    );
    let Some(python) = venv_python("sdk-old-venv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (emu, cert) = tls_emulator(dir.path());
    run_script(&python, "python_recipe.py", &emu, &cert, None);
}

/// azure-mgmt-authorization (the version az 2.91 ships) lists a registry's
/// role assignments with atScope() and creates, reads and deletes one with
/// an ABAC condition on the repository name.
#[test]
fn the_authorization_sdk_manages_a_conditioned_role_assignment() {
    let Some(python) = venv_python("az-venv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (emu, cert) = tls_emulator(dir.path());
    run_script(&python, "python_sdk_roles.py", &emu, &cert, None);
}
