//! A bulk rotation's parts (issue 17): one planned rotation and what became
//! of it, and the JSON report, written whole to a temporary file and renamed
//! over the last one, so a reader (or a run that stopped midway) always
//! finds a complete document.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::deliver::Sink;
use super::rotate::Failure;
use crate::arm::{AcrApi, RegistryInfo, Slot, TokenInfo};
use crate::domain::bulk_plan::Untouched;
use crate::domain::secret_formats::{self, Credential, SecretFormat};
use crate::password_gen::{GenerateFailure, Request, generate_checked};

/// A token the plan rotates.
pub struct Item {
    pub registry: RegistryInfo,
    pub token: TokenInfo,
    pub slot: Slot,
    /// When its last working password expires.
    pub expires: DateTime<Utc>,
}

pub enum Outcome {
    Rotated {
        expiry: Option<DateTime<Utc>>,
    },
    /// Generated, but the command failed: printed on stdout instead.
    DeliveryFailed(String),
    /// Nothing was created (refused, or the token changed since the plan).
    NotRotated(String),
    /// The answer was lost: what exists is in the message; nothing re-sent.
    Lost(String),
}

#[derive(Serialize)]
struct Row {
    subscription: String,
    registry: String,
    token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    slot: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    started: DateTime<Utc>,
    window_days: i64,
    /// False until every planned rotation has an outcome.
    complete: bool,
    planned: Vec<Row>,
    results: Vec<Row>,
    untouched: Vec<Row>,
    not_read: Vec<String>,
    #[serde(skip)]
    path: PathBuf,
}

fn row(registry: &RegistryInfo, token: &str) -> Row {
    Row {
        subscription: registry.registry.subscription.clone(),
        registry: registry.registry.to_string(),
        token: token.to_string(),
        slot: None,
        status: None,
        detail: None,
    }
}

impl Report {
    pub fn new(
        started: DateTime<Utc>,
        within: Duration,
        path: &Path,
        not_read: Vec<String>,
    ) -> Report {
        Report {
            started,
            window_days: within.num_days(),
            complete: false,
            planned: Vec::new(),
            results: Vec::new(),
            untouched: Vec::new(),
            not_read,
            path: path.to_path_buf(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn untouched(&mut self, registry: &RegistryInfo, token: &TokenInfo, why: Untouched) {
        self.untouched.push(Row {
            status: Some(why.key()),
            detail: Some(why.as_str().to_string()),
            ..row(registry, &token.name)
        });
    }

    /// The plan on stderr: each rotation with its command, then the
    /// untouched tokens counted by reason (all of them are in the report).
    pub fn print_plan(&mut self, sink: &Sink, planned: &[Item]) {
        eprintln!(
            "Plan (tokens whose last password expires within {} days):",
            self.window_days
        );
        for item in planned {
            let cmd = sink
                .for_token(&item.registry.registry.name, &item.token.name, item.slot)
                .map_or_else(|e| e, |s| s.describe());
            eprintln!(
                "  rotate {}/{}: new {} (the working one expires {}) → {cmd}",
                item.registry.registry.name,
                item.token.name,
                item.slot.as_str(),
                item.expires.format("%Y-%m-%d")
            );
            self.planned.push(Row {
                slot: Some(item.slot.as_str()),
                ..row(&item.registry, &item.token.name)
            });
        }
        let mut reasons: Vec<&'static str> =
            self.untouched.iter().filter_map(|r| r.status).collect();
        reasons.sort_unstable();
        reasons.dedup();
        for reason in reasons {
            let names: Vec<&str> = self
                .untouched
                .iter()
                .filter(|r| r.status == Some(reason))
                .map(|r| r.token.as_str())
                .collect();
            let shown = names.iter().take(8).copied().collect::<Vec<_>>().join(", ");
            let more = names.len().saturating_sub(8);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            let why = self
                .untouched
                .iter()
                .find(|r| r.status == Some(reason))
                .and_then(|r| r.detail.as_deref())
                .unwrap_or(reason);
            eprintln!("  untouched ({why}): {} ({shown}{more})", names.len());
        }
        for gap in &self.not_read {
            eprintln!("  not read: {gap}");
        }
    }

    /// One outcome into the report; returns its line for stderr.
    pub fn record(&mut self, item: &Item, outcome: Outcome) -> String {
        let (status, detail) = match outcome {
            Outcome::Rotated { expiry } => (
                "rotated",
                Some(expiry.map_or("never expires".into(), |e| {
                    format!("expires {}", e.format("%Y-%m-%d"))
                })),
            ),
            Outcome::DeliveryFailed(e) => ("delivery-failed", Some(e)),
            Outcome::NotRotated(e) => ("not-rotated", Some(e)),
            Outcome::Lost(e) => ("lost", Some(e)),
        };
        let line = format!(
            "{status}: {}/{} {}{}",
            item.registry.registry.name,
            item.token.name,
            item.slot.as_str(),
            detail
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        );
        self.results.push(Row {
            slot: Some(item.slot.as_str()),
            status: Some(status),
            detail,
            ..row(&item.registry, &item.token.name)
        });
        line
    }

    pub fn finish(&mut self) {
        self.complete = true;
    }

    /// The report, whole, replacing the last one (temporary file, then rename).
    pub fn write(&self) -> Result<(), Failure> {
        let fail = |e: std::io::Error| {
            Failure::Usage(format!(
                "cannot write the report {}: {e}",
                self.path.display()
            ))
        };
        let text = serde_json::to_string_pretty(self).map_err(|e| Failure::Usage(e.to_string()))?;
        let tmp = self.path.with_extension("json.tmp");
        let mut file = std::fs::File::create(&tmp).map_err(fail)?;
        file.write_all(text.as_bytes()).map_err(fail)?;
        file.sync_all().map_err(fail)?;
        std::fs::rename(&tmp, &self.path).map_err(fail)
    }
}

/// What every rotation of a bulk run shares.
pub struct Shared<'a> {
    pub api: &'a dyn AcrApi,
    pub vaults: &'a crate::key_vault::KeyVaults,
    /// The sink, its placeholders not filled in.
    pub sink: &'a Sink,
    pub expiry: Option<DateTime<Utc>>,
    pub format: SecretFormat,
}

/// Generates (the token re-read first, never re-sent), then delivers; a
/// password whose delivery failed is printed on stdout, under a comment
/// line naming it, so it is never lost.
pub async fn rotate_one(shared: &Shared<'_>, item: &Item) -> Outcome {
    let (api, expiry, format) = (shared.api, shared.expiry, shared.format);
    let sink =
        match shared
            .sink
            .for_token(&item.registry.registry.name, &item.token.name, item.slot)
        {
            Ok(sink) => sink,
            Err(e) => return Outcome::NotRotated(e),
        };
    let request = Request {
        registry: &item.registry.registry,
        chosen_on: &item.token,
        slot: Some(item.slot),
        expiry,
    };
    let creds = match generate_checked(api, request).await {
        Ok(creds) => creds,
        Err(e @ GenerateFailure::Lost { .. }) => return Outcome::Lost(e.message()),
        Err(e) => return Outcome::NotRotated(e.message()),
    };
    let new = match creds.new_password(item.slot) {
        Ok(new) => new,
        Err(why) => return Outcome::NotRotated(why.into()),
    };
    let credential = Credential {
        login_server: &item.registry.login_server,
        username: &creds.username,
        password: &new.value,
    };
    let name = secret_formats::default_secret_name(&item.registry.registry.name, &item.token.name);
    let text = secret_formats::render(format, &credential, &name);
    let heading = format!(
        "# {}/{} {}",
        item.registry.registry.name,
        item.token.name,
        item.slot.as_str()
    );
    let handover = super::deliver::Handover {
        vaults: shared.vaults,
        meta: crate::key_vault::SecretMeta {
            registry: &item.registry.registry.name,
            login_server: &item.registry.login_server,
            token: &creds.username,
            slot: item.slot,
            expiry: new.expiry,
            format,
        },
    };
    match super::deliver::hand_to(&sink, &handover, &text, Some(&heading)).await {
        Ok(_) => Outcome::Rotated { expiry: new.expiry },
        Err(e) => Outcome::DeliveryFailed(format!("{e}; printed on stdout instead")),
    }
}
