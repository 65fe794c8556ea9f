//! What an audit run gathered from the inventory: the rows, the registries,
//! and every part that could not be read, so a report can never look clean
//! when it is not. Pure: events in, a `Collected` out.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::arm::inventory::{Event, Scope, names_registry, names_subscription};
use crate::arm::{ArmError, RegistryInfo, RegistryRef, ScopeMapInfo, SubscriptionInfo, TokenInfo};
use crate::domain::audit::{AuditRow, rows};
use crate::domain::expiry::Thresholds;
use crate::domain::safe_text::escaped;

/// A part of the inventory that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// `subscriptions` (the list itself), `subscription`, `registry` or `token`.
    pub part: &'static str,
    /// What failed: a subscription id, `rg/registry`, or `rg/registry/token`.
    pub name: String,
    pub error: String,
    /// What to do about it, when acrtui knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.part {
            "subscriptions" => write!(f, "cannot list subscriptions: {}", self.error),
            part => write!(f, "{part} {}: {}", self.name, self.error),
        }
    }
}

fn failure(part: &'static str, name: String, error: &ArmError) -> Failure {
    Failure {
        part,
        name,
        // Server text reaches a terminal: never raw.
        error: escaped(&error.to_string()).into_owned(),
        hint: error.hint(),
    }
}

/// How far the run has come, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// This many more registries to read.
    More(u64),
    /// One registry answered (or failed).
    OneDone,
    Nothing,
}

#[derive(Debug, Default)]
pub struct Collected {
    pub registries: Vec<RegistryInfo>,
    pub rows: Vec<AuditRow>,
    pub failures: Vec<Failure>,
    /// The subscriptions listed (after `--subscription`), once the list answered.
    pub subscriptions: Option<Vec<SubscriptionInfo>>,
    /// Registries that exist but `--registry` left out.
    pub filtered_out: Vec<RegistryRef>,
}

impl Collected {
    pub fn absorb(&mut self, event: Event, now: DateTime<Utc>, thresholds: Thresholds) -> Progress {
        match event {
            // The audit reads whole lists (it never asks for pages).
            Event::TokensPage { .. } => Progress::Nothing,
            Event::Subscriptions(subs) => {
                self.subscriptions = Some(subs);
                Progress::Nothing
            }
            Event::Registries {
                registries,
                filtered_out,
                ..
            } => {
                self.filtered_out.extend(filtered_out);
                Progress::More(registries.len() as u64)
            }
            Event::RegistryLoaded {
                registry,
                tokens,
                scope_maps,
            } => {
                self.absorb_registry(registry, tokens, &scope_maps, now, thresholds);
                Progress::OneDone
            }
            Event::RegistryFailed { registry, error } => {
                self.failures
                    .push(failure("registry", registry.registry.to_string(), &error));
                self.registries.push(registry);
                Progress::OneDone
            }
            Event::SubscriptionFailed {
                subscription,
                error,
            } => {
                self.failures
                    .push(failure("subscription", subscription, &error));
                Progress::Nothing
            }
            Event::Failed(error) => {
                self.failures
                    .push(failure("subscriptions", String::new(), &error));
                Progress::Nothing
            }
            Event::SubscriptionGone { .. } | Event::Done { .. } => Progress::Nothing,
        }
    }

    /// One registry's tokens: a row each, or a failure for those that could not be read.
    fn absorb_registry(
        &mut self,
        registry: RegistryInfo,
        tokens: Vec<TokenInfo>,
        scope_maps: &[ScopeMapInfo],
        now: DateTime<Utc>,
        thresholds: Thresholds,
    ) {
        let names = crate::domain::audit::scope_map_names(scope_maps);
        let (readable, unreadable): (Vec<_>, Vec<_>) =
            tokens.into_iter().partition(|t| t.problem.is_none());
        for t in unreadable {
            self.failures.push(Failure {
                part: "token",
                name: format!("{}/{}", registry.registry, escaped(&t.name)),
                error: escaped(t.problem.as_deref().unwrap_or_default()).into_owned(),
                hint: None,
            });
        }
        self.rows.extend(rows(
            &registry,
            &readable,
            |n| names.contains(&n.to_ascii_lowercase()),
            now,
            thresholds,
        ));
        self.registries.push(registry);
    }

    /// Every registry seen, read or left out by the filter, as `rg/name`, sorted.
    pub fn registry_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .registries
            .iter()
            .map(|r| &r.registry)
            .chain(&self.filtered_out)
            .map(|r| escaped(&r.to_string()).into_owned())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    pub fn complete(&self) -> bool {
        self.failures.is_empty()
    }

    /// The `--subscription` and `--registry` values that name nothing read,
    /// as `--subscription X` / `--registry Y`. A value is only reported when
    /// what it could name was read: a registry filter is not "unmatched" when
    /// a subscription that may hold it failed.
    pub fn unmatched(&self, scope: &Scope) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(subs) = &self.subscriptions {
            for w in &scope.subscriptions {
                if !subs.iter().any(|s| names_subscription(w, s)) {
                    out.push(format!("--subscription {}", escaped(w)));
                }
            }
        }
        for w in &scope.registries {
            if !self.registries.iter().any(|r| names_registry(w, r)) {
                out.push(format!("--registry {}", escaped(w)));
            }
        }
        out
    }

    /// Whether a filter that matched nothing may still name something that
    /// could not be read (so it is a partial read, not a typo).
    pub fn could_hide_matches(&self) -> bool {
        self.failures
            .iter()
            .any(|f| matches!(f.part, "subscriptions" | "subscription"))
    }
}
