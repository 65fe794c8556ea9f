//! `acrtui rotate --finish --report FILE` (issue 17): once consumers have
//! the new passwords, the old slot of every token a bulk run rotated is
//! deleted. Each token is read again first; one whose newest password is
//! no longer the one the run made (rotated again, or changed by hand) is
//! left alone and named, to be finished by itself.

use std::path::Path;

use serde::Deserialize;

use super::rotate::{Failure, confirm};
use crate::arm::{AcrApi, RegistryRef, Slot};
use crate::domain::rotation::slot_to_retire;

#[derive(Deserialize)]
struct ReportFile {
    results: Vec<ResultRow>,
}

#[derive(Deserialize)]
struct ResultRow {
    subscription: String,
    /// `resource-group/name`.
    registry: String,
    token: String,
    slot: Option<String>,
    status: Option<String>,
}

/// A token to finish: where, which, and the slot the run filled.
struct Rotated {
    registry: RegistryRef,
    token: String,
    new: Slot,
}

pub async fn run(api: &dyn AcrApi, path: &Path, yes: bool) -> Result<(), Failure> {
    let rotated = read(path)?;
    if rotated.is_empty() {
        eprintln!(
            "{} records no rotated token: nothing to finish.",
            path.display()
        );
        return Ok(());
    }
    let mut due = Vec::new();
    for r in rotated {
        let token = api.get_token(&r.registry, &r.token).await?;
        match slot_to_retire(&token.passwords) {
            Some(old) if old == r.new.other() => due.push((r, old)),
            _ => eprintln!(
                "  left alone: {}/{} (its newest password is not the one the run made: finish it alone)",
                r.registry, r.token
            ),
        }
    }
    for (r, old) in &due {
        eprintln!("  delete {} of {}/{}", old.as_str(), r.registry, r.token);
    }
    if due.is_empty() {
        return Ok(());
    }
    confirm(
        &format!(
            "Delete the old password of {} token(s)? Consumers still using them will fail.",
            due.len()
        ),
        yes,
    )?;
    for (r, old) in &due {
        api.delete_password(&r.registry, &r.token, *old).await?;
        eprintln!("Deleted {} of {}/{}.", old.as_str(), r.registry, r.token);
    }
    eprintln!("Rotation finished for {} token(s).", due.len());
    Ok(())
}

/// The report's rotated tokens; a report that cannot be read says why.
fn read(path: &Path) -> Result<Vec<Rotated>, Failure> {
    let usage = |e: String| Failure::Usage(format!("--report {}: {e}", path.display()));
    let text =
        crate::input_file::read_capped(path, 64 << 20, "a rotation report").map_err(usage)?;
    let report: ReportFile = serde_json::from_str(&text).map_err(|e| usage(e.to_string()))?;
    let mut rotated = Vec::new();
    for row in report.results {
        if row.status.as_deref() != Some("rotated") {
            continue;
        }
        let Some(new) = row.slot.as_deref().and_then(Slot::parse) else {
            return Err(usage(format!("{}: unknown slot {:?}", row.token, row.slot)));
        };
        let Some((resource_group, name)) = row.registry.split_once('/') else {
            return Err(usage(format!("registry {:?} is not RG/NAME", row.registry)));
        };
        rotated.push(Rotated {
            registry: RegistryRef {
                subscription: row.subscription,
                resource_group: resource_group.to_string(),
                name: name.to_string(),
            },
            token: row.token,
            new,
        });
    }
    Ok(rotated)
}
