//! ARM's request throttling (`--throttle arm`), as "Request limits and
//! throttling" describes the regional token-bucket model: each bucket holds
//! `size` tokens and refills at `refill` per second; a request takes one
//! token from every bucket it is counted in, and is answered 429 with
//! `Retry-After` when one of them is empty.
//!
//! Buckets, per operation kind (reads: GET/HEAD; deletes: DELETE; writes:
//! every other method, POST actions included):
//! - a subscription-level request (path under `/subscriptions/{id}`):
//!   that subscription and principal, and that subscription's global bucket
//!   (`global` × the principal's size and refill, across all principals);
//! - any other request: the tenant bucket of the principal.
//!
//! Every answer says what is left in `x-ms-ratelimit-remaining-subscription-reads`
//! (`-writes`, `-deletes`), `…-subscription-global-reads` and
//! `…-tenant-reads`. Not emulated: the resource provider's own limits, and
//! smaller limits for free or trial subscriptions. The principal is the
//! bearer token's `oid` claim, read without verifying it; a
//! token that is not a JWT counts as one principal, "the caller".

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, Method};

use super::lock;

/// One bucket's shape: tokens it holds when full, tokens added per second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BucketSpec {
    pub size: f64,
    pub refill: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ThrottleConfig {
    pub reads: BucketSpec,
    pub writes: BucketSpec,
    pub deletes: BucketSpec,
    /// The subscription's global bucket is this many times the principal's.
    pub global_factor: f64,
    /// Resource Graph's own quota: this many queries per window per user.
    pub graph_queries: u32,
    pub graph_window: Duration,
}

impl ThrottleConfig {
    /// The documented limits: reads 250 / 25 per s, writes and deletes
    /// 200 / 10 per s, global 15 × those.
    pub fn arm() -> ThrottleConfig {
        ThrottleConfig {
            reads: BucketSpec {
                size: 250.0,
                refill: 25.0,
            },
            writes: BucketSpec {
                size: 200.0,
                refill: 10.0,
            },
            deletes: BucketSpec {
                size: 200.0,
                refill: 10.0,
            },
            global_factor: 15.0,
            graph_queries: 15,
            graph_window: Duration::from_secs(5),
        }
    }

    /// `arm`, or `arm:reads=20/5,writes=10/1,deletes=10/1,global=2` for
    /// smaller buckets (tests, benches).
    pub fn parse(text: &str) -> Result<ThrottleConfig, String> {
        let (model, rest) = text.split_once(':').unwrap_or((text, ""));
        if model != "arm" {
            return Err(format!(
                "--throttle {text:?}: the model is arm (optionally arm:reads=250/25,writes=200/10,deletes=200/10,global=15)"
            ));
        }
        let mut config = ThrottleConfig::arm();
        for part in rest.split(',').filter(|p| !p.is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| format!("--throttle: {part:?} is not NAME=VALUE"))?;
            match name {
                "reads" => config.reads = bucket(value)?,
                "writes" => config.writes = bucket(value)?,
                "deletes" => config.deletes = bucket(value)?,
                "global" => config.global_factor = positive(value)?,
                "graph" => {
                    let b = bucket(value)?;
                    config.graph_queries = b.size as u32;
                    config.graph_window = Duration::from_secs_f64(b.refill);
                }
                _ => {
                    return Err(format!(
                        "--throttle: unknown bucket {name:?} (reads, writes, deletes, global)"
                    ));
                }
            }
        }
        Ok(config)
    }

    fn spec(&self, kind: Kind) -> BucketSpec {
        match kind {
            Kind::Read => self.reads,
            Kind::Write => self.writes,
            Kind::Delete => self.deletes,
        }
    }
}

fn positive(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0)
        .ok_or_else(|| format!("--throttle: {text:?} is not a positive number"))
}

/// `SIZE/REFILL`, e.g. `250/25`.
fn bucket(text: &str) -> Result<BucketSpec, String> {
    let (size, refill) = text
        .split_once('/')
        .ok_or_else(|| format!("--throttle: {text:?} is not SIZE/REFILL (e.g. 250/25)"))?;
    Ok(BucketSpec {
        size: positive(size)?,
        refill: positive(refill)?,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Read,
    Write,
    Delete,
}

impl Kind {
    pub fn of(method: &Method) -> Kind {
        match *method {
            Method::GET | Method::HEAD => Kind::Read,
            Method::DELETE => Kind::Delete,
            _ => Kind::Write,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Scope {
    Subscription { id: String, principal: String },
    SubscriptionGlobal(String),
    Tenant { principal: String },
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// What the throttle decided for one request.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The remaining-requests headers for the answer.
    pub headers: Vec<(&'static str, String)>,
    /// Throttled: wait this long (whole seconds, as `Retry-After`).
    pub retry_after: Option<Duration>,
    /// The error code ARM uses for the bucket that ran out.
    pub code: &'static str,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Throttle {
    buckets: Mutex<HashMap<(Scope, Kind), Bucket>>,
    /// Resource Graph: per principal, when the window started and queries in it.
    graph: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Throttle {
    /// Takes a token for the request from each of its buckets (none when one
    /// is empty) and says what is left.
    pub fn admit(
        &self,
        config: &ThrottleConfig,
        method: &Method,
        path: &str,
        principal: &str,
        now: Instant,
    ) -> Verdict {
        let kind = Kind::of(method);
        let spec = config.spec(kind);
        let scopes = scopes_of(path, principal);
        let mut buckets = lock(&self.buckets);
        let mut levels = Vec::with_capacity(scopes.len());
        for scope in &scopes {
            let size = size_of(scope, spec, config.global_factor);
            let b = buckets.entry((scope.clone(), kind)).or_insert(Bucket {
                tokens: size.size,
                at: now,
            });
            let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
            b.tokens = (b.tokens + elapsed * size.refill).min(size.size);
            b.at = now;
            levels.push((scope, b.tokens, size.refill));
        }
        let empty = levels.iter().find(|(_, tokens, _)| *tokens < 1.0);
        let retry_after = empty.map(|(_, tokens, refill)| {
            Duration::from_secs(((1.0 - tokens) / refill).ceil().max(1.0) as u64)
        });
        if retry_after.is_none() {
            for scope in &scopes {
                if let Some(b) = buckets.get_mut(&(scope.clone(), kind)) {
                    b.tokens -= 1.0;
                }
            }
        }
        let taken = if retry_after.is_none() { 1.0 } else { 0.0 };
        let headers = levels
            .iter()
            .map(|(scope, tokens, _)| {
                let left = (tokens - taken).max(0.0).floor() as u64;
                (header_name(scope, kind), left.to_string())
            })
            .collect();
        let (code, message) = match empty.map(|(s, _, _)| *s) {
            Some(scope) => refusal(scope, kind, principal, retry_after),
            None => ("", String::new()),
        };
        Verdict {
            headers,
            retry_after,
            code,
            message,
        }
    }
}

impl Throttle {
    /// Resource Graph's quota: `graph_queries` per `graph_window` per user,
    /// reported in `x-ms-user-quota-remaining` and
    /// `x-ms-user-quota-resets-after` (hh:mm:ss); 429 `RateLimiting` past it.
    pub fn admit_graph(&self, config: &ThrottleConfig, principal: &str, now: Instant) -> Verdict {
        let mut windows = lock(&self.graph);
        let (start, used) = windows.entry(principal.to_string()).or_insert((now, 0));
        if now.saturating_duration_since(*start) >= config.graph_window {
            (*start, *used) = (now, 0);
        }
        let resets = config
            .graph_window
            .saturating_sub(now.saturating_duration_since(*start));
        let refused = *used >= config.graph_queries;
        if !refused {
            *used += 1;
        }
        let secs = resets.as_secs() + u64::from(resets.subsec_nanos() > 0);
        let headers = vec![
            (
                "x-ms-user-quota-remaining",
                config.graph_queries.saturating_sub(*used).to_string(),
            ),
            (
                "x-ms-user-quota-resets-after",
                format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60),
            ),
        ];
        Verdict {
            headers,
            retry_after: refused.then(|| Duration::from_secs(secs.max(1))),
            code: if refused { "RateLimiting" } else { "" },
            message: if refused {
                format!(
                    "Please provide below info when asking for support: the request was throttled; the quota of {} queries per {} s is used up. Try again after {secs} s.",
                    config.graph_queries,
                    config.graph_window.as_secs()
                )
            } else {
                String::new()
            },
        }
    }
}

/// ARM's error code and message for the bucket that ran out.
fn refusal(
    scope: &Scope,
    kind: Kind,
    principal: &str,
    after: Option<Duration>,
) -> (&'static str, String) {
    let (code, scope) = match scope {
        Scope::Tenant { .. } => ("TenantRequestsThrottled", "the tenant".to_string()),
        Scope::Subscription { id, .. } | Scope::SubscriptionGlobal(id) => (
            "SubscriptionRequestsThrottled",
            format!("subscription '{id}'"),
        ),
    };
    let secs = after.map_or(0, |d| d.as_secs());
    let kind = match kind {
        Kind::Read => "read",
        Kind::Write => "write",
        Kind::Delete => "delete",
    };
    let message = format!(
        "Number of '{kind}' requests for {scope} actor '{principal}' exceeded. Please try again after '{secs}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling"
    );
    (code, message)
}

fn scopes_of(path: &str, principal: &str) -> Vec<Scope> {
    let mut parts = path.trim_start_matches('/').split('/');
    match (parts.next(), parts.next()) {
        (Some(s), Some(id)) if s.eq_ignore_ascii_case("subscriptions") && !id.is_empty() => {
            let id = id.to_ascii_lowercase();
            vec![
                Scope::Subscription {
                    id: id.clone(),
                    principal: principal.to_string(),
                },
                Scope::SubscriptionGlobal(id),
            ]
        }
        _ => vec![Scope::Tenant {
            principal: principal.to_string(),
        }],
    }
}

fn size_of(scope: &Scope, spec: BucketSpec, global: f64) -> BucketSpec {
    match scope {
        Scope::SubscriptionGlobal(_) => BucketSpec {
            size: spec.size * global,
            refill: spec.refill * global,
        },
        _ => spec,
    }
}

fn header_name(scope: &Scope, kind: Kind) -> &'static str {
    match (scope, kind) {
        (Scope::Subscription { .. }, Kind::Read) => "x-ms-ratelimit-remaining-subscription-reads",
        (Scope::Subscription { .. }, Kind::Write) => "x-ms-ratelimit-remaining-subscription-writes",
        (Scope::Subscription { .. }, Kind::Delete) => {
            "x-ms-ratelimit-remaining-subscription-deletes"
        }
        (Scope::SubscriptionGlobal(_), Kind::Read) => {
            "x-ms-ratelimit-remaining-subscription-global-reads"
        }
        (Scope::SubscriptionGlobal(_), Kind::Write) => {
            "x-ms-ratelimit-remaining-subscription-global-writes"
        }
        (Scope::SubscriptionGlobal(_), Kind::Delete) => {
            "x-ms-ratelimit-remaining-subscription-global-deletes"
        }
        (Scope::Tenant { .. }, Kind::Read) => "x-ms-ratelimit-remaining-tenant-reads",
        (Scope::Tenant { .. }, Kind::Write) => "x-ms-ratelimit-remaining-tenant-writes",
        (Scope::Tenant { .. }, Kind::Delete) => "x-ms-ratelimit-remaining-tenant-deletes",
    }
}

/// The caller a bearer token names: its `oid` claim, read without
/// checking the signature (the emulator's lenient mode takes any token).
pub fn principal(headers: &HeaderMap) -> String {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    super::data_plane::entra_access::unverified_oid(token)
        .unwrap_or_else(|| "the caller".to_string())
}

#[cfg(test)]
#[path = "throttle_tests.rs"]
mod tests;
