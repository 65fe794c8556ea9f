//! From the global flags to a ready [`AcrApi`]: the in-process demo emulator,
//! an emulator or other endpoint given with `--arm-endpoint`, or real Azure.

use std::sync::Arc;

use crate::arm::auth::{AuthMethod, CredentialSpec, StaticToken, resolve, scope_for};
use crate::arm::azure::{AzureAcr, ClientConfig};
use crate::arm::{AcrApi, ArmError, ArmErrorKind};
use crate::cli::GlobalArgs;
use crate::emulator::Emulator;

/// The bearer token sent to an emulator on loopback (it accepts any non-empty one).
const EMULATOR_TOKEN: &str = "acrtui-emulator";

pub struct Connection {
    pub api: Arc<dyn AcrApi>,
    /// Cloud or endpoint, and the credential used: shown in the header.
    pub description: String,
    /// Keeps the in-process demo emulator alive.
    pub emulator: Option<Emulator>,
    /// How login servers are reached: by DNS over https, or, for an
    /// emulator, at its address over its scheme (it routes by `Host`).
    pub login_servers: crate::registry::Route,
    /// The ARM credential and scope, for the registry's `/oauth2/exchange`
    /// (what `az acr repository list` does with the user's ARM token).
    pub arm: ArmCredential,
    /// Microsoft Graph, for principals' display names: the cloud's, or the
    /// emulator's (which serves it on its own address).
    pub graph: crate::arm::graph::GraphDirectory,
    /// Key Vaults (`rotate --deliver kv://`), reached as login servers are.
    pub key_vaults: crate::key_vault::KeyVaults,
}

#[derive(Clone)]
pub struct ArmCredential {
    credential: Arc<dyn azure_core::auth::TokenCredential>,
    scope: String,
}

impl ArmCredential {
    pub fn new(
        credential: Arc<dyn azure_core::auth::TokenCredential>,
        scope: &str,
    ) -> ArmCredential {
        ArmCredential {
            credential,
            scope: scope.to_string(),
        }
    }

    /// A current ARM access token (a secret).
    pub async fn token(&self) -> Result<secrecy::SecretString, ArmError> {
        let token = self
            .credential
            .get_token(&[self.scope.as_str()])
            .await
            .map_err(|e| {
                ArmError::new(
                    ArmErrorKind::Auth,
                    format!("no ARM token for the registry exchange: {e}"),
                )
            })?;
        Ok(secrecy::SecretString::from(
            token.token.secret().to_string(),
        ))
    }
}

/// An emulator serves every login server on its own address.
fn emulator_route(url: &url::Url) -> crate::registry::Route {
    let at = url
        .socket_addrs(|| None)
        .ok()
        .and_then(|a| a.into_iter().next());
    let scheme = if url.scheme() == "https" {
        "https"
    } else {
        "http"
    };
    crate::registry::Route { at, scheme }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// A real credential's token (or client secret) travels only over TLS; plain
/// http is accepted to a loopback address alone, where the emulator runs.
fn require_tls(flag: &str, url: &url::Url) -> Result<(), ArmError> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        scheme => Err(invalid(&format!(
            "{flag} {url} uses {scheme}: refusing to send a real credential's token without TLS. Use https (plain http is accepted only to a loopback address, such as the emulator's)"
        ))),
    }
}

/// The client's timings, with `--request-timeout`.
fn client_config(g: &GlobalArgs) -> ClientConfig {
    ClientConfig {
        attempt_timeout: std::time::Duration::from_secs(g.request_timeout),
        ..ClientConfig::default()
    }
}

pub async fn connect(g: &GlobalArgs) -> Result<Connection, ArmError> {
    let mut connection = connect_arm(g).await?;
    if let Some(at) = g.login_server_at {
        let scheme = if at.ip().is_loopback() {
            "http"
        } else {
            "https"
        };
        connection.login_servers = crate::registry::Route {
            at: Some(at),
            scheme,
        };
        connection.key_vaults = connection
            .key_vaults
            .routed(connection.login_servers.clone());
    }
    Ok(connection)
}

async fn connect_arm(g: &GlobalArgs) -> Result<Connection, ArmError> {
    if g.demo {
        let emulator = crate::demo::start_emulator().await?;
        let url = parse(&emulator.url())?;
        let scope = scope_for(&emulator.url());
        let description = "demo (in-process emulator)".to_string();
        return with_emulator_token(g, url, &scope, description, Some(emulator));
    }
    let endpoint = g.endpoint();
    let url = parse(&endpoint)?;
    let scope = if g.arm_endpoint.is_some() && g.authority_host.is_none() && is_loopback(&url) {
        scope_for(&endpoint)
    } else {
        scope_for(g.cloud.arm_endpoint())
    };
    if is_loopback(&url) && g.auth == AuthMethod::Default && g.authority_host.is_none() {
        let description = format!("{endpoint} (emulator token)");
        return with_emulator_token(g, url, &scope, description, None);
    }
    with_credential(g, url, &endpoint, &scope).await
}

/// An emulator (the demo's in-process one, or one on loopback) with the
/// static token it accepts; it serves login servers and Graph too.
fn with_emulator_token(
    g: &GlobalArgs,
    url: url::Url,
    scope: &str,
    description: String,
    emulator: Option<Emulator>,
) -> Result<Connection, ArmError> {
    let credential = StaticToken::new(EMULATOR_TOKEN);
    let login_servers = emulator_route(&url);
    let graph = graph_directory(url.as_str(), scope, credential.clone(), g)?;
    let api = AzureAcr::new(url, scope, credential.clone(), client_config(g));
    Ok(Connection {
        api: Arc::new(api),
        description,
        emulator,
        key_vaults: key_vaults(credential.clone(), login_servers.clone(), g),
        login_servers,
        graph,
        arm: ArmCredential::new(credential, scope),
    })
}

/// Real Azure (or an endpoint given with a real credential): TLS required
/// but to loopback, the credential resolved as `--auth` says.
async fn with_credential(
    g: &GlobalArgs,
    url: url::Url,
    endpoint: &str,
    scope: &str,
) -> Result<Connection, ArmError> {
    require_tls("--arm-endpoint", &url)?;
    if let Some(host) = g.authority_host.as_deref() {
        let authority = url::Url::parse(host)
            .map_err(|e| invalid(&format!("--authority-host {host:?} is not a URL: {e}")))?;
        require_tls("--authority-host", &authority)?;
    }
    let env = |k: &str| std::env::var(k).ok();
    let spec = CredentialSpec {
        method: g.auth,
        cloud: g.cloud,
        authority_host: g.authority_host.as_deref(),
        scope,
        env: &env,
    };
    let resolved = resolve(&spec).await?;
    let where_ = if g.arm_endpoint.is_some() {
        endpoint.to_string()
    } else {
        g.cloud.name().to_string()
    };
    let local = is_loopback(&url);
    // An emulator on loopback serves Graph too; elsewhere, the cloud's.
    let graph = if local {
        graph_directory(endpoint, scope, resolved.credential.clone(), g)?
    } else {
        let graph = g.cloud.graph_endpoint();
        graph_directory(graph, &scope_for(graph), resolved.credential.clone(), g)?
    };
    let login_servers = if local {
        emulator_route(&url)
    } else {
        crate::registry::Route::default()
    };
    Ok(Connection {
        api: Arc::new(AzureAcr::new(
            url.clone(),
            scope,
            resolved.credential.clone(),
            client_config(g),
        )),
        description: format!("{where_} as {}", resolved.description),
        emulator: None,
        key_vaults: key_vaults(resolved.credential.clone(), login_servers.clone(), g),
        login_servers,
        graph,
        arm: ArmCredential::new(resolved.credential, scope),
    })
}

/// Key Vaults of the cloud, reached as `route` says (an emulator's address).
fn key_vaults(
    credential: Arc<dyn azure_core::auth::TokenCredential>,
    route: crate::registry::Route,
    g: &GlobalArgs,
) -> crate::key_vault::KeyVaults {
    crate::key_vault::KeyVaults::new(
        credential,
        route,
        g.cloud,
        std::time::Duration::from_secs(g.request_timeout),
    )
}

/// Graph at `endpoint`, with the request timeout of the rest.
fn graph_directory(
    endpoint: &str,
    scope: &str,
    credential: Arc<dyn azure_core::auth::TokenCredential>,
    g: &GlobalArgs,
) -> Result<crate::arm::graph::GraphDirectory, ArmError> {
    Ok(crate::arm::graph::GraphDirectory::new(
        parse(endpoint)?,
        scope,
        credential,
        std::time::Duration::from_secs(g.request_timeout),
    ))
}

fn parse(url: &str) -> Result<url::Url, ArmError> {
    url::Url::parse(url).map_err(|e| invalid(&format!("--arm-endpoint {url:?} is not a URL: {e}")))
}

fn invalid(what: &str) -> ArmError {
    ArmError::new(ArmErrorKind::Invalid, what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_credential_needs_tls_unless_on_loopback() {
        let ok = |u: &str| require_tls("--arm-endpoint", &url::Url::parse(u).unwrap()).is_ok();
        assert!(ok("https://management.azure.com"));
        assert!(ok("http://127.0.0.1:8080"));
        assert!(ok("http://127.8.0.1:8080"));
        assert!(ok("http://localhost:8080"));
        assert!(ok("http://[::1]:8080"));
        assert!(!ok("http://management.example.com"));
        assert!(!ok("http://10.0.0.1"));
        assert!(!ok("ftp://127.0.0.1"));
    }
}
