//! Logging goes to a file only (`--log-file`); the console owns the terminal.
//! The Azure SDK crates are capped at `info` whatever the user asks for:
//! azure_core 0.21 logs whole requests at `debug`, and its `Headers` Debug
//! redacts every header except `Authorization`, i.e. it logs the bearer token.

use std::path::Path;
use std::sync::Arc;

use tracing_subscriber::EnvFilter;

/// Crates whose logs may hold credentials at `debug`/`trace`.
const CAPPED: [&str; 9] = [
    "azure_core",
    "azure_identity",
    "azure_security_keyvault_secrets",
    "azure_mgmt_containerregistry",
    "typespec_client_core",
    "typespec",
    "reqwest",
    "hyper",
    "hyper_util",
];

/// The filter for a user's directives (`ACRTUI_LOG`, default `info,acrtui=debug`):
/// any directive naming a capped crate is dropped, then each is capped at `info`.
pub fn filter(user: Option<&str>) -> EnvFilter {
    let wanted = user.unwrap_or("info,acrtui=debug");
    let kept: Vec<&str> = wanted
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .filter(|d| {
            let target = d.split(['=', '[']).next().unwrap_or_default();
            !CAPPED.iter().any(|c| target.starts_with(c))
        })
        .collect();
    let mut f = EnvFilter::builder().parse_lossy(kept.join(","));
    for crate_name in CAPPED {
        if let Ok(d) = format!("{crate_name}=info").parse() {
            f = f.add_directive(d);
        }
    }
    f
}

/// Installs the file logger. Without a path nothing is logged.
pub fn init(path: Option<&Path>) -> Result<(), String> {
    let Some(path) = path else { return Ok(()) };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| format!("cannot open the log file {}: {e}", path.display()))?;
    let user = std::env::var("ACRTUI_LOG").ok();
    tracing_subscriber::fmt()
        .with_env_filter(filter(user.as_deref()))
        .with_ansi(false)
        .with_writer(Arc::new(file))
        .try_init()
        .map_err(|e| format!("cannot start logging: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_directives_cannot_raise_the_sdk() {
        let f = filter(Some(
            "trace,azure_core=trace,azure_core::policies=trace,acrtui=trace",
        ))
        .to_string();
        assert!(!f.contains("azure_core=trace"), "{f}");
        assert!(!f.contains("azure_core::policies"), "{f}");
        assert!(f.contains("azure_core=info"), "{f}");
        assert!(f.contains("acrtui=trace"), "{f}");
    }
}
