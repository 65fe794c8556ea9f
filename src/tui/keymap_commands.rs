//! The `:` commands, written in the keymap table beside the keys:
//! `[[command]]` entries with a name, aliases, an action (`run`, as for keys)
//! and a description. The `:` line, its Tab completion, the help screen and
//! the README all read them from here.

use serde::Deserialize;

use super::action::Action;
use super::keymap::{Binding, shorter};

/// One `:` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaletteCommand {
    /// The name first, then its aliases.
    pub names: Vec<String>,
    pub action: Action,
    pub desc: String,
}

impl PaletteCommand {
    /// What is typed after the name, when the action takes it.
    pub fn arg(&self) -> Option<&'static str> {
        self.action.takes_name().then_some("NAME")
    }

    /// How it is written: `registry NAME`, `scopemaps|sm`.
    pub fn usage(&self) -> String {
        let names = self.names.join("|");
        match self.arg() {
            Some(arg) => format!("{names} {arg}"),
            None => names,
        }
    }

    pub fn is_named(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommandEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    run: String,
    /// Optional in overrides: the keys' description of the action is used.
    #[serde(default)]
    desc: Option<String>,
}

/// A word typed after `:`: no spaces, nothing a shell-like line would split.
fn check_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "command name {name:?}: use letters, digits, - and _ only"
        ))
    }
}

/// One `[[command]]` entry, checked on its own.
pub(super) fn entry(value: toml::Value) -> Result<PaletteCommand, String> {
    let shown = value.to_string();
    let e = CommandEntry::deserialize(value)
        .map_err(|e| format!("{} in {shown}", shorter(e.message())))?;
    check_name(&e.name)?;
    for alias in &e.aliases {
        check_name(alias)?;
    }
    let action = Action::parse(&e.run).map_err(|why| format!("{} in {shown}", shorter(&why)))?;
    if action.popup_only() {
        return Err(format!(
            "{} works only inside a popup: bind it to a key of that popup's context instead",
            e.run
        ));
    }
    let mut names = vec![e.name];
    names.extend(e.aliases);
    Ok(PaletteCommand {
        names,
        action,
        desc: e.desc.unwrap_or_default(),
    })
}

/// Adds an override: a command with one of its names replaces the old one
/// (whose other names go with it); a missing description is the old one's,
/// else the description of a key bound to the same action.
pub(super) fn merge(commands: &mut Vec<PaletteCommand>, mut new: PaletteCommand, keys: &[Binding]) {
    let replaced = commands
        .iter()
        .position(|old| new.names.iter().any(|n| old.is_named(n)));
    if new.desc.is_empty() {
        new.desc = replaced
            .map(|i| &commands[i])
            .filter(|old| old.action == new.action)
            .map(|old| old.desc.clone())
            .or_else(|| {
                keys.iter()
                    .find(|b| b.action == new.action)
                    .map(|b| b.desc.clone())
            })
            .unwrap_or_else(|| format!("{:?}", new.action));
    }
    match replaced {
        Some(i) => {
            commands.retain(|old| !new.names.iter().any(|n| old.is_named(n)));
            commands.insert(i.min(commands.len()), new);
        }
        None => commands.push(new),
    }
}
