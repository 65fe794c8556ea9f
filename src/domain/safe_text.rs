//! Text that came from a server, made safe to show. Names and descriptions are
//! the service's (or an attacker's) words: printed raw, they can write the
//! clipboard (OSC 52), clear the screen, retitle the window, or reorder what
//! the reader sees (bidi overrides). One function for the console and every
//! report, so they cannot disagree. JSON output stays exact.

use std::borrow::Cow;

/// Control characters (C0, DEL, C1) and the bidi controls that reorder text.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// The text with every unsafe character written as `\u{…}`.
pub fn escaped(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if is_unsafe(c) {
                    format!("\\u{{{:x}}}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// A CSV cell a spreadsheet will not run: escaped as above, and a cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with
/// `'` (OWASP's advice on CSV injection).
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let text = escaped(s);
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn terminal_controls_and_bidi_are_escaped() {
        assert_eq!(escaped("ci-push"), "ci-push");
        assert_eq!(
            escaped("a\u{1b}]52;c;ZXZpbA==\u{7}b"),
            "a\\u{1b}]52;c;ZXZpbA==\\u{7}b"
        );
        assert_eq!(escaped("x\u{1b}[2J"), "x\\u{1b}[2J");
        assert_eq!(escaped("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(escaped("nul\0"), "nul\\u{0}");
        assert_eq!(escaped("c1\u{9b}31m"), "c1\\u{9b}31m");
    }

    #[test]
    fn formulas_are_neutralised_in_csv() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        for lead in ["+1", "-1", "@SUM(A1)"] {
            assert!(csv_cell(lead).starts_with('\''), "{lead}");
        }
        assert_eq!(csv_cell("\tx"), "\\u{9}x", "a tab is a control: escaped");
        assert_eq!(csv_cell("github-actions"), "github-actions");
    }

    proptest! {
        #[test]
        fn nothing_unsafe_survives(s in any::<String>()) {
            prop_assert!(!escaped(&s).chars().any(is_unsafe));
            let cell = csv_cell(&s);
            prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']));
        }
    }
}
