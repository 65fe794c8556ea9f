//! Below the Key Vault SDK: the HTTP transport pinned to a route, the
//! azure_core 0.21 credential seen through the 1.x trait, and the retries.

use std::sync::Arc;

use async_trait::async_trait;
use azure_core_v1::credentials::{
    AccessToken, TokenCredential as V1Credential, TokenRequestOptions,
};

/// Two retries within 10 s: the SDK's default (8 retries over a minute)
/// would hold a bulk run ~80 s per token on a vault that cannot be reached.
/// A retried write at worst adds a version with the same value.
pub(super) fn retry_options() -> azure_core_v1::http::RetryOptions {
    azure_core_v1::http::RetryOptions::exponential(azure_core_v1::http::ExponentialRetryOptions {
        initial_delay: azure_core_v1::time::Duration::milliseconds(500),
        max_retries: 2,
        max_total_elapsed: azure_core_v1::time::Duration::seconds(10),
        max_delay: azure_core_v1::time::Duration::seconds(2),
    })
}

/// The vault's requests, pinned to the route's address by the client's
/// resolver; `plain`: the emulator on loopback speaks http, so https
/// becomes http on the wire (as `arm::auth`'s LoopbackHttp does for Entra).
#[derive(Debug)]
pub(super) struct Routed {
    pub(super) http: reqwest_v013::Client,
    pub(super) plain: bool,
}

#[async_trait]
impl azure_core_v1::http::HttpClient for Routed {
    async fn execute_request(
        &self,
        request: &azure_core_v1::http::Request,
    ) -> azure_core_v1::Result<azure_core_v1::http::AsyncRawResponse> {
        if !self.plain {
            return self.http.execute_request(request).await;
        }
        let mut request = request.clone();
        let _ = request.url_mut().set_scheme("http");
        self.http.execute_request(&request).await
    }
}

/// An azure_core 0.21 credential seen through the azure_core 1.x trait the
/// Key Vault SDK takes (the reverse of `arm::auth::Adapter`).
pub(super) struct CoreV1View(pub(super) Arc<dyn azure_core::auth::TokenCredential>);

impl std::fmt::Debug for CoreV1View {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CoreV1View([REDACTED])")
    }
}

#[async_trait]
impl V1Credential for CoreV1View {
    async fn get_token(
        &self,
        scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core_v1::Result<AccessToken> {
        let token = self.0.get_token(scopes).await.map_err(|e| {
            azure_core_v1::Error::with_message(
                azure_core_v1::error::ErrorKind::Credential,
                format!("{e}"),
            )
        })?;
        Ok(AccessToken::new(
            token.token.secret().to_string(),
            token.expires_on,
        ))
    }
}
