//! Rewrites README.md's keys table from the keymap (assets/keymap.toml) and
//! the `:` commands: `cargo run --example readme_keys`.

use acrtui::tui::keymap::Keymap;
use acrtui::tui::keys_doc::{markdown, replace};

fn main() -> std::process::ExitCode {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let (keymap, _) = Keymap::load(None);
    let Some(updated) = replace(&readme, &markdown(&keymap)) else {
        eprintln!("error: README.md has no keys:begin/keys:end markers");
        return std::process::ExitCode::FAILURE;
    };
    if let Err(e) = std::fs::write(path, updated) {
        eprintln!("error: {path}: {e}");
        return std::process::ExitCode::FAILURE;
    }
    println!("README.md keys table regenerated");
    std::process::ExitCode::SUCCESS
}
