//! Registry login commands with the secret piped on stdin, never `-p`: by
//! default one that prompts for it, so nothing secret is pasted into a shell.

use secrecy::{ExposeSecret, SecretString};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoginTool {
    #[default]
    Docker,
    Podman,
    Helm,
    Oras,
}

impl LoginTool {
    pub const ALL: [LoginTool; 4] = [
        LoginTool::Docker,
        LoginTool::Podman,
        LoginTool::Helm,
        LoginTool::Oras,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LoginTool::Docker => "docker",
            LoginTool::Podman => "podman",
            LoginTool::Helm => "helm",
            LoginTool::Oras => "oras",
        }
    }

    /// Accepts a tool name or a path to it (as `DOCKER_COMMAND` may hold).
    pub fn parse(s: &str) -> Option<Self> {
        let base = s.trim().rsplit('/').next().unwrap_or_default();
        Self::ALL.into_iter().find(|t| t.as_str() == base)
    }
}

/// Quotes a string for a POSIX shell. Safe strings stay bare; anything else is
/// single-quoted, with `'` written as `'\''`. Inside single quotes nothing is
/// special (`$`, `\`, `!`, newlines included), so any secret survives.
pub fn shell_quote(s: &str) -> String {
    let safe = !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | ':' | '@' | '%' | '+' | '=' | ',')
        });
    if safe {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// The tool's own login, reading the password from stdin.
fn tool_login(tool: LoginTool, login_server: &str, username: &str) -> String {
    let server = shell_quote(login_server);
    let user = shell_quote(username);
    match tool {
        LoginTool::Docker | LoginTool::Podman => format!(
            "{} login {server} --username {user} --password-stdin",
            tool.as_str()
        ),
        LoginTool::Helm => {
            format!("helm registry login {server} --username {user} --password-stdin")
        }
        LoginTool::Oras => format!("oras login {server} --username {user} --password-stdin"),
    }
}

/// The default, safe to paste: a login command without the secret. It asks
/// for the password with echo off and pipes what is typed or pasted into the
/// tool, so the secret reaches neither the shell history nor the screen.
/// `read -s` is bash and zsh; a plain POSIX sh refuses it before anything runs.
pub fn prompt_login_command(tool: LoginTool, login_server: &str, username: &str) -> String {
    format!(
        "printf 'Password for %s (input hidden): ' {user} >&2 && IFS= read -rs ACR_PASSWORD && echo >&2 && printf '%s' \"$ACR_PASSWORD\" | {login}; unset ACR_PASSWORD",
        user = shell_quote(username),
        login = tool_login(tool, login_server, username),
    )
}

/// The login command with the secret inside, so it is a secret too. It
/// starts with a space: shells set to ignore such lines (bash
/// `HISTCONTROL=ignorespace`, zsh `HIST_IGNORE_SPACE`) keep it out of their
/// history; others do not, which is why it is not the default.
pub fn login_command(
    tool: LoginTool,
    login_server: &str,
    username: &str,
    secret: &SecretString,
) -> SecretString {
    let pipe = format!(" printf '%s' {} | ", shell_quote(secret.expose_secret()));
    SecretString::from(pipe + &tool_login(tool, login_server, username))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_command_uses_password_stdin() {
        let secret = SecretString::from("ab+/cd==");
        let cmd = login_command(
            LoginTool::Docker,
            "myregistry.azurecr.io",
            "MyToken",
            &secret,
        );
        assert_eq!(
            cmd.expose_secret(),
            " printf '%s' ab+/cd== | docker login myregistry.azurecr.io --username MyToken --password-stdin"
        );
        assert!(!cmd.expose_secret().contains(" -p "));
    }

    #[test]
    fn the_prompt_form_holds_no_secret_and_hides_input() {
        let cmd = prompt_login_command(LoginTool::Docker, "r.azurecr.io", "ci-token");
        assert!(cmd.contains("read -rs ACR_PASSWORD"), "{cmd}");
        assert!(
            cmd.contains("| docker login r.azurecr.io --username ci-token --password-stdin"),
            "{cmd}"
        );
        assert!(cmd.ends_with("; unset ACR_PASSWORD"), "{cmd}");
    }

    #[test]
    fn every_tool_has_its_own_form() {
        let s = SecretString::from("x");
        let helm = login_command(LoginTool::Helm, "r.azurecr.io", "t", &s);
        assert!(
            helm.expose_secret()
                .ends_with("helm registry login r.azurecr.io --username t --password-stdin")
        );
        let oras = login_command(LoginTool::Oras, "r.azurecr.io", "t", &s);
        assert!(
            oras.expose_secret()
                .ends_with("oras login r.azurecr.io --username t --password-stdin")
        );
        let podman = login_command(LoginTool::Podman, "r.azurecr.io", "t", &s);
        assert!(
            podman
                .expose_secret()
                .contains("| podman login r.azurecr.io")
        );
    }

    #[test]
    fn quoting_handles_awkward_characters() {
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("$HOME"), "'$HOME'");
    }

    #[test]
    fn tool_parse_accepts_paths() {
        assert_eq!(LoginTool::parse("/usr/bin/podman"), Some(LoginTool::Podman));
        assert_eq!(LoginTool::parse("nerdctl"), None);
    }
}
