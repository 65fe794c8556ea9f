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
#[derive(Debug)]
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

/// One token of the audit's bulk rotation (what `acrtui rotate
/// --expiring-within` does per token): generate (the token re-read first,
/// never re-sent), then write to the vault. At most `permits` at once.
#[derive(Debug)]
pub struct VaultJob {
    pub registry: crate::arm::RegistryInfo,
    pub token: crate::arm::TokenInfo,
    pub slot: Slot,
    pub expiry: Option<DateTime<Utc>>,
    pub sink: Sink,
    pub format: SecretFormat,
}

pub async fn rotate_to_vault(
    api: std::sync::Arc<dyn crate::arm::AcrApi>,
    vaults: Option<KeyVaults>,
    permits: std::sync::Arc<tokio::sync::Semaphore>,
    job: VaultJob,
) -> Outcome {
    use super::msg::VaultRotation;
    use crate::password_gen::{GenerateFailure, Request, generate_checked};
    let _permit = permits.acquire().await.ok();
    let request = Request {
        registry: &job.registry.registry,
        chosen_on: &job.token,
        slot: Some(job.slot),
        expiry: job.expiry,
    };
    let result = match generate_checked(api.as_ref(), request).await {
        Err(e @ GenerateFailure::Lost { .. }) => VaultRotation::Lost(e.message()),
        Err(e) => VaultRotation::NotRotated(e.message()),
        Ok(creds) => match creds.passwords.iter().find(|p| p.slot == job.slot) {
            None => VaultRotation::NotRotated("the service did not return the new password".into()),
            Some(new) => {
                let delivery = Delivery {
                    login_server: job.registry.login_server.clone(),
                    registry: job.registry.registry.name.clone(),
                    user: creds.username.clone(),
                    slot: job.slot,
                    expiry: new.expiry,
                    sink: job.sink,
                    format: job.format,
                };
                let password = SecretString::from(
                    secrecy::ExposeSecret::expose_secret(&new.value).to_string(),
                );
                match deliver(vaults, delivery, password).await {
                    Outcome::Delivered { result: Ok(id), .. } => {
                        VaultRotation::Written { creds, id }
                    }
                    Outcome::Delivered {
                        result: Err(why),
                        sink,
                        ..
                    } => VaultRotation::NotWritten { creds, sink, why },
                    _ => VaultRotation::NotRotated("no answer from the vault".into()),
                }
            }
        },
    };
    Outcome::RotatedToVault {
        registry: job.registry.registry,
        login_server: job.registry.login_server,
        token: job.token.name,
        result,
    }
}
