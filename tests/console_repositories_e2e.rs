//! The real binary in a pseudo-terminal against an emulator subprocess:
//! the Repositories view reads the registry's repositories from its login
//! server (through the token exchange) and says who reaches the selected
//! one, tokens and Entra principals both; `/` filters; `r` reads again.

mod common;

use common::process::spawn_emulator;
use common::pty::{spawn_console, wait_exit};

#[test]
fn the_repositories_view_reads_the_login_server_and_answers_who_reaches() {
    let emu = spawn_emulator(&[]);
    let dir = tempfile::tempdir().unwrap();
    let (mut s, mut child) = spawn_console(&["--arm-endpoint", &emu.url], &[], dir.path());

    s.wait_for("Registries (6)");
    s.send(":registry contosoprod\r");
    s.wait_for("Tokens · contosoprod");
    s.send("5");
    s.wait_for("Repositories · contosoprod (12)");
    s.send("/teama/projectb\r");
    s.wait_for("(1 of 12)");
    s.wait_for("Who reaches sample/teama/projectb");
    s.wait_for("teama-builder via samples-teams: pull, push, delete");
    // Legacy mode: AcrPush counts, and github-deploy reaches everything.
    s.wait_for("github-deploy (app) via AcrPush, all: content/read");
    s.send("r");
    s.wait_for("Repositories · contosoprod");
    s.send("q");
    assert!(wait_exit(&mut child), "the console exits cleanly");
}
