//! What a handler gets about its request: the state, the configuration, the
//! emulator's own origin for absolute URLs, the api-version, query and body;
//! and the helpers every handler shares (LRO headers, paging, systemData).

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use serde_json::Value;

use super::reply::{ApiError, Reply};
use super::store::SystemData;
use super::{Shared, State};

/// Who `systemData` names without `--strict-auth`, where any bearer token is taken.
pub const LENIENT_CALLER: &str = "emulator-user@contoso.com";

/// Everything a handler may need about the request.
pub struct Ctx<'a> {
    pub state: &'a mut State,
    pub shared: &'a Shared,
    /// The emulator's own origin (`http://127.0.0.1:port`, or the configured
    /// public URL), never the client's Host header: used for absolute URLs.
    pub base: String,
    pub api_version: String,
    pub query: HashMap<String, String>,
    pub body: Option<Value>,
}

impl Ctx<'_> {
    /// The JSON body, or a 400 that says what is missing.
    pub fn body(&self) -> Result<&Value, ApiError> {
        self.body.as_ref().ok_or_else(|| {
            ApiError::bad_request(
                "InvalidRequestContent",
                "The request content was invalid and could not be deserialized: the body is empty.",
            )
        })
    }

    pub fn async_headers(&self, reply: Reply, resource_id: &str, op: &str) -> Reply {
        reply
            .header(
                "Azure-AsyncOperation",
                format!(
                    "{}{resource_id}/operationStatuses/{op}?api-version={}",
                    self.base, self.api_version
                ),
            )
            .header(
                "Retry-After",
                self.shared.config.retry_after_secs.to_string(),
            )
    }

    pub fn location_header(&self, reply: Reply, sub: &str, region: &str, op: &str) -> Reply {
        reply
            .header(
                "Location",
                format!(
                    "{}/subscriptions/{sub}/providers/Microsoft.ContainerRegistry/locations/{}/operationResults/{op}?api-version={}",
                    self.base,
                    region.to_ascii_uppercase(),
                    self.api_version
                ),
            )
            .header("Retry-After", self.shared.config.retry_after_secs.to_string())
    }

    /// systemData once this request has changed a resource that had `before`
    /// (created now when there was none). The caller is the client id under
    /// `--strict-auth`; otherwise tokens are opaque, and a fixed user stands in.
    pub fn system_data(&self, before: Option<&SystemData>) -> SystemData {
        let (by, by_type) = match &self.shared.config.strict_auth {
            Some(strict) => (strict.client_id.as_str(), "Application"),
            None => (LENIENT_CALLER, "User"),
        };
        let now = chrono::Utc::now();
        match before {
            Some(d) => {
                let mut d = d.clone();
                d.modified(by, by_type, now);
                d
            }
            None => SystemData::created(by, by_type, now),
        }
    }

    pub fn generate_async(&self) -> bool {
        self.shared.generate_async.load(Ordering::SeqCst)
    }

    /// One page of `items` as `{"value": [...], "nextLink"?}`.
    pub fn page(&self, path: &str, items: Vec<Value>) -> Reply {
        self.page_of(path, &items, Value::clone)
    }

    /// Where the page asked for starts (`$skipToken`; 0 for the first).
    fn skip(&self) -> usize {
        self.query
            .get("$skipToken")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }

    /// One page of `items`, rendering only the page's own: a page costs its
    /// size, not the list's (a 50,000-token registry is read 100 at a time).
    pub fn page_of<T>(&self, path: &str, items: &[T], render: impl Fn(&T) -> Value) -> Reply {
        let skip = self.skip();
        let Some(size) = self.shared.config.page_size.filter(|s| *s > 0) else {
            let all: Vec<Value> = items.iter().map(&render).collect();
            return Reply::ok(serde_json::json!({ "value": all }));
        };
        let end = skip.saturating_add(size).min(items.len());
        let page: Vec<Value> = items
            .get(skip..end)
            .map(|p| p.iter().map(&render).collect())
            .unwrap_or_default();
        let mut body = serde_json::json!({ "value": page });
        let repeat = skip > 0 && self.shared.repeat_next_link.load(Ordering::SeqCst);
        let next = if repeat {
            Some(skip)
        } else {
            (end < items.len()).then_some(end)
        };
        if let Some(next) = next {
            body["nextLink"] = Value::String(format!(
                "{}{path}?api-version={}&$skipToken={next}",
                self.base, self.api_version
            ));
        }
        Reply::ok(body)
    }
}
