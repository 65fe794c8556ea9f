//! Where `rotate` hands a new password (issue 17): stdout (the default);
//! `--deliver 'exec:CMD'`, which runs CMD with the password, in the
//! `--format` asked for, on its stdin and only there: never on a command
//! line, never in an environment (covers `gh secret set NAME`, `vault kv
//! put …`, `kubectl create secret … --from-file=/dev/stdin`); or
//! `--deliver kv://VAULT/SECRET`, a new version of an Azure Key Vault
//! secret (`crate::key_vault`). CMD and SECRET may hold `{registry}`,
//! `{token}` and `{slot}`, filled in per token.
//!
//! A delivery that fails never loses the password: it is printed on stdout
//! instead, and stderr says why and that it was.

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncWriteExt;

use crate::domain::model::Slot;
use crate::domain::secret_formats::{self, SecretFormat};
use crate::key_vault::{KeyVaults, SecretMeta, check_secret_name, check_vault_name};

/// How long a delivery command may take before it is stopped.
const EXEC_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sink {
    Stdout,
    /// A shell command line, run by `sh -c`.
    Exec(String),
    /// A secret (its name, or a template of it) in a vault (its name).
    KeyVault {
        vault: String,
        secret: String,
    },
}

impl Sink {
    /// A `--deliver` value.
    pub fn parse(value: &str) -> Result<Sink, String> {
        if let Some(rest) = value.strip_prefix("kv://") {
            return parse_key_vault(rest);
        }
        match value.split_once(':') {
            Some(("exec", cmd)) if !cmd.trim().is_empty() => Ok(Sink::Exec(cmd.to_string())),
            Some(("exec", _)) => {
                Err("exec: needs a command, e.g. 'exec:gh secret set ACR_PASSWORD'".into())
            }
            _ => Err(format!(
                "{value:?} is not a sink: use exec:CMD (the password on CMD's stdin) or kv://VAULT/SECRET (an Azure Key Vault secret)"
            )),
        }
    }

    /// Whether `format` suits the sink: a vault holds the password or a
    /// docker config (ESO makes the Kubernetes Secret from it).
    pub fn check_format(&self, format: SecretFormat) -> Result<(), String> {
        match (self, format) {
            (Sink::KeyVault { .. }, SecretFormat::K8sSecret | SecretFormat::Env) => Err(
                "kv:// stores the password (--format password) or a docker config (--format dockerconfigjson); External Secrets Operator turns the latter into a kubernetes.io/dockerconfigjson Secret".into(),
            ),
            _ => Ok(()),
        }
    }

    /// The sink for one token: `{registry}`, `{token}` and `{slot}` filled
    /// in. Names from the service go into a shell command line, so there
    /// anything but letters, digits, `-`, `_` and `.` is refused rather
    /// than quoted; in a vault the secret's name must be one Key Vault takes.
    pub fn for_token(&self, registry: &str, token: &str, slot: Slot) -> Result<Sink, String> {
        let fill = |template: &str| {
            template
                .replace("{registry}", registry)
                .replace("{token}", token)
                .replace("{slot}", slot.as_str())
        };
        match self {
            Sink::Stdout => Ok(Sink::Stdout),
            Sink::Exec(cmd) => {
                let safe = |s: &str| {
                    !s.is_empty()
                        && s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
                };
                if !safe(registry) || !safe(token) {
                    return Err(format!(
                        "{registry}/{token}: a name that is not safe in a command line"
                    ));
                }
                Ok(Sink::Exec(fill(cmd)))
            }
            Sink::KeyVault { vault, secret } => {
                let secret = fill(secret);
                check_secret_name(&secret).map_err(|e| format!("{registry}/{token}: {e}"))?;
                Ok(Sink::KeyVault {
                    vault: vault.clone(),
                    secret,
                })
            }
        }
    }

    /// What stderr calls it.
    pub fn describe(&self) -> String {
        match self {
            Sink::Stdout => "stdout".into(),
            Sink::Exec(cmd) => format!("the stdin of `{cmd}`"),
            Sink::KeyVault { vault, secret } => format!("kv://{vault}/{secret}"),
        }
    }
}

/// `VAULT/SECRET` of `kv://VAULT/SECRET`; SECRET may hold placeholders.
fn parse_key_vault(rest: &str) -> Result<Sink, String> {
    let Some((vault, secret)) = rest.split_once('/') else {
        return Err(format!(
            "kv://{rest}: name the secret too, e.g. kv://myvault/{{registry}}-{{token}}"
        ));
    };
    check_vault_name(vault).map_err(|e| format!("kv://{rest}: {e}"))?;
    // The template's own characters must be valid; placeholders are
    // checked per token once filled in.
    let sample = secret
        .replace("{registry}", "r")
        .replace("{token}", "t")
        .replace("{slot}", "s");
    check_secret_name(&sample).map_err(|e| format!("kv://{rest}: {e}"))?;
    Ok(Sink::KeyVault {
        vault: vault.to_ascii_lowercase(),
        secret: secret.to_string(),
    })
}

/// Where a vault is reached, and who the password is for (what a vault
/// records with it; its format is the text's).
pub struct Handover<'a> {
    pub vaults: &'a KeyVaults,
    pub meta: SecretMeta<'a>,
}

/// Hands `text` (rendered in the handover's format) to `sink`, filled in
/// for one token. Stdout, or a sink that failed, gets it printed on stdout
/// (under `heading` when given), so it is never lost. Ok says where it went
/// (a vault: the new version's id); Err says why the sink failed.
pub async fn hand_to(
    sink: &Sink,
    handover: &Handover<'_>,
    text: &str,
    heading: Option<&str>,
) -> Result<String, String> {
    let value = secret_formats::for_stdin(handover.meta.format, text);
    let delivered = match sink {
        Sink::Stdout => Ok("stdout".to_string()),
        Sink::Exec(cmd) => exec(cmd, value).await.map(|()| sink.describe()),
        Sink::KeyVault { vault, secret } => {
            handover
                .vaults
                .set(vault, secret, value, &handover.meta)
                .await
        }
    };
    if delivered.is_err() || *sink == Sink::Stdout {
        let mut out = std::io::stdout().lock();
        if let Some(heading) = heading {
            let _ = writeln!(out, "{heading}");
        }
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }
    delivered
}

/// Runs `cmd` with `text` on its stdin; its own output goes to ours (its
/// stdout to our stderr, so a pipe after acrtui only ever gets a secret).
pub async fn exec(cmd: &str, text: &str) -> Result<(), String> {
    let mut child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(Stdio::piped())
        .stdout(std::io::stderr())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("could not start `sh -c {cmd}`: {e}"))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| "the command's stdin could not be opened".to_string())?;
    let run = async {
        // A command that exits without reading (a typo) closes the pipe: the
        // write fails, and its exit status says more than the write error.
        let written = stdin.write_all(text.as_bytes()).await;
        drop(stdin);
        let status = child.wait().await.map_err(|e| e.to_string())?;
        match (status.success(), written) {
            (true, Ok(())) => Ok(()),
            (true, Err(e)) => Err(format!("it did not read the password ({e})")),
            (false, _) => Err(format!("it failed ({status})")),
        }
    };
    match tokio::time::timeout(EXEC_TIMEOUT, run).await {
        Ok(result) => result.map_err(|e| format!("`{cmd}`: {e}")),
        Err(_) => Err(format!(
            "`{cmd}` did not finish within {} s and was stopped",
            EXEC_TIMEOUT.as_secs()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sinks_parse_and_bad_ones_say_what_to_write() {
        assert_eq!(
            Sink::parse("exec:gh secret set X"),
            Ok(Sink::Exec("gh secret set X".into()))
        );
        assert!(
            Sink::parse("exec:")
                .unwrap_err()
                .contains("needs a command")
        );
        assert_eq!(
            Sink::parse("kv://KV-ci/{registry}-{token}"),
            Ok(Sink::KeyVault {
                vault: "kv-ci".into(),
                secret: "{registry}-{token}".into()
            })
        );
        for (bad, why) in [
            ("kv://kv-ci", "name the secret too"),
            ("kv://kv.vault.azure.net/x", "not a vault name"),
            ("kv://kv-ci/a_b", "not a Key Vault secret name"),
            ("kv://kv-ci/", "not a Key Vault secret name"),
        ] {
            let e = Sink::parse(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
        assert!(Sink::parse("file:/tmp/x").unwrap_err().contains("exec:CMD"));
    }

    #[test]
    fn placeholders_fill_in_per_token_and_unsafe_names_are_refused() {
        let kv = Sink::parse("kv://kv-ci/{registry}-{token}-{slot}").unwrap();
        assert_eq!(
            kv.for_token("contosoprod", "ci-pull", Slot::Password2),
            Ok(Sink::KeyVault {
                vault: "kv-ci".into(),
                secret: "contosoprod-ci-pull-password2".into()
            })
        );
        let e = kv.for_token("r", "a.b", Slot::Password1).unwrap_err();
        assert!(e.contains("not a Key Vault secret name"), "{e}");
        let exec = Sink::Exec("put {registry}/{token}".into());
        assert_eq!(
            exec.for_token("r", "t", Slot::Password1),
            Ok(Sink::Exec("put r/t".into()))
        );
        let e = exec.for_token("r", "t;rm", Slot::Password1).unwrap_err();
        assert!(e.contains("not safe in a command line"), "{e}");
    }

    #[test]
    fn a_vault_takes_a_password_or_a_docker_config() {
        let kv = Sink::parse("kv://kv-ci/s").unwrap();
        assert!(kv.check_format(SecretFormat::Password).is_ok());
        assert!(kv.check_format(SecretFormat::Dockerconfigjson).is_ok());
        for f in [SecretFormat::K8sSecret, SecretFormat::Env] {
            assert!(kv.check_format(f).unwrap_err().contains("dockerconfigjson"));
        }
        assert!(Sink::Stdout.check_format(SecretFormat::Env).is_ok());
    }
}
