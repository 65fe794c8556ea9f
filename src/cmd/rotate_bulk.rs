//! `acrtui rotate --expiring-within 14d --deliver 'exec:CMD'` (issue 17): a
//! planned bulk rotation. The inventory is read, every token is decided
//! (domain/bulk_plan.rs: only a free or expired slot, never a working
//! password), the plan is printed and confirmed, then the rotations run a
//! few at a time, each password handed to its own command. The JSON report
//! is rewritten after every token, so a run that stops midway leaves one
//! that says which tokens are done.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinSet;

use super::deliver::Sink;
use super::rotate::{Failure, confirm};
use super::rotate_bulk_report::{Item, Outcome, Report};
use crate::arm::inventory::{Event, Scope, run as inventory};
use crate::arm::{AcrApi, RegistryInfo, TokenInfo};
use crate::cli::{GlobalArgs, RotateArgs};
use crate::connect::connect;
use crate::domain::bulk_plan::{Decision, decide};

/// Rotations in flight at once: each is a read, a generateCredentials and
/// a command, and ARM's write bucket is the tighter one.
const CONCURRENCY: usize = 4;

pub async fn run(
    global: &GlobalArgs,
    args: &RotateArgs,
    window: &str,
    expiry: Option<DateTime<Utc>>,
) -> Result<(), Failure> {
    let within = parse_window(window).map_err(Failure::Usage)?;
    let sink = match args.deliver.as_deref().map(Sink::parse) {
        Some(Ok(sink)) => sink,
        Some(Err(e)) => return Err(Failure::Usage(format!("--deliver {e}"))),
        None => {
            return Err(Failure::Usage(
                "--expiring-within hands each new password to a sink: add --deliver 'exec:CMD' or --deliver 'kv://VAULT/{registry}-{token}' (CMD and the secret's name may hold {registry}, {token} and {slot})".into(),
            ));
        }
    };
    let started = Utc::now();
    let path = args.report.clone().unwrap_or_else(|| {
        PathBuf::from(format!(
            "acrtui-rotation-{}.json",
            started.format("%Y%m%dT%H%M%SZ")
        ))
    });
    let connection = connect(global).await?;
    eprintln!("acrtui: using {}", connection.description);
    let (tokens, not_read) = read_tokens(connection.api.clone(), global, args).await?;
    let mut report = Report::new(started, within, &path, not_read);
    let planned = plan(&tokens, within, started, &mut report);
    report.print_plan(&sink, &planned);
    report.write()?;
    if planned.is_empty() {
        eprintln!("Nothing to rotate. Report: {}", path.display());
        return Ok(());
    }
    confirm(
        &format!("Rotate {} token(s) as planned?", planned.len()),
        args.yes,
    )?;
    let jobs = Jobs {
        api: connection.api.clone(),
        vaults: connection.key_vaults.clone(),
        sink,
        expiry,
        format: args.format,
    };
    execute(jobs, planned, &mut report).await
}

/// `14d` or `14`: whole days, up to ten years.
fn parse_window(value: &str) -> Result<Duration, String> {
    let days = value.strip_suffix('d').unwrap_or(value);
    match days.parse::<i64>() {
        Ok(n) if (0..=3650).contains(&n) => Ok(Duration::days(n)),
        _ => Err(format!(
            "--expiring-within {value:?}: a number of days, e.g. 14d (0 to 3650)"
        )),
    }
}

/// Every token in scope, and what could not be read (as the audit says it).
async fn read_tokens(
    api: Arc<dyn AcrApi>,
    global: &GlobalArgs,
    args: &RotateArgs,
) -> Result<(Vec<(RegistryInfo, TokenInfo)>, Vec<String>), Failure> {
    let scope = Scope {
        subscriptions: global.subscription.clone(),
        registries: args.registry.iter().cloned().collect(),
        discovery: global.discovery.discovery(),
        ..Scope::default()
    };
    let (tx, mut rx) = mpsc::channel(64);
    let task = tokio::spawn(inventory(api, scope, 8, tx));
    let (mut tokens, mut not_read) = (Vec::new(), Vec::new());
    while let Some(event) = rx.recv().await {
        match event {
            Event::RegistryLoaded {
                registry,
                tokens: t,
                ..
            } => tokens.extend(t.into_iter().map(|t| (registry.clone(), t))),
            Event::RegistryFailed { registry, error } => {
                not_read.push(format!("registry {}: {error}", registry.registry));
            }
            Event::SubscriptionFailed {
                subscription,
                error,
            } => not_read.push(format!("subscription {subscription}: {error}")),
            Event::Failed(error) => return Err(Failure::Azure(error)),
            _ => {}
        }
    }
    let _ = task.await;
    Ok((tokens, not_read))
}

/// The tokens to rotate; the others go into the report as untouched.
fn plan(
    tokens: &[(RegistryInfo, TokenInfo)],
    within: Duration,
    now: DateTime<Utc>,
    report: &mut Report,
) -> Vec<Item> {
    let mut planned = Vec::new();
    for (registry, token) in tokens {
        match decide(token, within, now) {
            Decision::Rotate { slot, expires } => planned.push(Item {
                registry: registry.clone(),
                token: token.clone(),
                slot,
                expires,
            }),
            Decision::Untouched(why) => report.untouched(registry, token, why),
        }
    }
    planned
}

/// What every rotation of the run shares.
#[derive(Clone)]
struct Jobs {
    api: Arc<dyn AcrApi>,
    vaults: crate::key_vault::KeyVaults,
    sink: Sink,
    expiry: Option<DateTime<Utc>>,
    format: crate::domain::secret_formats::SecretFormat,
}

impl Jobs {
    fn shared(&self) -> super::rotate_bulk_report::Shared<'_> {
        super::rotate_bulk_report::Shared {
            api: self.api.as_ref(),
            vaults: &self.vaults,
            sink: &self.sink,
            expiry: self.expiry,
            format: self.format,
        }
    }
}

/// The rotations, a few at a time; the report after each.
async fn execute(jobs: Jobs, planned: Vec<Item>, report: &mut Report) -> Result<(), Failure> {
    let permits = Arc::new(Semaphore::new(CONCURRENCY));
    let mut running = JoinSet::new();
    for item in planned {
        let (jobs, permits) = (jobs.clone(), permits.clone());
        running.spawn(async move {
            let _permit = permits.acquire().await.ok();
            let outcome = super::rotate_bulk_report::rotate_one(&jobs.shared(), &item).await;
            (item, outcome)
        });
    }
    let mut failed = 0;
    while let Some(joined) = running.join_next().await {
        let Ok((item, outcome)) = joined else {
            continue;
        };
        failed += usize::from(!matches!(outcome, Outcome::Rotated { .. }));
        eprintln!("{}", report.record(&item, outcome));
        report.write()?;
    }
    report.finish();
    report.write()?;
    eprintln!("Report: {}", report.path().display());
    if failed > 0 {
        return Err(Failure::Reported);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_whole_days() {
        assert_eq!(parse_window("14d"), Ok(Duration::days(14)));
        assert_eq!(parse_window("0"), Ok(Duration::days(0)));
        for bad in ["", "-1d", "2w", "3651d", "1.5d"] {
            assert!(parse_window(bad).is_err(), "{bad}");
        }
    }
}
