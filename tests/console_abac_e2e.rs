//! The real binary in a pseudo-terminal against an emulator subprocess:
//! open a registry in ABAC mode, grant a principal Repository Reader on a
//! prefix from the Identities view, see the new assignment read back (with
//! its Graph name), then see it in the previewer beside the tokens.

mod common;

use common::process::spawn_emulator;
use common::pty::{spawn_console, wait_exit};

const DANA: &str = "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e";

#[test]
fn grant_a_prefix_and_see_it_in_the_previewer() {
    let emu = spawn_emulator(&[]);
    let dir = tempfile::tempdir().unwrap();
    let (mut s, mut child) = spawn_console(&["--arm-endpoint", &emu.url], &[], dir.path());

    s.wait_for("Registries (6)");
    s.send(":registry contosoml\r");
    s.wait_for("Tokens · contosoml");
    s.send("6");
    s.wait_for("Identities · contosoml · ABAC mode (6)");
    s.wait_for("Alice Nguyen");

    s.send("n");
    s.wait_for("Grant a Repository role on contosoml");
    s.send(DANA);
    s.send("\t\t\t");
    s.send("datasets/*");
    s.wait_for("Allows: repositories starting with `datasets/`");
    s.send("\r");
    s.wait_for("granted Container Registry Repository Reader on contosoml");
    s.wait_for("Identities · contosoml · ABAC mode (7)");
    s.wait_for("Dana Okafor");

    // The previewer of the registry's scope map answers for both kinds.
    s.send("2");
    s.send("/model-publish\r");
    s.wait_for("model-publish");
    s.send("v");
    s.send("datasets/train");
    s.wait_for("Tokens reaching datasets/train: 0");
    s.wait_for("Dana Okafor (user) via Repository Reader, datasets/*: content/read");
    s.send("\x1b");
    s.send("q");
    assert!(wait_exit(&mut child), "the console exits cleanly");
}
