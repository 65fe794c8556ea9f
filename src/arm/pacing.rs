//! Pacing under ARM's throttling: ARM counts requests in token buckets per
//! subscription (and one per tenant), refilled at a documented rate, and
//! says on every answer how many are left (`x-ms-ratelimit-remaining-*`).
//! The pacer keeps an estimate per subscription and kind (reads, writes,
//! deletes): a request takes a token before it is sent, the answer's header
//! corrects the estimate, and when none is left the request waits for the
//! refill instead of collecting a 429. A 429 that arrives anyway pauses that
//! subscription alone for its `Retry-After`. Subscriptions never wait for
//! each other.
//!
//! Until a subscription's first answer the pacer knows nothing: one request
//! goes, and the rest wait for its answer to calibrate the estimate (at most
//! 100 ms: a slow first answer does not hold the subscription up). An
//! answer without the headers (a service that does not throttle) leaves the
//! bucket unmetered.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

/// Refill per second ARM documents for a principal's subscription bucket.
const READS_PER_SEC: f64 = 25.0;
const WRITES_PER_SEC: f64 = 10.0;

/// Tokens kept in hand for requests other clients of the same principal send.
const RESERVE: f64 = 1.0;

/// How long the requests after a subscription's first one wait for its
/// answer to calibrate the estimate; past it they go unmetered (a slow first
/// answer must not hold a whole subscription up).
const PROBE_WAIT: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Read,
    Write,
    Delete,
}

impl Kind {
    pub fn of(method: &str) -> Kind {
        match method {
            "GET" | "HEAD" => Kind::Read,
            "DELETE" => Kind::Delete,
            _ => Kind::Write,
        }
    }

    fn refill(self) -> f64 {
        match self {
            Kind::Read => READS_PER_SEC,
            Kind::Write | Kind::Delete => WRITES_PER_SEC,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Kind::Read => "-reads",
            Kind::Write => "-writes",
            Kind::Delete => "-deletes",
        }
    }
}

/// What is known of one bucket.
#[derive(Debug)]
struct Estimate {
    /// Tokens believed left (None until an answer said).
    tokens: Option<f64>,
    at: Instant,
    /// Sent and not yet answered: the server may not have counted them.
    in_flight: u32,
    paused_until: Option<Instant>,
    /// An answer came back (with or without the headers): before that, one
    /// request at a time finds out what the bucket holds, for PROBE_WAIT.
    answered: bool,
    /// When the first request was sent.
    first_sent: Option<Instant>,
    /// The most an answer said was left, and at least one second's refill:
    /// the estimate never refills past it (an idle spell does not make a
    /// burst ARM would refuse).
    cap: f64,
}

#[derive(Debug)]
pub struct Pacer {
    buckets: Mutex<HashMap<(String, Kind), Estimate>>,
    /// When the latest 429 pause ends, for the console's "throttled" state.
    resume: watch::Sender<Option<std::time::Instant>>,
    throttled: std::sync::atomic::AtomicU64,
}

impl Default for Pacer {
    fn default() -> Self {
        Pacer {
            buckets: Mutex::new(HashMap::new()),
            resume: watch::channel(None).0,
            throttled: Default::default(),
        }
    }
}

/// The subscription a request URL counts against, or "" for tenant level.
pub fn scope_of(path: &str) -> String {
    let mut parts = path.trim_start_matches('/').split('/');
    match (parts.next(), parts.next()) {
        (Some(s), Some(id)) if s.eq_ignore_ascii_case("subscriptions") => id.to_ascii_lowercase(),
        _ => String::new(),
    }
}

impl Pacer {
    /// Waits until the bucket has a token for this request, and takes it.
    pub async fn before(&self, scope: &str, kind: Kind) {
        // Bounded: each pass waits for a refill or a pause that ends.
        for _ in 0..10_000 {
            match self.wait_needed(scope, kind, Instant::now(), true) {
                None => return,
                Some(w) => tokio::time::sleep(w).await,
            }
        }
    }

    /// Waits until a read of `scope` would go at once, without taking the
    /// token: the inventory waits here before it takes a concurrency permit,
    /// so a throttled subscription never holds permits others could use.
    pub async fn ready(&self, scope: &str) {
        for _ in 0..10_000 {
            match self.wait_needed(scope, Kind::Read, Instant::now(), false) {
                None => return,
                Some(w) => tokio::time::sleep(w).await,
            }
        }
    }

    /// None: a token is there (and taken when `take`); Some: wait this long
    /// and try again.
    fn wait_needed(&self, scope: &str, kind: Kind, now: Instant, take: bool) -> Option<Duration> {
        let mut buckets = lock(&self.buckets);
        let e = buckets
            .entry((scope.to_string(), kind))
            .or_insert(Estimate {
                tokens: None,
                at: now,
                in_flight: 0,
                paused_until: None,
                answered: false,
                first_sent: None,
                cap: 0.0,
            });
        if let Some(until) = e.paused_until.filter(|u| *u > now) {
            return Some(until - now);
        }
        let probing = e
            .first_sent
            .is_some_and(|t| now.saturating_duration_since(t) < PROBE_WAIT);
        if !e.answered && e.in_flight > 0 && probing {
            // The first request's answer says what is left; others wait for it.
            return Some(Duration::from_millis(5));
        }
        if let Some(tokens) = e.tokens.as_mut() {
            let refilled = now.saturating_duration_since(e.at).as_secs_f64() * kind.refill();
            *tokens = (*tokens + refilled).min(e.cap);
            e.at = now;
            if *tokens < 1.0 + RESERVE {
                let short = 1.0 + RESERVE - *tokens;
                return Some(
                    Duration::from_secs_f64(short / kind.refill()).max(Duration::from_millis(5)),
                );
            }
            if take {
                *tokens -= 1.0;
            }
        }
        if take {
            e.in_flight += 1;
            e.first_sent.get_or_insert(now);
        }
        None
    }

    /// The answer's `x-ms-ratelimit-remaining-*` headers (the smallest of
    /// them for this kind) correct the estimate; a 429 pauses the bucket.
    pub fn after(
        &self,
        scope: &str,
        kind: Kind,
        status: u16,
        remaining: impl Fn(&str) -> Option<String>,
        retry_after: Option<Duration>,
    ) {
        let now = Instant::now();
        let mut buckets = lock(&self.buckets);
        let Some(e) = buckets.get_mut(&(scope.to_string(), kind)) else {
            return;
        };
        e.in_flight = e.in_flight.saturating_sub(1);
        e.answered = true;
        let levels = ["subscription", "subscription-global", "tenant"];
        let left = levels
            .iter()
            .filter_map(|l| remaining(&format!("x-ms-ratelimit-remaining-{l}{}", kind.suffix())))
            .filter_map(|v| v.trim().parse::<f64>().ok())
            .reduce(f64::min);
        if let Some(left) = left {
            e.cap = e.cap.max(left).max(kind.refill());
            e.tokens = Some(left - f64::from(e.in_flight));
            e.at = now;
        }
        if status == 429 {
            let pause = retry_after.unwrap_or(Duration::from_secs(1));
            e.paused_until = Some(now + pause);
            // A bucket no header ever described (an injected or proxy 429)
            // stays unmetered: the pause is all that applies.
            if e.tokens.is_some() {
                e.tokens = Some(0.0);
                e.cap = e.cap.max(kind.refill());
            }
            e.at = now + pause;
            self.throttled
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let until = std::time::Instant::now() + pause;
            self.resume.send_if_modified(|current| {
                let later = current.is_none_or(|c| c < until);
                if later {
                    *current = Some(until);
                }
                later
            });
        }
    }

    /// A request that got no answer gives back its place in flight.
    pub fn abandoned(&self, scope: &str, kind: Kind) {
        let mut buckets = lock(&self.buckets);
        if let Some(e) = buckets.get_mut(&(scope.to_string(), kind)) {
            e.in_flight = e.in_flight.saturating_sub(1);
        }
    }

    /// Until when ARM asked to wait (the latest 429's Retry-After).
    pub fn subscribe(&self) -> watch::Receiver<Option<std::time::Instant>> {
        self.resume.subscribe()
    }

    /// 429 answers received so far.
    pub fn throttled(&self) -> u64 {
        self.throttled.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// The buckets stay usable after a panic elsewhere: they are estimates.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
#[path = "pacing_tests.rs"]
mod tests;
