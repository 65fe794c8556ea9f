//! Drawing the scope-map editor: the rules grid with each rule's diagnostics
//! under it, the meter, the preview on the unsaved edits, and the review diff.

use std::collections::BTreeSet;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::centered;
use super::preview_catalog::CatalogView;
use super::scope_editor::{Field, ScopeEditor, Stage};
use super::scope_editor_rules::Rule;
use crate::domain::permissions::CompiledScopeMap;
use crate::domain::rules::{Diagnostic, MAX_ACTIONS};
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::theme::Theme;

impl ScopeEditor {
    pub(super) fn draw(&self, f: &mut Frame, area: Rect, theme: &Theme, keymap: &Keymap) {
        let rect = centered(area, 100, area.height.saturating_sub(1));
        let lines = match self.stage {
            Stage::Edit => self.edit_lines(theme, keymap),
            Stage::Review | Stage::Saving => self.review_lines(theme, keymap),
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

    fn edit_lines(&self, theme: &Theme, keymap: &Keymap) -> Vec<Line<'static>> {
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
        lines.push(self.catalog_line(theme));
        lines.push(Line::from(Span::styled(
            format!(
                "  {:<44} c/read c/write c/delete m/read m/write",
                "Repository"
            ),
            theme.hint(),
        )));
        for (i, r) in self.rules.iter().enumerate() {
            lines.push(self.rule_line(i, r, theme));
            for d in diags
                .iter()
                .filter(|d| d.index.and_then(|x| origin.get(x).copied().flatten()) == Some(i))
            {
                lines.push(diagnostic_line(d, "    ", theme));
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
            lines.push(diagnostic_line(d, "  ", theme));
        }
        lines.extend(self.footer_lines(theme, keymap));
        lines
    }

    fn footer_lines(&self, theme: &Theme, keymap: &Keymap) -> Vec<Line<'static>> {
        let mut lines = vec![Line::default()];
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
                format!(
                    "Unsaved changes: {} again discards them.",
                    keymap.keys_for(Context::Editor, Action::Close)
                ),
                theme.warning(),
            )));
        }
        lines.push(Line::from(Span::styled(edit_hint(keymap), theme.hint())));
        lines
    }

    /// One rule: its repository (or the field editing it) and the five action columns.
    fn rule_line(&self, i: usize, r: &Rule, theme: &Theme) -> Line<'static> {
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
        spans.extend(self.reach_span(&r.repository, theme));
        Line::from(spans)
    }

    /// How many existing repositories the rule reaches, once the catalog is read.
    fn reach_span(&self, pattern: &str, theme: &Theme) -> Option<Span<'static>> {
        let CatalogView::Read(catalog) = &self.catalog else {
            return None;
        };
        // An invalid pattern has its diagnostic instead (`sample/teamA*`).
        let wildcards = pattern.matches('*').count();
        let valid = wildcards == 0 || pattern == "*" || (wildcards == 1 && pattern.ends_with("/*"));
        if pattern.is_empty() || !valid {
            return None;
        }
        Some(match catalog.count(pattern) {
            0 if pattern.ends_with('*') => Span::styled("  none yet", theme.warning()),
            0 => Span::styled("  no such repository", theme.warning()),
            1 => Span::styled("  1 repository", theme.hint()),
            n => Span::styled(format!("  {n} repositories"), theme.hint()),
        })
    }

    /// Where the counts on the right come from (or why there are none).
    fn catalog_line(&self, theme: &Theme) -> Line<'static> {
        match &self.catalog {
            CatalogView::Reading => Line::from(Span::styled(
                "Reading the registry's repositories…",
                theme.hint(),
            )),
            CatalogView::Read(c) => Line::from(Span::styled(
                format!(
                    "{} repositories exist; each rule's reach is on its right",
                    c.names().len()
                ),
                theme.hint(),
            )),
            CatalogView::Failed(why) => Line::from(Span::styled(
                format!(
                    "The registry's repositories could not be read: {}",
                    crate::domain::safe_text::escaped(why)
                ),
                theme.warning(),
            )),
        }
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

    fn review_lines(&self, theme: &Theme, keymap: &Keymap) -> Vec<Line<'static>> {
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
                "Saving…".to_string()
            } else {
                format!(
                    "{} save · {} back to editing",
                    keymap.first_key(Context::Confirm, Action::Yes),
                    keymap.first_key(Context::Confirm, Action::Close)
                )
            },
            theme.hint(),
        )));
        lines
    }
}

/// The editor's keys, from the keymap: "a add rule · enter edit repository ·
/// h/l column · space or 1-5 toggle · …".
fn edit_hint(keymap: &Keymap) -> String {
    let k = |a| keymap.first_key(Context::Editor, a);
    format!(
        "{} add rule · {} edit repository · {}/{} column · {} or {}-{} toggle · {} delete rule · {} name · {} description · {} preview · {} save · {} close",
        k(Action::AddRule),
        k(Action::EditRule),
        k(Action::Left),
        k(Action::Right),
        k(Action::Toggle),
        k(Action::ToggleContentRead),
        k(Action::ToggleMetadataWrite),
        k(Action::RemoveRule),
        k(Action::Rename),
        k(Action::Describe),
        k(Action::TryRepository),
        k(Action::Save),
        k(Action::Close),
    )
}

/// A validator diagnostic, in the colour of its severity.
fn diagnostic_line(d: &Diagnostic, indent: &str, theme: &Theme) -> Line<'static> {
    let style = if d.is_error() {
        theme.danger()
    } else {
        theme.warning()
    };
    Line::from(Span::styled(
        format!("{indent}{} {}", d.code.as_str(), d.message),
        style,
    ))
}
