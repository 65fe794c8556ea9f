//! One typed error for everything that talks to ARM, with the service's code,
//! message and request ids, and a hint that says what to do about it.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArmErrorKind {
    /// The service answered with an error status.
    Http,
    /// No answer: DNS, connection refused or reset, timeout of one attempt.
    Network,
    /// A credential could not produce a token.
    Auth,
    /// A long-running operation ended Failed or Canceled, or never ended in time.
    Operation,
    /// The answer could not be understood.
    Decode,
    /// Bad input caught before anything was sent.
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArmError {
    pub kind: ArmErrorKind,
    pub status: Option<u16>,
    /// ARM error code, e.g. `AuthorizationFailed`.
    pub code: Option<String>,
    pub message: String,
    pub request_id: Option<String>,
    pub correlation_id: Option<String>,
}

impl ArmError {
    pub fn new(kind: ArmErrorKind, message: impl Into<String>) -> ArmError {
        ArmError {
            kind,
            status: None,
            code: None,
            message: message.into(),
            request_id: None,
            correlation_id: None,
        }
    }

    pub fn http(status: u16, code: Option<String>, message: impl Into<String>) -> ArmError {
        ArmError {
            status: Some(status),
            code,
            ..ArmError::new(ArmErrorKind::Http, message)
        }
    }

    /// The service certainly did not act: nothing was sent, or it refused with
    /// a 4xx and an ARM error body. Anything else (no answer, a timeout, a 5xx,
    /// an answer that could not be read) leaves the outcome unknown.
    pub fn is_definite_rejection(&self) -> bool {
        match self.kind {
            ArmErrorKind::Invalid | ArmErrorKind::Auth => true,
            ArmErrorKind::Http => {
                self.status.is_some_and(|s| (400..500).contains(&s)) && self.code.is_some()
            }
            _ => false,
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.status == Some(404)
    }

    /// What the user can do about it, for the common cases.
    pub fn hint(&self) -> Option<String> {
        let code = self.code.as_deref().unwrap_or_default();
        if is_untrusted_certificate(&self.message) {
            return Some("The server's TLS certificate is not trusted. For `acrtui emulator --tls`, set SSL_CERT_FILE to the certificate file it printed; behind a TLS-inspecting proxy, to the proxy's CA.".into());
        }
        Some(match (self.kind, self.status, code) {
            (_, _, "AuthorizationFailed") => "Your identity lacks permission. For reading, assign the Reader role on the registry; for tokens and scope maps, Contributor or Container Registry Contributor and Data Access Configuration Administrator.".into(),
            (_, _, "InvalidAuthenticationToken" | "ExpiredAuthenticationToken" | "AuthenticationFailed") => "The credential's token was refused: run `az login` again, or check the service principal's tenant, client id and secret (--auth).".into(),
            (_, Some(404), "SubscriptionNotFound") => "Check the subscription id (--subscription) and that your identity has access to it.".into(),
            (_, Some(404), _) => "It was not found: it may have been deleted or renamed. Refresh (r) and check the name and resource group.".into(),
            (_, Some(429), _) => "Azure is throttling requests. Wait a moment and retry, or lower --concurrency.".into(),
            (_, Some(500..=599), _) => "Azure had a transient problem. Retry in a moment.".into(),
            (ArmErrorKind::Network, _, _) => "Azure could not be reached: check the network, proxy settings and --cloud/--arm-endpoint.".into(),
            (ArmErrorKind::Auth, _, _) => "No credential worked: run `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or choose one with --auth.".into(),
            _ => return None,
        })
    }
}

/// Whether a transport error says the server's certificate was refused: not
/// transient, so never retried, and worth its own hint.
pub fn is_untrusted_certificate(text: &str) -> bool {
    text.contains("invalid peer certificate") || text.contains("certificate verify failed")
}

impl fmt::Display for ArmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        let mut details = Vec::new();
        if let Some(code) = &self.code {
            details.push(code.clone());
        }
        if let Some(status) = self.status {
            details.push(format!("HTTP {status}"));
        }
        if let Some(id) = &self.request_id {
            details.push(format!("request id {id}"));
        }
        if !details.is_empty() {
            write!(f, " ({})", details.join(", "))?;
        }
        Ok(())
    }
}

impl std::error::Error for ArmError {}

/// Converts an azure_core 0.21 error, keeping status, code, message and the
/// request ids. `HttpError` keeps the response headers private but prints them
/// in its `Display` (`name:value` lines), which is where the ids are read from.
pub fn from_azure(e: &azure_core::Error) -> ArmError {
    if let Some(http) = e.as_http_error() {
        let printed = http.to_string();
        let header = |name: &str| {
            printed
                .lines()
                .chain(printed.split(", "))
                .flat_map(|l| l.split_whitespace())
                .find_map(|w| {
                    w.strip_prefix(name)
                        .map(|v| v.trim_end_matches(',').to_string())
                })
        };
        let status: u16 = http.status().into();
        let message = http
            .error_message()
            .map(str::to_string)
            .unwrap_or_else(|| format!("Azure answered HTTP {status}"));
        return ArmError {
            request_id: header("x-ms-request-id:"),
            correlation_id: header("x-ms-correlation-request-id:"),
            ..ArmError::http(status, http.error_code().map(str::to_string), message)
        };
    }
    let kind = match e.kind() {
        azure_core::error::ErrorKind::Io => ArmErrorKind::Network,
        azure_core::error::ErrorKind::Credential => ArmErrorKind::Auth,
        azure_core::error::ErrorKind::DataConversion => ArmErrorKind::Decode,
        // The transport's own refusals (a link to another origin): the answer is not to be trusted.
        azure_core::error::ErrorKind::Other => ArmErrorKind::Decode,
        azure_core::error::ErrorKind::HttpResponse { status, error_code } => {
            return ArmError::http(
                (*status).into(),
                error_code.clone(),
                format!("Azure answered HTTP {status}"),
            );
        }
        _ => ArmErrorKind::Network,
    };
    ArmError::new(kind, error_chain(e))
}

/// The error and its sources on one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_code_status_and_request_id() {
        let e = ArmError {
            request_id: Some("abc".into()),
            ..ArmError::http(403, Some("AuthorizationFailed".into()), "no access")
        };
        assert_eq!(
            e.to_string(),
            "no access (AuthorizationFailed, HTTP 403, request id abc)"
        );
        assert!(e.hint().unwrap().contains("role"));
    }

    #[test]
    fn only_a_4xx_with_an_arm_body_or_nothing_sent_is_definite() {
        assert!(ArmError::http(400, Some("InvalidTokenName".into()), "x").is_definite_rejection());
        assert!(ArmError::new(ArmErrorKind::Auth, "x").is_definite_rejection());
        assert!(!ArmError::http(400, None, "x").is_definite_rejection());
        assert!(
            !ArmError::http(500, Some("InternalServerError".into()), "x").is_definite_rejection()
        );
        assert!(!ArmError::new(ArmErrorKind::Network, "x").is_definite_rejection());
        assert!(!ArmError::new(ArmErrorKind::Decode, "x").is_definite_rejection());
        assert!(!ArmError::new(ArmErrorKind::Operation, "x").is_definite_rejection());
    }

    #[test]
    fn hints_for_common_cases() {
        assert!(
            ArmError::http(429, None, "x")
                .hint()
                .unwrap()
                .contains("throttling")
        );
        assert!(
            ArmError::http(401, Some("InvalidAuthenticationToken".into()), "x")
                .hint()
                .unwrap()
                .contains("az login")
        );
        assert!(
            ArmError::http(404, Some("ResourceNotFound".into()), "x")
                .hint()
                .unwrap()
                .contains("not found")
        );
        assert!(
            ArmError::new(ArmErrorKind::Network, "x")
                .hint()
                .unwrap()
                .contains("could not be reached")
        );
        assert_eq!(
            ArmError::http(400, Some("InvalidScopeMapAction".into()), "x").hint(),
            None
        );
    }
}
