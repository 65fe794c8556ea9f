//! Authenticated requests to URLs the service hands out (operation status,
//! `Location`, `nextLink`) and to APIs the mgmt crate lacks (subscriptions).

use std::sync::Arc;

use azure_core::auth::TokenCredential;
use azure_core::headers::Headers;
use azure_core::{HttpClient, Method, Request, Url};
use bytes::Bytes;

use super::error::{ArmError, ArmErrorKind, from_azure};

#[derive(Clone, Debug)]
pub struct RawClient {
    pub http: Arc<dyn HttpClient>,
    pub credential: Arc<dyn TokenCredential>,
    pub scopes: Vec<String>,
}

/// A whole answer.
pub struct RawResponse {
    pub status: u16,
    pub headers: Headers,
    pub body: Bytes,
}

impl RawClient {
    pub async fn get(&self, url: &str) -> Result<RawResponse, ArmError> {
        self.send(Method::Get, url, None).await
    }

    /// One request with an optional JSON body. Whether it is retried is the
    /// transport's call (idempotent methods only: a POST never is).
    pub async fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<RawResponse, ArmError> {
        let url = Url::parse(url).map_err(|e| {
            ArmError::new(
                ArmErrorKind::Decode,
                format!("bad URL from the service {url:?}: {e}"),
            )
        })?;
        let scopes: Vec<&str> = self.scopes.iter().map(String::as_str).collect();
        let token = self
            .credential
            .get_token(&scopes)
            .await
            .map_err(|e| from_azure(&e))?;
        let mut req = Request::new(url, method);
        req.insert_header(
            azure_core::headers::AUTHORIZATION,
            format!("Bearer {}", token.token.secret()),
        );
        if let Some(body) = body {
            req.insert_header(azure_core::headers::CONTENT_TYPE, "application/json");
            req.set_body(Bytes::from(body.to_string()));
        }
        let response = self
            .http
            .execute_request(&req)
            .await
            .map_err(|e| from_azure(&e))?;
        let (status, headers, body) = response.deconstruct();
        let body = body.collect().await.map_err(|e| from_azure(&e))?;
        Ok(RawResponse {
            status: status.into(),
            headers,
            body,
        })
    }
}

impl RawResponse {
    pub fn header(&self, name: &'static str) -> Option<String> {
        self.headers
            .get_optional_string(&azure_core::headers::HeaderName::from_static(name))
    }

    /// The ARM error this answer carries, with its ids.
    pub fn error(&self) -> ArmError {
        let body: serde_json::Value = serde_json::from_slice(&self.body).unwrap_or_default();
        let code = body
            .pointer("/error/code")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        let message = body
            .pointer("/error/message")
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .unwrap_or_else(|| format!("Azure answered HTTP {}", self.status));
        ArmError {
            request_id: self.header("x-ms-request-id"),
            correlation_id: self.header("x-ms-correlation-request-id"),
            ..ArmError::http(self.status, code, message)
        }
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, ArmError> {
        serde_json::from_slice(&self.body).map_err(|e| {
            ArmError::new(
                ArmErrorKind::Decode,
                format!("unexpected answer from Azure: {e}"),
            )
        })
    }
}
