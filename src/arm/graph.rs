//! Microsoft Graph's `directoryObjects/getByIds`: the display names of the
//! principals role assignments name. ARM knows only their ids; the names
//! are a convenience, so a caller that cannot reach Graph (no directory
//! permission, a sovereign cloud without it) still shows the ids.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use azure_core::auth::TokenCredential;
use azure_core::{Method, Url};
use serde_json::{Value, json};

use super::error::{ArmError, ArmErrorKind};
use super::raw::RawClient;
use super::retry::RetryConfig;
use super::transport::Transport;

/// Graph takes at most this many ids per call.
const IDS_PER_CALL: usize = 1000;

#[derive(Clone, Debug)]
pub struct GraphDirectory {
    raw: RawClient,
    endpoint: Url,
}

impl GraphDirectory {
    /// `endpoint`: Graph's root (`https://graph.microsoft.com`, or an
    /// emulator's address). Its token is asked for `scope` and, like the
    /// ARM client's, is sent to that origin alone.
    pub fn new(
        endpoint: Url,
        scope: &str,
        credential: Arc<dyn TokenCredential>,
        timeout: Duration,
    ) -> GraphDirectory {
        let transport = Transport::new(RetryConfig::default(), timeout).for_origin(&endpoint);
        GraphDirectory {
            raw: RawClient {
                http: Arc::new(transport),
                credential,
                scopes: vec![scope.to_string()],
            },
            endpoint,
        }
    }

    /// Display names by principal id (lower-case). Ids Graph does not know
    /// (deleted principals) are absent from the answer.
    pub async fn display_names(&self, ids: &[String]) -> Result<HashMap<String, String>, ArmError> {
        let mut url = self.endpoint.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty()
                .extend(["v1.0", "directoryObjects", "getByIds"]);
        }
        let mut names = HashMap::new();
        for chunk in ids.chunks(IDS_PER_CALL) {
            let body = json!({ "ids": chunk, "types": ["user", "group", "servicePrincipal"] });
            let answer = self
                .raw
                .send(Method::Post, url.as_str(), Some(&body))
                .await?;
            if !(200..300).contains(&answer.status) {
                return Err(answer.error());
            }
            let v: Value = answer.json()?;
            let Some(values) = v.get("value").and_then(Value::as_array) else {
                return Err(ArmError::new(
                    ArmErrorKind::Decode,
                    "Microsoft Graph's getByIds answer has no value list",
                ));
            };
            for o in values {
                let (Some(id), Some(name)) = (
                    o.get("id").and_then(Value::as_str),
                    o.get("displayName").and_then(Value::as_str),
                ) else {
                    continue;
                };
                names.insert(id.to_ascii_lowercase(), name.to_string());
            }
        }
        Ok(names)
    }
}
