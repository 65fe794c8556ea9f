//! Discovery through Azure Resource Graph: one query, paged with
//! `$skipToken`, finds the registries of every subscription the credential
//! sees, instead of one registry list per subscription (most of a large
//! tenant's subscriptions hold none). Resource Graph has its own quota
//! (`x-ms-user-quota-remaining`, `x-ms-user-quota-resets-after`): a page
//! waits for the reset when none is left, and a 429 is waited out and
//! retried (a POST, so the transport itself does not retry it).

use std::time::Duration;

use azure_core::Method;
use serde_json::{Value, json};

use super::azure_client::AzureAcr;
use super::error::{ArmError, ArmErrorKind};
use super::raw::RawResponse;
use super::{ArmResult, RegistryInfo};

/// A stable Resource Graph api-version.
pub const GRAPH_API: &str = "2022-10-01";

/// What acrtui asks Resource Graph (the emulator answers exactly this).
pub const REGISTRIES_QUERY: &str =
    "resources | where type =~ 'microsoft.containerregistry/registries'";

/// Rows per page: the service's maximum.
const PAGE_ROWS: u32 = 1000;

/// 429s one page may wait out before the discovery gives up.
const MAX_THROTTLED: u32 = 5;

/// The longest wait a quota header may ask for before the answer is an error.
const MAX_WAIT: Duration = Duration::from_secs(60);

impl AzureAcr {
    /// Every registry the credential can see, through Resource Graph.
    pub(super) async fn graph_registries(&self) -> ArmResult<Vec<RegistryInfo>> {
        let url = self.url(
            &["providers", "Microsoft.ResourceGraph", "resources"],
            GRAPH_API,
        );
        let what = "the Resource Graph query for registries";
        let mut registries = Vec::new();
        let mut skip_token: Option<String> = None;
        for _ in 0..self.pages.max_pages {
            let mut options = json!({"$top": PAGE_ROWS, "resultFormat": "objectArray"});
            if let Some(token) = &skip_token {
                options["$skipToken"] = json!(token);
            }
            let body = json!({"query": REGISTRIES_QUERY, "options": options});
            let answer = self.graph_page(url.as_str(), &body).await?;
            let mut page: Value = answer.json()?;
            let Some(Value::Array(rows)) = page.get_mut("data").map(Value::take) else {
                return Err(ArmError::new(
                    ArmErrorKind::Decode,
                    format!("{what}: the answer has no data"),
                ));
            };
            for row in rows {
                registries.push(super::answers::registry_row(row, what)?);
            }
            let next = page.get("$skipToken").and_then(Value::as_str);
            match next {
                Some(t) if Some(t) == skip_token.as_deref() => {
                    return Err(ArmError::new(
                        ArmErrorKind::Decode,
                        format!(
                            "{what}: the service repeated its $skipToken; the list is incomplete"
                        ),
                    ));
                }
                Some(t) => skip_token = Some(t.to_string()),
                None => return Ok(registries),
            }
            wait_for_quota(&answer).await;
        }
        Err(ArmError::new(
            ArmErrorKind::Decode,
            format!("{what}: more than {} pages", self.pages.max_pages),
        ))
    }

    /// One page, waiting out 429s (bounded).
    async fn graph_page(&self, url: &str, body: &Value) -> ArmResult<RawResponse> {
        for _ in 0..MAX_THROTTLED {
            let answer = self.raw.send(Method::Post, url, Some(body)).await?;
            match answer.status {
                200 => return Ok(answer),
                429 => {
                    let wait = throttled_for(&answer).ok_or_else(|| answer.error())?;
                    tokio::time::sleep(wait).await;
                }
                _ => return Err(answer.error()),
            }
        }
        Err(ArmError::http(
            429,
            Some("RateLimiting".into()),
            format!("Resource Graph kept throttling after {MAX_THROTTLED} waits"),
        ))
    }
}

/// How long a 429 asks to wait (Retry-After, else the quota's reset), if
/// within reason.
fn throttled_for(answer: &RawResponse) -> Option<Duration> {
    let retry = answer
        .header("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    retry
        .or_else(|| {
            answer
                .header("x-ms-user-quota-resets-after")
                .and_then(|v| hms(&v))
        })
        .map(|d| d.max(Duration::from_millis(100)))
        .filter(|d| *d <= MAX_WAIT)
}

/// With no quota left, the next page waits for the reset.
async fn wait_for_quota(answer: &RawResponse) {
    let left = answer
        .header("x-ms-user-quota-remaining")
        .and_then(|v| v.trim().parse::<u64>().ok());
    if left == Some(0)
        && let Some(wait) = answer
            .header("x-ms-user-quota-resets-after")
            .and_then(|v| hms(&v))
            .filter(|d| *d <= MAX_WAIT)
    {
        tokio::time::sleep(wait).await;
    }
}

/// `hh:mm:ss` as Resource Graph writes its reset time.
fn hms(text: &str) -> Option<Duration> {
    let parts: Vec<u64> = text
        .trim()
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match parts.as_slice() {
        [h, m, s] => Some(Duration::from_secs(h * 3600 + m * 60 + s)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_times_read_as_written() {
        assert_eq!(hms("00:00:05"), Some(Duration::from_secs(5)));
        assert_eq!(hms("01:02:03"), Some(Duration::from_secs(3723)));
        assert_eq!(hms("5"), None);
        assert_eq!(hms("a:b:c"), None);
    }
}
