//! Command-line argument structs only; behaviour lives in the modules they name.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod emulator;
pub use emulator::{EmulatorArgs, SeedName};

#[derive(Debug, Parser)]
#[command(
    name = "acrtui",
    version,
    about = "A keyboard-driven console for Azure Container Registry tokens, passwords and scope maps",
    after_help = "Without a subcommand acrtui opens the console. Try `acrtui --demo`."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    /// Console: hide and refuse every change (browse and audit only).
    #[arg(long)]
    pub read_only: bool,

    /// Console: leave the mouse to the terminal (its own text selection and
    /// scrolling); by default a click selects and the wheel scrolls.
    #[arg(long)]
    pub no_mouse: bool,

    /// Console config file (TOML). Default: $XDG_CONFIG_HOME/acrtui/config.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How to reach Azure; shared by every command that talks to it.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Run against the embedded emulator with demo data; no Azure account needed.
    #[arg(long, global = true)]
    pub demo: bool,

    /// ARM endpoint to use instead of the cloud's (e.g. an `acrtui emulator` URL).
    #[arg(long, global = true, value_name = "URL", env = "ACRTUI_ARM_ENDPOINT")]
    pub arm_endpoint: Option<String>,

    /// Which credential to use.
    #[arg(long, global = true, value_enum, default_value = "default")]
    pub auth: crate::arm::auth::AuthMethod,

    #[arg(long, global = true, value_enum, default_value = "PublicCloud")]
    pub cloud: crate::arm::auth::Cloud,

    /// Entra ID authority host instead of the cloud's (e.g. the emulator's token endpoint).
    #[arg(long, global = true, value_name = "URL", env = "AZURE_AUTHORITY_HOST")]
    pub authority_host: Option<String>,

    /// Only these subscriptions (id or name). Repeatable.
    #[arg(
        long,
        global = true,
        value_name = "ID",
        env = "AZURE_SUBSCRIPTION_ID",
        value_delimiter = ','
    )]
    pub subscription: Vec<String>,

    /// Registries loaded at once.
    #[arg(long, global = true, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,

    /// How registries are found: graph (one Azure Resource Graph query for every
    /// subscription), arm (one list per subscription), auto (graph when it answers).
    #[arg(long, global = true, value_enum, default_value_t = DiscoveryArg::Auto)]
    pub discovery: DiscoveryArg,

    /// Seconds one request may take, headers and body together, before it is retried or fails.
    #[arg(long, global = true, value_name = "SECS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub request_timeout: u64,

    /// Write a log here (secrets are never logged). ACRTUI_LOG sets the filter.
    #[arg(long, global = true, value_name = "FILE")]
    pub log_file: Option<PathBuf>,

    /// Reach every registry login server at this address, still naming the
    /// login server (`Host`): plain http to a loopback address (an
    /// emulator), https otherwise. Default: by DNS; an emulator given with
    /// --arm-endpoint on loopback (or --demo) serves them itself.
    #[arg(long, global = true, value_name = "HOST:PORT")]
    pub login_server_at: Option<std::net::SocketAddr>,
}

impl GlobalArgs {
    /// The ARM endpoint in use: `--arm-endpoint`, else the cloud's.
    pub fn endpoint(&self) -> String {
        self.arm_endpoint
            .clone()
            .unwrap_or_else(|| self.cloud.arm_endpoint().to_string())
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check and preview scope-map actions offline (for IaC pipelines).
    #[command(subcommand)]
    Scope(ScopeCommand),
    /// Run the Azure Resource Manager emulator for Microsoft.ContainerRegistry.
    Emulator(Box<EmulatorArgs>),
    /// Report token status and password expiry (for cron and CI).
    Audit(AuditArgs),
    /// Rotate a token's password without downtime: new password in the free or oldest slot.
    Rotate(RotateArgs),
    /// Ask the registry's token service what a token's password really gets,
    /// next to what its scope map says.
    Probe(ProbeArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProbeFormat {
    Table,
    /// One object: {"registry", "loginServer", "token", "scopeMap", "repositories": [{repository, requested, granted, expected, match}]}.
    Json,
}

#[derive(Debug, Args)]
#[command(
    after_help = "The password is read from standard input (--password-stdin) or asked for on the terminal with echo off; never from an argument.\n\nExit codes: 0 the service grants exactly what the scope map says; 1 a difference (or the password was refused); 2 usage error; 3 the registry or ARM could not be reached."
)]
pub struct ProbeArgs {
    /// Registry NAME or RESOURCE_GROUP/NAME.
    #[arg(long)]
    pub registry: String,

    /// Token name (the docker username).
    #[arg(long)]
    pub token: String,

    /// Repositories to probe (repeatable). Default: one per rule of the
    /// token's scope map, a name under each wildcard (`apps/*` → apps/acrtui-probe).
    #[arg(long = "repo", value_name = "REPO")]
    pub repos: Vec<String>,

    /// Read the password from standard input (one line).
    #[arg(long)]
    pub password_stdin: bool,

    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, value_enum)]
    pub format: Option<ProbeFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SlotChoice {
    /// The free slot, or the one with the oldest password.
    Auto,
    Password1,
    Password2,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Step 1: `acrtui rotate --registry R --token T` prints the new password once on stdout.\nStep 2: switch every consumer to it (wait about 60 s for replication).\nStep 3: `acrtui rotate --registry R --token T --finish` deletes the old password."
)]
pub struct RotateArgs {
    /// Registry NAME or RESOURCE_GROUP/NAME (with --expiring-within: only this registry).
    #[arg(long, required_unless_present_any = ["expiring_within", "report"])]
    pub registry: Option<String>,

    /// Token name.
    #[arg(
        long,
        required_unless_present_any = ["expiring_within", "report"],
        conflicts_with = "expiring_within"
    )]
    pub token: Option<String>,

    /// A planned bulk rotation: every token whose last working password
    /// expires within this many days (14d), into its free or expired slot;
    /// the plan is printed first. Needs --deliver exec:CMD or
    /// kv://VAULT/SECRET, where CMD and SECRET may hold {registry}, {token}
    /// and {slot}.
    #[arg(long, value_name = "DAYS", conflicts_with = "finish")]
    pub expiring_within: Option<String>,

    /// Where --expiring-within writes its JSON report, rewritten after each
    /// token (default: acrtui-rotation-<time>.json). With --finish and no
    /// --token: the report whose rotated tokens to finish.
    #[arg(long, value_name = "FILE")]
    pub report: Option<std::path::PathBuf>,

    /// Expiry of the new password: Nd (days), a date (2027-03-31), an RFC 3339 time, or never.
    #[arg(long, default_value = "90d")]
    pub expiry: String,

    #[arg(long, value_enum, default_value = "auto")]
    pub slot: SlotChoice,

    /// Delete the old password (the slot that does not hold the newest one).
    #[arg(long)]
    pub finish: bool,

    /// Do not ask for confirmation (--finish, or --expiry never).
    #[arg(long, short)]
    pub yes: bool,

    /// How the new password is printed on stdout: the password alone, a
    /// docker config.json document, a Kubernetes Secret manifest of type
    /// kubernetes.io/dockerconfigjson (pipe to `kubectl apply -f -`), or
    /// ACR_LOGIN_SERVER/ACR_USERNAME/ACR_PASSWORD lines. Also what a
    /// --deliver sink gets (a vault: password or dockerconfigjson).
    #[arg(long, alias = "as", value_enum, default_value = "password")]
    pub format: crate::domain::secret_formats::SecretFormat,

    /// The Kubernetes Secret's name with --format k8s-secret (default: REGISTRY-TOKEN).
    #[arg(long, value_name = "NAME")]
    pub secret_name: Option<String>,

    /// Where the new password goes instead of stdout: exec:CMD runs CMD
    /// (with sh -c) with it, in --format, on its stdin and nowhere else;
    /// kv://VAULT/SECRET writes it as a new version of an Azure Key Vault
    /// secret (exp = its expiry; tags: registry, token, slot). If that
    /// fails, it is printed on stdout after all.
    #[arg(long, value_name = "SINK")]
    pub deliver: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    Table,
    /// An array of token rows.
    Json,
    /// One object: {"complete", "failures", "tokens", "registries"}.
    JsonReport,
    Csv,
}

fn token_state(s: &str) -> Result<crate::domain::expiry::TokenState, String> {
    crate::domain::expiry::TokenState::parse(s).ok_or_else(|| {
        format!("unknown state {s:?}; use expired, critical, warning, never, no-passwords, ok or disabled")
    })
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 nothing matched --fail-on and everything was read; 1 a token matched --fail-on; 2 usage error (including a --registry or --subscription that names nothing); 3 some part could not be read (the report lists the rest, stderr names each failure)."
)]
pub struct AuditArgs {
    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, value_enum)]
    pub format: Option<AuditFormat>,

    /// Only these registries (NAME or RESOURCE_GROUP/NAME). Repeatable.
    #[arg(long = "registry", value_name = "NAME")]
    pub registries: Vec<String>,

    /// Days before expiry that count as `warning`.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(i64).range(0..=3650))]
    pub warn_days: i64,

    /// Days before expiry that count as `critical`.
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(i64).range(0..=3650))]
    pub critical_days: i64,

    /// Only tokens in this state. Repeatable.
    #[arg(long, value_parser = token_state, value_name = "STATE")]
    pub only: Vec<crate::domain::expiry::TokenState>,

    /// Exit 1 when any token is in one of these states, e.g. expired,critical.
    #[arg(long, value_parser = token_state, value_delimiter = ',', value_name = "STATE[,STATE]")]
    pub fail_on: Vec<crate::domain::expiry::TokenState>,

    /// JSON: print the object form of --format json-report ({"complete", "failures", "tokens", "registries"}).
    #[arg(long)]
    pub with_registries: bool,

    /// Mode-switch readiness instead of tokens: who loses access if a
    /// legacy registry switches to ABAC mode, what an ABAC registry ignores,
    /// and conditions that are wrong or over-grant. Exit 1 on any finding.
    #[arg(long, conflicts_with_all = ["only", "fail_on", "with_registries"])]
    pub abac: bool,

    /// Evaluate expiry as of this time (RFC 3339) instead of now.
    #[arg(long, hide = true)]
    pub now: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Subcommand)]
pub enum ScopeCommand {
    /// Validate actions against the service's rules. Exit 0: no errors; 1: errors; 2: usage.
    Validate(ValidateArgs),
    /// Show what the actions grant on one repository and which rules grant it.
    Preview(PreviewArgs),
}

/// Where the actions come from: arguments, a file, or both (file first).
#[derive(Debug, Args)]
pub struct ActionsInput {
    /// A JSON array of actions, an ARM scope-map body ({"properties":{"actions":[...]}}),
    /// or one action per line (`#` comments allowed). `-` reads standard input.
    #[arg(long, short = 'f', value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Actions such as repositories/samples/*/content/read.
    #[arg(value_name = "ACTION")]
    pub actions: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Print {"valid", "diagnostics": [{"severity","code","action","message"}]}.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub input: ActionsInput,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// The repository to evaluate, e.g. samples/hello-world (not with --catalog).
    #[arg(
        long,
        value_name = "REPO",
        required_unless_present = "catalog",
        conflicts_with = "catalog"
    )]
    pub repo: Option<String>,

    /// Run the actions over the registry's existing repositories (read with
    /// your Entra identity, as `az acr repository list`): what each rule
    /// reaches, the rules that reach none, the repositories none reaches.
    /// Exit 0, or 2 usage, 3 the registry could not be reached, 1 refused.
    #[arg(long, requires = "registry")]
    pub catalog: bool,

    /// The registry, NAME or RESOURCE_GROUP/NAME (with --catalog).
    #[arg(long, requires = "catalog")]
    pub registry: Option<String>,

    /// One of the registry's scope maps, instead of ACTION… or --file.
    #[arg(long, value_name = "NAME", requires = "catalog")]
    pub map: Option<String>,

    /// Print {"repository","actions","grants","docker_scope","operations"}.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub input: ActionsInput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiscoveryArg {
    Auto,
    Graph,
    Arm,
}

impl DiscoveryArg {
    pub fn discovery(self) -> crate::arm::inventory::Discovery {
        use crate::arm::inventory::Discovery;
        match self {
            DiscoveryArg::Auto => Discovery::Auto,
            DiscoveryArg::Graph => Discovery::Graph,
            DiscoveryArg::Arm => Discovery::Arm,
        }
    }
}
