//! The scope-map editor: repository rules × the five actions, live
//! diagnostics next to the offending rule, an actions meter (of 500), a
//! previewer on the unsaved edits, then a diff with the tokens affected
//! before saving. A failed save keeps the edits and shows the error.

use crossterm::event::KeyEvent;

use super::{Ctx, Reply};
use crate::arm::{RegistryRef, ScopeMapInfo};
use crate::domain::actions::RepoPermission;
use crate::domain::names::check_scope_map_name;
use crate::domain::rules::{Diagnostic, validate};
use crate::tui::action::Action as UiAction;
use crate::tui::command::CommandKind;
use crate::tui::keymap::Context;
use crate::tui::text_field::TextField;

pub use super::scope_editor_rules::Rule;
use super::scope_editor_rules::{free_copy_name, rules_from};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Description,
    Rule,
    Preview,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Edit,
    Review,
    Saving,
}

#[derive(Debug)]
pub struct ScopeEditor {
    pub registry: RegistryRef,
    pub creating: bool,
    pub name: String,
    pub description: String,
    pub rules: Vec<Rule>,
    /// Actions that are not repository rules (gateway, or unparsable): kept as they are.
    pub other: Vec<String>,
    pub original: Vec<String>,
    pub tokens_using: Vec<String>,
    /// For a new map: the registry's scope-map names, which it may not take
    /// (a PUT on one of them would replace it).
    pub taken: Vec<String>,
    pub selected: usize,
    /// The action column the cursor is on: 1..=5 (content/read … metadata/write).
    pub column: usize,
    /// Text being typed into a field (name, description, a rule's repository, the preview).
    pub typing: Option<(Field, TextField)>,
    /// The field's value before typing began: Esc puts it back.
    typing_before: String,
    /// Why `s` did not save, until the next key.
    pub note: Option<String>,
    pub preview: String,
    pub stage: Stage,
    pub error: Option<crate::tui::task_error::TaskError>,
    pub confirm_discard: bool,
    /// Opened from the token form: create this token (name, enabled) on the map once saved.
    pub then_create_token: Option<(String, bool)>,
    /// The registry's real repositories: each rule shows how many it reaches.
    pub catalog: super::preview_catalog::CatalogView,
}

impl ScopeEditor {
    pub fn new(
        registry: RegistryRef,
        name: Option<(&str, Option<&str>, &[String])>,
        tokens_using: Vec<String>,
    ) -> ScopeEditor {
        let (creating, name, description, original) = match name {
            Some((n, d, a)) => (
                false,
                n.to_string(),
                d.unwrap_or_default().to_string(),
                a.to_vec(),
            ),
            None => (true, String::new(), String::new(), Vec::new()),
        };
        let (rules, other) = rules_from(&original);
        ScopeEditor {
            registry,
            creating,
            name,
            description,
            rules,
            other,
            original,
            tokens_using,
            taken: Vec::new(),
            selected: 0,
            column: 1,
            typing: creating.then(|| (Field::Name, TextField::new("", 50))),
            typing_before: String::new(),
            note: None,
            preview: String::new(),
            stage: Stage::Edit,
            error: None,
            confirm_discard: false,
            then_create_token: None,
            catalog: Default::default(),
        }
    }

    /// A new scope map starting as a copy of `source` (system maps included:
    /// this is how one gets an editable `_repositories_pull`). The name
    /// offered is free and valid, and typed over like any new name.
    pub fn clone_of(
        registry: RegistryRef,
        source: &ScopeMapInfo,
        taken: Vec<String>,
    ) -> ScopeEditor {
        let name = free_copy_name(&source.name, &taken);
        let mut editor = ScopeEditor::new(registry, None, Vec::new());
        let (rules, other) = rules_from(&source.actions);
        editor.rules = rules;
        editor.other = other;
        editor.description = source
            .description
            .clone()
            .unwrap_or_else(|| format!("copy of {}", source.name));
        editor.typing = Some((Field::Name, TextField::new(&name, 50)));
        editor.name = name;
        editor.taken = taken;
        editor
    }

    /// The actions these rules produce, with the rule index each came from.
    pub fn actions(&self) -> (Vec<String>, Vec<Option<usize>>) {
        let mut out = Vec::new();
        let mut origin = Vec::new();
        for (i, r) in self.rules.iter().enumerate() {
            for p in RepoPermission::ALL {
                if r.perms[p as usize] {
                    out.push(format!("repositories/{}/{}", r.repository, p.as_str()));
                    origin.push(Some(i));
                }
            }
        }
        for a in &self.other {
            out.push(a.clone());
            origin.push(None);
        }
        (out, origin)
    }

    pub(super) fn diagnostics(&self) -> (Vec<Diagnostic>, Vec<Option<usize>>) {
        let (actions, origin) = self.actions();
        (validate(&actions), origin)
    }

    pub(super) fn name_problem(&self) -> Option<String> {
        if !self.creating {
            return None;
        }
        if let Err(e) = check_scope_map_name(&self.name) {
            return Some(e.to_string());
        }
        self.taken
            .iter()
            .any(|t| t.eq_ignore_ascii_case(&self.name))
            .then(|| format!("{} exists: edit it with e", self.name))
    }

    /// Saving needs a valid name, no error diagnostic, and a change; `s`
    /// otherwise says which, pointing at the first error.
    fn why_not_save(&self) -> Option<String> {
        if let Some(p) = self.name_problem() {
            return Some(format!("cannot save: the name: {p} (n edits it)"));
        }
        let (diags, origin) = self.diagnostics();
        if let Some(d) = diags.iter().find(|d| d.is_error()) {
            let rule = d
                .index
                .and_then(|x| origin.get(x).copied().flatten())
                .map_or(String::new(), |i| {
                    format!(" in rule {} ({})", i + 1, self.rules[i].repository)
                });
            return Some(format!(
                "cannot save: {}{rule}: {}",
                d.code.as_str(),
                d.message
            ));
        }
        (!self.dirty()).then(|| "nothing to save: no change yet".to_string())
    }

    fn dirty(&self) -> bool {
        self.creating || self.actions().0 != self.original
    }

    pub fn saved_failed(&mut self, error: crate::tui::task_error::TaskError) {
        self.error = Some(error);
        self.stage = Stage::Edit;
    }

    /// A key while a field (name, description, a rule's repository) is
    /// being typed: Enter or Tab keeps the text, Esc puts back what it was.
    fn typing_key(&mut self, key: &KeyEvent, ctx: &Ctx) {
        let Some((field, text)) = self.typing.as_mut() else {
            return;
        };
        let field = *field;
        match ctx.keymap.popup_action(key, Context::Input) {
            Some(UiAction::Submit | UiAction::NextField) => {
                let text = text.value().trim().to_string();
                self.typing = None;
                self.commit(field, text);
            }
            Some(UiAction::Close) => {
                self.typing = None;
                let before = std::mem::take(&mut self.typing_before);
                self.commit(field, before);
            }
            _ => {
                text.key(key);
                self.apply_typing();
            }
        }
    }

    /// Live: what is being typed is the value, so the diagnostics, the meter
    /// and the preview follow every keystroke, not only Enter.
    fn apply_typing(&mut self) {
        let Some((field, text)) = &self.typing else {
            return;
        };
        let value = text.value().to_string();
        match field {
            Field::Name => self.name = value.trim().to_string(),
            Field::Description => self.description = value,
            Field::Preview => self.preview = value,
            Field::Rule => {
                if let Some(r) = self.rules.get_mut(self.selected) {
                    r.repository = value.trim().to_string();
                }
            }
        }
    }

    fn start_typing(&mut self, field: Field, value: String, max: usize) {
        self.typing = Some((field, TextField::new(&value, max)));
        self.typing_before = value;
    }

    fn commit(&mut self, field: Field, text: String) {
        match field {
            Field::Name => self.name = text,
            Field::Description => self.description = text.chars().take(256).collect(),
            Field::Preview => self.preview = text,
            Field::Rule => match self.rules.get_mut(self.selected) {
                Some(r) if !text.is_empty() => r.repository = text,
                Some(_) => {
                    self.rules.remove(self.selected);
                    self.selected = self.selected.saturating_sub(1);
                }
                None => {}
            },
        }
    }

    fn edit_key(&mut self, action: Option<UiAction>) -> Reply {
        let was_confirming = std::mem::take(&mut self.confirm_discard);
        let Some(action) = action else {
            return Reply::Stay;
        };
        match action {
            UiAction::Close if self.dirty() && !was_confirming => self.confirm_discard = true,
            UiAction::Close => return Reply::Close,
            UiAction::Down => {
                self.selected = (self.selected + 1).min(self.rules.len().saturating_sub(1))
            }
            UiAction::Up => self.selected = self.selected.saturating_sub(1),
            UiAction::Left => self.column = (self.column - 1).max(1),
            UiAction::Right => self.column = (self.column + 1).min(5),
            UiAction::Toggle => self.toggle(self.column - 1),
            a if a.permission_column().is_some() => {
                if let Some(column) = a.permission_column() {
                    self.toggle(column);
                }
            }
            UiAction::EditRule if !self.rules.is_empty() => {
                let repo = self.rules[self.selected].repository.clone();
                self.start_typing(Field::Rule, repo, 255);
            }
            UiAction::AddRule => {
                self.rules.push(Rule {
                    repository: String::new(),
                    perms: [true, false, false, false, false],
                });
                self.selected = self.rules.len() - 1;
                self.start_typing(Field::Rule, String::new(), 255);
            }
            UiAction::RemoveRule if !self.rules.is_empty() => {
                self.rules.remove(self.selected);
                self.selected = self.selected.min(self.rules.len().saturating_sub(1));
            }
            UiAction::Rename if self.creating => {
                self.start_typing(Field::Name, self.name.clone(), 50)
            }
            UiAction::Describe => {
                self.start_typing(Field::Description, self.description.clone(), 256)
            }
            UiAction::TryRepository => self.start_typing(Field::Preview, self.preview.clone(), 255),
            UiAction::Save => match self.why_not_save() {
                None => self.stage = Stage::Review,
                Some(why) => self.note = Some(why),
            },
            _ => {}
        }
        Reply::Stay
    }

    fn toggle(&mut self, perm: usize) {
        if let Some(r) = self.rules.get_mut(self.selected) {
            r.perms[perm] = !r.perms[perm];
        }
    }
}

impl super::Component for ScopeEditor {
    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        self.note = None;
        if self.typing.is_some() {
            self.typing_key(key, ctx);
            return Reply::Stay;
        }
        let question = ctx.keymap.popup_action(key, Context::Confirm);
        match self.stage {
            // Esc stops waiting; the PUT may still be applied, so the
            // registry is re-read, and the edits stay.
            Stage::Saving if question == Some(UiAction::Close) => {
                self.stage = Stage::Edit;
                self.note = Some(
                    "stopped waiting for the save: the service may still apply it; the registry is re-read and your edits are kept".into(),
                );
                Reply::Cancel {
                    target: crate::tui::command::Target::ScopeMap(
                        self.registry.clone(),
                        self.name.to_ascii_lowercase(),
                    ),
                    close: false,
                    reread: true,
                }
            }
            Stage::Saving => Reply::Stay,
            // The diff is a question: yes saves, no or cancel goes back to editing.
            Stage::Review => match question {
                Some(UiAction::Yes) => {
                    self.stage = Stage::Saving;
                    self.error = None;
                    Reply::Run(CommandKind::SaveScopeMap {
                        registry: self.registry.clone(),
                        name: self.name.clone(),
                        description: Some(self.description.clone()).filter(|d| !d.is_empty()),
                        actions: self.actions().0,
                        create: self.creating,
                    })
                }
                Some(UiAction::No | UiAction::Close) => {
                    self.stage = Stage::Edit;
                    Reply::Stay
                }
                _ => Reply::Stay,
            },
            Stage::Edit => self.edit_key(ctx.keymap.popup_action(key, Context::Editor)),
        }
    }

    /// A paste goes into the field being typed, if any.
    /// True when a field took it.
    fn paste(&mut self, text: &str) -> bool {
        let Some((_, field)) = self.typing.as_mut() else {
            return false;
        };
        field.paste(text);
        self.apply_typing();
        true
    }

    fn render(
        &self,
        f: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        theme: &crate::tui::theme::Theme,
        ctx: &Ctx,
    ) {
        self.draw(f, area, theme, ctx.keymap);
    }
}
