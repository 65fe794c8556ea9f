//! The emulator over TLS (`--tls`): MSAL refuses an http authority and
//! azure-core refuses to send a bearer token to an http polling URL, so real
//! clients need https. A self-signed certificate for `localhost` and
//! `127.0.0.1` is made at start (rcgen), or the user's own is loaded, and
//! served with rustls; no OpenSSL.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use secrecy::{ExposeSecret, SecretString};
use tokio_rustls::TlsAcceptor;

/// A certificate chain and its key, as PEM.
#[derive(Clone)]
pub struct TlsIdentity {
    pub cert_pem: String,
    key_pem: SecretString,
}

impl std::fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsIdentity")
            .field("cert_pem", &format!("{} bytes", self.cert_pem.len()))
            .field("key_pem", &"[REDACTED]")
            .finish()
    }
}

impl TlsIdentity {
    /// A new self-signed certificate for `localhost` and `127.0.0.1`.
    pub fn self_signed() -> Result<TlsIdentity, String> {
        let names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
        let made = rcgen::generate_simple_self_signed(names)
            .map_err(|e| format!("cannot make a TLS certificate: {e}"))?;
        Ok(TlsIdentity {
            cert_pem: made.cert.pem(),
            key_pem: SecretString::from(made.key_pair.serialize_pem()),
        })
    }

    /// The user's certificate chain and key (PEM files).
    pub fn from_files(cert: &Path, key: &Path) -> Result<TlsIdentity, String> {
        let read = |p: &Path, what: &str| {
            crate::input_file::read_capped(p, 1 << 20, &format!("a {what} file is at most 1 MiB"))
        };
        let identity = TlsIdentity {
            cert_pem: read(cert, "certificate")?,
            key_pem: SecretString::from(read(key, "key")?),
        };
        // Fail at start, naming the file, not at the first connection.
        identity.acceptor().map_err(|e| {
            format!(
                "--tls-cert {} / --tls-key {}: {e}",
                cert.display(),
                key.display()
            )
        })?;
        Ok(identity)
    }

    /// A rustls acceptor speaking HTTP/1.1.
    pub fn acceptor(&self) -> Result<TlsAcceptor, String> {
        let certs: Vec<CertificateDer<'static>> =
            CertificateDer::pem_slice_iter(self.cert_pem.as_bytes())
                .collect::<Result<_, _>>()
                .map_err(|e| format!("the certificate is not PEM: {e}"))?;
        if certs.is_empty() {
            return Err("no certificate in the PEM".into());
        }
        let key = PrivateKeyDer::from_pem_slice(self.key_pem.expose_secret().as_bytes())
            .map_err(|e| format!("the key is not a PEM private key: {e}"))?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .map_err(|e| format!("the certificate and key do not fit: {e}"))?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(TlsAcceptor::from(Arc::new(config)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_self_signed_identity_builds_an_acceptor_and_never_prints_its_key() {
        let id = TlsIdentity::self_signed().unwrap();
        assert!(id.cert_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(id.acceptor().is_ok());
        let debug = format!("{id:?}");
        assert!(
            debug.contains("[REDACTED]") && !debug.contains("PRIVATE KEY"),
            "{debug}"
        );
    }
}
