//! Tests of `keymap.rs`.

use super::*;

#[test]
fn default_keymap_parses_without_problems() {
    let (k, problems) = Keymap::load(None);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(k.bindings.len() > 20);
}

#[test]
fn pane_bindings_win_and_read_only_strips_mutations() {
    let (k, _) = Keymap::load(None);
    let ctrl_d = parse_key("ctrl-d").unwrap();
    assert_eq!(
        k.action(&ctrl_d, Context::Tokens, false),
        Some(Action::Delete)
    );
    assert_eq!(k.action(&ctrl_d, Context::Tokens, true), None);
    assert!(
        k.visible(Context::Tokens, true)
            .iter()
            .all(|b| !b.action.is_mutating())
    );
    let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(
        k.action(&shift_g, Context::Registries, false),
        Some(Action::Bottom)
    );
}

#[test]
fn overrides_replace_and_bad_entries_are_reported() {
    let text = "[[key]]\non = \"Q\"\nrun = \"quit\"\ndesc = \"quit\"\ncontext = \"global\"\n[[key]]\non = \"nonsense-key\"\nrun = \"help\"\ndesc = \"h\"\ncontext = \"global\"\n";
    let (k, problems) = Keymap::load(Some(text));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        k.action(&parse_key("Q").unwrap(), Context::Global, false),
        Some(Action::Quit)
    );
    assert_eq!(
        k.action(&parse_key("q").unwrap(), Context::Global, false),
        None,
        "q was rebound"
    );
    assert_eq!(
        k.action(&parse_key("?").unwrap(), Context::Global, false),
        Some(Action::Help),
        "the default stays"
    );
}

#[test]
fn each_bad_entry_is_reported_alone_and_the_rest_apply() {
    let text = r#"
[[key]]
on = "Q"
run = "quit"
context = "global"

[[key]]
on = "z"
run = "frobnicate"
context = "global"

[[key]]
on = "Z"
run = "help"
context = "nowhere"

[[key]]
on = "H"
run = "help"
desc = "the help"
context = "global"
"#;
    let (k, problems) = Keymap::load(Some(text));
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("entry 2") && problems[0].contains("frobnicate"),
        "{problems:?}"
    );
    assert!(
        problems[1].contains("entry 3") && problems[1].contains("nowhere"),
        "{problems:?}"
    );
    let quit = k.action(&parse_key("Q").unwrap(), Context::Global, false);
    assert_eq!(
        quit,
        Some(Action::Quit),
        "a valid entry before a bad one applies"
    );
    let help = k.action(&parse_key("H").unwrap(), Context::Global, false);
    assert_eq!(
        help,
        Some(Action::Help),
        "a valid entry after a bad one applies"
    );
    let q = k.bindings.iter().find(|b| b.label == "Q").unwrap();
    assert_eq!(q.desc, "quit", "desc is optional: the default's is used");
}
