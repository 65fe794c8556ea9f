//! Granting a principal a Repository role on some repositories: the
//! condition is built as the docs write it and validated as you type; a
//! grant with errors is not sent, and warnings (an over-granting prefix)
//! are shown before Enter.

use std::collections::HashMap;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Ctx, Reply, centered};
use crate::arm::RegistryRef;
use crate::domain::abac::RepositoryRule;
use crate::domain::abac::check::{Diagnostic, Severity};
use crate::domain::abac::grant::{
    GRANTABLE, PRINCIPAL_TYPES, RoleGrant, blocks, build, parse_rules,
};
use crate::domain::safe_text::escaped as shown;
use crate::tui::action::Action;
use crate::tui::command::CommandKind;
use crate::tui::keymap::Context;
use crate::tui::text_field::TextField;
use crate::tui::theme::Theme;

/// The form's fields, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Principal,
    Kind,
    Role,
    Repositories,
}

const FIELDS: [Field; 4] = [
    Field::Principal,
    Field::Kind,
    Field::Role,
    Field::Repositories,
];

#[derive(Debug)]
pub struct GrantForm {
    pub registry: RegistryRef,
    pub principal: TextField,
    pub kind: usize,
    pub role: usize,
    pub repositories: TextField,
    pub focus: Field,
    /// Principals the registry's assignments name, with their display
    /// names (lower-case id → (name, type)): to say who an id is.
    known: HashMap<String, (String, String)>,
    /// Why Enter did nothing, until the next key.
    pub note: Option<String>,
}

impl GrantForm {
    pub fn new(registry: RegistryRef, known: HashMap<String, (String, String)>) -> GrantForm {
        GrantForm {
            registry,
            principal: TextField::new("", 36),
            kind: 0,
            role: 0,
            repositories: TextField::new("", 400),
            focus: Field::Principal,
            known,
            note: None,
        }
    }

    fn principal_problem(&self) -> Option<String> {
        let id = self.principal.value().trim();
        if uuid::Uuid::parse_str(id).is_err() {
            return Some(
                "a principal's object id: a GUID (az ad user show --id … --query id)".into(),
            );
        }
        None
    }

    /// The grant as typed, and what the validator says; or why there is none.
    fn built(&self) -> Result<(RoleGrant, Vec<Diagnostic>, Vec<RepositoryRule>), String> {
        let rules = parse_rules(self.repositories.value())?;
        let role = GRANTABLE[self.role % GRANTABLE.len()];
        let kind = PRINCIPAL_TYPES[self.kind % PRINCIPAL_TYPES.len()];
        let (grant, diagnostics) = build(self.principal.value(), kind, role, &rules);
        Ok((grant, diagnostics, rules))
    }

    fn move_focus(&mut self) {
        let i = FIELDS.iter().position(|f| *f == self.focus).unwrap_or(0);
        self.focus = FIELDS[(i + 1) % FIELDS.len()];
    }

    /// Enter: the command to run, or the first thing to fix (said, and
    /// focused).
    fn submit(&mut self) -> Reply {
        if let Some(p) = self.principal_problem() {
            self.focus = Field::Principal;
            self.note = Some(format!("principal: {p}"));
            return Reply::Stay;
        }
        match self.built() {
            Err(e) => {
                self.focus = Field::Repositories;
                self.note = Some(format!("repositories: {e}"));
                Reply::Stay
            }
            Ok((_, diagnostics, _)) if blocks(&diagnostics) => {
                self.note = Some("the condition has errors (above): it is not sent".into());
                Reply::Stay
            }
            Ok((grant, _, _)) => Reply::CloseAndRun(CommandKind::GrantRole {
                registry: self.registry.clone(),
                grant,
            }),
        }
    }

    fn cycle(&mut self, step: isize) {
        let (value, len) = match self.focus {
            Field::Kind => (&mut self.kind, PRINCIPAL_TYPES.len()),
            Field::Role => (&mut self.role, GRANTABLE.len()),
            _ => return,
        };
        *value = (*value as isize + step).rem_euclid(len as isize) as usize;
    }

    fn field_mut(&mut self) -> Option<&mut TextField> {
        match self.focus {
            Field::Principal => Some(&mut self.principal),
            Field::Repositories => Some(&mut self.repositories),
            _ => None,
        }
    }
}

impl super::Component for GrantForm {
    fn paste(&mut self, text: &str) -> bool {
        match self.field_mut() {
            Some(field) => {
                field.paste(text);
                // A pasted id of a known principal brings its type along.
                if self.focus == Field::Principal {
                    self.take_known_kind();
                }
                true
            }
            None => false,
        }
    }

    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        self.note = None;
        match ctx.keymap.popup_action(key, Context::GrantForm) {
            Some(Action::Close) => Reply::Close,
            Some(Action::Submit) => self.submit(),
            Some(Action::NextField) => {
                self.move_focus();
                Reply::Stay
            }
            Some(Action::Down) if matches!(self.focus, Field::Kind | Field::Role) => {
                self.cycle(1);
                Reply::Stay
            }
            Some(Action::Up) if matches!(self.focus, Field::Kind | Field::Role) => {
                self.cycle(-1);
                Reply::Stay
            }
            _ => {
                if let Some(field) = self.field_mut() {
                    field.key(key);
                }
                if self.focus == Field::Principal {
                    self.take_known_kind();
                }
                Reply::Stay
            }
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, ctx: &Ctx) {
        let rect = centered(area, 96, 30);
        let lines = self.lines(theme, ctx);
        f.render_widget(Clear, rect);
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }).block(
                Block::bordered()
                    .title(format!("Grant a Repository role on {}", self.registry.name)),
            ),
            rect,
        );
    }
}

impl GrantForm {
    /// A known principal's type, once its id is typed in full.
    fn take_known_kind(&mut self) {
        let id = self.principal.value().trim().to_ascii_lowercase();
        if let Some((_, kind)) = self.known.get(&id)
            && let Some(i) = PRINCIPAL_TYPES.iter().position(|k| k == kind)
        {
            self.kind = i;
        }
    }

    fn label(&self, field: Field, text: &str, theme: &Theme) -> Span<'static> {
        let style = if self.focus == field {
            theme.title(true)
        } else {
            theme.hint()
        };
        Span::styled(format!("{text:<13}"), style)
    }

    fn lines(&self, theme: &Theme, ctx: &Ctx) -> Vec<Line<'static>> {
        let mut principal = vec![self.label(Field::Principal, "Principal", theme)];
        principal.extend(self.principal.spans(theme.input()));
        let id = self.principal.value().trim().to_ascii_lowercase();
        let who = match (self.known.get(&id), self.principal_problem()) {
            (Some((name, _)), _) => Span::styled(format!("  {}", shown(name)), theme.ok()),
            (None, Some(p)) if !self.principal.is_empty() => {
                Span::styled(format!("  {p}"), theme.danger())
            }
            (None, Some(_)) => Span::styled(
                "  the object id of a user, group or service principal",
                theme.hint(),
            ),
            (None, None) => Span::raw(""),
        };
        principal.push(who);
        let role = GRANTABLE[self.role % GRANTABLE.len()];
        let actions: Vec<&str> = role.data_actions().iter().map(|a| a.short()).collect();
        let mut repositories = vec![self.label(Field::Repositories, "Repositories", theme)];
        repositories.extend(self.repositories.spans(theme.input()));
        let mut lines = vec![
            Line::from(principal),
            Line::from(vec![
                self.label(Field::Kind, "Type", theme),
                Span::raw(PRINCIPAL_TYPES[self.kind % PRINCIPAL_TYPES.len()]),
            ]),
            Line::from(vec![
                self.label(Field::Role, "Role", theme),
                Span::raw(role.name()),
                Span::styled(format!("  {}", actions.join(", ")), theme.hint()),
            ]),
            Line::from(repositories),
            Line::from(Span::styled(
                "             backend/* (a prefix) or hello-world (exactly), separated by commas",
                theme.hint(),
            )),
            Line::default(),
        ];
        lines.extend(self.condition_lines(theme));
        if let Some(note) = &self.note {
            lines.push(Line::from(Span::styled(note.clone(), theme.danger())));
        }
        lines.push(Line::default());
        let k = |a| ctx.keymap.first_key(Context::GrantForm, a);
        lines.push(Line::from(Span::styled(
            format!(
                "{} next field · {}/{} type and role · {} grant (conditionVersion 2.0) · {} cancel",
                k(Action::NextField),
                k(Action::Up),
                k(Action::Down),
                k(Action::Submit),
                k(Action::Close)
            ),
            theme.hint(),
        )));
        lines
    }

    /// The condition in words and as ARM will store it, with the validator's findings.
    fn condition_lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        if self.repositories.is_empty() {
            return vec![Line::from(Span::styled(
                "The condition appears here as you type the repositories.",
                theme.hint(),
            ))];
        }
        match self.built() {
            Err(e) => vec![Line::from(Span::styled(
                shown(&e).into_owned(),
                theme.danger(),
            ))],
            Ok((grant, diagnostics, rules)) => {
                let words: Vec<String> = rules.iter().map(RepositoryRule::describe).collect();
                let mut lines = vec![
                    Line::from(format!("Allows: {}", words.join(" or "))),
                    Line::from(Span::styled(
                        format!("condition: {}", grant.condition.unwrap_or_default()),
                        theme.hint(),
                    )),
                ];
                for d in diagnostics {
                    let (mark, style) = match d.severity {
                        Severity::Error => ("✗", theme.danger()),
                        Severity::Warning => ("⚠", theme.warning()),
                    };
                    lines.push(Line::from(Span::styled(
                        format!("{mark} {}", d.message),
                        style,
                    )));
                }
                lines
            }
        }
    }
}
