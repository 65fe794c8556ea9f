//! The Python SDK side by side (issue 16): the same tenant listed by
//! Microsoft's azure-mgmt-containerregistry, installed into a throwaway venv
//! for the run. No pip (offline): the peer is skipped with a message.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::emulator_process;

const SDK: &str = "azure-mgmt-containerregistry==10.3.0";
const SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";

/// What the peer reads and how the line reporting it is named.
pub struct Peer<'a> {
    /// The bench's name: the line is `NAME.peer.python_sdk`.
    pub name: &'a str,
    /// `registry` (the first registry's tokens) or `tenant` (every
    /// registry's tokens and scope maps): see python_peer.py.
    pub mode: &'a str,
    /// What acrtui's time covered, for the line.
    pub ours_did: &'a str,
}

/// Reads the tenant `emulator_args` seeds with the Python SDK and prints its
/// wall time beside `ours`.
pub fn compare(peer: &Peer, emulator_args: &[String], ours: Duration) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let Some(python) = install(dir.path(), peer.name) else {
        return Ok(());
    };
    let cert = dir.path().join("emulator.pem");
    let mut args = emulator_args.to_vec();
    args.extend([
        "--tls".into(),
        "--tls-cert-out".into(),
        cert.display().to_string(),
    ]);
    let emulator = emulator_process::spawn(&args)?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/support/python_peer.py");
    let out = Command::new(&python)
        .arg(script)
        .args([emulator.url.as_str(), SUBSCRIPTION, peer.mode])
        .env("REQUESTS_CA_BUNDLE", &cert)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run the peer: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |k: &str| {
        text.split_whitespace()
            .find_map(|p| p.strip_prefix(k))
            .and_then(|v| v.parse::<f64>().ok())
    };
    let (Some(items), Some(seconds)) = (field("items="), field("seconds=")) else {
        return Err(format!("the peer said {text:?}"));
    };
    let ours = ours.as_secs_f64();
    println!(
        "{}.peer.python_sdk: {seconds:.2} s to read {items:.0} items ({SDK}, one request after another); acrtui {ours:.2} s ({}); ratio {:.2}",
        peer.name,
        peer.ours_did,
        seconds / ours
    );
    Ok(())
}

/// A venv with the SDK, or None (said why) when it cannot be made.
fn install(dir: &Path, name: &str) -> Option<std::path::PathBuf> {
    let venv = dir.join("venv");
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .is_ok_and(|s| s.success());
    let python = venv.join("bin/python");
    let installed = made
        && Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                SDK,
            ])
            .status()
            .is_ok_and(|s| s.success());
    if !installed {
        println!(
            "{name}.peer: skipped: could not install {SDK} into a venv (no python3 -m venv, or pip cannot reach PyPI)"
        );
        return None;
    }
    Some(python)
}
