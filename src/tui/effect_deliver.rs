//! The show-once popup's delivery, off the UI task: the password (or a
//! docker config with it) written as a new version of a Key Vault secret.
//! Never printed: the console owns the terminal, and a failed write leaves
//! the password in the popup instead.

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use super::msg::Outcome;
use crate::arm::Slot;
use crate::cmd::deliver::Sink;
use crate::domain::secret_formats::{self, SecretFormat};
use crate::key_vault::{KeyVaults, SecretMeta};

/// What is written where (the sink already filled in for the token).
pub struct Delivery {
    pub login_server: String,
    pub registry: String,
    pub user: String,
    pub slot: Slot,
    pub expiry: Option<DateTime<Utc>>,
    pub sink: Sink,
    pub format: SecretFormat,
}

/// Writes the password to the delivery's vault; the copy is zeroized when
/// dropped here.
pub async fn deliver(vaults: Option<KeyVaults>, d: Delivery, password: SecretString) -> Outcome {
    let sink = d.sink.describe();
    let result = match (&vaults, &d.sink) {
        (Some(vaults), Sink::KeyVault { vault, secret }) => {
            let credential = secret_formats::Credential {
                login_server: &d.login_server,
                username: &d.user,
                password: &password,
            };
            let text = secret_formats::render(d.format, &credential, "");
            let meta = SecretMeta {
                registry: &d.registry,
                login_server: &d.login_server,
                token: &d.user,
                slot: d.slot,
                expiry: d.expiry,
                content_type: crate::cmd::deliver::content_type(d.format),
            };
            let value = secret_formats::for_stdin(d.format, &text);
            vaults.set(vault, secret, value, &meta).await
        }
        (None, _) => Err("Key Vault is not reachable from this console".to_string()),
        (Some(_), _) => Err("the console writes to Key Vault only (kv://VAULT/SECRET)".to_string()),
    };
    Outcome::Delivered {
        login_server: d.login_server,
        user: d.user,
        sink,
        result,
    }
}
