//! The effective-permission previewer: type a repository, see live what the
//! scope map grants there, the rules that grant it, what a client can do, the
//! Docker scope, and which tokens of the registry reach it.

use std::collections::BTreeMap;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Ctx, Reply, centered};
use crate::arm::{ScopeMapInfo, TokenInfo};
use crate::domain::actions::check_repository_name;
use crate::domain::permissions::{CompiledScopeMap, TokenRef, tokens_reaching};
use crate::domain::safe_text::escaped as shown;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::text_field::TextField;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct Preview {
    pub scope_map: String,
    /// Whose repositories the catalog section shows.
    pub registry: crate::arm::RegistryRef,
    /// The scope map previewed, compiled once when the previewer opens
    /// (each keystroke then only matches patterns).
    pub(super) compiled: CompiledScopeMap,
    /// All scope maps of the registry, compiled, and its tokens: the reverse lookup.
    maps: BTreeMap<String, CompiledScopeMap>,
    tokens: Vec<TokenInfo>,
    pub repository: TextField,
    /// The registry's real repositories (preview_catalog.rs).
    pub catalog: super::preview_catalog::CatalogView,
    /// The registry's Entra role assignments, for who else reaches the
    /// repository typed (None until asked for).
    pub identities: Option<crate::tui::identities_view::IdentitiesLoad>,
}

impl Preview {
    pub fn new(
        registry: crate::arm::RegistryRef,
        map: &ScopeMapInfo,
        all_maps: &[ScopeMapInfo],
        tokens: &[TokenInfo],
    ) -> Preview {
        Preview {
            scope_map: map.name.clone(),
            registry,
            catalog: Default::default(),
            compiled: CompiledScopeMap::new(&map.actions),
            maps: all_maps
                .iter()
                .map(|m| (m.name.clone(), CompiledScopeMap::new(&m.actions)))
                .collect(),
            tokens: tokens.to_vec(),
            repository: TextField::new("", 255),
            identities: None,
        }
    }

    /// The scope maps of the registry's tokens (the ones that reach anything).
    pub(super) fn token_maps(&self) -> Vec<&CompiledScopeMap> {
        let mut used: Vec<&str> = self
            .tokens
            .iter()
            .filter_map(|t| t.scope_map.as_deref())
            .collect();
        used.sort_unstable();
        used.dedup();
        self.maps
            .iter()
            .filter(|(name, _)| used.iter().any(|u| u.eq_ignore_ascii_case(name)))
            .map(|(_, m)| m)
            .collect()
    }

    fn body(&self, theme: &Theme) -> Vec<Line<'static>> {
        let repo = self.repository.value().trim();
        if repo.is_empty() {
            let mut lines = vec![
                Line::from(Span::styled(
                    "Type a repository name, e.g. samples/hello-world",
                    theme.hint(),
                )),
                Line::default(),
            ];
            lines.extend(self.catalog_lines(theme));
            return lines;
        }
        if let Err(p) = check_repository_name(repo) {
            return vec![Line::from(Span::styled(format!("{p}"), theme.danger()))];
        }
        let mut lines = self.grant_lines(repo, theme);
        lines.extend(self.token_lines(repo, theme));
        lines.extend(crate::tui::panes::identity_text::reach_lines(
            self.identities.as_ref(),
            repo,
            8,
            theme,
        ));
        lines
    }
}

impl Preview {
    /// What the map grants on `repo`, by which rules, what a client can
    /// do, and the Docker scope.
    fn grant_lines(&self, repo: &str, theme: &Theme) -> Vec<Line<'static>> {
        let effective = self.compiled.effective(repo);
        let mut lines = Vec::new();
        if effective.grants.is_empty() {
            lines.push(Line::from(Span::styled(
                "Nothing is granted: no rule matches.",
                theme.warning(),
            )));
        }
        for (perm, rules) in &effective.grants {
            lines.push(Line::from(vec![
                Span::styled(format!("{:<15}", perm.as_str()), theme.ok()),
                Span::styled(rules.join(", "), theme.hint()),
            ]));
        }
        lines.push(Line::default());
        let ops: Vec<Span> = effective
            .operations()
            .into_iter()
            .flat_map(|o| {
                let style = if o.allowed { theme.ok() } else { theme.hint() };
                let mark = if o.allowed { "✓ " } else { "✗ " };
                [
                    Span::styled(format!("{mark}{}", o.operation.name), style),
                    Span::raw("  "),
                ]
            })
            .collect();
        lines.push(Line::from(ops));
        let scope = effective.docker_scope();
        lines.push(Line::from(vec![
            Span::styled("Docker scope  ", theme.hint()),
            Span::raw(if scope.is_empty() {
                "(none)".into()
            } else {
                scope
            }),
        ]));
        lines
    }

    /// The registry's tokens reaching `repo` (the first 8), with their maps
    /// and what each may do there.
    fn token_lines(&self, repo: &str, theme: &Theme) -> Vec<Line<'static>> {
        let refs: Vec<TokenRef> = self
            .tokens
            .iter()
            .filter_map(|t| {
                Some(TokenRef {
                    name: &t.name,
                    scope_map: t.scope_map.as_deref()?,
                    enabled: t.enabled,
                })
            })
            .collect();
        let reach = tokens_reaching(repo, &self.maps, &refs);
        let mut lines = vec![Line::from(Span::styled(
            format!("Tokens reaching {}: {}", shown(repo), reach.len()),
            theme.title(false),
        ))];
        for r in reach.iter().take(8) {
            let perms: Vec<&str> = r.granted.iter().map(|p| p.as_str()).collect();
            let off = if r.enabled { "" } else { " (disabled)" };
            // Names are the server's words: shown escaped.
            lines.push(Line::from(format!(
                "  {}{off} via {}: {}",
                shown(r.token),
                shown(r.scope_map),
                perms.join(", ")
            )));
        }
        lines
    }
}

impl super::Component for Preview {
    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        // The repository field has the focus; Enter or Esc closes.
        match ctx.keymap.popup_action(key, Context::Input) {
            Some(Action::Close | Action::Submit) => Reply::Close,
            _ => {
                self.repository.key(key);
                Reply::Stay
            }
        }
    }

    fn paste(&mut self, text: &str) -> bool {
        let line: String = text
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .chars()
            .take(255)
            .collect();
        self.repository.paste(&line);
        true
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, _ctx: &Ctx) {
        let rect = centered(area, 90, 22);
        let mut lines = vec![
            Line::from(
                std::iter::once(Span::raw("Repository: "))
                    .chain(self.repository.spans(theme.input()))
                    .collect::<Vec<_>>(),
            ),
            Line::default(),
        ];
        lines.extend(self.body(theme));
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            "type a repository · Esc close",
            theme.hint(),
        )));
        f.render_widget(Clear, rect);
        let block = Block::bordered().title(format!("Effective permissions · {}", self.scope_map));
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block),
            rect,
        );
    }
}
