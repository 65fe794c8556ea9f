//! Where `rotate` hands a new password (issue 17): stdout (the default), or
//! `--deliver 'exec:CMD'`, which runs CMD with the password, in the
//! `--format` asked for, on its stdin and only there: never on a command
//! line, never in an environment (covers `gh secret set NAME`, `vault kv
//! put …`, `kubectl create secret … --from-file=/dev/stdin`).
//!
//! A delivery that fails never loses the password: it is printed on stdout
//! instead, and stderr says why and that it was.

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncWriteExt;

use crate::domain::secret_formats::{self, SecretFormat};

/// How long a delivery command may take before it is stopped.
const EXEC_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sink {
    Stdout,
    /// A shell command line, run by `sh -c`.
    Exec(String),
}

impl Sink {
    /// A `--deliver` value.
    pub fn parse(value: &str) -> Result<Sink, String> {
        match value.split_once(':') {
            Some(("exec", cmd)) if !cmd.trim().is_empty() => Ok(Sink::Exec(cmd.to_string())),
            Some(("exec", _)) => Err("exec: needs a command, e.g. 'exec:gh secret set ACR_PASSWORD'".into()),
            Some(("kv", _)) => Err(
                "kv:// (Azure Key Vault) delivery is not available yet; use exec: with `az keyvault secret set --file /dev/stdin` meanwhile".into(),
            ),
            _ => Err(format!(
                "{value:?} is not a sink: use exec:CMD (the password on CMD's stdin)"
            )),
        }
    }

    /// What stderr calls it.
    pub fn describe(&self) -> String {
        match self {
            Sink::Stdout => "stdout".into(),
            Sink::Exec(cmd) => format!("the stdin of `{cmd}`"),
        }
    }
}

/// Hands `text` (rendered in `format`) to `sink`. Stdout, or a sink that
/// failed, gets it printed on stdout (under `heading` when given), so it is
/// never lost; Err says why the sink failed.
pub async fn hand_to(
    sink: &Sink,
    format: SecretFormat,
    text: &str,
    heading: Option<&str>,
) -> Result<(), String> {
    let delivered = match sink {
        Sink::Stdout => Ok(()),
        Sink::Exec(cmd) => exec(cmd, secret_formats::for_stdin(format, text)).await,
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
        assert!(
            Sink::parse("kv://vault/secret")
                .unwrap_err()
                .contains("not available yet")
        );
        assert!(Sink::parse("file:/tmp/x").unwrap_err().contains("exec:CMD"));
    }
}
