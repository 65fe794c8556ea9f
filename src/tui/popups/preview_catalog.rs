//! The previewer over the registry's real repositories: read when the
//! previewer opens (with the operator's own Entra identity, as `az acr
//! repository list` does), then what each rule of the map reaches, the rules
//! that reach nothing, and the repositories no token of the registry reaches.

use ratatui::text::{Line, Span};

use super::preview::Preview;
use crate::domain::abac::reach::principals_reaching;
use crate::domain::abac::roles::Mode;
use crate::domain::catalog_reach::{Catalog, rule_reach, unreached};
use crate::domain::safe_text::escaped as shown;
use crate::registry::RegistryError;
use crate::tui::identities_view::IdentitiesLoad;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CatalogView {
    #[default]
    Reading,
    Read(Catalog),
    Failed(String),
}

/// Names listed per line at most.
const SHOWN: usize = 4;

fn names(list: &[String]) -> String {
    let mut text: Vec<String> = list
        .iter()
        .take(SHOWN)
        .map(|n| shown(n).into_owned())
        .collect();
    if list.len() > SHOWN {
        text.push(format!("… {} more", list.len() - SHOWN));
    }
    text.join(", ")
}

impl From<Result<Vec<String>, RegistryError>> for CatalogView {
    fn from(result: Result<Vec<String>, RegistryError>) -> Self {
        match result {
            Ok(names) => CatalogView::Read(Catalog::new(names)),
            Err(e) => CatalogView::Failed(e.to_string()),
        }
    }
}

impl Preview {
    pub fn catalog_read(&mut self, result: Result<Vec<String>, RegistryError>) {
        self.catalog = result.into();
    }

    pub(super) fn catalog_lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        let catalog = match &self.catalog {
            CatalogView::Reading => {
                return vec![Line::from(Span::styled(
                    "Reading the registry's repositories…",
                    theme.hint(),
                ))];
            }
            CatalogView::Failed(why) => {
                return vec![Line::from(Span::styled(
                    format!(
                        "The registry's repositories could not be read: {}",
                        shown(why)
                    ),
                    theme.warning(),
                ))];
            }
            CatalogView::Read(c) => c,
        };
        let mut lines = vec![Line::from(Span::styled(
            format!("Existing repositories: {}", catalog.names().len()),
            theme.title(false),
        ))];
        lines.extend(
            rule_reach(&self.compiled, catalog)
                .iter()
                .map(|r| reach_line(r, theme)),
        );
        let missed = unreached(self.token_maps(), catalog);
        lines.push(Line::from(Span::styled(
            if missed.is_empty() {
                "Every repository is reached by some token.".to_string()
            } else {
                format!("No token reaches ({}): {}", missed.len(), names(&missed))
            },
            theme.hint(),
        )));
        lines.extend(self.entra_unreached_line(&missed, theme));
        lines
    }

    /// Of the repositories no token reaches, those no Entra principal
    /// reaches either (once the role assignments are read).
    fn entra_unreached_line(&self, missed: &[String], theme: &Theme) -> Option<Line<'static>> {
        let Some(IdentitiesLoad::Read(read)) = &self.identities else {
            return None;
        };
        let mode = Mode::parse(read.mode.as_deref())?;
        if missed.is_empty() {
            return None;
        }
        let nobody: Vec<String> = missed
            .iter()
            .filter(|r| principals_reaching(r, mode, &read.assignments).is_empty())
            .cloned()
            .collect();
        Some(Line::from(Span::styled(
            if nobody.is_empty() {
                "Entra principals reach each of them.".to_string()
            } else {
                format!(
                    "Nor any Entra principal ({}): {}",
                    nobody.len(),
                    names(&nobody)
                )
            },
            theme.hint(),
        )))
    }
}

/// One pattern and what it reaches (or that it reaches nothing yet).
fn reach_line(r: &crate::domain::catalog_reach::RuleReach, theme: &Theme) -> Line<'static> {
    if r.dead {
        let later = if r.pattern.ends_with('*') {
            " (it also covers repositories created later)"
        } else {
            ""
        };
        let text = format!(
            "  {}: reaches no existing repository{later}",
            shown(&r.pattern)
        );
        return Line::from(Span::styled(text, theme.warning()));
    }
    Line::from(Span::styled(
        format!(
            "  {} ({}): {}",
            shown(&r.pattern),
            r.repositories.len(),
            names(&r.repositories)
        ),
        theme.normal(),
    ))
}
