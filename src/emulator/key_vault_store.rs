//! The emulator's Azure Key Vaults (issue 17): vaults seeded by name, each
//! holding secrets as lists of versions, newest last. Values are kept in
//! zeroized buffers that redact themselves in `Debug`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use zeroize::Zeroizing;

/// A seed file's `keyVaults` entry.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedVault {
    pub name: String,
    /// Object ids allowed to read and write secrets (the Key Vault Secrets
    /// Officer role, say). Absent: every caller may; the emulator's own
    /// token, which names no principal, always may.
    #[serde(default)]
    pub secret_officers: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct Vault {
    pub name: String,
    pub secret_officers: Option<Vec<String>>,
    /// By lower-cased name (Key Vault names are case-insensitive).
    pub secrets: BTreeMap<String, Vec<SecretVersion>>,
}

impl From<SeedVault> for Vault {
    fn from(seed: SeedVault) -> Vault {
        Vault {
            name: seed.name.to_ascii_lowercase(),
            secret_officers: seed.secret_officers,
            secrets: BTreeMap::new(),
        }
    }
}

impl Vault {
    /// Whether `principal` (a token's oid; None for one naming nobody) may
    /// read and write secrets.
    pub fn allows(&self, principal: Option<&str>) -> bool {
        match (&self.secret_officers, principal) {
            (None, _) | (_, None) => true,
            (Some(officers), Some(p)) => officers.iter().any(|o| o.eq_ignore_ascii_case(p)),
        }
    }
}

/// A secret's value, never shown by `Debug`.
#[derive(Clone)]
pub struct SecretValue(pub Zeroizing<String>);

impl std::fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretValue([REDACTED])")
    }
}

#[derive(Debug, Clone)]
pub struct SecretVersion {
    /// 32 hex digits, as Key Vault names versions.
    pub version: String,
    pub value: SecretValue,
    pub content_type: Option<String>,
    pub tags: BTreeMap<String, String>,
    pub enabled: bool,
    pub not_before: Option<DateTime<Utc>>,
    pub expires: Option<DateTime<Utc>>,
    pub created: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secrets_value_never_shows_in_debug() {
        let version = SecretVersion {
            version: "0".repeat(32),
            value: SecretValue(Zeroizing::new("hunter2-password".into())),
            content_type: None,
            tags: BTreeMap::new(),
            enabled: true,
            not_before: None,
            expires: None,
            created: Utc::now(),
        };
        let shown = format!("{version:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("[REDACTED]"));
    }
}
