//! The HTTP transport under azure_core's pipeline. The pipeline's own retry
//! policy is off (it retries every method, POST included); this transport
//! retries idempotent requests only, with backoff, jitter and `Retry-After`.
//! Each attempt has one deadline covering headers and body, and a body size
//! cap. A request carrying a bearer token goes only to the ARM endpoint's
//! origin: redirects are never followed and no `Referer` is sent.

use std::time::Duration;

use async_trait::async_trait;
use azure_core::error::{Error, ErrorKind};
use azure_core::{HttpClient, Request, Response};
use futures_util::StreamExt;
use tokio::time::Instant;

use super::pacing::{Kind, Pacer, scope_of};
use super::retry::{RetryConfig, is_idempotent, is_retryable_status, retry_after};

/// What `Response::new` takes (azure_core keeps its own alias private).
type PinnedStream = std::pin::Pin<
    Box<dyn futures_util::Stream<Item = azure_core::Result<bytes::Bytes>> + Send + Sync>,
>;

/// No ARM answer acrtui reads comes near this (a page of 1,000 tokens is ~1 MiB).
pub const MAX_BODY_BYTES: usize = 32 << 20;

#[derive(Debug)]
pub struct Transport {
    /// `Err` when the HTTP client could not be built (reported on first use).
    inner: Result<reqwest::Client, String>,
    retry: RetryConfig,
    attempt_timeout: Duration,
    /// The only origin (scheme, host, port) an authenticated request may go to.
    origin: Option<url::Origin>,
    /// ARM's throttling buckets, as the answers report them (ARM only).
    pacer: Option<std::sync::Arc<Pacer>>,
}

impl Transport {
    pub fn new(retry: RetryConfig, attempt_timeout: Duration) -> Transport {
        // As azure_core's own client (no idle pool: hyper#2312), plus: no
        // redirects (a 3xx would carry the bearer token on), no Referer.
        let inner = extra_roots().and_then(|roots| {
            let mut builder = reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                .redirect(reqwest::redirect::Policy::none())
                .referer(false);
            for root in roots {
                builder = builder.add_root_certificate(root);
            }
            builder
                .build()
                .map_err(|e| format!("cannot build the HTTP client: {e}"))
        });
        Transport {
            inner,
            retry,
            attempt_timeout,
            origin: None,
            pacer: None,
        }
    }

    /// Paces requests under ARM's throttling (see pacing.rs).
    pub fn paced(mut self, pacer: std::sync::Arc<Pacer>) -> Transport {
        self.pacer = Some(pacer);
        self
    }

    /// One attempt, after the pacer gave it a token; the answer's
    /// remaining-requests headers go back to the pacer.
    async fn paced_attempt(&self, request: &Request) -> azure_core::Result<Response> {
        let Some(pacer) = &self.pacer else {
            return self.attempt(request).await;
        };
        let scope = scope_of(request.url().path());
        let kind = Kind::of(request.method().as_ref());
        pacer.before(&scope, kind).await;
        let result = self.attempt(request).await;
        match &result {
            Ok(r) => {
                let headers = r.headers();
                let header = |name: &str| {
                    headers
                        .get_optional_str(&azure_core::headers::HeaderName::from(name.to_string()))
                        .map(str::to_string)
                };
                let status: u16 = r.status().into();
                pacer.after(&scope, kind, status, header, retry_after(headers));
            }
            Err(_) => pacer.abandoned(&scope, kind),
        }
        result
    }

    /// Refuses authenticated requests to any origin but `endpoint`'s.
    pub fn for_origin(mut self, endpoint: &url::Url) -> Transport {
        self.origin = Some(endpoint.origin());
        self
    }

    fn check_origin(&self, request: &Request) -> azure_core::Result<()> {
        let Some(allowed) = &self.origin else {
            return Ok(());
        };
        let carries_token = request
            .headers()
            .get_optional_str(&azure_core::headers::AUTHORIZATION)
            .is_some();
        if !carries_token || request.url().origin() == *allowed {
            return Ok(());
        }
        Err(Error::message(
            ErrorKind::Other,
            format!(
                "refused to send the bearer token to {}: the service linked away from the ARM endpoint {} (ARM's own links always point at the endpoint called); a proxy or a broken service rewrote the link",
                request.url().origin().ascii_serialization(),
                allowed.ascii_serialization()
            ),
        ))
    }

    /// One attempt: headers within the deadline, then a body stream that
    /// fails if it is not complete by the same deadline or grows past the cap.
    async fn attempt(&self, request: &Request) -> azure_core::Result<Response> {
        let client = self
            .inner
            .as_ref()
            .map_err(|e| Error::message(ErrorKind::Io, e.clone()))?;
        let deadline = Instant::now() + self.attempt_timeout;
        let secs = self.attempt_timeout.as_secs_f64();
        let response = tokio::time::timeout_at(deadline, client.execute_request(request))
            .await
            .map_err(|_| {
                Error::message(ErrorKind::Io, format!("no answer within {secs:.0} s"))
            })??;
        let (status, headers, body) = response.deconstruct();
        // Origin and path only: never a header (the bearer token) or a body.
        tracing::debug!(
            method = %request.method(),
            origin = %request.url().origin().ascii_serialization(),
            path = request.url().path(),
            status = u16::from(status),
            "answer"
        );
        let stream: PinnedStream = Box::pin(bounded(body, deadline, secs));
        Ok(Response::new(status, headers, stream))
    }
}

/// The body, failing once the deadline passes or the size cap is crossed.
fn bounded(
    body: azure_core::ResponseBody,
    deadline: Instant,
    secs: f64,
) -> impl futures_util::Stream<Item = azure_core::Result<bytes::Bytes>> + Send + Sync {
    // State: the body still to read (None once it failed) and the bytes so far.
    futures_util::stream::unfold(
        (Some(Box::pin(body)), 0usize),
        move |(body, total)| async move {
            let mut body = body?;
            let fail =
                |text: String| Some((Err(Error::message(ErrorKind::Io, text)), (None, total)));
            match tokio::time::timeout_at(deadline, body.next()).await {
                Err(_) => fail(format!(
                    "the answer's body did not arrive within {secs:.0} s"
                )),
                Ok(None) => None,
                Ok(Some(Err(e))) => Some((Err(e), (None, total))),
                Ok(Some(Ok(chunk))) if total + chunk.len() > MAX_BODY_BYTES => fail(format!(
                    "the answer is larger than {} MiB; refusing to read more",
                    MAX_BODY_BYTES >> 20
                )),
                Ok(Some(Ok(chunk))) => {
                    let total = total + chunk.len();
                    Some((Ok(chunk), (Some(body), total)))
                }
            }
        },
    )
}

/// An error and all its sources, as one line.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Certificates to trust besides the built-in roots: those in the PEM file
/// `SSL_CERT_FILE` names, as OpenSSL-based tools (az, Python) read it. This
/// is how acrtui trusts `acrtui emulator --tls`.
fn extra_roots() -> Result<Vec<reqwest::Certificate>, String> {
    let Some(path) = std::env::var_os("SSL_CERT_FILE").filter(|p| !p.is_empty()) else {
        return Ok(Vec::new());
    };
    let shown = std::path::Path::new(&path).display().to_string();
    let pem =
        std::fs::read(&path).map_err(|e| format!("SSL_CERT_FILE={shown}: cannot read it: {e}"))?;
    let roots = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| format!("SSL_CERT_FILE={shown}: not a PEM certificate bundle: {e}"))?;
    if roots.is_empty() {
        return Err(format!("SSL_CERT_FILE={shown}: holds no certificate"));
    }
    Ok(roots)
}

#[async_trait]
impl HttpClient for Transport {
    async fn execute_request(&self, request: &Request) -> azure_core::Result<Response> {
        self.check_origin(request)?;
        let idempotent = is_idempotent(request.method());
        let mut attempt = 0;
        loop {
            let result = self.paced_attempt(request).await;
            let wait_hint = match &result {
                Ok(r) if is_retryable_status(r.status().into()) => retry_after(r.headers()),
                // A refused certificate stays refused: retrying only delays the error.
                Err(e) if super::error::is_untrusted_certificate(&chain(e)) => return result,
                Err(e) if *e.kind() == ErrorKind::Io => None,
                _ => return result,
            };
            // A server asking for a longer wait than we allow gets its answer back at once.
            let too_long = wait_hint.is_some_and(|w| w > self.retry.max_retry_after);
            if !idempotent || attempt >= self.retry.max_retries || too_long {
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
