//! Credentials and clouds. azure_identity 1.x credentials are adapted to the
//! azure_core 0.21 `TokenCredential` the mgmt crate expects. No credential or
//! token ever prints: `Debug` shows only which kind it is.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use azure_core::auth::{AccessToken, Secret, TokenCredential};
use azure_core_v1::cloud::{CloudConfiguration, CustomConfiguration};
use azure_core_v1::credentials::TokenCredential as V1Credential;
use azure_core_v1::http::{ClientOptions, Transport};

use super::error::{ArmError, ArmErrorKind};

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

/// An azure_identity 1.x credential seen through the azure_core 0.21 trait.
pub struct Adapter {
    inner: Arc<dyn V1Credential>,
    name: &'static str,
}

impl std::fmt::Debug for Adapter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Adapter({})", self.name)
    }
}

#[async_trait]
impl TokenCredential for Adapter {
    async fn get_token(&self, scopes: &[&str]) -> azure_core::Result<AccessToken> {
        let token = self.inner.get_token(scopes, None).await.map_err(|e| {
            azure_core::Error::message(
                azure_core::error::ErrorKind::Credential,
                format!("{}: {e}", self.name),
            )
        })?;
        let expires = time::OffsetDateTime::from_unix_timestamp(token.expires_on.unix_timestamp())
            .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
        Ok(AccessToken::new(
            Secret::new(token.token.secret().to_string()),
            expires,
        ))
    }

    async fn clear_cache(&self) -> azure_core::Result<()> {
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Cloud {
    #[value(name = "PublicCloud", alias = "public")]
    Public,
    #[value(name = "USGovernmentCloud", alias = "usgov")]
    UsGovernment,
    #[value(name = "ChinaCloud", alias = "china")]
    China,
}

impl Cloud {
    pub fn arm_endpoint(self) -> &'static str {
        match self {
            Cloud::Public => "https://management.azure.com",
            Cloud::UsGovernment => "https://management.usgovcloudapi.net",
            Cloud::China => "https://management.chinacloudapi.cn",
        }
    }

    /// Microsoft Graph in this cloud (principals' display names).
    pub fn graph_endpoint(self) -> &'static str {
        match self {
            Cloud::Public => "https://graph.microsoft.com",
            Cloud::UsGovernment => "https://graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    pub fn authority_host(self) -> &'static str {
        match self {
            Cloud::Public => "https://login.microsoftonline.com",
            Cloud::UsGovernment => "https://login.microsoftonline.us",
            Cloud::China => "https://login.chinacloudapi.cn",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Cloud::Public => "PublicCloud",
            Cloud::UsGovernment => "USGovernmentCloud",
            Cloud::China => "ChinaCloud",
        }
    }
}

/// The token scope for an ARM endpoint: `<endpoint>/.default`.
pub fn scope_for(endpoint: &str) -> String {
    format!("{}/.default", endpoint.trim_end_matches('/'))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthMethod {
    /// Environment service principal, workload identity, managed identity, Azure CLI: the first that works.
    Default,
    /// Azure CLI (`az login`).
    Cli,
    /// Service principal from AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET.
    Sp,
    /// Managed identity (AZURE_CLIENT_ID selects a user-assigned one).
    Msi,
    /// Workload identity federation (AZURE_FEDERATED_TOKEN_FILE).
    Workload,
}

/// Where tokens come from, and the scope to ask for.
pub struct CredentialSpec<'a> {
    pub method: AuthMethod,
    pub cloud: Cloud,
    /// Overrides the cloud's authority host, e.g. the emulator's token endpoint.
    pub authority_host: Option<&'a str>,
    pub scope: &'a str,
    /// Environment lookup (a parameter so tests need not touch the process environment).
    pub env: &'a (dyn Fn(&str) -> Option<String> + Sync),
}

/// The credential that worked and a description for the header and logs.
pub struct Resolved {
    pub credential: Arc<dyn TokenCredential>,
    pub description: String,
}

/// https → http for loopback hosts only, so azure_identity (which insists on an
/// HTTPS authority) can talk to the emulator's token endpoint.
#[derive(Debug)]
struct LoopbackHttp(Arc<dyn azure_core_v1::http::HttpClient>);

#[async_trait]
impl azure_core_v1::http::HttpClient for LoopbackHttp {
    async fn execute_request(
        &self,
        request: &azure_core_v1::http::Request,
    ) -> azure_core_v1::Result<azure_core_v1::http::AsyncRawResponse> {
        let mut request = request.clone();
        let loopback = request
            .url()
            .host_str()
            .is_some_and(|h| h == "127.0.0.1" || h == "localhost" || h == "[::1]");
        if loopback && request.url().scheme() == "https" {
            let _ = request.url_mut().set_scheme("http");
        }
        self.0.execute_request(&request).await
    }
}

fn client_options(spec: &CredentialSpec<'_>) -> ClientOptions {
    let mut options = ClientOptions::default();
    let cloud = match spec.authority_host {
        Some(host) => {
            let mut custom = CustomConfiguration::default();
            custom.authority_host = host.replacen("http://", "https://", 1);
            options.transport = Some(Transport::new(Arc::new(LoopbackHttp(
                azure_core_v1::http::new_http_client(None),
            ))));
            CloudConfiguration::Custom(custom)
        }
        None => match spec.cloud {
            Cloud::Public => CloudConfiguration::AzurePublic,
            Cloud::UsGovernment => CloudConfiguration::AzureGovernment,
            Cloud::China => CloudConfiguration::AzureChina,
        },
    };
    options.cloud = Some(Arc::new(cloud));
    options
}

type Attempt = Result<Arc<dyn V1Credential>, String>;

fn service_principal(spec: &CredentialSpec<'_>) -> Attempt {
    let get = |k: &str| {
        (spec.env)(k)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| format!("{k} is not set"))
    };
    let (tenant, client, secret) = (
        get("AZURE_TENANT_ID")?,
        get("AZURE_CLIENT_ID")?,
        get("AZURE_CLIENT_SECRET")?,
    );
    let options = azure_identity::ClientSecretCredentialOptions {
        client_options: client_options(spec),
    };
    azure_identity::ClientSecretCredential::new(&tenant, client, secret.into(), Some(options))
        .map(|c| c as Arc<dyn V1Credential>)
        .map_err(|e| e.to_string())
}

fn workload(spec: &CredentialSpec<'_>) -> Attempt {
    let file =
        (spec.env)("AZURE_FEDERATED_TOKEN_FILE").ok_or("AZURE_FEDERATED_TOKEN_FILE is not set")?;
    let options = azure_identity::WorkloadIdentityCredentialOptions {
        client_id: (spec.env)("AZURE_CLIENT_ID"),
        tenant_id: (spec.env)("AZURE_TENANT_ID"),
        token_file_path: Some(file.into()),
        credential_options: azure_identity::ClientAssertionCredentialOptions {
            client_options: client_options(spec),
        },
    };
    azure_identity::WorkloadIdentityCredential::new(Some(options))
        .map(|c| c as Arc<dyn V1Credential>)
        .map_err(|e| e.to_string())
}

// The options struct has a crate-private field, so struct-update syntax is impossible.
#[allow(clippy::field_reassign_with_default)]
fn managed_identity(spec: &CredentialSpec<'_>) -> Attempt {
    let mut options = azure_identity::ManagedIdentityCredentialOptions::default();
    options.client_options = client_options(spec);
    if let Some(id) = (spec.env)("AZURE_CLIENT_ID") {
        options.user_assigned_id = Some(azure_identity::UserAssignedId::ClientId(id));
    }
    azure_identity::ManagedIdentityCredential::new(Some(options))
        .map(|c| c as Arc<dyn V1Credential>)
        .map_err(|e| e.to_string())
}

fn azure_cli(spec: &CredentialSpec<'_>) -> Attempt {
    let options = azure_identity::AzureCliCredentialOptions {
        tenant_id: (spec.env)("AZURE_TENANT_ID"),
        ..Default::default()
    };
    azure_identity::AzureCliCredential::new(Some(options))
        .map(|c| c as Arc<dyn V1Credential>)
        .map_err(|e| e.to_string())
}

struct Candidate {
    name: &'static str,
    build: fn(&CredentialSpec<'_>) -> Attempt,
    fix: &'static str,
    timeout: Duration,
}

const CANDIDATES: [Candidate; 4] = [
    Candidate {
        name: "environment service principal",
        build: service_principal,
        fix: "set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET",
        timeout: Duration::from_secs(20),
    },
    Candidate {
        name: "workload identity",
        build: workload,
        fix: "set AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID and AZURE_TENANT_ID (set by AKS workload identity)",
        timeout: Duration::from_secs(20),
    },
    Candidate {
        name: "managed identity",
        build: managed_identity,
        fix: "run on an Azure resource with a managed identity",
        timeout: Duration::from_secs(3),
    },
    Candidate {
        name: "Azure CLI",
        build: azure_cli,
        fix: "install the Azure CLI and run `az login`",
        timeout: Duration::from_secs(30),
    },
];

/// Picks the credential: the one asked for, or the first of the default chain
/// that yields a token. A failure lists what each one tried and how to fix it.
pub async fn resolve(spec: &CredentialSpec<'_>) -> Result<Resolved, ArmError> {
    let wanted: Vec<&Candidate> = match spec.method {
        AuthMethod::Default => CANDIDATES.iter().collect(),
        AuthMethod::Sp => vec![&CANDIDATES[0]],
        AuthMethod::Workload => vec![&CANDIDATES[1]],
        AuthMethod::Msi => vec![&CANDIDATES[2]],
        AuthMethod::Cli => vec![&CANDIDATES[3]],
    };
    let mut failures = Vec::new();
    for candidate in wanted {
        let credential = match (candidate.build)(spec) {
            Ok(c) => Arc::new(Adapter {
                inner: c,
                name: candidate.name,
            }),
            Err(why) => {
                failures.push(format!("{}: {why} ({})", candidate.name, candidate.fix));
                continue;
            }
        };
        match tokio::time::timeout(candidate.timeout, credential.get_token(&[spec.scope])).await {
            Ok(Ok(_)) => {
                return Ok(Resolved {
                    credential,
                    description: candidate.name.to_string(),
                });
            }
            Ok(Err(e)) => failures.push(format!("{}: {e} ({})", candidate.name, candidate.fix)),
            Err(_) => failures.push(format!(
                "{}: no answer within {} s ({})",
                candidate.name,
                candidate.timeout.as_secs(),
                candidate.fix
            )),
        }
    }
    Err(ArmError::new(
        ArmErrorKind::Auth,
        format!(
            "no credential produced a token:\n  - {}",
            failures.join("\n  - ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clouds_have_their_endpoints() {
        assert_eq!(
            scope_for(Cloud::UsGovernment.arm_endpoint()),
            "https://management.usgovcloudapi.net/.default"
        );
        assert_eq!(
            Cloud::China.authority_host(),
            "https://login.chinacloudapi.cn"
        );
        assert_eq!(
            scope_for("http://127.0.0.1:5/"),
            "http://127.0.0.1:5/.default"
        );
    }

    #[test]
    fn static_token_debug_is_redacted() {
        let t = StaticToken::new("super-secret-bearer");
        assert!(!format!("{t:?}").contains("super-secret"));
    }

    #[tokio::test]
    async fn a_failed_chain_says_what_each_credential_tried() {
        let env = |k: &str| match k {
            "AZURE_TENANT_ID" => Some("t".to_string()),
            _ => None,
        };
        let spec = CredentialSpec {
            method: AuthMethod::Sp,
            cloud: Cloud::Public,
            authority_host: None,
            scope: "https://management.azure.com/.default",
            env: &env,
        };
        let err = resolve(&spec).await.err().unwrap();
        assert_eq!(err.kind, ArmErrorKind::Auth);
        assert!(
            err.message
                .contains("environment service principal: AZURE_CLIENT_ID is not set"),
            "{}",
            err.message
        );
        assert!(
            err.message
                .contains("set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET")
        );
    }
}
