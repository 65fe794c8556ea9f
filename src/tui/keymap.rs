//! The one keymap table: parsed from `assets/keymap.toml` (plus user
//! overrides), used for key routing, the hint bar and the help screen.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use super::action::Action;

pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    Global,
    Registries,
    ScopeMaps,
    Tokens,
    Audit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub key: KeyEvent,
    pub label: String,
    pub action: Action,
    pub desc: String,
    pub context: Context,
}

#[derive(Debug, Deserialize)]
struct Entry {
    on: String,
    run: Action,
    desc: String,
    context: Context,
}

#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    key: Vec<Entry>,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

/// Parses `ctrl-d`, `G`, `?`, `enter`, `pagedown`, `f5`…
pub fn parse_key(s: &str) -> Option<KeyEvent> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = s;
    loop {
        if let Some(r) = rest.strip_prefix("ctrl-") {
            mods |= KeyModifiers::CONTROL;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("alt-") {
            mods |= KeyModifiers::ALT;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("shift-") {
            mods |= KeyModifiers::SHIFT;
            rest = r;
        } else {
            break;
        }
    }
    let code = match rest {
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "delete" => KeyCode::Delete,
        "backspace" => KeyCode::Backspace,
        "space" => KeyCode::Char(' '),
        f if f.len() > 1 && f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
        c if c.chars().count() == 1 => KeyCode::Char(c.chars().next()?),
        _ => return None,
    };
    Some(KeyEvent::new(code, mods))
}

/// Terminals report `G` as shift+G and BackTab with shift: compare loosely.
pub fn same_key(a: &KeyEvent, b: &KeyEvent) -> bool {
    let strip = |k: &KeyEvent| match k.code {
        KeyCode::Char(_) | KeyCode::BackTab => k.modifiers - KeyModifiers::SHIFT,
        _ => k.modifiers,
    };
    a.code == b.code && strip(a) == strip(b)
}

impl Keymap {
    /// The default table with `overrides` (TOML `[[key]]` entries) applied.
    /// Bad entries are reported and skipped; the defaults stay.
    pub fn load(overrides: Option<&str>) -> (Keymap, Vec<String>) {
        let mut problems = Vec::new();
        let mut bindings = Self::parse(DEFAULT_KEYMAP, &mut problems);
        if let Some(text) = overrides {
            for b in Self::parse(text, &mut problems) {
                bindings.retain(|old| {
                    !(old.context == b.context
                        && (same_key(&old.key, &b.key) || old.action == b.action))
                });
                bindings.push(b);
            }
        }
        (Keymap { bindings }, problems)
    }

    fn parse(text: &str, problems: &mut Vec<String>) -> Vec<Binding> {
        let file: File = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                problems.push(format!("keymap: {e}"));
                return Vec::new();
            }
        };
        file.key
            .into_iter()
            .filter_map(|e| match parse_key(&e.on) {
                Some(key) => Some(Binding {
                    key,
                    label: e.on,
                    action: e.run,
                    desc: e.desc,
                    context: e.context,
                }),
                None => {
                    problems.push(format!(
                        "keymap: unknown key {:?}; the default is kept",
                        e.on
                    ));
                    None
                }
            })
            .collect()
    }

    /// The action for a key: the pane's own bindings first, then global ones.
    pub fn action(&self, key: &KeyEvent, context: Context, read_only: bool) -> Option<Action> {
        [context, Context::Global].into_iter().find_map(|ctx| {
            self.bindings
                .iter()
                .find(|b| {
                    b.context == ctx
                        && same_key(&b.key, key)
                        && !(read_only && b.action.is_mutating())
                })
                .map(|b| b.action)
        })
    }

    /// Bindings shown for a context (one per action), mutating ones hidden when read-only.
    pub fn visible(&self, context: Context, read_only: bool) -> Vec<&Binding> {
        let mut seen = Vec::new();
        self.bindings
            .iter()
            .filter(|b| b.context == context && !(read_only && b.action.is_mutating()))
            .filter(|b| {
                let fresh = !seen.contains(&b.action);
                seen.push(b.action);
                fresh
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
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
}
