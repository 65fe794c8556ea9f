//! What can go wrong on a registry's data plane, each with what to do.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryError {
    /// No connection: DNS, refused, TLS. From a laptop the usual cause is a
    /// registry reachable only through a private endpoint.
    Unreachable {
        server: String,
        detail: String,
    },
    Timeout {
        server: String,
    },
    /// The token service refused the credentials (401).
    Refused {
        server: String,
        detail: String,
    },
    /// A valid token that does not allow the call (403 DENIED).
    Denied {
        server: String,
        detail: String,
    },
    /// An answer that is not what the protocol says, or one that would send
    /// a credential elsewhere.
    Protocol {
        server: String,
        detail: String,
    },
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistryError::Unreachable { server, detail } => write!(
                f,
                "{server} could not be reached ({detail}). If the registry allows access only through a private endpoint, run this from inside that network"
            ),
            RegistryError::Timeout { server } => write!(
                f,
                "{server} did not answer in time; retry, or raise --request-timeout"
            ),
            RegistryError::Refused { server, detail } => write!(
                f,
                "{server} refused the credentials: {detail}. A wrong, expired or deleted password, a disabled token, or (in the first minute) a password not yet replicated"
            ),
            RegistryError::Denied { server, detail } => {
                write!(f, "{server} denied access: {detail}")
            }
            RegistryError::Protocol { server, detail } => write!(f, "{server}: {detail}"),
        }
    }
}

impl std::error::Error for RegistryError {}

impl RegistryError {
    /// The service could not be reached at all (the probe's exit code 3).
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            RegistryError::Unreachable { .. } | RegistryError::Timeout { .. }
        )
    }

    pub fn from_reqwest(server: &str, e: &reqwest::Error) -> RegistryError {
        let server = server.to_string();
        if e.is_timeout() {
            return RegistryError::Timeout { server };
        }
        // The URL carries no secret (credentials travel in headers), but
        // the error's own text is enough.
        let detail = std::error::Error::source(e)
            .map(|s| s.to_string())
            .unwrap_or_else(|| e.to_string());
        if e.is_connect() || e.is_request() {
            RegistryError::Unreachable { server, detail }
        } else {
            RegistryError::Protocol { server, detail }
        }
    }
}
