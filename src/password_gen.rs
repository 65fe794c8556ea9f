//! Generating a password without ever acting on stale state or hiding a lost
//! answer. The token is re-read right before the request: if its slots are not
//! as they were when the user chose, nothing is sent. If the answer is lost
//! (anything but a definite rejection), the token is re-read and the user told
//! exactly what now exists. Shared by `acrtui rotate` and the console.

use crate::arm::{AcrApi, ArmError, GeneratedCredentials, RegistryRef, Slot, TokenInfo};
use crate::domain::rotation_report::{LostAnswer, lost_answer, stale_choice};
use chrono::{DateTime, Utc};

#[derive(Debug)]
pub enum GenerateFailure {
    /// Nothing was created: the token could not be read first, or the service refused.
    Refused(ArmError),
    /// The token changed since the slot was chosen; nothing was sent.
    Stale { current: TokenInfo, message: String },
    /// The answer never arrived; `after` is the token re-read afterwards.
    Lost {
        error: ArmError,
        after: Option<TokenInfo>,
        report: LostAnswer,
    },
}

impl GenerateFailure {
    /// The sentence shown to the user (CLI stderr and console alike).
    pub fn message(&self) -> String {
        match self {
            GenerateFailure::Refused(e) => e.to_string(),
            GenerateFailure::Stale { message, .. } => message.clone(),
            GenerateFailure::Lost { report, .. } => report.text.clone(),
        }
    }
}

/// The request: which token, which slot (None: both), until when, and the
/// token as it was when the user chose.
pub struct Request<'a> {
    pub registry: &'a RegistryRef,
    pub chosen_on: &'a TokenInfo,
    pub slot: Option<Slot>,
    pub expiry: Option<DateTime<Utc>>,
}

pub async fn generate_checked(
    api: &dyn AcrApi,
    req: Request<'_>,
) -> Result<GeneratedCredentials, GenerateFailure> {
    let token = &req.chosen_on.name;
    let before = api
        .get_token(req.registry, token)
        .await
        .map_err(GenerateFailure::Refused)?;
    if let Some(message) = stale_choice(req.chosen_on, &before) {
        return Err(GenerateFailure::Stale {
            current: before,
            message,
        });
    }
    let error = match api
        .generate_credentials(req.registry, token, req.slot, req.expiry)
        .await
    {
        Ok(creds) => return Ok(creds),
        Err(e) if e.is_definite_rejection() => return Err(GenerateFailure::Refused(e)),
        Err(e) => e,
    };
    tracing::warn!("generateCredentials for {token}: answer lost ({error}); re-reading the token");
    let after = api.get_token(req.registry, token).await.ok();
    let asked: Vec<Slot> = req.slot.map_or(Slot::BOTH.to_vec(), |s| vec![s]);
    let report = lost_answer(&before, after.as_ref(), &asked, &error.to_string());
    Err(GenerateFailure::Lost {
        error,
        after,
        report,
    })
}
