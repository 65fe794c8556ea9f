//! `acrtui emulator` as a subprocess, for tests of the real binary.
#![allow(dead_code)]

#[path = "../../benches/support/emulator_process.rs"]
mod emulator_process;
pub use emulator_process::EmulatorProcess;

/// Starts `acrtui emulator --quiet --retry-after 0 ARGS…` and reads its address.
pub fn spawn_emulator(args: &[&str]) -> EmulatorProcess {
    let mut all = vec!["--retry-after", "0"];
    all.extend_from_slice(args);
    spawn_emulator_plain(&all)
}

/// Starts `acrtui emulator --quiet ARGS…` (the live service's timings unless ARGS say otherwise).
pub fn spawn_emulator_plain(args: &[&str]) -> EmulatorProcess {
    emulator_process::spawn(args).unwrap_or_else(|e| panic!("{e}"))
}
