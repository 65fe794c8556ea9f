//! The `:` command line: the commands come from the keymap table
//! (`[[command]]` entries, keymap_commands.rs) and run their action as its
//! key would, read-only rules included. A command that succeeds clears an
//! error left on screen.

use super::action::Action;
use super::app::App;
use super::state::View;

/// The most recent commands kept for Up/Down in the `:` line.
pub const HISTORY: usize = 50;

impl App {
    pub(super) fn palette(&mut self, text: &str) {
        let mut words = text.split_whitespace();
        let (name, arg) = (
            words.next().unwrap_or_default(),
            words.collect::<Vec<_>>().join(" "),
        );
        if name.is_empty() {
            return;
        }
        self.remember_command(text.trim());
        let Some(command) = self.keymap.commands.iter().find(|c| c.is_named(name)) else {
            return self.flash(
                format!("unknown command :{name}; {}", self.command_list()),
                true,
            );
        };
        let (action, usage) = (command.action, command.usage());
        if let Some(problem) = self.command_refusal(action, &usage, &arg) {
            return self.flash(problem, true);
        }
        // A command that works clears an error left from before.
        if self.flash.as_ref().is_some_and(|f| f.error) {
            self.flash = None;
        }
        if action.takes_name() {
            self.go_to_registry(action, &arg);
        } else {
            self.on_action(action);
        }
    }

    /// Why `:usage` cannot run as typed: a missing or stray argument, or a
    /// change in read-only mode.
    fn command_refusal(&self, action: Action, usage: &str, arg: &str) -> Option<String> {
        if action.takes_name() && arg.is_empty() {
            return Some(format!(":{usage} needs a name"));
        }
        if !action.takes_name() && !arg.is_empty() {
            return Some(format!(":{usage} takes no argument (got {arg:?})"));
        }
        (self.settings.read_only && action.is_mutating())
            .then(|| "read-only: changes are disabled (started with --read-only)".to_string())
    }

    /// The commands there are, for an unknown one: `try :registries|reg …`.
    fn command_list(&self) -> String {
        let known: Vec<String> = self
            .keymap
            .commands
            .iter()
            .filter(|c| !(self.settings.read_only && c.action.is_mutating()))
            .map(|c| format!(":{}", c.usage()))
            .collect();
        format!("try {}", known.join(" "))
    }

    fn go_to_registry(&mut self, action: Action, arg: &str) {
        let by_registry = action == Action::GoToRegistry;
        let found = self.store.registries().iter().find(|e| {
            if by_registry {
                e.info.registry.name.eq_ignore_ascii_case(arg)
            } else {
                e.subscription_name.eq_ignore_ascii_case(arg)
                    || e.info.registry.subscription.eq_ignore_ascii_case(arg)
            }
        });
        match found.map(|e| e.reference().clone()) {
            Some(r) => {
                self.select_registry(&r);
                self.go_into(if by_registry {
                    View::Tokens
                } else {
                    View::Registries
                });
            }
            None => {
                let what = if by_registry {
                    "registry"
                } else {
                    "subscription"
                };
                self.flash(format!("no {what} named {arg:?}"), true)
            }
        }
    }

    fn remember_command(&mut self, text: &str) {
        self.palette_history.retain(|h| h != text);
        if self.palette_history.len() == HISTORY {
            self.palette_history.remove(0);
        }
        self.palette_history.push(text.to_string());
    }
}
