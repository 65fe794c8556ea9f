//! The HTTP transport under azure_core's pipeline. The pipeline's own retry
//! policy is off (it retries every method, POST included); this transport
//! retries idempotent requests only, with backoff, jitter and `Retry-After`,
//! and bounds each attempt with a timeout.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use azure_core::error::{Error, ErrorKind};
use azure_core::{HttpClient, Request, Response};

use super::retry::{RetryConfig, is_idempotent, is_retryable_status, retry_after};

#[derive(Debug)]
pub struct Transport {
    inner: Arc<dyn HttpClient>,
    retry: RetryConfig,
    attempt_timeout: Duration,
}

impl Transport {
    pub fn new(retry: RetryConfig, attempt_timeout: Duration) -> Transport {
        Transport {
            inner: azure_core::new_http_client(),
            retry,
            attempt_timeout,
        }
    }
}

#[async_trait]
impl HttpClient for Transport {
    async fn execute_request(&self, request: &Request) -> azure_core::Result<Response> {
        let idempotent = is_idempotent(request.method());
        let mut attempt = 0;
        loop {
            let result = match tokio::time::timeout(
                self.attempt_timeout,
                self.inner.execute_request(request),
            )
            .await
            {
                Ok(r) => r,
                Err(_) => Err(Error::message(
                    ErrorKind::Io,
                    format!("no answer within {} s", self.attempt_timeout.as_secs()),
                )),
            };
            let wait_hint = match &result {
                Ok(r) if is_retryable_status(r.status().into()) => retry_after(r.headers()),
                Err(e) if *e.kind() == ErrorKind::Io => None,
                _ => return result,
            };
            if !idempotent || attempt >= self.retry.max_retries {
                return result;
            }
            let delay = self.retry.delay(attempt, wait_hint);
            tracing::debug!(
                method = %request.method(),
                attempt = attempt + 1,
                delay_ms = delay.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }
}
