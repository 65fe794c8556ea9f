//! Effects' reads beside ARM's lists: a registry's catalog and
//! repositories from its login server (through the operator's ARM token),
//! its role assignments, and the probe of a new password.

use std::time::Duration;

use secrecy::SecretString;

use super::Effects;
use crate::tui::command::{CommandKind, OpId};
use crate::tui::msg::Outcome;

impl Effects {
    pub(super) fn spawn_read(&self, id: OpId, kind: CommandKind) {
        match kind {
            CommandKind::ReadCatalog {
                registry,
                login_server,
            } => {
                let session = self.session();
                self.spawn_op(id, async move {
                    let result = read_catalog(&login_server, session).await;
                    Outcome::CatalogRead { registry, result }
                })
            }
            CommandKind::ReadRepositories {
                registry,
                login_server,
            } => {
                let session = self.session();
                self.spawn_op(id, async move {
                    let result = read_repositories(&login_server, session).await;
                    Outcome::RepositoriesRead { registry, result }
                })
            }
            CommandKind::ReadIdentities { registry } => self.spawn_identities(id, registry),
            CommandKind::Probe {
                login_server,
                user,
                password,
                actions,
                repositories,
            } => {
                let (route, timeout) = (self.login_servers.clone(), self.registry_timeout);
                self.spawn_op(id, async move {
                    let target = ProbeTarget {
                        login_server: &login_server,
                        user: &user,
                        actions: &actions,
                        repositories: &repositories,
                    };
                    let result = probe_password(target, &password, &route, timeout).await;
                    Outcome::Probed {
                        login_server,
                        user,
                        result,
                    }
                })
            }
            // Not a read: Effects::spawn runs the rest.
            other => self.spawn_op(id, super::run_arm(self.api.clone(), other)),
        }
    }
}

impl Effects {
    /// The registry's role assignments, mode, tasks and principals' names.
    fn spawn_identities(&self, id: OpId, registry: crate::arm::RegistryRef) {
        let (api, graph) = (self.api.clone(), self.graph.clone());
        self.spawn_op(id, async move {
            let result =
                crate::tui::effect_ops::read_identities(api.as_ref(), graph.as_ref(), &registry)
                    .await;
            Outcome::IdentitiesRead { registry, result }
        })
    }
}

/// What a probe asks about: whose password, on which login server, the
/// scope map's actions (what to expect) and the repositories to try
/// (empty: one per pattern of the map).
struct ProbeTarget<'a> {
    login_server: &'a str,
    user: &'a str,
    actions: &'a [String],
    repositories: &'a [String],
}

/// The probe of a new password: one token request for every repository
/// asked about. The password copy is dropped (zeroized) here.
async fn probe_password(
    t: ProbeTarget<'_>,
    password: &SecretString,
    route: &crate::registry::Route,
    timeout: Duration,
) -> Result<Vec<crate::registry::probe::ProbeRow>, crate::registry::RegistryError> {
    use crate::domain::permissions::CompiledScopeMap;
    use crate::registry::probe::{probe, targets};
    let client = crate::registry::RegistryClient::new(t.login_server, route, timeout)?;
    let map = CompiledScopeMap::new(t.actions);
    let targets = targets(&map, t.repositories);
    probe(&client, t.user, password, &map, &targets).await
}

/// What a read of a login server with the operator's identity needs: how
/// login servers are reached, how long a request may take, and the ARM
/// credential to exchange.
struct Session {
    route: crate::registry::Route,
    timeout: Duration,
    arm: Option<crate::connect::ArmCredential>,
}

impl Effects {
    fn session(&self) -> Session {
        Session {
            route: self.login_servers.clone(),
            timeout: self.registry_timeout,
            arm: self.arm.clone(),
        }
    }
}

/// The registry's repositories through the operator's ARM token.
async fn read_catalog(
    login_server: &str,
    session: Session,
) -> Result<Vec<String>, crate::registry::RegistryError> {
    let (client, token) = registry_session(login_server, session).await?;
    crate::registry::repositories::list_repositories(&client, &token).await
}

/// The repositories with their tag counts (the Repositories view).
async fn read_repositories(
    login_server: &str,
    session: Session,
) -> Result<Vec<crate::registry::tag_counts::RepositorySummary>, crate::registry::RegistryError> {
    let (client, token) = registry_session(login_server, session).await?;
    crate::registry::tag_counts::repositories_with_tag_counts(&client, &token).await
}

/// A client for the login server and the operator's ARM token to exchange.
async fn registry_session(
    login_server: &str,
    session: Session,
) -> Result<(crate::registry::RegistryClient, secrecy::SecretString), crate::registry::RegistryError>
{
    let denied = |detail: String| crate::registry::RegistryError::Denied {
        server: login_server.to_string(),
        detail,
    };
    let arm = session
        .arm
        .ok_or_else(|| denied("no ARM credential to exchange for a registry token".into()))?;
    let token = arm.token().await.map_err(|e| denied(e.to_string()))?;
    let client =
        crate::registry::RegistryClient::new(login_server, &session.route, session.timeout)?;
    Ok((client, token))
}
