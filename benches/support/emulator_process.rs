//! `acrtui emulator` as a separate process, for the benches (its memory and
//! CPU are not the client's) and the tests of the real binary
//! (tests/common/process.rs wraps it), and its counters at `/_emulator/stats`.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// The emulator process; killed when dropped.
pub struct EmulatorProcess {
    child: Child,
    pub url: String,
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `acrtui emulator --quiet ARGS` and waits for its address.
pub fn spawn(args: &[impl AsRef<OsStr>]) -> Result<EmulatorProcess, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(["emulator", "--quiet"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the emulator: {e}"))?;
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut line);
    }
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_default()
        .to_string();
    let emulator = EmulatorProcess { child, url };
    let loopback = ["http://127.0.0.1:", "https://127.0.0.1:"];
    if !loopback.iter().any(|l| emulator.url.starts_with(l)) {
        return Err(format!("the emulator said {line:?}"));
    }
    Ok(emulator)
}

pub async fn json(request: reqwest::RequestBuilder) -> Result<serde_json::Value, String> {
    let response = request.send().await.map_err(|e| e.to_string())?;
    response.json().await.map_err(|e| e.to_string())
}

/// The emulator's counters (`reset`: zeroed first, then read).
pub async fn stats(
    http: &reqwest::Client,
    base: &str,
    reset: bool,
) -> Result<serde_json::Value, String> {
    json(if reset {
        http.post(format!("{base}/_emulator/stats/reset"))
    } else {
        http.get(format!("{base}/_emulator/stats"))
    })
    .await
}

/// The real ARM client for the emulator at `url`, as the benches drive it
/// (a static token: the emulator without `--strict-auth` takes any).
pub fn arm_client(url: &str) -> Result<acrtui::arm::azure::AzureAcr, String> {
    let endpoint = url::Url::parse(url).map_err(|e| e.to_string())?;
    Ok(acrtui::arm::azure::AzureAcr::new(
        endpoint,
        &acrtui::arm::auth::scope_for(url),
        acrtui::arm::auth::StaticToken::new("bench"),
        acrtui::arm::azure::ClientConfig::default(),
    ))
}
