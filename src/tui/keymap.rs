//! The one keymap table: parsed from `assets/keymap.toml` (plus user
//! overrides), used for key routing, the hint bar, the help screen and the
//! `:` commands (`[[command]]` entries, see keymap_commands.rs).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use super::action::Action;
use super::keymap_commands::{self, PaletteCommand};

pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    Global,
    Registries,
    ScopeMaps,
    Tokens,
    Audit,
    Repositories,
    Identities,
    // Popups: modal, so no global fallback. A text field that has the focus
    // takes `input` first; the keys it leaves reach the field itself.
    /// Help, errors, notices, the audit's gaps: scroll and close.
    Viewer,
    /// A yes/no question.
    Confirm,
    /// A focused text field: the filter, `:` line, a path, a name to type.
    Input,
    /// A list to pick from (the expiry of a new password).
    Choice,
    /// Which password slot.
    Slots,
    /// The show-once password.
    Password,
    /// The scope-map editor's rules.
    Editor,
    /// A new token's name, status and scope map.
    TokenForm,
    /// Granting a Repository role: principal, type, role, repositories.
    GrantForm,
}

impl Context {
    /// Every context with its heading in the help and README, in order.
    pub const ALL: [(Context, &'static str); 16] = [
        (Context::Global, "Everywhere"),
        (Context::Registries, "Registries"),
        (Context::ScopeMaps, "Scope maps"),
        (Context::Tokens, "Tokens"),
        (Context::Audit, "Audit"),
        (Context::Repositories, "Repositories"),
        (Context::Identities, "Identities"),
        (Context::Viewer, "Help, errors, lists"),
        (Context::Confirm, "Questions"),
        (Context::Input, "Text fields"),
        (Context::Choice, "Expiry choice"),
        (Context::Slots, "Password slot"),
        (Context::Password, "New password (shown once)"),
        (Context::Editor, "Scope-map editor"),
        (Context::TokenForm, "Token form"),
        (Context::GrantForm, "Grant form"),
    ];

    /// Whether read-only mode can open it: the popups that only go on with
    /// a change are left out of its help.
    pub fn in_read_only(self) -> bool {
        !matches!(
            self,
            Context::Choice
                | Context::Slots
                | Context::Password
                | Context::Editor
                | Context::TokenForm
                | Context::GrantForm
        )
    }
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
#[serde(deny_unknown_fields)]
struct Entry {
    on: String,
    /// An action's name and its argument, if it takes one (`expiry 30d`).
    run: String,
    /// Optional: the default binding's description for the action is used.
    #[serde(default)]
    desc: Option<String>,
    context: Context,
}

/// Entries stay raw TOML values so that each is checked on its own: one bad
/// entry is reported and skipped, the others still apply.
#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    key: Vec<toml::Value>,
    #[serde(default)]
    command: Vec<toml::Value>,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
    /// The `:` commands, in the order the help lists them.
    pub commands: Vec<PaletteCommand>,
}

/// serde's "unknown variant `x`, expected one of …" lists every action (over
/// 60): past a dozen, the list gives way to where the actions are written.
pub(super) fn shorter(message: &str) -> String {
    match message.split_once(", expected one of ") {
        Some((head, list)) if list.matches(',').count() > 12 => format!(
            "{} (the actions are listed in the README keys table and assets/keymap.toml)",
            head.replace("unknown variant", "unknown action")
        ),
        _ => message.to_string(),
    }
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
    /// The default table with `overrides` (TOML `[[key]]` and `[[command]]`
    /// entries) applied. Bad entries are reported and skipped; the defaults stay.
    pub fn load(overrides: Option<&str>) -> (Keymap, Vec<String>) {
        let mut problems = Vec::new();
        let (mut bindings, mut commands) = Self::parse(DEFAULT_KEYMAP, &mut problems);
        if let Some(text) = overrides {
            let (keys, extra) = Self::parse(text, &mut problems);
            for mut b in keys {
                if b.desc.is_empty() {
                    b.desc = bindings
                        .iter()
                        .find(|d| d.action == b.action)
                        .map_or_else(|| format!("{:?}", b.action), |d| d.desc.clone());
                }
                bindings.retain(|old| {
                    !(old.context == b.context
                        && (same_key(&old.key, &b.key) || old.action == b.action))
                });
                bindings.push(b);
            }
            for c in extra {
                keymap_commands::merge(&mut commands, c, &bindings);
            }
        }
        (Keymap { bindings, commands }, problems)
    }

    fn parse(text: &str, problems: &mut Vec<String>) -> (Vec<Binding>, Vec<PaletteCommand>) {
        let file: File = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                problems.push(format!("keymap: no override applied: {e}"));
                return (Vec::new(), Vec::new());
            }
        };
        let keys = file
            .key
            .into_iter()
            .enumerate()
            .filter_map(|(i, value)| match Self::entry(value) {
                Ok(b) => Some(b),
                Err(why) => {
                    problems.push(format!("keymap: [[key]] entry {}: {why}; skipped", i + 1));
                    None
                }
            })
            .collect();
        let commands = file
            .command
            .into_iter()
            .enumerate()
            .filter_map(|(i, value)| match keymap_commands::entry(value) {
                Ok(c) => Some(c),
                Err(why) => {
                    problems.push(format!(
                        "keymap: [[command]] entry {}: {why}; skipped",
                        i + 1
                    ));
                    None
                }
            })
            .collect();
        (keys, commands)
    }

    fn entry(value: toml::Value) -> Result<Binding, String> {
        let shown = value.to_string();
        let e = Entry::deserialize(value)
            .map_err(|e| format!("{} in {shown}", shorter(e.message())))?;
        let key = parse_key(&e.on).ok_or_else(|| {
            format!(
                "unknown key {:?} (use a character, ctrl-x, alt-x, enter, esc, tab, up, pagedown, f5…)",
                e.on
            )
        })?;
        let action =
            Action::parse(&e.run).map_err(|why| format!("{} in {shown}", shorter(&why)))?;
        if action.takes_name() {
            return Err(format!(
                "{} needs the name typed after it: use it in a [[command]] entry",
                e.run
            ));
        }
        // Empty when left out: `load` takes the default binding's.
        let desc = e.desc.unwrap_or_default();
        Ok(Binding {
            key,
            label: e.on,
            action,
            desc,
            context: e.context,
        })
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

    /// A popup's action for a key: its own context only (popups are modal).
    pub fn popup_action(&self, key: &KeyEvent, context: Context) -> Option<Action> {
        self.bindings
            .iter()
            .find(|b| b.context == context && same_key(&b.key, key))
            .map(|b| b.action)
    }

    /// The keys bound to `action` in `context`, as a hint shows them (`y/enter`).
    pub fn keys_for(&self, context: Context, action: Action) -> String {
        let keys: Vec<&str> = self
            .bindings
            .iter()
            .filter(|b| b.context == context && b.action == action)
            .map(|b| b.label.as_str())
            .collect();
        if keys.is_empty() {
            "(unbound)".to_string()
        } else {
            keys.join("/")
        }
    }

    /// The first key bound to `action` in `context`, for short hints (`esc`).
    pub fn first_key(&self, context: Context, action: Action) -> &str {
        self.bound_key(context, action).unwrap_or("(unbound)")
    }

    /// The first key bound to `action` in `context`, if any.
    pub fn bound_key(&self, context: Context, action: Action) -> Option<&str> {
        self.bindings
            .iter()
            .find(|b| b.context == context && b.action == action)
            .map(|b| b.label.as_str())
    }

    /// A popup's hint line for `actions`: each one's keys and description,
    /// from the keymap, so a rebinding shows where it applies.
    pub fn hint(&self, context: Context, actions: &[Action]) -> String {
        actions
            .iter()
            .map(|a| {
                let desc = self
                    .bindings
                    .iter()
                    .find(|b| b.context == context && b.action == *a)
                    .map_or("", |b| b.desc.as_str());
                format!("{} {desc}", self.keys_for(context, *a))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Each action of a context with every key bound to it: (`j down`, "down").
    pub fn keys_by_action(&self, context: Context, read_only: bool) -> Vec<(String, String)> {
        self.visible(context, read_only)
            .into_iter()
            .map(|b| {
                let keys: Vec<&str> = self
                    .bindings
                    .iter()
                    .filter(|o| o.context == context && o.action == b.action)
                    .map(|o| o.label.as_str())
                    .collect();
                (keys.join(" "), b.desc.clone())
            })
            .collect()
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
#[path = "keymap_tests.rs"]
mod tests;
