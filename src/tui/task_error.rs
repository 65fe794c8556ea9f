//! Why an operation run off the UI task failed: the service (with its code,
//! status, request id and a hint), a local file, or a bug. The error popup
//! shows each as what it is: a file that cannot be written gets no Azure hint.

use crate::arm::ArmError;

#[derive(Debug, Clone, thiserror::Error)]
pub enum TaskError {
    /// Azure (or the emulator) refused, or could not be reached.
    #[error("{0}")]
    Arm(ArmError),
    /// A local file could not be written.
    #[error("{path}: {reason}")]
    File { path: String, reason: String },
    /// A command given to the wrong runner: a bug, said rather than hidden.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<ArmError> for TaskError {
    fn from(error: ArmError) -> TaskError {
        TaskError::Arm(error)
    }
}

impl TaskError {
    /// The one-line message, without the details the popup lists apart.
    pub fn message(&self) -> String {
        match self {
            TaskError::Arm(e) => e.message.clone(),
            TaskError::File { reason, .. } => reason.clone(),
            TaskError::Internal(what) => format!("internal error: {what}"),
        }
    }

    /// What to do about it, when acrtui knows.
    pub fn hint(&self) -> Option<String> {
        match self {
            TaskError::Arm(e) => e.hint(),
            TaskError::File { .. } => {
                Some("check that the directory exists and is writable, or type another path".into())
            }
            TaskError::Internal(_) => Some("please report it, with the steps that led here".into()),
        }
    }

    /// The service's details (code, HTTP status, request id), for an ARM error.
    pub fn arm(&self) -> Option<&ArmError> {
        match self {
            TaskError::Arm(e) => Some(e),
            _ => None,
        }
    }
}
