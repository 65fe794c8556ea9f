//! The README's keys table is the keymap's: regenerate it with
//! `cargo run --example readme_keys` after changing assets/keymap.toml.

use acrtui::tui::keymap::Keymap;
use acrtui::tui::keys_doc::{BEGIN, END, markdown};

#[test]
fn the_readme_keys_table_matches_the_keymap() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = readme
        .find(BEGIN)
        .expect("README has the keys:begin marker");
    let end = readme.find(END).expect("README has the keys:end marker") + END.len();
    let (keymap, _) = Keymap::load(None);
    assert_eq!(
        &readme[start..end],
        markdown(&keymap),
        "README's keys table is stale: run `cargo run --example readme_keys`"
    );
}
