//! The scope-map editor: repository rules × the five actions, live
//! diagnostics next to the offending rule, an actions meter (of 500), a
//! previewer on the unsaved edits, then a diff with the tokens affected
//! before saving. A failed save keeps the edits and shows the error.

use std::collections::BTreeSet;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Reply, centered};
use crate::arm::{ArmError, RegistryRef};
use crate::domain::actions::{Action, RepoPermission, parse_action};
use crate::domain::names::check_scope_map_name;
use crate::domain::permissions::CompiledScopeMap;
use crate::domain::rules::{Diagnostic, MAX_ACTIONS, validate};
use crate::tui::command::CommandKind;
use crate::tui::text_field::TextField;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub repository: String,
    pub perms: [bool; 5],
}

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
    pub error: Option<ArmError>,
    pub confirm_discard: bool,
    /// Opened from the token form: create this token (name, enabled) on the map once saved.
    pub then_create_token: Option<(String, bool)>,
}

fn rules_from(actions: &[String]) -> (Vec<Rule>, Vec<String>) {
    let mut rules: Vec<Rule> = Vec::new();
    let mut other = Vec::new();
    for a in actions {
        match parse_action(a) {
            Ok(Action::Repository {
                pattern,
                permission,
            }) => {
                let repo = pattern.to_string();
                let i = match rules.iter().position(|r| r.repository == repo) {
                    Some(i) => i,
                    None => {
                        rules.push(Rule {
                            repository: repo,
                            perms: [false; 5],
                        });
                        rules.len() - 1
                    }
                };
                rules[i].perms[permission as usize] = true;
            }
            _ => other.push(a.clone()),
        }
    }
    (rules, other)
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
        }
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

    fn diagnostics(&self) -> (Vec<Diagnostic>, Vec<Option<usize>>) {
        let (actions, origin) = self.actions();
        (validate(&actions), origin)
    }

    fn name_problem(&self) -> Option<String> {
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

    pub fn saved_failed(&mut self, error: ArmError) {
        self.error = Some(error);
        self.stage = Stage::Edit;
    }

    pub fn key(&mut self, key: &KeyEvent) -> Reply {
        self.note = None;
        if let Some((field, text)) = self.typing.as_mut() {
            let field = *field;
            match key.code {
                KeyCode::Enter | KeyCode::Tab => {
                    let text = text.value().trim().to_string();
                    self.typing = None;
                    self.commit(field, text);
                }
                KeyCode::Esc => {
                    self.typing = None;
                    let before = std::mem::take(&mut self.typing_before);
                    self.commit(field, before);
                }
                _ => {
                    text.key(key);
                    self.apply_typing();
                }
            }
            return Reply::Stay;
        }
        match self.stage {
            Stage::Saving => Reply::Stay,
            Stage::Review => match key.code {
                KeyCode::Enter | KeyCode::Char('y') => {
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
                KeyCode::Esc | KeyCode::Char('n') => {
                    self.stage = Stage::Edit;
                    Reply::Stay
                }
                _ => Reply::Stay,
            },
            Stage::Edit => self.edit_key(key),
        }
    }

    /// A paste goes into the field being typed, if any.
    pub fn paste(&mut self, text: &str) {
        if let Some((_, field)) = self.typing.as_mut() {
            field.paste(text);
            self.apply_typing();
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

    fn edit_key(&mut self, key: &KeyEvent) -> Reply {
        let was_confirming = std::mem::take(&mut self.confirm_discard);
        match key.code {
            KeyCode::Esc if self.dirty() && !was_confirming => self.confirm_discard = true,
            KeyCode::Esc => return Reply::Close,
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(self.rules.len().saturating_sub(1))
            }
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Left | KeyCode::Char('h') => self.column = (self.column - 1).max(1),
            KeyCode::Right | KeyCode::Char('l') => self.column = (self.column + 1).min(5),
            KeyCode::Char(c @ '1'..='5') => self.toggle(c as usize - '1' as usize),
            KeyCode::Char(' ') => self.toggle(self.column - 1),
            KeyCode::Enter if !self.rules.is_empty() => {
                let repo = self.rules[self.selected].repository.clone();
                self.start_typing(Field::Rule, repo, 255);
            }
            KeyCode::Char('a') => {
                self.rules.push(Rule {
                    repository: String::new(),
                    perms: [true, false, false, false, false],
                });
                self.selected = self.rules.len() - 1;
                self.start_typing(Field::Rule, String::new(), 255);
            }
            KeyCode::Char('d') | KeyCode::Delete if !self.rules.is_empty() => {
                self.rules.remove(self.selected);
                self.selected = self.selected.min(self.rules.len().saturating_sub(1));
            }
            KeyCode::Char('n') if self.creating => {
                self.start_typing(Field::Name, self.name.clone(), 50)
            }
            KeyCode::Char('i') => {
                self.start_typing(Field::Description, self.description.clone(), 256)
            }
            KeyCode::Char('v') => self.start_typing(Field::Preview, self.preview.clone(), 255),
            KeyCode::Char('s') => match self.why_not_save() {
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

    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme) {
        let rect = centered(area, 100, area.height.saturating_sub(1));
        let lines = match self.stage {
            Stage::Edit => self.edit_lines(theme),
            Stage::Review | Stage::Saving => self.review_lines(theme),
        };
        f.render_widget(Clear, rect);
        let title = if self.creating {
            "New scope map".to_string()
        } else {
            format!("Edit scope map {}", self.name)
        };
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(title)),
            rect,
        );
    }

    fn field_line(&self, label: &str, field: Field, value: &str, theme: &Theme) -> Line<'static> {
        let mut spans = vec![Span::styled(format!("{label:<13}"), theme.hint())];
        match &self.typing {
            Some((f, text)) if *f == field => spans.extend(text.spans(theme.input())),
            _ => spans.push(Span::raw(value.to_string())),
        }
        Line::from(spans)
    }

    fn edit_lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        let (diags, origin) = self.diagnostics();
        let count = self.actions().0.len();
        let mut lines = vec![self.field_line("Name", Field::Name, &self.name, theme)];
        if let Some(p) = self
            .name_problem()
            .filter(|_| !self.name.is_empty() || self.typing.is_none())
        {
            lines.push(Line::from(Span::styled(
                format!("             {p}"),
                theme.danger(),
            )));
        }
        lines.push(self.field_line("Description", Field::Description, &self.description, theme));
        let meter_style = if count > MAX_ACTIONS {
            theme.danger()
        } else if count * 10 > MAX_ACTIONS * 8 {
            theme.warning()
        } else {
            theme.hint()
        };
        lines.push(Line::from(Span::styled(
            format!("Actions      {count}/{MAX_ACTIONS}"),
            meter_style,
        )));
        lines.push(Line::from(Span::styled(
            format!(
                "  {:<44} c/read c/write c/delete m/read m/write",
                "Repository"
            ),
            theme.hint(),
        )));
        for (i, r) in self.rules.iter().enumerate() {
            let sel = i == self.selected;
            let mut spans = vec![Span::raw(if sel { "▶ " } else { "  " })];
            match &self.typing {
                Some((Field::Rule, text)) if sel => {
                    let width = text.value().chars().count() + 1;
                    spans.extend(text.spans(theme.input()));
                    spans.push(Span::raw(" ".repeat(45usize.saturating_sub(width))));
                }
                _ => spans.push(Span::styled(
                    format!("{:<44}", r.repository),
                    theme.normal(),
                )),
            }
            for (p, on) in r.perms.iter().enumerate() {
                let style = if sel && self.column == p + 1 {
                    theme.selected()
                } else if *on {
                    theme.ok()
                } else {
                    theme.hint()
                };
                spans.push(Span::styled(
                    format!("{:^7}", if *on { "✓" } else { "·" }),
                    style,
                ));
            }
            lines.push(Line::from(spans));
            for d in diags
                .iter()
                .filter(|d| d.index.and_then(|x| origin.get(x).copied().flatten()) == Some(i))
            {
                let style = if d.is_error() {
                    theme.danger()
                } else {
                    theme.warning()
                };
                lines.push(Line::from(Span::styled(
                    format!("    {} {}", d.code.as_str(), d.message),
                    style,
                )));
            }
        }
        for a in &self.other {
            lines.push(Line::from(Span::styled(
                format!("  {a} (kept as is)"),
                theme.hint(),
            )));
        }
        for d in diags.iter().filter(|d| {
            d.index
                .is_none_or(|x| origin.get(x).copied().flatten().is_none())
        }) {
            lines.push(Line::from(Span::styled(
                format!("  {} {}", d.code.as_str(), d.message),
                if d.is_error() {
                    theme.danger()
                } else {
                    theme.warning()
                },
            )));
        }
        lines.push(Line::default());
        lines.push(self.field_line("Preview repo", Field::Preview, &self.preview, theme));
        lines.extend(self.preview_lines(theme));
        if let Some(e) = &self.error {
            lines.push(Line::from(Span::styled(
                format!("Save failed: {e}. Your edits are kept."),
                theme.danger(),
            )));
        }
        if let Some(note) = &self.note {
            lines.push(Line::from(Span::styled(note.clone(), theme.danger())));
        }
        if self.confirm_discard {
            lines.push(Line::from(Span::styled(
                "Unsaved changes: Esc again discards them.",
                theme.warning(),
            )));
        }
        lines.push(Line::from(Span::styled(
            "a add rule · Enter edit repository · ←/→ column · space or 1-5 toggle · d delete rule · n name · i description · v preview · s save · Esc close",
            theme.hint(),
        )));
        lines
    }

    fn preview_lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        let repo = self.preview.trim();
        if repo.is_empty() {
            return Vec::new();
        }
        let effective = CompiledScopeMap::new(&self.actions().0).effective(repo);
        let granted: Vec<String> = effective
            .grants
            .keys()
            .map(|p| p.as_str().to_string())
            .collect();
        let text = if granted.is_empty() {
            "nothing granted".to_string()
        } else {
            format!("{} · {}", granted.join(", "), effective.docker_scope())
        };
        vec![Line::from(Span::styled(
            format!("             {text}"),
            theme.ok(),
        ))]
    }

    fn review_lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        let now: BTreeSet<String> = self.actions().0.into_iter().collect();
        let before: BTreeSet<String> = self.original.iter().cloned().collect();
        let mut lines = vec![Line::from(format!(
            "Save scope map {} ({} actions)?",
            self.name,
            now.len()
        ))];
        for a in now.difference(&before) {
            lines.push(Line::from(Span::styled(format!("  + {a}"), theme.ok())));
        }
        for a in before.difference(&now) {
            lines.push(Line::from(Span::styled(format!("  - {a}"), theme.danger())));
        }
        let affected = if self.tokens_using.is_empty() {
            "no token uses it".to_string()
        } else {
            format!(
                "affects {} token(s): {}",
                self.tokens_using.len(),
                self.tokens_using.join(", ")
            )
        };
        lines.push(Line::from(Span::styled(
            format!("The change applies immediately; {affected}."),
            theme.warning(),
        )));
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            if self.stage == Stage::Saving {
                "Saving…"
            } else {
                "Enter save · Esc back to editing"
            },
            theme.hint(),
        )));
        lines
    }
}
