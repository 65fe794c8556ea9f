//! Tab in the `:` line: completes a command name (aliases included), then
//! the registry or subscription name its argument takes. One candidate
//! completes; several complete their common prefix and are listed.

use super::action::Action;
use super::app::App;

impl App {
    /// Completes `text`; returns the new text, when it changed.
    pub(super) fn complete_palette(&mut self, text: &str) -> Option<String> {
        let (done, word, candidates) = match text.split_once(' ') {
            None => {
                let commands = self.keymap.commands.iter();
                let names = commands.flat_map(|c| c.names.iter().cloned());
                ("", text, names.collect::<Vec<_>>())
            }
            Some((command, arg)) => {
                let arg = arg.trim_start();
                (command, arg, self.argument_candidates(command))
            }
        };
        let lower = word.to_ascii_lowercase();
        let mut matching: Vec<&String> = candidates
            .iter()
            .filter(|c| c.to_ascii_lowercase().starts_with(&lower))
            .collect();
        matching.sort();
        matching.dedup();
        let completed = match matching.as_slice() {
            [] => return None,
            [one] => match (done.is_empty(), self.takes_argument(one)) {
                (true, true) => format!("{one} "),
                _ => one.to_string(),
            },
            several => {
                let shown: Vec<&str> = several.iter().take(8).map(|s| s.as_str()).collect();
                let more = several.len().saturating_sub(shown.len());
                let tail = if more > 0 {
                    format!(" … and {more} more")
                } else {
                    String::new()
                };
                self.flash(format!("{}{tail}", shown.join("  ")), false);
                common_prefix(several)
            }
        };
        let new = if done.is_empty() {
            completed
        } else {
            format!("{done} {completed}")
        };
        (new != text).then_some(new)
    }

    /// What the argument of `command` can be: registry or subscription names.
    fn argument_candidates(&self, command: &str) -> Vec<String> {
        let registries = self.store.registries().iter();
        let action = self.keymap.commands.iter().find(|c| c.is_named(command));
        match action.map(|c| c.action) {
            Some(Action::GoToRegistry) => {
                registries.map(|e| e.info.registry.name.clone()).collect()
            }
            Some(Action::GoToSubscription) => {
                registries.map(|e| e.subscription_name.clone()).collect()
            }
            _ => Vec::new(),
        }
    }

    fn takes_argument(&self, name: &str) -> bool {
        self.keymap
            .commands
            .iter()
            .any(|c| c.action.takes_name() && c.is_named(name))
    }
}

/// The longest prefix all `words` share (by characters, case as the first).
fn common_prefix(words: &[&String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut len = first.chars().count();
    for w in &words[1..] {
        len = first
            .chars()
            .zip(w.chars())
            .take(len)
            .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
            .count();
    }
    first.chars().take(len).collect()
}
