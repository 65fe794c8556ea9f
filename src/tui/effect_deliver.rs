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

impl Delivery {
    /// What the vault records with the password.
    fn meta(&self) -> SecretMeta<'_> {
        SecretMeta {
            registry: &self.registry,
            login_server: &self.login_server,
            token: &self.user,
            slot: self.slot,
            expiry: self.expiry,
            format: self.format,
        }
    }
}

/// Writes the password to the delivery's vault: the new version's id.
async fn write(
    vaults: Option<&KeyVaults>,
    d: &Delivery,
    password: &SecretString,
) -> Result<String, String> {
    let Some(vaults) = vaults else {
        return Err("Key Vault is not reachable from this console".to_string());
    };
    let Sink::KeyVault { vault, secret } = &d.sink else {
        return Err("the console writes to Key Vault only (kv://VAULT/SECRET)".to_string());
    };
    let credential = secret_formats::Credential {
        login_server: &d.login_server,
        username: &d.user,
        password,
    };
    let text = secret_formats::render(d.format, &credential, "");
    let value = secret_formats::for_stdin(d.format, &text);
    vaults.set(vault, secret, value, &d.meta()).await
}

/// The show-once popup's write; the password copy is zeroized when
/// dropped here.
pub async fn deliver(vaults: Option<KeyVaults>, d: Delivery, password: SecretString) -> Outcome {
    let result = write(vaults.as_ref(), &d, &password).await;
    Outcome::Delivered {
        sink: d.sink.describe(),
        login_server: d.login_server,
        user: d.user,
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
        Ok(creds) => to_vault(vaults.as_ref(), &job, creds).await,
    };
    Outcome::RotatedToVault {
        registry: job.registry.registry,
        login_server: job.registry.login_server,
        token: job.token.name,
        result,
    }
}

/// The new password of a bulk rotation, written to its vault.
async fn to_vault(
    vaults: Option<&KeyVaults>,
    job: &VaultJob,
    creds: crate::arm::GeneratedCredentials,
) -> super::msg::VaultRotation {
    use super::msg::VaultRotation;
    let new = match creds.new_password(job.slot) {
        Ok(new) => new,
        Err(why) => return VaultRotation::NotRotated(why.into()),
    };
    let delivery = Delivery {
        login_server: job.registry.login_server.clone(),
        registry: job.registry.registry.name.clone(),
        user: creds.username.clone(),
        slot: job.slot,
        expiry: new.expiry,
        sink: job.sink.clone(),
        format: job.format,
    };
    match write(vaults, &delivery, &new.value).await {
        Ok(id) => VaultRotation::Written { creds, id },
        Err(why) => VaultRotation::NotWritten {
            creds,
            sink: delivery.sink.describe(),
            why,
        },
    }
}
