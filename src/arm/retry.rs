//! Retry decisions: which methods and statuses, how long to wait.

use std::time::Duration;

use azure_core::headers::Headers;
use rand::Rng;

#[derive(Debug, Clone, PartialEq)]
pub struct RetryConfig {
    pub max_retries: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// Never wait longer than this for one `Retry-After`.
    pub max_retry_after: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_retries: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

/// Only requests that can be repeated without changing the outcome. POST
/// (generateCredentials!) and PATCH are never retried.
pub fn is_idempotent(method: &azure_core::Method) -> bool {
    matches!(
        method,
        azure_core::Method::Get
            | azure_core::Method::Head
            | azure_core::Method::Put
            | azure_core::Method::Delete
            | azure_core::Method::Options
    )
}

pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// `retry-after-ms`, `x-ms-retry-after-ms` (milliseconds) or `Retry-After` (seconds).
pub fn retry_after(headers: &Headers) -> Option<Duration> {
    let get = |name: &'static str| {
        headers.get_optional_str(&azure_core::headers::HeaderName::from_static(name))
    };
    for name in ["retry-after-ms", "x-ms-retry-after-ms"] {
        if let Some(ms) = get(name).and_then(|v| v.trim().parse::<u64>().ok()) {
            return Some(Duration::from_millis(ms));
        }
    }
    get("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

impl RetryConfig {
    /// Exponential backoff with full jitter; a server's `Retry-After` wins when longer.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.min(16))
            .min(self.max_delay);
        let jittered = Duration::from_millis(
            rand::rng().random_range(exp.as_millis() as u64 / 2..=exp.as_millis() as u64),
        );
        match retry_after {
            Some(ra) => ra
                .min(self.max_retry_after)
                .max(jittered.min(Duration::from_millis(50))),
            None => jittered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_idempotent_methods_retry() {
        assert!(is_idempotent(&azure_core::Method::Get));
        assert!(is_idempotent(&azure_core::Method::Put));
        assert!(is_idempotent(&azure_core::Method::Delete));
        assert!(!is_idempotent(&azure_core::Method::Post));
        assert!(!is_idempotent(&azure_core::Method::Patch));
    }

    #[test]
    fn delays_grow_are_bounded_and_honour_retry_after() {
        let c = RetryConfig::default();
        for attempt in 0..10 {
            let d = c.delay(attempt, None);
            assert!(d <= c.max_delay, "{d:?}");
            assert!(d >= c.base_delay.min(c.max_delay) / 2, "{d:?}");
        }
        assert_eq!(
            c.delay(0, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(
            c.delay(0, Some(Duration::from_secs(3600))),
            c.max_retry_after
        );
    }

    #[test]
    fn retry_after_headers() {
        let mut h = Headers::new();
        h.insert("retry-after", "7");
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        h.insert("retry-after-ms", "250");
        assert_eq!(retry_after(&h), Some(Duration::from_millis(250)));
    }
}
