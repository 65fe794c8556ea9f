//! Key routing: the top popup, then the filter/palette line, then the keymap
//! (focused pane first, then global). Ctrl-C always quits.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::app::{App, Input, InputKind};
use super::command::CommandKind;
use super::ops::Then;
use super::popups::export::Export;
use super::popups::gaps::GapsPopup;
use super::popups::help::Help;
use super::popups::{Popup, Reply};
use super::state::View;
use super::text_field::TextField;
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
        if let Some(mut popup) = self.popups.pop() {
            // Taken off the stack while it handles the key, so that it can
            // read the app's context; it goes back before the reply acts.
            let reply = popup.component_mut().key(&key, &self.ctx());
            self.popups.push(popup);
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
            Reply::Close => self.close_popup(),
            Reply::Run(c) => {
                let then = self.follow_up(&c);
                self.run_then(c, then);
            }
            Reply::RunAll(commands) => {
                for c in commands {
                    self.run(c);
                }
            }
            Reply::CloseAndRun(c) => {
                self.close_popup();
                self.run(c);
            }
            Reply::Replace(p) => {
                self.close_popup();
                self.open(*p);
            }
            Reply::Export(path) => {
                let reply = self.export(&path);
                self.on_reply(reply);
            }
            Reply::Cancel {
                target,
                close,
                reread,
            } => {
                if close {
                    self.close_popup();
                }
                self.cancel_op(&target, reread);
            }
            Reply::CloseRotation(rotation) => {
                self.close_popup();
                self.park_rotation(rotation);
            }
        }
    }

    fn on_input_key(&mut self, key: KeyEvent) {
        let Some(input) = self.input.as_mut() else {
            return;
        };
        let action = self
            .keymap
            .popup_action(&key, super::keymap::Context::Input);
        match action {
            Some(Action::Close) => {
                if input.kind == InputKind::Filter {
                    self.list_mut().filter.clear();
                }
                self.input = None;
            }
            Some(Action::Up | Action::Down) if input.kind == InputKind::Palette => {
                // The `:` history: Up goes back, Down forward, past the newest an empty line.
                let len = self.palette_history.len();
                let at = match (action, input.recall) {
                    (Some(Action::Up), None) => len.checked_sub(1),
                    (Some(Action::Up), Some(i)) => Some(i.saturating_sub(1)),
                    (_, Some(i)) if i + 1 < len => Some(i + 1),
                    _ => None,
                };
                input.recall = at;
                let text = at
                    .and_then(|i| self.palette_history.get(i))
                    .map_or("", |s| s);
                input.text = TextField::new(text, 128);
            }
            Some(Action::NextField) if input.kind == InputKind::Palette => {
                let text = input.text.value().to_string();
                if let Some(done) = self.complete_palette(&text)
                    && let Some(input) = self.input.as_mut()
                {
                    input.text = TextField::new(&done, 128);
                }
            }
            Some(Action::Submit) => {
                let input = self.input.take();
                if let Some(Input {
                    kind: InputKind::Palette,
                    text,
                    ..
                }) = input
                {
                    self.palette(text.value());
                }
            }
            _ => {
                input.text.key(&key);
                if input.kind == InputKind::Filter {
                    let text = input.text.value().to_string();
                    let list = self.list_mut();
                    list.filter = text;
                    list.selected = 0;
                }
            }
        }
    }

    pub(super) fn move_selection(&mut self, f: impl Fn(usize, usize) -> usize) {
        let len = self.visible_len();
        let rows = super::panes::list_rows(self.view, self.size);
        let list = self.list_mut();
        list.selected = if len == 0 {
            0
        } else {
            f(list.selected, len).min(len - 1)
        };
        list.offset = super::panes::scroll(list.offset, list.selected, len, rows);
        if self.view == View::Registries {
            self.chosen_registry = self.current();
        }
    }

    pub(super) fn on_action(&mut self, action: Action) {
        if self.on_navigation(action) {
            return;
        }
        match action {
            a if self.view == View::Tokens && self.waits_for_tokens(a) => {
                if let Some(why) = self.tokens_arriving() {
                    self.flash(why, false);
                }
            }
            Action::Quit => self.quit = true,
            Action::Help => self.open(Popup::Help(Help::default())),
            Action::Palette => self.open_input(InputKind::Palette, ""),
            Action::Filter => {
                let filter = self.list().filter.clone();
                self.open_input(InputKind::Filter, &filter);
            }
            Action::Refresh => self.refresh_view(),
            Action::RefreshAll => self.refresh_all(),
            Action::Open if self.selected_registry().is_some() => self.go_into(View::Tokens),
            Action::CycleFilter => {
                let i = AUDIT_FILTERS
                    .iter()
                    .position(|f| *f == self.panes.audit.state)
                    .unwrap_or(0);
                self.panes.audit.state = AUDIT_FILTERS[(i + 1) % AUDIT_FILTERS.len()];
                self.list_mut().selected = 0;
            }
            Action::Jump => self.jump_to_token(),
            Action::Export => self.open(Popup::Export(Export::default())),
            Action::Preview => self.open_preview(),
            Action::CopyId => self.copy_selected(false),
            Action::CopyName => self.copy_selected(true),
            Action::Details => self.open_token_details(),
            Action::Mark if self.view == View::Audit => self.toggle_mark(),
            Action::Sort => self.change_sort(false),
            Action::SortReverse => self.change_sort(true),
            Action::Readiness => self.open_readiness(),
            Action::ShowGaps => self.open(Popup::Gaps(GapsPopup {
                gaps: self.audit_gaps(),
                scroll: 0,
            })),
            a if a.is_mutating() && self.settings.read_only => {
                self.flash("read-only: changes are disabled", true)
            }
            a if a.is_mutating() => self.on_change(a),
            // A popup's action bound in a pane has nothing to act on.
            _ => {}
        }
    }

    /// `r`: the Repositories view reads its repositories and who reaches
    /// them (the role assignments) again, the Identities view its
    /// assignments; elsewhere the whole inventory is read again.
    fn refresh_view(&mut self) {
        match self.view {
            View::Repositories => {
                self.read_repositories();
                self.read_identities();
            }
            View::Identities => self.read_identities(),
            // The audit is the whole tenant's.
            View::Audit => self.refresh_all(),
            _ => match self.current_entry().map(|e| e.info.clone()) {
                Some(info) => {
                    self.run(CommandKind::ReloadRegistry(info));
                }
                // Nothing listed (or the list failed): everything.
                None => self.refresh_all(),
            },
        }
    }

    /// Every subscription and registry read again; the rows stay on screen
    /// until their new read replaces them.
    pub(super) fn refresh_all(&mut self) {
        self.store.begin_refresh();
        self.run(CommandKind::LoadInventory);
    }

    /// The `:` line or the `/` filter, starting from `text`.
    fn open_input(&mut self, kind: InputKind, text: &str) {
        self.input = Some(Input {
            kind,
            text: TextField::new(text, 128),
            recall: None,
        });
    }

    /// Moving about: the selection, the views, back. True when `action` was one.
    fn on_navigation(&mut self, action: Action) -> bool {
        let page = usize::from(self.size.1.saturating_sub(8)).max(1);
        match action {
            Action::NextPane | Action::PrevPane => self.cycle_view(action == Action::NextPane),
            Action::Back => {
                if !self.list().filter.is_empty() {
                    self.list_mut().filter.clear();
                } else {
                    // Back where the last jump came from (the audit, after
                    // "go to token"), else to the registries.
                    self.view = self.back.pop().unwrap_or(View::Registries);
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
            Action::ShowRepositories => self.view = View::Repositories,
            Action::ShowIdentities => self.view = View::Identities,
            _ => return false,
        }
        true
    }

    /// Tab and Shift-Tab: the next or previous view.
    fn cycle_view(&mut self, forward: bool) {
        let order = [
            View::Registries,
            View::ScopeMaps,
            View::Tokens,
            View::Repositories,
            View::Identities,
            View::Audit,
        ];
        let i = order.iter().position(|v| *v == self.view).unwrap_or(0);
        let step = if forward { 1 } else { order.len() - 1 };
        self.view = order[(i + step) % order.len()];
    }

    /// A change in Azure (never reached in read-only mode).
    fn on_change(&mut self, action: Action) {
        match action {
            Action::ToggleAdmin => self.toggle_admin(),
            Action::Delete => self.delete_selected(),
            Action::ToggleEnabled => self.toggle_enabled(),
            Action::GeneratePassword => self.open_generate(),
            Action::DeletePassword => self.delete_password(),
            Action::NewScopeMap => self.open_scope_editor(false),
            Action::EditScopeMap => self.open_scope_editor(true),
            Action::CloneScopeMap => self.open_scope_clone(),
            Action::NewToken => self.open_token_form(false),
            Action::ChangeScopeMap => self.open_token_form(true),
            Action::Rotate => self.open_rotation(),
            Action::GrantRole => self.open_grant_form(),
            _ => {}
        }
    }

    /// The step that follows a command sent from a popup, taken from that
    /// popup now, while it is the one on screen: stored with the operation.
    fn follow_up(&self, kind: &CommandKind) -> Then {
        match (self.popup(), kind) {
            (Some(Popup::Generate(g)), CommandKind::GeneratePassword { registry, .. }) => g
                .retire
                .map_or(Then::Nothing, |slot| Then::Retire(registry.clone(), slot)),
            (Some(Popup::ScopeEditor(e)), CommandKind::SaveScopeMap { .. }) => {
                match &e.then_create_token {
                    Some((name, enabled)) => Then::CreateToken {
                        name: name.clone(),
                        enabled: *enabled,
                    },
                    None => Then::Nothing,
                }
            }
            _ => Then::Nothing,
        }
    }
}
