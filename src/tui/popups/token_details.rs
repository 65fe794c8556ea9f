//! A token in full (Enter in the tokens pane): status, dates, each password
//! slot with its expiry, the scope map's rules, and what they grant per
//! repository pattern. Read-only; built when it opens.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Ctx, Reply, centered};
use crate::arm::{PasswordInfo, ScopeMapInfo, Slot, TokenInfo};
use crate::domain::expiry::{PasswordState, Thresholds, classify_password, days_left};
use crate::domain::permissions::{CompiledScopeMap, PermissionSet};
use crate::domain::safe_text::escaped;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct TokenDetails {
    pub token: TokenInfo,
    registry: String,
    login_server: String,
    /// The token's scope map as loaded; None when it is missing (dangling).
    scope_map: Option<ScopeMapInfo>,
    patterns: Vec<(String, PermissionSet)>,
    /// Each slot, its password if any, and its state when the popup opened.
    slots: Vec<(Slot, Option<PasswordInfo>, PasswordState)>,
    scroll: u16,
}

impl TokenDetails {
    pub fn new(
        token: &TokenInfo,
        (registry, login_server): (&str, &str),
        scope_map: Option<&ScopeMapInfo>,
        now: chrono::DateTime<chrono::Utc>,
        thresholds: Thresholds,
    ) -> TokenDetails {
        let slots = Slot::BOTH
            .into_iter()
            .map(|slot| {
                let p = token.password(slot).cloned();
                let state = p.as_ref().map_or(PasswordState::Expired, |p| {
                    classify_password(p.expiry, now, thresholds)
                });
                (slot, p, state)
            })
            .collect();
        TokenDetails {
            token: token.clone(),
            registry: registry.to_string(),
            login_server: login_server.to_string(),
            scope_map: scope_map.cloned(),
            patterns: scope_map
                .map_or_else(Vec::new, |m| CompiledScopeMap::new(&m.actions).by_pattern()),
            slots,
            scroll: 0,
        }
    }

    fn lines(&self, theme: &Theme, ctx: &Ctx) -> Vec<Line<'static>> {
        let now = ctx.now;
        let t = &self.token;
        let field = |k: &str, v: String| {
            Line::from(vec![
                Span::styled(format!("{k:<14}"), theme.hint()),
                Span::raw(v),
            ])
        };
        let date = |d: Option<chrono::DateTime<chrono::Utc>>| {
            d.map_or("unknown".into(), |d| {
                d.format("%Y-%m-%d %H:%M UTC").to_string()
            })
        };
        let mut lines = vec![
            field(
                "Status",
                if t.enabled { "enabled" } else { "disabled" }.into(),
            ),
            field(
                "Registry",
                format!("{} ({})", self.registry, self.login_server),
            ),
            field("Username", escaped(&t.name).into_owned()),
            field("Created", date(t.created)),
        ];
        if let Some(problem) = &t.problem {
            lines.push(Line::from(Span::styled(
                format!("Could not be read: {}", escaped(problem)),
                theme.danger(),
            )));
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("Passwords", theme.title(false))));
        for (slot, p, state) in &self.slots {
            lines.push(match p {
                None => field(&format!("  {}", slot.as_str()), "empty".into()),
                Some(p) => Line::from(vec![
                    Span::styled(
                        format!("{:<14}", format!("  {}", slot.as_str())),
                        theme.hint(),
                    ),
                    Span::raw(format!("created {} · ", date(p.created))),
                    Span::styled(expiry_text(p, now), theme.password_state(*state)),
                ]),
            });
        }
        lines.push(Line::default());
        let preview = ctx.keymap.first_key(Context::ScopeMaps, Action::Preview);
        lines.extend(self.scope_map_lines(theme, preview));
        lines
    }

    fn scope_map_lines(&self, theme: &Theme, preview: &str) -> Vec<Line<'static>> {
        let name = self.token.scope_map.as_deref().unwrap_or("(none)");
        let Some(map) = &self.scope_map else {
            return vec![Line::from(Span::styled(
                format!(
                    "Scope map {} does not exist: the token grants nothing.",
                    escaped(name)
                ),
                theme.danger(),
            ))];
        };
        let mut lines = vec![Line::from(Span::styled(
            format!("Scope map {} ({} rules)", escaped(name), map.actions.len()),
            theme.title(false),
        ))];
        lines.extend(
            map.actions
                .iter()
                .map(|a| Line::from(format!("  {}", escaped(a)))),
        );
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            "Effective permissions, by repository pattern",
            theme.title(false),
        )));
        for (pattern, set) in &self.patterns {
            let perms: Vec<&str> = set.iter().map(|p| p.as_str()).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<28}", escaped(pattern)), theme.ok()),
                Span::raw(perms.join(", ")),
            ]));
        }
        lines.push(Line::from(Span::styled(
            format!(
                "A repository under several patterns gets all of theirs; {preview} in the scope maps pane previews one."
            ),
            theme.hint(),
        )));
        lines
    }
}

fn expiry_text(p: &PasswordInfo, now: chrono::DateTime<chrono::Utc>) -> String {
    match (p.expiry, days_left(p.expiry, now)) {
        (Some(e), _) if e <= now => format!("expired {}", e.format("%Y-%m-%d")),
        (_, None) => "never expires".into(),
        (Some(e), Some(d)) => format!("expires {} ({d} days left)", e.format("%Y-%m-%d")),
        (None, Some(_)) => "never expires".into(),
    }
}

impl super::Component for TokenDetails {
    fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        super::viewer_key(&mut self.scroll, key, ctx)
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, ctx: &Ctx) {
        let rect = centered(area, 100, 30);
        f.render_widget(Clear, rect);
        let block = Block::bordered()
            .title(format!(
                "Token {} · {}",
                escaped(&self.token.name),
                super::viewer_hint(ctx)
            ))
            .border_style(theme.border(true));
        f.render_widget(
            Paragraph::new(self.lines(theme, ctx))
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0))
                .block(block),
            rect,
        );
    }
}
