//! Credentials and clouds. azure_identity 1.x credentials are adapted to the
//! azure_core 0.21 `TokenCredential` the mgmt crate expects. No credential or
//! token ever prints: `Debug` shows only which kind it is.

use std::sync::Arc;

use async_trait::async_trait;
use azure_core::auth::{AccessToken, Secret, TokenCredential};

/// A fixed bearer token: for the emulator (`--demo`, `--arm-endpoint` on loopback).
pub struct StaticToken(Secret);

impl StaticToken {
    pub fn new(token: &str) -> Arc<StaticToken> {
        Arc::new(StaticToken(Secret::new(token.to_string())))
    }
}

impl std::fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StaticToken([REDACTED])")
    }
}

#[async_trait]
impl TokenCredential for StaticToken {
    async fn get_token(&self, _scopes: &[&str]) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new(
            self.0.clone(),
            time::OffsetDateTime::now_utc() + time::Duration::hours(1),
        ))
    }

    async fn clear_cache(&self) -> azure_core::Result<()> {
        Ok(())
    }
}
