//! `acrtui probe`: what a token's password really gets from the registry's
//! token service, per repository, next to what its scope map says.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;
use std::time::Duration;

use secrecy::SecretString;
use zeroize::Zeroizing;

use super::find_registry::{FindError, find_registry};
use crate::arm::{ArmError, ArmErrorKind};
use crate::cli::{GlobalArgs, ProbeArgs, ProbeFormat};
use crate::connect::connect;
use crate::domain::permissions::CompiledScopeMap;
use crate::domain::safe_text::escaped as shown;
use crate::registry::probe::{ProbeRow, probe, targets};
use crate::registry::{RegistryClient, RegistryError};

pub fn run_blocking(global: &GlobalArgs, args: &ProbeArgs) -> ExitCode {
    crate::runtime::block_on(async {
        match run(global, args).await {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(f) => f.report(),
        }
    })
}

enum Failure {
    Usage(String),
    Unreachable(String),
    Failed(String),
}

impl Failure {
    fn report(self) -> ExitCode {
        let (text, code) = match self {
            Failure::Usage(t) => (t, 2),
            Failure::Unreachable(t) => (t, 3),
            Failure::Failed(t) => (t, 1),
        };
        eprintln!("error: {text}");
        ExitCode::from(code)
    }
}

impl From<ArmError> for Failure {
    fn from(e: ArmError) -> Self {
        let text = match e.hint() {
            Some(h) => format!("{e}\nhint: {h}"),
            None => e.to_string(),
        };
        match e.kind {
            ArmErrorKind::Network => Failure::Unreachable(text),
            ArmErrorKind::Invalid => Failure::Usage(text),
            _ => Failure::Failed(text),
        }
    }
}

impl From<FindError> for Failure {
    fn from(e: FindError) -> Self {
        match e {
            FindError::Usage(m) => Failure::Usage(m),
            FindError::Azure(e) => e.into(),
        }
    }
}

impl From<RegistryError> for Failure {
    fn from(e: RegistryError) -> Self {
        if e.is_unreachable() {
            Failure::Unreachable(e.to_string())
        } else {
            Failure::Failed(e.to_string())
        }
    }
}

/// The password: one line of standard input, or asked on the terminal.
fn read_password(args: &ProbeArgs) -> Result<SecretString, Failure> {
    let line = if args.password_stdin {
        let mut line = Zeroizing::new(String::new());
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            Failure::Usage(format!("cannot read the password from standard input: {e}"))
        })?;
        Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_string())
    } else if std::io::stdin().is_terminal() {
        let prompt = format!("Password for {}: ", shown(&args.token));
        Zeroizing::new(
            rpassword::prompt_password(prompt)
                .map_err(|e| Failure::Usage(format!("cannot ask for the password: {e}")))?,
        )
    } else {
        return Err(Failure::Usage(
            "no terminal to ask for the password on: pipe it in with --password-stdin".into(),
        ));
    };
    if line.is_empty() {
        return Err(Failure::Usage("the password is empty".into()));
    }
    Ok(SecretString::from(line.as_str()))
}

/// The token's scope map, which must exist.
async fn scope_map_of(
    api: &dyn crate::arm::AcrApi,
    r: &crate::arm::RegistryRef,
    token: &crate::arm::TokenInfo,
) -> Result<crate::arm::ScopeMapInfo, Failure> {
    let map_name = token.scope_map.clone().ok_or_else(|| {
        Failure::Failed(format!(
            "{} has no scope map: it grants nothing",
            shown(&token.name)
        ))
    })?;
    let maps = api.list_scope_maps(r).await?;
    maps.into_iter()
        .find(|m| m.name.eq_ignore_ascii_case(&map_name))
        .ok_or_else(|| {
            Failure::Failed(format!(
                "{}'s scope map {} no longer exists: it grants nothing",
                shown(&token.name),
                shown(&map_name)
            ))
        })
}

/// True when every repository got exactly what the scope map says.
async fn run(global: &GlobalArgs, args: &ProbeArgs) -> Result<bool, Failure> {
    crate::logging::init(global.log_file.as_deref()).map_err(Failure::Usage)?;
    for repo in &args.repos {
        crate::domain::repo_names::check_repository_name(repo)
            .map_err(|e| Failure::Usage(format!("--repo {}: {e}", shown(repo))))?;
    }
    let password = read_password(args)?;
    let connection = connect(global).await?;
    let api = connection.api.as_ref();
    eprintln!("acrtui: using {}", connection.description);
    let registry = find_registry(api, global, &args.registry).await?;
    let r = &registry.registry;
    let token = api.get_token(r, &args.token).await?;
    let map = scope_map_of(api, r, &token).await?;
    let compiled = CompiledScopeMap::new(&map.actions);
    let targets = targets(&compiled, &args.repos);
    if targets.is_empty() {
        return Err(Failure::Failed(format!(
            "scope map {} has no repository rules to probe; name one with --repo",
            shown(&map.name)
        )));
    }
    let timeout = Duration::from_secs(global.request_timeout);
    let client = RegistryClient::new(&registry.login_server, &connection.login_servers, timeout)?;
    let rows = probe(&client, &token.name, &password, &compiled, &targets).await?;
    drop(password);
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        ProbeFormat::Table
    } else {
        ProbeFormat::Json
    });
    match format {
        ProbeFormat::Table => print!("{}", table(&rows)),
        ProbeFormat::Json => {
            let doc = serde_json::json!({
                "registry": format!("{}/{}", r.resource_group, r.name),
                "loginServer": client.server(),
                "token": token.name,
                "scopeMap": map.name,
                "repositories": rows,
            });
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
    }
    report(&rows)
}

/// True when every row matches; says so on stderr otherwise.
fn report(rows: &[ProbeRow]) -> Result<bool, Failure> {
    let all_match = rows.iter().all(|r| r.matches);
    if !all_match {
        eprintln!(
            "The token service grants something other than the scope map says (see the rows marked DIFFERS)."
        );
    }
    Ok(all_match)
}

fn table(rows: &[ProbeRow]) -> String {
    let name = |r: &ProbeRow| match &r.stands_for {
        Some(p) => format!("{} (for {})", shown(&r.repository), shown(p)),
        None => shown(&r.repository).into_owned(),
    };
    let list = |a: &[String]| {
        if a.is_empty() {
            "-".to_string()
        } else {
            a.join(",")
        }
    };
    let width = rows
        .iter()
        .map(|r| name(r).chars().count())
        .max()
        .unwrap_or(0)
        .max(10);
    let granted_width = rows
        .iter()
        .map(|r| list(&r.granted).len())
        .max()
        .unwrap_or(0)
        .max(7);
    let mut out = format!(
        "{:<width$}  {:<granted_width$}  {}\n",
        "REPOSITORY", "GRANTED", "SCOPE MAP SAYS"
    );
    for r in rows {
        let mark = if r.matches { "" } else { "  DIFFERS" };
        out.push_str(&format!(
            "{:<width$}  {:<granted_width$}  {}{mark}\n",
            name(r),
            list(&r.granted),
            list(&r.expected)
        ));
    }
    out
}
