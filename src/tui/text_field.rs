//! One text field for every input in the console: readline keys and a cursor
//! (tui-input: Left/Right, Home/End, Ctrl-A/E/B/F, Ctrl-U/K/W, Alt-B/F,
//! Delete), a length cap, single-line pastes, and no control characters.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

#[derive(Debug, Clone, Default)]
pub struct TextField {
    input: Input,
    max: usize,
}

/// Equal when they hold the same text with the cursor in the same place.
impl PartialEq for TextField {
    fn eq(&self, other: &TextField) -> bool {
        self.input.value() == other.input.value() && self.input.cursor() == other.input.cursor()
    }
}

impl Eq for TextField {}

impl TextField {
    pub fn new(value: &str, max: usize) -> TextField {
        let value: String = value.chars().take(max).collect();
        TextField {
            input: Input::new(value),
            max,
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    pub fn is_empty(&self) -> bool {
        self.input.value().is_empty()
    }

    /// Handles an editing key; `false` for keys that are not editing (Enter,
    /// Esc, Tab, Up/Down…), which the owner decides about. Printable keys are
    /// always taken while the field has focus, even past the length cap, so a
    /// burst of typing or an unbracketed paste never triggers anything else.
    pub fn key(&mut self, key: &KeyEvent) -> bool {
        let Some(request) = to_input_request(&Event::Key(*key)) else {
            return matches!(key.code, KeyCode::Char(_))
                && !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        };
        match request {
            InputRequest::InsertChar(c) if c.is_control() => {}
            InputRequest::InsertChar(_) if self.input.value().chars().count() >= self.max => {}
            other => {
                self.input.handle(other);
            }
        }
        true
    }

    /// The first line of a paste, without control characters, up to the cap.
    pub fn paste(&mut self, text: &str) {
        let room = self.max.saturating_sub(self.input.value().chars().count());
        for c in text
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_control())
            .take(room)
        {
            self.input.handle(InputRequest::InsertChar(c));
        }
    }

    /// The text with the cursor shown: the character under it reversed, or a
    /// `_` after the end.
    pub fn spans(&self, style: Style) -> Vec<Span<'static>> {
        let chars: Vec<char> = self.input.value().chars().collect();
        let at = self.input.cursor().min(chars.len());
        let before: String = chars[..at].iter().collect();
        let mut spans = vec![Span::styled(before, style)];
        match chars.get(at) {
            Some(c) => {
                spans.push(Span::styled(
                    c.to_string(),
                    style.add_modifier(Modifier::REVERSED),
                ));
                spans.push(Span::styled(
                    chars[at + 1..].iter().collect::<String>(),
                    style,
                ));
            }
            None => spans.push(Span::styled("_", style)),
        }
        spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(field: &mut TextField, keys: &[KeyEvent]) {
        for k in keys {
            field.key(k);
        }
    }

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn readline_keys_and_the_cursor_work() {
        let mut f = TextField::new("abc", 50);
        typed(
            &mut f,
            &[k(KeyCode::Left), k(KeyCode::Left), k(KeyCode::Char('X'))],
        );
        assert_eq!(f.value(), "aXbc");
        typed(&mut f, &[k(KeyCode::Home), k(KeyCode::Char('>'))]);
        assert_eq!(f.value(), ">aXbc");
        typed(&mut f, &[ctrl('e'), ctrl('w')]);
        assert_eq!(f.value(), ">", "Ctrl-W deletes the word before the cursor");
        typed(
            &mut f,
            &[
                k(KeyCode::Char('a')),
                k(KeyCode::Char(' ')),
                k(KeyCode::Char('b')),
                ctrl('u'),
            ],
        );
        assert_eq!(f.value(), "", "Ctrl-U clears the line");
    }

    #[test]
    fn the_cap_holds_and_printable_keys_are_always_taken() {
        let mut f = TextField::new("", 3);
        for c in "abcdef".chars() {
            assert!(f.key(&k(KeyCode::Char(c))), "{c} leaked out of the field");
        }
        assert_eq!(f.value(), "abc");
        assert!(!f.key(&k(KeyCode::Enter)));
        f.paste("\u{1b}[31mxyz\nsecond line");
        assert_eq!(f.value(), "abc");
        let mut g = TextField::new("", 20);
        g.paste("a\u{7}b\tc\nnext");
        assert_eq!(g.value(), "abc");
    }
}
