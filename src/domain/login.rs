//! Registry login commands with the secret piped on stdin, never `-p`.

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

/// The full login command. The result holds the secret, so it is a secret too.
pub fn login_command(
    tool: LoginTool,
    login_server: &str,
    username: &str,
    secret: &SecretString,
) -> SecretString {
    let server = shell_quote(login_server);
    let user = shell_quote(username);
    let pipe = format!("printf '%s' {} | ", shell_quote(secret.expose_secret()));
    let tail = match tool {
        LoginTool::Docker | LoginTool::Podman => format!(
            "{} login {server} --username {user} --password-stdin",
            tool.as_str()
        ),
        LoginTool::Helm => {
            format!("helm registry login {server} --username {user} --password-stdin")
        }
        LoginTool::Oras => format!("oras login {server} --username {user} --password-stdin"),
    };
    SecretString::from(pipe + &tail)
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
            "printf '%s' ab+/cd== | docker login myregistry.azurecr.io --username MyToken --password-stdin"
        );
        assert!(!cmd.expose_secret().contains(" -p "));
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
