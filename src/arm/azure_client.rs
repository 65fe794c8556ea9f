//! [`AzureAcr`]: the client over azure_mgmt_containerregistry 0.21 with this
//! module's transport underneath, and the helpers its operations share
//! (URLs, raw lists, finishing long-running operations).

use std::sync::Arc;
use std::time::Duration;

use azure_core::auth::TokenCredential;
use azure_core::{RetryOptions, TransportOptions, Url};
use azure_mgmt_containerregistry::package_2023_07::Client;

use super::answers::parse_item;
use super::error::from_azure;
use super::lro::{LroOptions, wait};
use super::pacing::Pacer;
use super::paging::{PageLimits, collect_raw};
use super::raw::RawClient;
use super::retry::RetryConfig;
use super::transport::Transport;
use super::{ArmResult, RegistryRef};

pub(super) const SUBSCRIPTIONS_API: &str = "2022-12-01";
/// The api-version of the mgmt crate's package-2023-07, used for raw lists too.
pub(super) const ACR_API: &str = "2023-07-01";

#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub retry: RetryConfig,
    pub attempt_timeout: Duration,
    pub lro: LroOptions,
    pub pages: PageLimits,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            retry: RetryConfig::default(),
            attempt_timeout: Duration::from_secs(60),
            lro: LroOptions::default(),
            pages: PageLimits::default(),
        }
    }
}

#[derive(Clone)]
pub struct AzureAcr {
    pub(super) client: Client,
    pub(super) raw: RawClient,
    pub(super) endpoint: Url,
    pub(super) lro: LroOptions,
    pub(super) pages: PageLimits,
    /// ARM's throttling as the answers report it, shared by every request.
    pub(super) pacer: Arc<Pacer>,
}

impl std::fmt::Debug for AzureAcr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AzureAcr")
            .field("endpoint", &self.endpoint.as_str())
            .finish_non_exhaustive()
    }
}

impl AzureAcr {
    /// `endpoint`: the ARM endpoint (public cloud, sovereign cloud or emulator).
    /// `scope`: the token scope, e.g. `https://management.azure.com/.default`.
    pub fn new(
        endpoint: Url,
        scope: &str,
        credential: Arc<dyn TokenCredential>,
        config: ClientConfig,
    ) -> AzureAcr {
        let pacer = Arc::new(Pacer::default());
        let build = |retry: RetryConfig| {
            let transport: Arc<Transport> = Arc::new(
                Transport::new(retry, config.attempt_timeout)
                    .for_origin(&endpoint)
                    .paced(pacer.clone()),
            );
            let client = Client::new(
                endpoint.clone(),
                credential.clone(),
                vec![scope.to_string()],
                azure_core::ClientOptions::new(TransportOptions::new(transport.clone()))
                    .retry(RetryOptions::none()),
            );
            (client, transport)
        };
        let (client, transport) = build(config.retry.clone());
        AzureAcr {
            client,
            raw: RawClient {
                http: transport,
                credential,
                scopes: vec![scope.to_string()],
            },
            endpoint,
            lro: config.lro,
            pages: config.pages,
            pacer,
        }
    }

    /// The throttling state of this client's requests (429s, pauses).
    pub fn pacer(&self) -> Arc<Pacer> {
        self.pacer.clone()
    }

    /// `endpoint/seg/seg/...?api-version=…`, each segment percent-encoded.
    pub(super) fn url(&self, segments: &[&str], api_version: &str) -> Url {
        let mut url = self.endpoint.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.clear().extend(segments);
        }
        url.set_query(Some(&format!("api-version={api_version}")));
        url
    }

    /// A registry's child resource URL; each segment is percent-encoded.
    pub(super) fn registry_url(&self, r: &RegistryRef, child: &[&str]) -> Url {
        let mut segments = vec![
            "subscriptions",
            &r.subscription,
            "resourceGroups",
            &r.resource_group,
            "providers",
            "Microsoft.ContainerRegistry",
            "registries",
            &r.name,
        ];
        segments.extend_from_slice(child);
        self.url(&segments, ACR_API)
    }

    /// Every item of a list, each parsed as `T`; an item that does not parse
    /// fails the list with its name and the field at fault.
    pub(super) async fn list<T: serde::de::DeserializeOwned>(
        &self,
        url: Url,
        what: &str,
    ) -> ArmResult<Vec<T>> {
        let values = collect_raw(&self.raw, url.as_str(), what, self.pages).await?;
        values.into_iter().map(|v| parse_item(v, what)).collect()
    }

    pub(super) fn scope_map_id(&self, r: &RegistryRef, name: &str) -> String {
        r.scope_map_id(name)
    }

    /// Sends a request whose answer may start a long-running operation and waits for it.
    pub(super) async fn finish<T>(&self, response: azure_core::Result<T>) -> ArmResult<()>
    where
        T: AsRef<azure_core::Response>,
    {
        let response = response.map_err(|e| from_azure(&e))?;
        wait(&self.raw, response.as_ref().headers(), &self.lro)
            .await
            .map(|_| ())
    }
}
