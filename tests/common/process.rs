//! `acrtui emulator` as a subprocess, for tests of the real binary.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Killed when dropped, however the test ends.
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

/// Starts `acrtui emulator --quiet --retry-after 0 ARGS…` and reads its address.
pub fn spawn_emulator(args: &[&str]) -> EmulatorProcess {
    let mut all = vec!["--retry-after", "0"];
    all.extend_from_slice(args);
    spawn_emulator_plain(&all)
}

/// Starts `acrtui emulator --quiet ARGS…` (the live service's timings unless ARGS say otherwise).
pub fn spawn_emulator_plain(args: &[&str]) -> EmulatorProcess {
    let mut child = Command::new(env!("CARGO_BIN_EXE_acrtui"))
        .args(["emulator", "--quiet"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the acrtui binary runs");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("piped stdout");
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the first line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_default()
        .to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") || url.starts_with("https://127.0.0.1:"),
        "first line was {line:?}"
    );
    EmulatorProcess { child, url }
}
