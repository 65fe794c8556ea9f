//! App state and `update(Msg)`: pure, never awaits, never does I/O. Effects
//! leave as `Command`s through `take_commands`.

use chrono::{DateTime, Duration, Utc};

use super::command::{Command, CommandKind, OpId};
use super::keymap::{Context, Keymap};
use super::msg::Msg;
use super::ops::{Ops, Then};
use super::panes::Panes;
use super::popups::Popup;
use super::state::{ListState, RegistryEntry, View};
use super::store::Store;
use crate::arm::RegistryRef;
use crate::domain::expiry::Thresholds;
use crate::domain::login::LoginTool;

/// Settings from flags and the config file.
#[derive(Debug, Clone)]
pub struct Settings {
    pub read_only: bool,
    pub thresholds: Thresholds,
    pub login_tool: LoginTool,
    /// Index into the expiry choices of the generate popup.
    pub default_expiry: usize,
    /// The Key Vault sink the show-once popup offers (`deliver` in the config).
    pub deliver: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            read_only: false,
            thresholds: Thresholds::default(),
            login_tool: LoginTool::Docker,
            default_expiry: 1,
            deliver: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Flash {
    pub text: String,
    pub error: bool,
    pub until: DateTime<Utc>,
}

/// The text line at the bottom: a list filter or the command palette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    Filter,
    Palette,
}

#[derive(Debug, Clone)]
pub struct Input {
    pub kind: InputKind,
    pub text: super::text_field::TextField,
    /// Which remembered `:` command Up/Down has put in the line, if any.
    pub recall: Option<usize>,
}

pub struct App {
    pub keymap: Keymap,
    pub settings: Settings,
    pub connection: String,
    pub now: DateTime<Utc>,
    /// ARM throttled a request: the header says until when (pacing.rs).
    pub throttled_until: Option<DateTime<Utc>>,
    pub size: (u16, u16),
    /// The loaded data; only its methods change it (and bump its version).
    pub(crate) store: Store,
    pub view: View,
    /// The list panes, each with its selection, scroll, filter, sort and rows.
    pub panes: Panes,
    /// The registry the user moved to, kept selected while registries stream
    /// in; until they move, the cursor stays on the first row (whichever
    /// subscription answers first).
    pub(super) chosen_registry: Option<RegistryRef>,
    /// Where each jump (open, go to token, `:registry`) came from: Esc goes back.
    pub(super) back: Vec<View>,
    /// The `:` commands run, oldest first (Up/Down recall them).
    pub(super) palette_history: Vec<String>,
    /// Rotations whose old password still waits to be retired (`R` resumes).
    pub(super) rotations: Vec<super::rotation::PendingRotation>,
    /// Open popups, the top one last: it takes the keys and is drawn last.
    pub(super) popups: Vec<Popup>,
    pub input: Option<Input>,
    pub flash: Option<Flash>,
    pub clipboard_clears_at: Option<DateTime<Utc>>,
    /// Operations in flight, by id, with their follow-ups.
    pub ops: Ops,
    pub quit: bool,
    commands: Vec<Command>,
    dirty: bool,
}

impl App {
    pub fn new(keymap: Keymap, settings: Settings, connection: String, now: DateTime<Utc>) -> App {
        App {
            keymap,
            settings,
            connection,
            now,
            throttled_until: None,
            size: (80, 24),
            store: Store::default(),
            view: View::Registries,
            panes: Panes::default(),
            chosen_registry: None,
            back: Vec::new(),
            palette_history: Vec::new(),
            rotations: Vec::new(),
            popups: Vec::new(),
            input: None,
            flash: None,
            clipboard_clears_at: None,
            ops: Ops::default(),
            quit: false,
            commands: Vec::new(),
            dirty: true,
        }
    }

    /// A new App asks for the inventory first.
    pub fn started(mut self) -> App {
        self.run(CommandKind::LoadInventory);
        self
    }

    pub fn take_commands(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.commands)
    }

    /// Something changed since the last draw; clears the flag.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::replace(&mut self.dirty, false)
    }

    /// Ticks are needed only while something moves.
    pub fn animating(&self) -> bool {
        self.throttled_until.is_some_and(|u| u > self.now)
            || !self.store.progress().finished
            || !self.ops.is_empty()
            || self.flash.is_some()
            || self.clipboard_clears_at.is_some()
            || self.popups.iter().any(|p| matches!(p, Popup::Password(_)))
    }

    pub fn context(&self) -> Context {
        match self.view {
            View::Registries => Context::Registries,
            View::ScopeMaps => Context::ScopeMaps,
            View::Tokens => Context::Tokens,
            View::Audit => Context::Audit,
            View::Repositories => Context::Repositories,
            View::Identities => Context::Identities,
        }
    }

    pub fn list(&self) -> &ListState {
        self.panes.get(self.view).list()
    }

    pub fn list_mut(&mut self) -> &mut ListState {
        self.panes.get_mut(self.view).list_mut()
    }

    pub(super) fn run(&mut self, kind: CommandKind) -> Option<OpId> {
        self.run_then(kind, Then::Nothing)
    }

    /// Starts an operation with the step that follows it; refused (and said
    /// so) while another operation changes the same resource.
    pub(super) fn run_then(&mut self, kind: CommandKind, then: Then) -> Option<OpId> {
        match self.ops.start(&kind, then) {
            Ok(id) => {
                self.commands.push(Command { id, kind });
                Some(id)
            }
            Err(why) => {
                self.flash(why, true);
                None
            }
        }
    }

    /// Stops waiting for the operation on `target`: its spinner and
    /// follow-up go, its task is aborted. A change may still be applied by
    /// the service, so with `reread` its registry is read again.
    pub(super) fn cancel_op(&mut self, target: &super::command::Target, reread: bool) {
        let Some(id) = self.ops.id_of(target) else {
            return;
        };
        self.ops.finish(id);
        self.commands.push(Command {
            id,
            kind: CommandKind::Cancel(id),
        });
        let registry = match target {
            super::command::Target::Registry(r)
            | super::command::Target::Token(r, _)
            | super::command::Target::ScopeMap(r, _) => Some(r),
            // A grant or removal may have happened: its assignments are read.
            super::command::Target::RoleAssignments(r) => {
                if reread {
                    self.read_identities_of(r.clone());
                }
                return self.flash("cancelled", false);
            }
            super::command::Target::File(_) => None,
        };
        let info = registry.and_then(|r| self.entry(r)).map(|e| e.info.clone());
        match info {
            Some(info) if reread => {
                self.run(CommandKind::ReloadRegistry(info));
            }
            _ => self.flash("cancelled", false),
        }
    }

    /// A transient message in the footer; errors stay longer.
    pub fn flash(&mut self, text: impl Into<String>, error: bool) {
        self.flash = Some(Flash {
            text: text.into(),
            error,
            until: self.now + Duration::seconds(if error { 8 } else { 4 }),
        });
    }

    /// Config and keymap problems found at start, each in full in a popup
    /// (nothing is shown when there are none).
    pub fn show_problems(&mut self, problems: Vec<String>) {
        if !problems.is_empty() {
            self.open(Popup::Notice(super::popups::notice::Notice {
                title: "Config problems: the rest of the file applies".to_string(),
                items: problems,
                scroll: 0,
            }));
        }
    }

    /// A jump into `view`: Esc comes back here. Bounded, as a long session
    /// of jumps must not grow it without end.
    pub(super) fn go_into(&mut self, view: View) {
        if view != self.view {
            if self.back.len() == 16 {
                self.back.remove(0);
            }
            self.back.push(self.view);
        }
        self.view = view;
    }

    pub fn update(&mut self, msg: Msg) {
        self.dirty = true;
        match msg {
            Msg::Key(key) => self.on_key(key),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Mouse(m) => self.on_mouse(m),
            Msg::Resize(w, h) => self.size = (w, h),
            Msg::Tick(now) => self.on_tick(now),
            Msg::Inventory(event) => self.on_inventory(event),
            Msg::Done(id, outcome) => self.on_outcome(id, outcome),
            Msg::Throttled(until) => self.throttled_until = Some(until),
        }
        self.read_repositories_when_shown();
        self.read_identities_when_shown();
    }

    fn on_tick(&mut self, now: DateTime<Utc>) {
        self.now = now;
        if self.flash.as_ref().is_some_and(|f| f.until <= now) {
            self.flash = None;
        }
        if self.clipboard_clears_at.is_some_and(|t| t <= now) {
            self.clipboard_clears_at = None;
        }
        // A probe refused during the replication minute is asked again.
        let retries: Vec<CommandKind> = self
            .popups
            .iter_mut()
            .filter_map(|p| match p {
                Popup::Password(shown) => shown.due_retry(now),
                _ => None,
            })
            .collect();
        for kind in retries {
            self.run(kind);
        }
    }

    /// A paste goes to the focused field, first line only (TextField::paste).
    /// A paste goes to the focused text field only (its first line, never
    /// submitting it); with none focused it is dropped and said, so pasted
    /// text can never act as keys.
    fn on_paste(&mut self, text: &str) {
        let taken = match (self.popups.last_mut(), &mut self.input) {
            (Some(popup), _) => popup.component_mut().paste(text),
            (None, Some(input)) => {
                input.text.paste(text);
                if input.kind == InputKind::Filter {
                    let filter = input.text.value().to_string();
                    self.list_mut().filter = filter;
                }
                true
            }
            (None, None) => false,
        };
        if !taken {
            let n = text.chars().count();
            self.flash(
                format!("ignored a paste of {n} characters: no text field has focus"),
                true,
            );
        }
    }

    // ----- popups -----

    /// The popup on top, the one that takes the keys.
    pub fn popup(&self) -> Option<&Popup> {
        self.popups.last()
    }

    /// Opens a popup over whatever is open.
    pub(super) fn open(&mut self, popup: Popup) {
        self.popups.push(popup);
    }

    /// Closes the top popup.
    pub(super) fn close_popup(&mut self) {
        self.popups.pop();
    }

    /// Closes every popup (the screenshots start each scene from none).
    pub fn close_popups(&mut self) {
        self.popups.clear();
    }

    /// What components may read while handling a key or drawing.
    pub fn ctx(&self) -> super::popups::Ctx<'_> {
        super::popups::Ctx {
            now: self.now,
            keymap: &self.keymap,
            read_only: self.settings.read_only,
            deliver: self.settings.deliver.as_deref(),
        }
    }

    // ----- data -----

    /// The loaded data.
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn entry(&self, r: &RegistryRef) -> Option<&RegistryEntry> {
        self.store.entry(r)
    }
}
