//! The console's config file (TOML): keymap overrides (`[[key]]`), theme,
//! expiry thresholds, default expiry, clipboard timeout, container tool.
//! A bad entry is reported and its default used.

use std::path::{Path, PathBuf};

use crate::domain::expiry::Thresholds;
use crate::domain::login::LoginTool;

#[derive(Debug, Clone)]
pub struct Config {
    pub thresholds: Thresholds,
    pub default_expiry_days: i64,
    pub clipboard_clear_secs: u64,
    pub login_tool: LoginTool,
    pub color: Option<bool>,
    /// The show-once popup's Key Vault sink (`deliver = "kv://VAULT/{registry}-{token}"`).
    pub deliver: Option<String>,
    /// The file's text, for keymap overrides.
    pub keymap_text: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            thresholds: Thresholds::default(),
            default_expiry_days: 30,
            clipboard_clear_secs: 45,
            login_tool: LoginTool::Docker,
            color: None,
            deliver: None,
            keymap_text: None,
        }
    }
}

pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("acrtui").join("config.toml"))
}

/// Loads `path` (a missing default file is fine). Returns the config and problems to show.
pub fn load(
    path: Option<&Path>,
    explicit: bool,
    docker_command: Option<String>,
) -> (Config, Vec<String>) {
    let mut config = Config::default();
    let mut problems = Vec::new();
    if let Some(tool) = docker_command.as_deref().and_then(LoginTool::parse) {
        config.login_tool = tool;
    }
    let Some(path) = path else {
        return (config, problems);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if explicit || e.kind() != std::io::ErrorKind::NotFound => {
            problems.push(format!("config {}: {e}", path.display()));
            return (config, problems);
        }
        Err(_) => return (config, problems),
    };
    apply(&text, &mut config, &mut problems);
    config.keymap_text = Some(text);
    (config, problems)
}

pub fn apply(text: &str, config: &mut Config, problems: &mut Vec<String>) {
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            problems.push(format!("config: {e}"));
            return;
        }
    };
    let int = |key: &str, lo: i64, hi: i64, problems: &mut Vec<String>| -> Option<i64> {
        let v = table.get(key)?;
        match v.as_integer().filter(|n| (lo..=hi).contains(n)) {
            Some(n) => Some(n),
            None => {
                problems.push(format!(
                    "config: {key} = {v} must be a number from {lo} to {hi}; using the default"
                ));
                None
            }
        }
    };
    if let Some(n) = int("warn_days", 0, 3650, problems) {
        config.thresholds.warning_days = n;
    }
    if let Some(n) = int("critical_days", 0, 3650, problems) {
        config.thresholds.critical_days = n;
    }
    if let Some(n) = int("default_expiry_days", 1, 3650, problems) {
        config.default_expiry_days = n;
    }
    if let Some(n) = int("clipboard_clear_secs", 5, 3600, problems) {
        config.clipboard_clear_secs = n as u64;
    }
    if let Some(v) = table.get("container_tool") {
        match v.as_str().and_then(LoginTool::parse) {
            Some(t) => config.login_tool = t,
            None => problems.push(format!(
                "config: container_tool = {v}: use docker, podman, helm or oras"
            )),
        }
    }
    if let Some(v) = table.get("color") {
        match v.as_bool() {
            Some(b) => config.color = Some(b),
            None => problems.push(format!("config: color = {v} must be true or false")),
        }
    }
    if let Some(v) = table.get("deliver") {
        match v.as_str().map(crate::cmd::deliver::Sink::parse) {
            Some(Ok(crate::cmd::deliver::Sink::KeyVault { .. })) => {
                config.deliver = v.as_str().map(str::to_string);
            }
            Some(Err(why)) => problems.push(format!("config: deliver = {v}: {why}")),
            _ => problems.push(format!(
                "config: deliver = {v}: the console writes to Key Vault only, e.g. \"kv://kv-ci/{{registry}}-{{token}}\""
            )),
        }
    }
    unknown_settings(&table, problems);
}

/// The settings the config file takes (`key`, `command`: the keymap's entries).
const SETTINGS: [&str; 9] = [
    "warn_days",
    "critical_days",
    "default_expiry_days",
    "clipboard_clear_secs",
    "container_tool",
    "color",
    "deliver",
    "key",
    "command",
];

/// Each setting acrtui does not know, said (a typo must not pass silently).
fn unknown_settings(table: &toml::Table, problems: &mut Vec<String>) {
    for key in table.keys().filter(|k| !SETTINGS.contains(&k.as_str())) {
        let hint = match key.as_str() {
            "keymap" | "keys" | "keymaps" => "; key bindings go in [[key]] entries",
            _ => "",
        };
        problems.push(format!("config: unknown setting {key:?} ignored{hint}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `[[command]]` entries are the keymap's (README documents them): not
    /// an unknown setting.
    #[test]
    fn command_entries_are_not_unknown_settings() {
        let mut c = Config::default();
        let mut p = Vec::new();
        apply(
            "[[command]]\nname = \"rot\"\nrun = \"rotate\"\n[[key]]\non = \"x\"\nrun = \"quit\"\n",
            &mut c,
            &mut p,
        );
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn deliver_takes_a_key_vault_sink_only() {
        let mut c = Config::default();
        let mut p = Vec::new();
        apply(
            "deliver = \"kv://kv-ci/{registry}-{token}\"\n",
            &mut c,
            &mut p,
        );
        assert_eq!(c.deliver.as_deref(), Some("kv://kv-ci/{registry}-{token}"));
        assert!(p.is_empty(), "{p:?}");
        for bad in ["\"exec:cat\"", "\"kv://kv-ci\"", "3"] {
            let mut c = Config::default();
            let mut p = Vec::new();
            apply(&format!("deliver = {bad}\n"), &mut c, &mut p);
            assert_eq!(c.deliver, None, "{bad}");
            assert_eq!(p.len(), 1, "{bad}: {p:?}");
            assert!(p[0].starts_with("config: deliver"), "{p:?}");
        }
    }

    #[test]
    fn good_values_apply_and_bad_ones_keep_defaults() {
        let mut c = Config::default();
        let mut p = Vec::new();
        apply(
            "warn_days = 14\nclipboard_clear_secs = 1\ncontainer_tool = \"podman\"\nshiny = 1\n",
            &mut c,
            &mut p,
        );
        assert_eq!(c.thresholds.warning_days, 14);
        assert_eq!(c.clipboard_clear_secs, 45, "1 s is out of range");
        assert_eq!(c.login_tool, LoginTool::Podman);
        assert_eq!(p.len(), 2, "{p:?}");
    }
}
