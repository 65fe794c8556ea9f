//! What the console could not read, so its audit never looks clean when it
//! is not: registries that failed, subscriptions whose registries could not
//! be listed, and tokens whose answer could not be read. Pure.

use super::app::App;
use super::state::Load;
use crate::domain::safe_text::escaped;

/// One part missing from the audit, and why: the CLI's failure record, so
/// the console's JSON export carries the same `failures`.
pub use crate::domain::audit::collect::Failure as Gap;

impl App {
    pub fn audit_gaps(&self) -> Vec<Gap> {
        let mut gaps: Vec<Gap> = self
            .store
            .progress()
            .subscription_failures
            .iter()
            .map(|(id, error)| Gap {
                part: "subscription",
                name: escaped(id).into_owned(),
                error: format!(
                    "its registries could not be listed: {}",
                    escaped(&error.to_string())
                ),
                hint: error.hint(),
            })
            .collect();
        for entry in self.store.registries() {
            let name = escaped(&entry.info.registry.to_string()).into_owned();
            if let Some(error) = &entry.stale {
                gaps.push(Gap {
                    part: "registry",
                    name: name.clone(),
                    error: format!(
                        "could not be read again, the rows shown are from an earlier read: {}",
                        escaped(&error.to_string())
                    ),
                    hint: error.hint(),
                });
            }
            match &entry.contents {
                Load::Failed(error) => gaps.push(Gap {
                    part: "registry",
                    name: name.clone(),
                    error: escaped(&error.to_string()).into_owned(),
                    hint: error.hint(),
                }),
                Load::Loaded(c) => gaps.extend(c.tokens.iter().filter_map(|t| {
                    Some(Gap {
                        part: "token",
                        name: format!("{name}/{}", escaped(&t.name)),
                        error: escaped(t.problem.as_deref()?).into_owned(),
                        hint: None,
                    })
                })),
                Load::Loading => {}
            }
        }
        gaps
    }

    /// The audit banner: "3 of 6 registries could not be read · …", or None
    /// when nothing is missing.
    pub fn audit_gap_summary(&self) -> Option<String> {
        let failed = self
            .store
            .registries()
            .iter()
            .filter(|e| matches!(e.contents, Load::Failed(_)) || e.stale.is_some())
            .count();
        let subscriptions = self.store.progress().subscription_failures.len();
        let tokens: usize = self
            .store
            .registries()
            .iter()
            .filter_map(|e| e.contents())
            .map(|c| c.tokens.iter().filter(|t| t.problem.is_some()).count())
            .sum();
        let mut parts = Vec::new();
        if failed > 0 {
            parts.push(format!(
                "{failed} of {} registries could not be read",
                self.store.registries().len()
            ));
        }
        if subscriptions > 0 {
            parts.push(format!(
                "{subscriptions} subscription(s) could not be listed"
            ));
        }
        if tokens > 0 {
            parts.push(format!("{tokens} token(s) could not be read"));
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}
