//! The `:` command line: one table of commands (names, argument, what it
//! does) feeds the parser, the help screen, the README and the error for an
//! unknown command. A command that succeeds clears an error left on screen.

use super::app::App;
use super::state::View;

/// One `:` command.
pub struct PaletteCommand {
    /// The name first, then its aliases.
    pub names: &'static [&'static str],
    pub arg: Option<&'static str>,
    pub desc: &'static str,
    run: Run,
}

#[derive(Clone, Copy)]
enum Run {
    Quit,
    Show(View),
    Registry,
    Subscription,
}

pub const COMMANDS: &[PaletteCommand] = &[
    PaletteCommand {
        names: &["registries", "reg"],
        arg: None,
        desc: "the registries pane",
        run: Run::Show(View::Registries),
    },
    PaletteCommand {
        names: &["scopemaps", "sm"],
        arg: None,
        desc: "the scope maps of the selected registry",
        run: Run::Show(View::ScopeMaps),
    },
    PaletteCommand {
        names: &["tokens", "tk"],
        arg: None,
        desc: "the tokens of the selected registry",
        run: Run::Show(View::Tokens),
    },
    PaletteCommand {
        names: &["audit"],
        arg: None,
        desc: "every token, worst first",
        run: Run::Show(View::Audit),
    },
    PaletteCommand {
        names: &["repositories", "repos"],
        arg: None,
        desc: "the repositories of the selected registry, and the tokens reaching each",
        run: Run::Show(View::Repositories),
    },
    PaletteCommand {
        names: &["identities", "roles"],
        arg: None,
        desc: "the Entra role assignments reaching the selected registry, and what each gives",
        run: Run::Show(View::Identities),
    },
    PaletteCommand {
        names: &["registry"],
        arg: Some("NAME"),
        desc: "open that registry's tokens",
        run: Run::Registry,
    },
    PaletteCommand {
        names: &["sub"],
        arg: Some("NAME"),
        desc: "go to that subscription's first registry (name or id)",
        run: Run::Subscription,
    },
    PaletteCommand {
        names: &["quit", "q"],
        arg: None,
        desc: "quit",
        run: Run::Quit,
    },
];

/// How a command is written: `registry NAME`, `scopemaps|sm`.
pub fn usage(c: &PaletteCommand) -> String {
    let names = c.names.join("|");
    match c.arg {
        Some(arg) => format!("{names} {arg}"),
        None => names,
    }
}

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
        let Some(command) = COMMANDS.iter().find(|c| c.names.contains(&name)) else {
            let known: Vec<String> = COMMANDS.iter().map(|c| format!(":{}", usage(c))).collect();
            return self.flash(
                format!("unknown command :{name}; try {}", known.join(" ")),
                true,
            );
        };
        if command.arg.is_some() && arg.is_empty() {
            return self.flash(format!(":{} needs a name", usage(command)), true);
        }
        // A command that works clears an error left from before.
        if self.flash.as_ref().is_some_and(|f| f.error) {
            self.flash = None;
        }
        match command.run {
            Run::Quit => self.quit = true,
            Run::Show(view) => self.view = view,
            Run::Registry | Run::Subscription => self.go_to_registry(command.run, &arg),
        }
    }

    fn go_to_registry(&mut self, run: Run, arg: &str) {
        let by_registry = matches!(run, Run::Registry);
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
