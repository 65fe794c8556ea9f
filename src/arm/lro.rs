//! Long-running operations: `Azure-AsyncOperation` (poll until the status is
//! terminal) or else `Location` (202 while running, 200/204 when done).
//! `Retry-After` is honoured, 1 s when absent, never less than a floor (a
//! service answering `Retry-After: 0` forever is not polled in a tight loop)
//! and never more than a cap; an overall deadline bounds it; a status ARM does
//! not define is an error; dropping the future cancels it.

use std::time::{Duration, Instant};

use azure_core::headers::Headers;

use super::error::{ArmError, ArmErrorKind};
use super::raw::RawClient;
use super::retry::retry_after;

#[derive(Debug, Clone, PartialEq)]
pub struct LroOptions {
    pub default_interval: Duration,
    /// The shortest wait between polls, whatever `Retry-After` says.
    pub min_interval: Duration,
    pub max_interval: Duration,
    pub deadline: Duration,
}

impl Default for LroOptions {
    /// ACR's operations finish in seconds; five minutes without an end means
    /// something is wrong, and the user is told to refresh.
    fn default() -> Self {
        LroOptions {
            default_interval: Duration::from_secs(1),
            min_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(60),
            deadline: Duration::from_secs(300),
        }
    }
}

/// Statuses ARM's async-operation contract and ACR use for work still going on.
const RUNNING: [&str; 8] = [
    "InProgress",
    "Running",
    "Accepted",
    "NotStarted",
    "Creating",
    "Updating",
    "Deleting",
    "Provisioning",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollTarget {
    AsyncOperation(String),
    Location(String),
    None,
}

pub fn target(headers: &Headers) -> PollTarget {
    let get = |n: &'static str| {
        headers.get_optional_string(&azure_core::headers::HeaderName::from_static(n))
    };
    if let Some(url) = get("azure-asyncoperation") {
        return PollTarget::AsyncOperation(url);
    }
    get("location").map_or(PollTarget::None, PollTarget::Location)
}

/// Waits for the operation the first answer's headers describe. Returns the
/// final body of a `Location` poll (empty for deletes).
pub async fn wait(
    raw: &RawClient,
    first: &Headers,
    options: &LroOptions,
) -> Result<bytes::Bytes, ArmError> {
    let started = Instant::now();
    let mut delay = interval(retry_after(first), options);
    let target = target(first);
    let url = match &target {
        PollTarget::None => return Ok(bytes::Bytes::new()),
        PollTarget::AsyncOperation(u) | PollTarget::Location(u) => u.clone(),
    };
    loop {
        if started.elapsed() + delay > options.deadline {
            return Err(ArmError::new(
                ArmErrorKind::Operation,
                format!(
                    "the operation did not finish within {} s; it may still complete; refresh to see",
                    options.deadline.as_secs()
                ),
            ));
        }
        tokio::time::sleep(delay).await;
        let answer = raw.get(&url).await?;
        delay = interval(retry_after(&answer.headers), options);
        match (&target, answer.status) {
            (PollTarget::AsyncOperation(_), 200) => {
                let body: serde_json::Value = answer.json()?;
                match body
                    .get("status")
                    .and_then(|s| s.as_str())
                    .unwrap_or_default()
                {
                    "Succeeded" => return Ok(bytes::Bytes::new()),
                    status @ ("Failed" | "Canceled") => return Err(failed(status, &body, &answer)),
                    status if RUNNING.iter().any(|r| r.eq_ignore_ascii_case(status)) => {}
                    status => return Err(unknown_status(status, &answer)),
                }
            }
            (PollTarget::Location(_), 202) => {}
            (PollTarget::Location(_), 200 | 201 | 204) => return Ok(answer.body),
            (_, 202) => {}
            _ => return Err(answer.error()),
        }
    }
}

fn interval(hint: Option<Duration>, options: &LroOptions) -> Duration {
    hint.unwrap_or(options.default_interval).clamp(
        options.min_interval,
        options.max_interval.max(options.min_interval),
    )
}

fn unknown_status(status: &str, answer: &super::raw::RawResponse) -> ArmError {
    let shown: String = crate::domain::safe_text::escaped(status)
        .chars()
        .take(64)
        .collect();
    ArmError {
        request_id: answer.header("x-ms-request-id"),
        ..ArmError::new(
            ArmErrorKind::Operation,
            format!(
                "the operation reported status {shown:?}, which ARM does not define; it may or may not have happened: refresh to see"
            ),
        )
    }
}

fn failed(status: &str, body: &serde_json::Value, answer: &super::raw::RawResponse) -> ArmError {
    let code = body
        .pointer("/error/code")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let message = body
        .pointer("/error/message")
        .and_then(|v| v.as_str())
        .map_or_else(
            || format!("the operation ended {status}"),
            |m| format!("the operation ended {status}: {m}"),
        );
    ArmError {
        kind: ArmErrorKind::Operation,
        code,
        request_id: answer.header("x-ms-request-id"),
        ..ArmError::new(ArmErrorKind::Operation, message)
    }
}
