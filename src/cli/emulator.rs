//! `acrtui emulator`'s flags.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SeedName {
    /// 2 subscriptions, 6 registries, tokens in every audit state.
    Demo,
    /// One subscription and no registries.
    Empty,
}

#[derive(Debug, Args)]
pub struct EmulatorArgs {
    /// Address to listen on. Loopback by default; anything else exposes an unauthenticated API.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: std::net::SocketAddr,

    #[arg(long, value_enum, default_value = "demo")]
    pub seed: SeedName,

    /// A JSON seed file (see README); overrides --seed.
    #[arg(long, value_name = "FILE")]
    pub seed_file: Option<PathBuf>,

    /// A synthetic tenant SUBSxREGISTRIESxTOKENSxSCOPEMAPS, e.g. 5x40x100x50; overrides --seed.
    #[arg(long, value_name = "SHAPE")]
    pub synthetic: Option<String>,

    /// Add N subscriptions that hold no registry (a large tenant's usual case),
    /// to whatever the seed gives.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub empty_subscriptions: u32,

    /// Items per page of every list (a nextLink points to the next page).
    #[arg(long, value_name = "N")]
    pub page_size: Option<usize>,

    /// Added latency per request: N or MIN-MAX milliseconds.
    #[arg(long, value_name = "MS")]
    pub latency_ms: Option<String>,

    /// ARM's request throttling: `arm` (token buckets per subscription and
    /// principal: reads 250 / 25 per s, writes and deletes 200 / 10 per s,
    /// global 15x; tenant-level requests per principal), with 429 +
    /// Retry-After and the x-ms-ratelimit-remaining-* headers; smaller
    /// buckets with arm:reads=20/5,writes=10/1,deletes=10/1,global=2.
    #[arg(long, value_name = "MODEL")]
    pub throttle: Option<String>,

    /// Faults: KIND=PROBABILITY (429, 500, 503, reset, slow) or RULE:PATH_PART[:METHOD][xTIMES],
    /// RULE being a status (400-599) or reset, slow, hang, trickle, foreign, inprogress,
    /// badstatus, endless, truncate, garbage, empty, wrongtype, novalue, noprops, baddate
    /// (e.g. reset:generateCredentials:POSTx1; see README). Repeatable.
    #[arg(long, value_name = "FAULT")]
    pub fault: Vec<String>,

    /// Seed of the fault RNG, so runs repeat.
    #[arg(long, default_value_t = 1)]
    pub fault_seed: u64,

    /// Retry-After seconds on asynchronous answers and injected 429/503 (the live service sends 10).
    #[arg(long, default_value_t = 10)]
    pub retry_after: u64,

    /// Polls a long-running operation answers "in progress" before it completes.
    #[arg(long, default_value_t = 1)]
    pub lro_polls: u32,

    /// Answer generateCredentials with 202 + Location instead of 200.
    #[arg(long)]
    pub generate_credentials_async: bool,

    /// Accept only bearer tokens from the emulator's own token endpoint, issued to
    /// --client-id/--client-secret.
    #[arg(long, requires_all = ["client_id", "client_secret"])]
    pub strict_auth: bool,

    #[arg(long)]
    pub client_id: Option<String>,

    #[arg(long, env = "ACRTUI_EMULATOR_CLIENT_SECRET", hide_env_values = true)]
    pub client_secret: Option<String>,

    /// With --strict-auth: seconds an issued access token stays valid (Entra's are about an hour).
    #[arg(long, value_name = "SECS", default_value_t = 3599, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub token_lifetime: u64,

    /// Seconds a connection may take to send a request head before it is closed.
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3_600))]
    pub header_timeout: u64,

    /// Seconds before a new password works on the data plane (the docs warn
    /// replication can take up to a minute). 0: at once.
    #[arg(long, value_name = "SECS", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=3_600))]
    pub replication_delay: u64,

    /// Where the `foreign` fault points links.
    #[arg(long, value_name = "URL", default_value = crate::emulator::DEFAULT_FOREIGN_ORIGIN)]
    pub foreign_origin: String,

    /// The origin written into absolute URLs (nextLink, Azure-AsyncOperation, Location),
    /// e.g. behind a proxy; default: the listen address.
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,

    /// Serve https with a self-signed certificate for localhost and 127.0.0.1,
    /// made at start; its PEM is written to --tls-cert-out.
    #[arg(long, conflicts_with_all = ["tls_cert", "tls_key"])]
    pub tls: bool,

    /// Where --tls writes the certificate (PEM), for SSL_CERT_FILE / REQUESTS_CA_BUNDLE.
    #[arg(long, value_name = "FILE", requires = "tls")]
    pub tls_cert_out: Option<PathBuf>,

    /// Serve https with your own certificate chain (PEM); needs --tls-key.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// The private key (PEM) of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Do not log requests to stderr.
    #[arg(long, short)]
    pub quiet: bool,
}
