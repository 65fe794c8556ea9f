//! A new password in the shape its consumer reads (issue 17): the bare
//! password, a docker `config.json` document, a Kubernetes Secret of type
//! `kubernetes.io/dockerconfigjson` ready for `kubectl apply -f -`, or env
//! lines. Pure; every buffer that holds the secret is zeroized when dropped,
//! and each is sized up front so no reallocation leaves a copy behind.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

/// `rotate --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SecretFormat {
    /// The password alone, one line.
    Password,
    /// `{"auths": {LOGIN_SERVER: {"username", "password", "auth"}}}`, as docker writes it.
    Dockerconfigjson,
    /// A Kubernetes Secret manifest of type kubernetes.io/dockerconfigjson.
    K8sSecret,
    /// ACR_LOGIN_SERVER, ACR_USERNAME and ACR_PASSWORD lines.
    Env,
}

impl SecretFormat {
    /// What a vault secret holds, and `Tab`'s other choice in the console's
    /// vault forms (a password or a docker config).
    pub fn vault_toggled(self) -> SecretFormat {
        match self {
            SecretFormat::Password => SecretFormat::Dockerconfigjson,
            _ => SecretFormat::Password,
        }
    }

    /// How the console's vault forms name what is written.
    pub fn vault_label(self) -> &'static str {
        match self {
            SecretFormat::Dockerconfigjson => "a docker config",
            _ => "the password",
        }
    }

    /// A vault secret's `contentType` for what it holds.
    pub fn content_type(self) -> &'static str {
        match self {
            SecretFormat::Dockerconfigjson => "application/json",
            _ => "text/plain",
        }
    }
}

/// Who logs in where with the new password.
pub struct Credential<'a> {
    pub login_server: &'a str,
    pub username: &'a str,
    pub password: &'a SecretString,
}

/// The text to print for `format` (ending in a newline). `secret_name` is
/// the Kubernetes Secret's name (checked by `check_secret_name` beforehand).
pub fn render(format: SecretFormat, c: &Credential, secret_name: &str) -> Zeroizing<String> {
    match format {
        SecretFormat::Password => {
            let mut out = buffer(c);
            out.push_str(c.password.expose_secret());
            out.push('\n');
            out
        }
        SecretFormat::Dockerconfigjson => {
            let mut out = docker_config(c);
            out.push('\n');
            out
        }
        SecretFormat::K8sSecret => k8s_secret(c, secret_name),
        SecretFormat::Env => env_lines(c),
    }
}

/// What a command gets on its stdin: the rendered text, but a bare password
/// without its newline, which `az keyvault secret set --file /dev/stdin`
/// or `gh secret set` would keep as part of the secret.
pub fn for_stdin(format: SecretFormat, text: &str) -> &str {
    match format {
        SecretFormat::Password => text.trim_end_matches('\n'),
        _ => text,
    }
}

/// A buffer large enough for any of the formats, so it never reallocates.
fn buffer(c: &Credential) -> Zeroizing<String> {
    let len = c.login_server.len() + c.username.len() + c.password.expose_secret().len();
    Zeroizing::new(String::with_capacity(512 + 8 * len))
}

fn base64_of(text: &str, capacity_hint: usize) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(capacity_hint * 4 / 3 + 8));
    STANDARD.encode_string(text.as_bytes(), &mut out);
    out
}

/// The docker config document, on one line.
pub fn docker_config(c: &Credential) -> Zeroizing<String> {
    let password = c.password.expose_secret();
    let mut pair = buffer(c);
    pair.push_str(c.username);
    pair.push(':');
    pair.push_str(password);
    let auth = base64_of(&pair, pair.len());
    let mut out = buffer(c);
    out.push_str("{\"auths\":{");
    push_json_string(&mut out, c.login_server);
    out.push_str(":{\"username\":");
    push_json_string(&mut out, c.username);
    out.push_str(",\"password\":");
    push_json_string(&mut out, password);
    out.push_str(",\"auth\":");
    push_json_string(&mut out, &auth);
    out.push_str("}}}");
    out
}

/// `text` as a JSON string literal, escaped in place (no copy elsewhere).
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = std::fmt::Write::write_fmt(out, format_args!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn k8s_secret(c: &Credential, secret_name: &str) -> Zeroizing<String> {
    let config = docker_config(c);
    let data = base64_of(&config, config.len());
    let mut out = Zeroizing::new(String::with_capacity(256 + secret_name.len() + data.len()));
    out.push_str("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ");
    out.push_str(secret_name);
    out.push_str("\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ");
    out.push_str(&data);
    out.push('\n');
    out
}

fn env_lines(c: &Credential) -> Zeroizing<String> {
    let mut out = buffer(c);
    for (key, value) in [
        ("ACR_LOGIN_SERVER", c.login_server),
        ("ACR_USERNAME", c.username),
        ("ACR_PASSWORD", c.password.expose_secret()),
    ] {
        out.push_str(key);
        out.push('=');
        push_env_value(&mut out, value);
        out.push('\n');
    }
    out
}

/// Bare when every character is safe unquoted for a shell, docker's
/// `--env-file` and GitHub's `$GITHUB_ENV` alike (ACR's passwords are
/// letters, digits, `+`, `/` and `=`); otherwise single-quoted for a shell.
fn push_env_value(out: &mut String, value: &str) {
    let safe = |c: char| c.is_ascii_alphanumeric() || "+/=.-_:@".contains(c);
    if value.chars().all(safe) {
        out.push_str(value);
        return;
    }
    out.push('\'');
    for ch in value.chars() {
        match ch {
            '\'' => out.push_str("'\\''"),
            c => out.push(c),
        }
    }
    out.push('\'');
}

/// A Kubernetes object name (RFC 1123 subdomain): lower-case letters,
/// digits, `-` and `.`, starting and ending alphanumeric, at most 253.
pub fn check_secret_name(name: &str) -> Result<(), String> {
    let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.';
    let ends_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if name.is_empty() || name.len() > 253 {
        return Err(format!("{name:?} must be 1 to 253 characters"));
    }
    if !name.chars().all(ok_char) || !ends_ok(name.chars().next()) || !ends_ok(name.chars().last())
    {
        return Err(format!(
            "{name:?} is not a Kubernetes name: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit"
        ));
    }
    Ok(())
}

/// The default Secret name: `<registry>-<token>`, lower-cased, with any
/// character a Kubernetes name cannot hold replaced by `-`.
pub fn default_secret_name(registry: &str, token: &str) -> String {
    let raw = format!("{registry}-{token}").to_ascii_lowercase();
    let name: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    name.trim_matches('-').chars().take(253).collect()
}

#[cfg(test)]
#[path = "secret_formats_tests.rs"]
mod tests;
