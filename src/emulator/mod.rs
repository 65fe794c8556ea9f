//! A faithful emulator of the Microsoft.ContainerRegistry resource provider
//! (plus an Entra ID token endpoint), for `--demo`, tests and benchmarks.
//! Start it in-process with [`start`] or as `acrtui emulator`.

pub mod authorization;
pub mod content;
pub mod ctx;
pub mod data_plane;
pub mod delivery;
pub mod discovery;
pub mod faults;
pub(crate) mod host_routes;
pub mod json;
pub mod key_vault;
pub mod key_vault_store;
pub mod listed;
pub mod listener;
pub mod lro;
pub mod password_hash;
pub mod polls;
pub mod reply;
pub mod resource_graph;
pub mod routes;
pub mod seed;
pub mod seed_system_data;
pub mod server;
pub mod shapes;
pub mod store;
pub mod synthetic;
pub mod tasks;
pub mod throttle;
mod throttle_gate;
pub mod tls;
pub mod traffic;

mod auth;
mod registries;
mod registry_lifecycle;
mod resources;
mod scope_maps;
mod tokens;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::oneshot;

use self::faults::{FaultConfig, FaultInjector, FaultRule};
use self::lro::Operations;
use self::store::Store;
use self::traffic::{Traffic, TrafficStats};

/// API versions of Microsoft.ContainerRegistry the emulator accepts: the
/// stables and previews current clients send (az 2.91 sends
/// 2026-09-01-preview), and the older ones seen in recordings and SDKs.
/// Versions that never existed stay `400 InvalidApiVersionParameter`.
pub const API_VERSIONS: [&str; 25] = [
    "2019-05-01",
    "2019-05-01-preview",
    "2019-12-01-preview",
    "2020-11-01-preview",
    "2021-06-01-preview",
    "2021-08-01-preview",
    "2021-09-01",
    "2021-12-01-preview",
    "2022-02-01-preview",
    "2022-12-01",
    "2023-01-01-preview",
    "2023-06-01-preview",
    "2023-07-01",
    "2023-08-01-preview",
    "2023-11-01-preview",
    "2024-11-01-preview",
    "2025-03-01-preview",
    "2025-04-01",
    "2025-05-01-preview",
    "2025-06-01-preview",
    "2025-11-01",
    "2025-12-01-preview",
    "2026-01-01-preview",
    "2026-03-01-preview",
    "2026-09-01-preview",
];

/// Of those, the ones without scope maps and tokens (which arrived in
/// 2019-05-01-preview and reached the stable line in 2022-12-01): the
/// service answers `400 NoRegisteredProviderFound` for those types there.
/// Unconfirmed for 2021-09-01 from a recording; taken from the spec, where
/// that stable has no `tokens` or `scopeMaps` paths.
pub const WITHOUT_TOKENS: [&str; 2] = ["2019-05-01", "2021-09-01"];

pub const SUBSCRIPTION_API_VERSIONS: [&str; 4] =
    ["2016-06-01", "2020-01-01", "2021-01-01", "2022-12-01"];

/// Client credentials accepted by the token endpoint in strict mode.
#[derive(Clone)]
pub struct StrictAuth {
    pub client_id: String,
    pub client_secret: secrecy::SecretString,
    /// How long an issued access token is accepted.
    pub token_lifetime: Duration,
}

impl std::fmt::Debug for StrictAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StrictAuth")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .field("token_lifetime", &self.token_lifetime)
            .finish()
    }
}

#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// Page size for lists; `None` returns everything in one page.
    pub page_size: Option<usize>,
    /// Polls an operation answers "InProgress"/202 before it completes.
    pub lro_polls: u32,
    /// An operation completes after this long even if nobody polls.
    pub lro_max_duration: Duration,
    /// `Retry-After` seconds on asynchronous answers (the live service sends 10).
    pub retry_after_secs: u64,
    /// Answer generateCredentials with 202 + Location instead of 200.
    pub generate_credentials_async: bool,
    pub faults: FaultConfig,
    pub fault_rules: Vec<FaultRule>,
    /// Accept only bearer tokens issued by the emulator's token endpoint.
    pub strict_auth: Option<StrictAuth>,
    /// One line per request on stderr.
    pub log_requests: bool,
    /// Where the `foreign` fault points links (a port nothing listens on by default).
    pub foreign_origin: String,
    /// The origin written into absolute URLs; the listen address when `None`.
    pub public_url: Option<String>,
    /// A connection that has not sent a whole request head by then is closed.
    pub header_read_timeout: Duration,
    /// Serve https with this certificate; every absolute URL then says https.
    pub tls: Option<tls::TlsIdentity>,
    /// A new password works on the data plane only this long after it was
    /// made, as the docs' "up to a minute" replication (0: at once).
    pub replication_delay: Duration,
    /// ARM's request throttling (`--throttle arm`); none by default.
    pub throttle: Option<throttle::ThrottleConfig>,
}

/// Where `foreign` faults point links unless configured: the discard port.
pub const DEFAULT_FOREIGN_ORIGIN: &str = "http://127.0.0.1:9";

impl Default for EmulatorConfig {
    /// The live service's timings: one poll in progress, `Retry-After: 10`.
    fn default() -> Self {
        EmulatorConfig {
            page_size: None,
            lro_polls: 1,
            lro_max_duration: Duration::from_secs(30),
            retry_after_secs: 10,
            generate_credentials_async: false,
            faults: FaultConfig::default(),
            fault_rules: Vec::new(),
            strict_auth: None,
            log_requests: false,
            foreign_origin: DEFAULT_FOREIGN_ORIGIN.to_string(),
            public_url: None,
            header_read_timeout: listener::DEFAULT_HEADER_READ_TIMEOUT,
            tls: None,
            replication_delay: Duration::ZERO,
            throttle: None,
        }
    }
}

impl EmulatorConfig {
    /// Fast timings for tests and the demo: operations finish on the first poll after one
    /// "in progress" answer, with `Retry-After: 0`.
    pub fn fast() -> Self {
        EmulatorConfig {
            retry_after_secs: 0,
            ..Default::default()
        }
    }
}

/// Mutable state: resources and operations change together under one lock.
#[derive(Debug, Default)]
pub struct State {
    pub store: Store,
    pub ops: Operations,
}

#[derive(Debug)]
pub struct Shared {
    pub config: EmulatorConfig,
    state: Mutex<State>,
    faults: Mutex<FaultInjector>,
    issued_tokens: Mutex<Vec<auth::IssuedToken>>,
    generate_async: AtomicBool,
    /// Misbehave like a buggy service: from page 2 on, nextLink repeats itself.
    repeat_next_link: AtomicBool,
    pub traffic: Traffic,
    /// The buckets of `config.throttle`.
    pub throttle: throttle::Throttle,
    /// Signs and checks the registries' access and refresh tokens.
    pub registry_keys: data_plane::jwt::Keys,
    /// The origin of every absolute URL the emulator writes.
    pub base: String,
    /// The latest JSON request bodies, newest last (for tests of what clients send).
    bodies: Mutex<std::collections::VecDeque<(String, serde_json::Value)>>,
}

/// Request bodies kept for `Emulator::last_body`.
const KEPT_BODIES: usize = 256;

impl Shared {
    /// Keeps `body` as the latest one sent with `method` to `path`.
    pub fn record_body(&self, method: &str, path: &str, body: &serde_json::Value) {
        let mut bodies = lock(&self.bodies);
        if bodies.len() >= KEPT_BODIES {
            bodies.pop_front();
        }
        bodies.push_back((format!("{method} {path}"), body.clone()));
    }
}

/// Locks a mutex, recovering from poisoning: the emulator's state stays usable
/// even if a handler panicked while holding it.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    fn new(config: EmulatorConfig, store: Store, addr: SocketAddr) -> Shared {
        let mut injector = FaultInjector::new(config.faults.clone());
        for rule in &config.fault_rules {
            injector.add_rule(rule.clone());
        }
        Shared {
            generate_async: AtomicBool::new(config.generate_credentials_async),
            repeat_next_link: AtomicBool::new(false),
            state: Mutex::new(State {
                store,
                ops: Operations::default(),
            }),
            faults: Mutex::new(injector),
            issued_tokens: Mutex::new(Vec::new()),
            traffic: Traffic::default(),
            throttle: throttle::Throttle::default(),
            registry_keys: data_plane::jwt::Keys::random(),
            bodies: Mutex::new(std::collections::VecDeque::new()),
            config: config.clone(),
            base: config
                .public_url
                .as_deref()
                .map(|u| u.trim_end_matches('/').to_string())
                .unwrap_or_else(|| {
                    let scheme = if config.tls.is_some() {
                        "https"
                    } else {
                        "http"
                    };
                    format!("{scheme}://{addr}")
                }),
        }
    }
}

/// A running emulator. Dropping it stops the server.
pub struct Emulator {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

/// Binds `listen` (use `127.0.0.1:0` for a free port) and serves in the background.
pub async fn start(
    listen: SocketAddr,
    config: EmulatorConfig,
    store: Store,
) -> std::io::Result<Emulator> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    // The lists' creation order is computed now, not by the first list
    // request (about 25 ms for a 50,000-token registry).
    for registry in store.registries.values() {
        registry.tokens.in_creation_order();
        registry.scope_maps.in_creation_order();
    }
    let shared = Arc::new(Shared::new(config, store, addr));
    let (tx, rx) = oneshot::channel::<()>();
    let app = server::router(shared.clone());
    let header_read_timeout = shared.config.header_read_timeout;
    let acceptor = match &shared.config.tls {
        Some(identity) => Some(identity.acceptor().map_err(std::io::Error::other)?),
        None => None,
    };
    let task = tokio::spawn(listener::serve(
        listener,
        app,
        acceptor,
        header_read_timeout,
        rx,
    ));
    Ok(Emulator {
        addr,
        shared,
        shutdown: Some(tx),
        task: Some(task),
    })
}

impl Emulator {
    /// `http://127.0.0.1:<port>`, or `https://` with TLS.
    pub fn url(&self) -> String {
        let scheme = if self.shared.config.tls.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Adds a targeted fault while running.
    pub fn add_fault(&self, rule: FaultRule) {
        lock(&self.shared.faults).add_rule(rule);
    }

    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear_rules();
    }

    /// The JSON body last sent with `method` to a path containing `needle`.
    pub fn last_body(&self, method: &str, needle: &str) -> Option<serde_json::Value> {
        let needle = needle.to_ascii_lowercase();
        lock(&self.shared.bodies)
            .iter()
            .rev()
            .find(|(k, _)| {
                k.split_once(' ').is_some_and(|(m, p)| {
                    m.eq_ignore_ascii_case(method) && p.to_ascii_lowercase().contains(&needle)
                })
            })
            .map(|(_, b)| b.clone())
    }

    /// Requests seen with this method whose path contains `needle` (case-insensitive).
    pub fn calls(&self, method: &str, needle: &str) -> u64 {
        lock(&self.shared.faults).count(method, needle)
    }

    /// ARM requests seen and the most in flight at once.
    pub fn traffic(&self) -> TrafficStats {
        self.shared.traffic.stats()
    }

    pub fn reset_traffic(&self) {
        self.shared.traffic.reset()
    }

    pub fn set_generate_credentials_async(&self, on: bool) {
        self.shared.generate_async.store(on, Ordering::SeqCst);
    }

    /// From page 2 on, every page's nextLink points at itself (a buggy service).
    pub fn set_repeat_next_link(&self, on: bool) {
        self.shared.repeat_next_link.store(on, Ordering::SeqCst);
    }

    /// Reads the state (for assertions).
    pub fn with_store<R>(&self, f: impl FnOnce(&Store) -> R) -> R {
        f(&lock(&self.shared.state).store)
    }

    /// Stops the server and waits for it to finish.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
