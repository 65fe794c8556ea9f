//! `acrtui scope preview --catalog`: scope-map actions over a registry's
//! existing repositories: what each rule reaches, the rules that reach
//! none, and the repositories none reaches.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;

use super::find_registry::{FindError, find_registry};
use super::scope::read_actions;
use crate::arm::{AcrApi, ArmErrorKind, RegistryInfo};
use crate::cli::{GlobalArgs, PreviewArgs};
use crate::connect::connect;
use crate::domain::catalog_reach::{Catalog, RuleReach, rule_reach, unreached};
use crate::domain::permissions::CompiledScopeMap;
use crate::domain::rules::{Diagnostic, validate};
use crate::domain::safe_text::escaped as shown;
use crate::registry::repositories::list_repositories;
use crate::registry::{RegistryClient, RegistryError};

/// (message, exit code).
type Failure = (String, u8);

fn arm_failure(e: crate::arm::ArmError) -> Failure {
    let code = match e.kind {
        ArmErrorKind::Network => 3,
        ArmErrorKind::Invalid => 2,
        _ => 1,
    };
    (e.to_string(), code)
}

fn registry_failure(e: RegistryError) -> Failure {
    let code = if e.is_unreachable() { 3 } else { 1 };
    (e.to_string(), code)
}

pub fn run_blocking(global: &GlobalArgs, args: &PreviewArgs, out: &mut dyn Write) -> ExitCode {
    let mut text = String::new();
    let code = crate::runtime::block_on(async {
        match run(global, args).await {
            Ok((report, _)) => {
                text = report;
                ExitCode::SUCCESS
            }
            Err((message, code)) => {
                eprintln!("error: {message}");
                ExitCode::from(code)
            }
        }
    });
    if code != ExitCode::SUCCESS {
        return code;
    }
    match out.write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the report: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The actions: a scope map of the registry (`--map`), or ACTION…/--file.
async fn actions(
    api: &dyn AcrApi,
    registry: &RegistryInfo,
    args: &PreviewArgs,
) -> Result<(String, Vec<String>), Failure> {
    let Some(name) = &args.map else {
        let actions = read_actions(&args.input).map_err(|e| (e, 2))?;
        return Ok(("the given actions".into(), actions));
    };
    let maps = api
        .list_scope_maps(&registry.registry)
        .await
        .map_err(arm_failure)?;
    let map = maps
        .into_iter()
        .find(|m| m.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            (
                format!(
                    "--map {}: no such scope map in {}",
                    shown(name),
                    registry.registry.name
                ),
                2,
            )
        })?;
    Ok((format!("scope map {}", map.name), map.actions))
}

async fn run(global: &GlobalArgs, args: &PreviewArgs) -> Result<(String, u8), Failure> {
    crate::logging::init(global.log_file.as_deref()).map_err(|e| (e, 2))?;
    let connection = connect(global).await.map_err(arm_failure)?;
    let api = connection.api.as_ref();
    eprintln!("acrtui: using {}", connection.description);
    let wanted = args.registry.as_deref().unwrap_or_default();
    let registry = find_registry(api, global, wanted)
        .await
        .map_err(|e| match e {
            FindError::Usage(m) => (m, 2),
            FindError::Azure(e) => arm_failure(e),
        })?;
    let (source, actions) = actions(api, &registry, args).await?;
    if let Some(d) = validate(&actions).into_iter().find(Diagnostic::is_error) {
        return Err((format!("{source}: {} ({})", d.message, d.code.as_str()), 2));
    }
    let timeout = Duration::from_secs(global.request_timeout);
    let client = RegistryClient::new(&registry.login_server, &connection.login_servers, timeout)
        .map_err(registry_failure)?;
    let arm_token = connection.arm.token().await.map_err(arm_failure)?;
    let names = list_repositories(&client, &arm_token)
        .await
        .map_err(registry_failure)?;
    drop(arm_token);
    let catalog = Catalog::new(names);
    let map = CompiledScopeMap::new(&actions);
    let rules = rule_reach(&map, &catalog);
    let missed = unreached([&map], &catalog);
    let text = if args.json {
        let doc = json!({
            "registry": format!("{}/{}", registry.registry.resource_group, registry.registry.name),
            "loginServer": client.server(),
            "repositories": catalog.names().len(),
            "rules": rules,
            "unreached": missed,
        });
        format!(
            "{}\n",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        )
    } else {
        table(
            client.server(),
            &source,
            catalog.names().len(),
            &rules,
            &missed,
        )
    };
    Ok((text, 0))
}

fn table(
    server: &str,
    source: &str,
    total: usize,
    rules: &[RuleReach],
    missed: &[String],
) -> String {
    let mut out = format!("{server}: {total} repositories; {source}:\n");
    let width = rules
        .iter()
        .map(|r| shown(&r.pattern).chars().count())
        .max()
        .unwrap_or(0);
    for r in rules {
        out.push_str(&format!(
            "  {:<width$}  {:<30}  {}\n",
            shown(&r.pattern),
            r.grants.join(","),
            reach_text(r)
        ));
    }
    if missed.is_empty() {
        out.push_str("Every repository is reached.\n");
    } else {
        out.push_str(&format!(
            "Not reached ({}): {}\n",
            missed.len(),
            first_names(missed, 10)
        ));
    }
    out
}

/// What one pattern reaches, in words.
fn reach_text(r: &RuleReach) -> String {
    match (r.dead, r.pattern.ends_with('*')) {
        (true, true) => {
            "reaches no existing repository (a wildcard also covers repositories created later)"
                .into()
        }
        (true, false) => "reaches no existing repository".into(),
        (false, _) => {
            let count = r.repositories.len();
            let noun = if count == 1 {
                "repository"
            } else {
                "repositories"
            };
            format!("{count} {noun}: {}", first_names(&r.repositories, 5))
        }
    }
}

/// The first `n` names, and how many more there are.
fn first_names(names: &[String], n: usize) -> String {
    let shown_names: Vec<String> = names
        .iter()
        .take(n)
        .map(|x| shown(x).into_owned())
        .collect();
    let more = names.len().saturating_sub(shown_names.len());
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("{}{tail}", shown_names.join(", "))
}
