//! Creating a token (name validated as you type, scope map picked from the
//! registry's) or changing an existing token's scope map (its status is kept).

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Ctx, Reply, centered};
use crate::arm::{RegistryRef, TokenUpdate};
use crate::domain::names::check_token_name;
use crate::tui::action::Action;
use crate::tui::command::CommandKind;
use crate::tui::keymap::Context;
use crate::tui::text_field::TextField;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct TokenForm {
    pub registry: RegistryRef,
    /// `None`: a new token; `Some(name)`: change that token's scope map.
    pub existing: Option<String>,
    pub name: TextField,
    pub taken: Vec<String>,
    pub scope_maps: Vec<String>,
    /// The row picked; a new token starts with none, so nothing is chosen by default.
    /// One past the list is "new scope map from rules".
    pub choice: Option<usize>,
    pub enabled: bool,
    /// Why Enter did nothing, until the next key.
    pub note: Option<String>,
}

/// Every action on every repository: worth a second look before a token gets it.
const ADMIN_MAP: &str = "_repositories_admin";

impl TokenForm {
    pub fn new(
        registry: RegistryRef,
        existing: Option<(String, Option<String>)>,
        taken: Vec<String>,
        scope_maps: Vec<String>,
    ) -> TokenForm {
        let current = existing.as_ref().and_then(|(_, m)| m.clone());
        let choice =
            current.and_then(|m| scope_maps.iter().position(|s| s.eq_ignore_ascii_case(&m)));
        TokenForm {
            registry,
            name: TextField::new(existing.as_ref().map_or("", |(n, _)| n.as_str()), 50),
            existing: existing.map(|(n, _)| n),
            taken,
            scope_maps,
            choice,
            enabled: true,
            note: None,
        }
    }

    /// The scope map picked, if one is.
    pub fn chosen(&self) -> Option<&str> {
        self.choice
            .and_then(|i| self.scope_maps.get(i))
            .map(String::as_str)
    }

    fn name_problem(&self) -> Option<String> {
        if self.existing.is_some() {
            return None;
        }
        let name = self.name.value();
        if let Err(e) = check_token_name(name) {
            return Some(e.to_string());
        }
        self.taken
            .iter()
            .any(|t| t.eq_ignore_ascii_case(name))
            .then(|| format!("a token named {name} already exists"))
    }
}

impl super::Component for TokenForm {
    /// A new token's name takes a paste; an existing token's is fixed.
    fn paste(&mut self, text: &str) -> bool {
        if self.existing.is_none() {
            self.name.paste(text);
        }
        self.existing.is_none()
    }

    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        self.note = None;
        match ctx.keymap.popup_action(key, Context::TokenForm) {
            Some(Action::Close) => Reply::Close,
            Some(Action::Down) => {
                // A new token may also pick "new scope map from rules", one past the list.
                let last = if self.existing.is_none() {
                    self.scope_maps.len()
                } else {
                    self.scope_maps.len().saturating_sub(1)
                };
                self.choice = Some(self.choice.map_or(0, |c| (c + 1).min(last)));
                Reply::Stay
            }
            Some(Action::Up) => {
                // Up never makes the first choice: that would be _repositories_admin.
                self.choice = self.choice.map(|c| c.saturating_sub(1));
                Reply::Stay
            }
            Some(Action::NextField) if self.existing.is_none() => {
                self.enabled = !self.enabled;
                Reply::Stay
            }
            Some(Action::Submit) => self.submit(),
            _ => {
                if self.existing.is_none() {
                    self.name.key(key);
                }
                Reply::Stay
            }
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, ctx: &Ctx) {
        let rect = centered(area, 70, 20);
        let mut lines = self.name_lines(theme);
        lines.extend(self.scope_map_lines(theme));
        if let Some(note) = &self.note {
            lines.push(Line::from(Span::styled(note.clone(), theme.danger())));
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(self.keys_hint(ctx), theme.hint())));
        f.render_widget(Clear, rect);
        let title = if self.existing.is_none() {
            "New token"
        } else {
            "Change scope map"
        };
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(title)),
            rect,
        );
    }
}

impl TokenForm {
    /// A new token's name (checked as typed) and status; or which token's
    /// map is being changed.
    fn name_lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        let Some(name) = &self.existing else {
            let mut field = vec![Span::styled("Name        ", theme.hint())];
            field.extend(self.name.spans(theme.input()));
            let check = match self.name_problem() {
                Some(p) if !self.name.is_empty() => {
                    Span::styled(format!("            {p}"), theme.danger())
                }
                _ => Span::styled("            5-50 letters, digits and -", theme.hint()),
            };
            return vec![
                Line::from(field),
                Line::from(check),
                Line::from(vec![
                    Span::styled("Status      ", theme.hint()),
                    Span::raw(if self.enabled { "enabled" } else { "disabled" }),
                ]),
            ];
        };
        vec![Line::from(format!(
            "Scope map for {name} (its status is kept)"
        ))]
    }

    /// The registry's scope maps, the one picked highlighted, and (for a
    /// new token) "new scope map from rules"; `_repositories_admin` warned.
    fn scope_map_lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        let mut lines = vec![Line::from(Span::styled("Scope map (↑/↓)", theme.hint()))];
        let start = self.choice.unwrap_or(0).saturating_sub(8);
        for (i, m) in self.scope_maps.iter().enumerate().skip(start).take(10) {
            let style = if Some(i) == self.choice {
                theme.selected()
            } else {
                theme.normal()
            };
            lines.push(Line::from(Span::styled(format!("  {m}"), style)));
        }
        if self.existing.is_none() {
            let style = if self.choice == Some(self.scope_maps.len()) {
                theme.selected()
            } else {
                theme.hint()
            };
            lines.push(Line::from(Span::styled(
                "  + new scope map from repository rules…",
                style,
            )));
        }
        if self.chosen() == Some(ADMIN_MAP) {
            lines.push(Line::from(Span::styled(
                "⚠ _repositories_admin: read, write and delete on every repository of the registry",
                theme.warning(),
            )));
        }
        lines
    }

    /// Enter: the token created or its map changed; or, for "new scope
    /// map from rules", the editor first; or why nothing happened.
    fn submit(&mut self) -> Reply {
        if self.name_problem().is_some() {
            return Reply::Stay;
        }
        if self.existing.is_none() && self.choice == Some(self.scope_maps.len()) {
            // Inline: define the token's scope map from repository rules first.
            let mut editor =
                super::scope_editor::ScopeEditor::new(self.registry.clone(), None, Vec::new());
            editor.taken = self.scope_maps.clone();
            editor.name = format!("{}-scope-map", self.name.value())
                .chars()
                .take(50)
                .collect();
            editor.typing = None;
            editor.then_create_token = Some((self.name.value().to_string(), self.enabled));
            return Reply::Replace(Box::new(super::Popup::ScopeEditor(editor)));
        }
        let Some(map) = self.chosen().map(str::to_string) else {
            self.note = Some("choose a scope map first (↑/↓)".into());
            return Reply::Stay;
        };
        let registry = self.registry.clone();
        Reply::CloseAndRun(match &self.existing {
            None => CommandKind::CreateToken {
                registry,
                name: self.name.value().to_string(),
                scope_map: map,
                enabled: self.enabled,
            },
            Some(name) => CommandKind::UpdateToken {
                registry,
                name: name.clone(),
                update: TokenUpdate {
                    enabled: None,
                    scope_map: Some(map.clone()),
                },
                note: format!("now uses scope map {map}"),
            },
        })
    }

    fn keys_hint(&self, ctx: &Ctx) -> String {
        let k = |a| ctx.keymap.first_key(Context::TokenForm, a);
        let (up, down, close) = (k(Action::Up), k(Action::Down), k(Action::Close));
        let (submit, status) = (k(Action::Submit), k(Action::NextField));
        if self.existing.is_none() {
            format!(
                "type the name · {up}/{down} scope map · {status} status · {submit} create · {close} cancel"
            )
        } else {
            format!("{up}/{down} scope map · {submit} change · {close} cancel")
        }
    }
}
