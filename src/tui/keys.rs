//! Key routing: the top popup, then the filter/palette line, then the keymap
//! (focused pane first, then global). Ctrl-C always quits.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::app::{App, Input, InputKind};
use super::command::Command;
use super::popups::confirm::Confirm;
use super::popups::gaps::GapsPopup;
use super::popups::generate::Generate;
use super::popups::help::Help;
use super::popups::preview::Preview;
use super::popups::scope_editor::ScopeEditor;
use super::popups::slot_choice::SlotChoice;
use super::popups::token_form::TokenForm;
use super::popups::{Export, Popup, Reply, edit_line};
use super::state::View;
use crate::arm::TokenUpdate;
use crate::domain::expiry::TokenState;

const AUDIT_FILTERS: [Option<TokenState>; 8] = [
    None,
    Some(TokenState::Expired),
    Some(TokenState::Critical),
    Some(TokenState::Warning),
    Some(TokenState::Never),
    Some(TokenState::Disabled),
    Some(TokenState::NoPasswords),
    Some(TokenState::Ok),
];

impl App {
    pub(super) fn on_key(&mut self, key: KeyEvent) {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.quit = true;
            return;
        }
        if let Some(popup) = self.popup.as_mut() {
            let reply = match popup {
                Popup::Help(p) => p.key(&key),
                Popup::Confirm(p) => p.key(&key),
                Popup::Generate(p) => p.key(&key, self.now),
                Popup::Password(p) => p.key(&key),
                Popup::Preview(p) => p.key(&key),
                Popup::Error(p) => p.key(&key),
                Popup::Gaps(p) => p.key(&key),
                Popup::ScopeEditor(p) => p.key(&key),
                Popup::TokenForm(p) => p.key(&key),
                Popup::SlotChoice(p) => p.key(&key),
                Popup::Export(p) => match key.code {
                    KeyCode::Esc => Reply::Close,
                    KeyCode::Enter => {
                        let path = p.path.trim().to_string();
                        let reply = self.export(&path);
                        return self.on_reply(reply);
                    }
                    _ => {
                        edit_line(&mut p.path, &key, 512);
                        Reply::Stay
                    }
                },
            };
            return self.on_reply(reply);
        }
        if self.input.is_some() {
            return self.on_input_key(key);
        }
        let Some(action) = self
            .keymap
            .action(&key, self.context(), self.settings.read_only)
        else {
            if self.settings.read_only
                && self
                    .keymap
                    .action(&key, self.context(), false)
                    .is_some_and(Action::is_mutating)
            {
                self.flash(
                    "read-only: changes are disabled (started with --read-only)",
                    true,
                );
            }
            return;
        };
        self.on_action(action);
    }

    fn on_reply(&mut self, reply: Reply) {
        match reply {
            Reply::Stay => {}
            Reply::Close => self.popup = None,
            Reply::Run(c) => self.run(c),
            Reply::CloseAndRun(c) => {
                self.popup = None;
                self.run(c);
            }
            Reply::Replace(p) => self.popup = Some(*p),
        }
    }

    fn on_input_key(&mut self, key: KeyEvent) {
        let Some(input) = self.input.as_mut() else {
            return;
        };
        match key.code {
            KeyCode::Esc => {
                if input.kind == InputKind::Filter {
                    self.list_mut().filter.clear();
                }
                self.input = None;
            }
            KeyCode::Enter => {
                let input = self.input.take();
                if let Some(Input {
                    kind: InputKind::Palette,
                    text,
                }) = input
                {
                    self.palette(&text);
                }
            }
            _ => {
                edit_line(&mut input.text, &key, 128);
                if input.kind == InputKind::Filter {
                    let text = input.text.clone();
                    let list = self.list_mut();
                    list.filter = text;
                    list.selected = 0;
                }
            }
        }
    }

    fn palette(&mut self, text: &str) {
        let mut words = text.split_whitespace();
        let (cmd, arg) = (
            words.next().unwrap_or_default(),
            words.collect::<Vec<_>>().join(" "),
        );
        match cmd {
            "q" | "quit" => self.quit = true,
            "registries" | "reg" => self.view = View::Registries,
            "scopemaps" | "sm" => self.view = View::ScopeMaps,
            "tokens" | "tk" => self.view = View::Tokens,
            "audit" => self.view = View::Audit,
            "registry" | "sub" => {
                let found = self.registries.iter().find(|e| {
                    if cmd == "registry" { e.info.registry.name.eq_ignore_ascii_case(&arg) } else { e.subscription_name.eq_ignore_ascii_case(&arg) || e.info.registry.subscription.eq_ignore_ascii_case(&arg) }
                });
                match found.map(|e| e.reference().clone()) {
                    Some(r) => {
                        self.select_registry(&r);
                        self.view = if cmd == "registry" { View::Tokens } else { View::Registries };
                    }
                    None => self.flash(format!("no {cmd} named {arg:?}"), true),
                }
            }
            "" => {}
            other => self.flash(format!("unknown command :{other}; try :registries :sm :tk :audit :registry NAME :sub NAME :q"), true),
        }
    }

    fn move_selection(&mut self, f: impl Fn(usize, usize) -> usize) {
        let len = self.visible_len();
        let list = self.list_mut();
        list.selected = if len == 0 {
            0
        } else {
            f(list.selected, len).min(len - 1)
        };
    }

    fn on_action(&mut self, action: Action) {
        let page = usize::from(self.size.1.saturating_sub(8)).max(1);
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.popup = Some(Popup::Help(Help::default())),
            Action::Palette => {
                self.input = Some(Input {
                    kind: InputKind::Palette,
                    text: String::new(),
                })
            }
            Action::Filter => {
                self.input = Some(Input {
                    kind: InputKind::Filter,
                    text: self.list().filter.clone(),
                })
            }
            Action::Refresh => {
                self.registries.clear();
                self.data_version += 1;
                self.progress = Default::default();
                self.run(Command::LoadInventory);
            }
            Action::NextPane | Action::PrevPane => {
                let order = [View::Registries, View::ScopeMaps, View::Tokens, View::Audit];
                let i = order.iter().position(|v| *v == self.view).unwrap_or(0);
                let step = if action == Action::NextPane {
                    1
                } else {
                    order.len() - 1
                };
                self.view = order[(i + step) % order.len()];
            }
            Action::Back => {
                if !self.list().filter.is_empty() {
                    self.list_mut().filter.clear();
                } else {
                    self.view = View::Registries;
                }
            }
            Action::Up => self.move_selection(|s, _| s.saturating_sub(1)),
            Action::Down => self.move_selection(|s, _| s + 1),
            Action::Top => self.move_selection(|_, _| 0),
            Action::Bottom => self.move_selection(|_, len| len.saturating_sub(1)),
            Action::PageUp => self.move_selection(|s, _| s.saturating_sub(page)),
            Action::PageDown => self.move_selection(|s, _| s + page),
            Action::ShowRegistries => self.view = View::Registries,
            Action::ShowScopeMaps => self.view = View::ScopeMaps,
            Action::ShowTokens => self.view = View::Tokens,
            Action::ShowAudit => self.view = View::Audit,
            Action::Open => {
                if self.selected_registry().is_some() {
                    self.view = View::Tokens;
                }
            }
            Action::CycleFilter => {
                let i = AUDIT_FILTERS
                    .iter()
                    .position(|f| *f == self.audit_filter)
                    .unwrap_or(0);
                self.audit_filter = AUDIT_FILTERS[(i + 1) % AUDIT_FILTERS.len()];
                self.list_mut().selected = 0;
            }
            Action::Jump => self.jump_to_token(),
            Action::Export => {
                self.popup = Some(Popup::Export(Export {
                    path: "acrtui-audit.csv".into(),
                }))
            }
            Action::Preview => self.open_preview(),
            Action::ShowGaps => {
                self.popup = Some(Popup::Gaps(GapsPopup {
                    gaps: self.audit_gaps(),
                    scroll: 0,
                }))
            }
            _ if self.settings.read_only => self.flash("read-only: changes are disabled", true),
            Action::ToggleAdmin => self.toggle_admin(),
            Action::Delete => self.delete_selected(),
            Action::ToggleEnabled => self.toggle_enabled(),
            Action::GeneratePassword => self.open_generate(),
            Action::DeletePassword => self.delete_password(),
            Action::NewScopeMap => self.open_scope_editor(false),
            Action::EditScopeMap => self.open_scope_editor(true),
            Action::NewToken => self.open_token_form(false),
            Action::ChangeScopeMap => self.open_token_form(true),
            Action::Rotate => self.open_rotation(),
        }
    }

    fn jump_to_token(&mut self) {
        let Some(entry) = self.audit_entries().get(self.list().selected).copied() else {
            return;
        };
        let target = self
            .audit_token(&entry)
            .map(|(r, t)| (r.reference().clone(), t.name.clone()));
        if let Some((r, token)) = target {
            self.select_registry(&r);
            self.view = View::Tokens;
            self.lists[View::Tokens as usize].filter.clear();
            let index = self
                .visible_tokens()
                .iter()
                .position(|t| t.name == token)
                .unwrap_or(0);
            self.lists[View::Tokens as usize].selected = index;
        }
    }

    fn open_preview(&mut self) {
        let (Some(map), Some(contents)) = (
            self.selected_scope_map(),
            self.current_entry().and_then(|e| e.contents()),
        ) else {
            return;
        };
        self.popup = Some(Popup::Preview(Preview {
            scope_map: map.name.clone(),
            actions: map.actions.clone(),
            all_maps: contents.scope_maps.clone(),
            tokens: contents.tokens.clone(),
            repository: String::new(),
        }));
    }

    fn toggle_admin(&mut self) {
        let Some(e) = self.selected_registry() else {
            return;
        };
        let (r, on) = (e.reference().clone(), !e.info.admin_user_enabled);
        let msg = if on {
            format!(
                "Enable the admin user of {}? It has full rights and one shared password.",
                r.name
            )
        } else {
            format!(
                "Disable the admin user of {}? Anything logging in with it stops working.",
                r.name
            )
        };
        self.popup = Some(Popup::Confirm(Confirm::new(
            "Admin user",
            msg,
            None,
            Command::SetAdminUser {
                registry: r,
                enabled: on,
            },
        )));
    }

    fn delete_selected(&mut self) {
        let Some(r) = self.current() else { return };
        match self.view {
            View::Tokens => {
                let Some(t) = self.selected_token() else {
                    return;
                };
                let name = t.name.clone();
                let msg =
                    format!("Delete token {name}? Everything using its passwords loses access.");
                self.popup = Some(Popup::Confirm(Confirm::new(
                    "Delete token",
                    msg,
                    Some(name.clone()),
                    Command::DeleteToken { registry: r, name },
                )));
            }
            View::ScopeMaps => {
                let Some(m) = self.selected_scope_map() else {
                    return;
                };
                if m.system {
                    return self.flash(
                        format!("{} is a system scope map: it cannot be deleted", m.name),
                        true,
                    );
                }
                let name = m.name.clone();
                let users = self.tokens_using(&name);
                let msg = format!(
                    "Delete scope map {name}? {users} token(s) use it and lose these permissions."
                );
                self.popup = Some(Popup::Confirm(Confirm::new(
                    "Delete scope map",
                    msg,
                    Some(name.clone()),
                    Command::DeleteScopeMap { registry: r, name },
                )));
            }
            _ => {}
        }
    }

    fn toggle_enabled(&mut self) {
        let (Some(r), Some(t)) = (self.current(), self.selected_token()) else {
            return;
        };
        let enable = !t.enabled;
        let note = if enable { "enabling" } else { "disabling" }.to_string();
        let update = TokenUpdate {
            enabled: Some(enable),
            scope_map: None,
        };
        self.run(Command::UpdateToken {
            registry: r,
            name: t.name.clone(),
            update,
            note,
        });
    }

    fn open_generate(&mut self) {
        let (Some(e), Some(t)) = (self.current_entry(), self.selected_token()) else {
            return;
        };
        let popup = Generate::new(
            e.reference().clone(),
            e.info.login_server.clone(),
            t.clone(),
            self.settings.default_expiry,
            self.now,
        );
        let read = Command::ReadToken {
            registry: e.reference().clone(),
            name: t.name.clone(),
        };
        self.popup = Some(Popup::Generate(popup));
        self.run(read);
    }

    /// Deletes the only password, or asks which one when both slots are used.
    fn delete_password(&mut self) {
        let (Some(r), Some(t)) = (self.current(), self.selected_token()) else {
            return;
        };
        let slot = match t.passwords.as_slice() {
            [] => return self.flash(format!("{} has no passwords", t.name), true),
            [only] => only.slot,
            _ => {
                let choice = SlotChoice {
                    registry: r,
                    token: t.clone(),
                };
                self.popup = Some(Popup::SlotChoice(choice));
                return;
            }
        };
        let msg = format!(
            "Delete {} of {}? Consumers using it lose access.",
            slot.as_str(),
            t.name
        );
        let cmd = Command::DeletePassword {
            registry: r,
            token: t.name.clone(),
            slot,
        };
        self.popup = Some(Popup::Confirm(Confirm::new(
            "Delete password",
            msg,
            None,
            cmd,
        )));
    }

    fn open_scope_editor(&mut self, edit: bool) {
        let Some(entry) = self.current_entry() else {
            return;
        };
        let registry = entry.reference().clone();
        if !edit {
            self.popup = Some(Popup::ScopeEditor(ScopeEditor::new(
                registry,
                None,
                Vec::new(),
            )));
            return;
        }
        let Some(map) = self.selected_scope_map() else {
            return;
        };
        if map.system {
            return self.flash(
                format!(
                    "{} is a system scope map: it cannot be changed; create your own with n",
                    map.name
                ),
                true,
            );
        }
        let users: Vec<String> = entry
            .contents()
            .map(|c| {
                c.tokens
                    .iter()
                    .filter(|t| {
                        t.scope_map
                            .as_deref()
                            .is_some_and(|s| s.eq_ignore_ascii_case(&map.name))
                    })
                    .map(|t| t.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        let editor = ScopeEditor::new(
            registry,
            Some((&map.name, map.description.as_deref(), &map.actions)),
            users,
        );
        self.popup = Some(Popup::ScopeEditor(editor));
    }

    fn open_token_form(&mut self, change: bool) {
        let Some(entry) = self.current_entry() else {
            return;
        };
        let Some(contents) = entry.contents() else {
            return;
        };
        let maps: Vec<String> = contents.scope_maps.iter().map(|m| m.name.clone()).collect();
        let taken: Vec<String> = contents.tokens.iter().map(|t| t.name.clone()).collect();
        let existing = if change {
            let Some(t) = self.selected_token() else {
                return;
            };
            Some((t.name.clone(), t.scope_map.clone()))
        } else {
            None
        };
        self.popup = Some(Popup::TokenForm(TokenForm::new(
            entry.reference().clone(),
            existing,
            taken,
            maps,
        )));
    }

    fn open_rotation(&mut self) {
        let (Some(e), Some(t)) = (self.current_entry(), self.selected_token()) else {
            return;
        };
        let popup = Generate::rotation(
            e.reference().clone(),
            e.info.login_server.clone(),
            t.clone(),
            self.settings.default_expiry,
            self.now,
        );
        let read = Command::ReadToken {
            registry: e.reference().clone(),
            name: t.name.clone(),
        };
        self.popup = Some(Popup::Generate(popup));
        self.run(read);
    }

    /// Builds the report now (pure) and leaves the writing to an effect.
    fn export(&mut self, path: &str) -> Reply {
        if path.is_empty() {
            return Reply::Stay;
        }
        let rows = self.audit_rows();
        let count = rows.len();
        let content = if path.to_ascii_lowercase().ends_with(".json") {
            // The object form, so the file says whether the audit is complete.
            let registries: Vec<_> = self.registries.iter().map(|e| e.info.clone()).collect();
            let warnings = crate::audit::registry_warnings(&registries);
            Ok(crate::audit::to_json_report(
                &rows,
                &warnings,
                &self.audit_gaps(),
            ))
        } else {
            crate::audit::to_csv(&rows)
        };
        match content {
            Ok(content) => Reply::CloseAndRun(Command::Export {
                path: path.into(),
                content,
                rows: count,
            }),
            Err(e) => {
                self.flash(format!("export: {e}"), true);
                Reply::Close
            }
        }
    }
}
