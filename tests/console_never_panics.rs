//! No key sequence, paste or terminal size can panic the console.

mod common;

use acrtui::tui::app::Settings;
use acrtui::tui::msg::Msg;
use common::console::*;
use proptest::prelude::*;

const KEYS: [&str; 31] = [
    "j",
    "k",
    "g",
    "G",
    "1",
    "2",
    "3",
    "4",
    "tab",
    "esc",
    "enter",
    "backspace",
    "/",
    ":",
    "?",
    "v",
    "p",
    "e",
    "t",
    "x",
    "f",
    "y",
    "n",
    "b",
    "a",
    "r",
    "c",
    "l",
    "t",
    "ctrl-d",
    "z",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_pastes_and_sizes(
        keys in prop::collection::vec(0..KEYS.len(), 0..80),
        sizes in prop::collection::vec((1u16..220, 1u16..70), 1..6),
        paste in "\\PC{0,40}",
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let mut app = rt.block_on(demo_app(Settings::default()));
        for (i, k) in keys.iter().enumerate() {
            key(&mut app, KEYS[*k]);
            if app.quit {
                break;
            }
            let _ = app.take_commands();
            if i % 7 == 3 {
                app.update(Msg::Paste(paste.clone()));
            }
            let (w, h) = sizes[i % sizes.len()];
            app.update(Msg::Resize(w, h));
            draw(&app, w, h);
        }
    }
}
