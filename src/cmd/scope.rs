//! `acrtui scope validate|preview`: the domain core for scripts and pipelines.

use std::io::Write;
use std::process::ExitCode;

use serde::Deserialize;
use serde_json::json;

use crate::cli::{ActionsInput, PreviewArgs, ScopeCommand, ValidateArgs};
use crate::domain::actions::{NameProblem, check_repository_name};
use crate::domain::permissions::{CompiledScopeMap, Effective};
use crate::domain::rules::{Diagnostic, Severity, validate};

/// Exit codes shared by the offline commands.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

pub fn run(global: &crate::cli::GlobalArgs, cmd: &ScopeCommand, out: &mut dyn Write) -> ExitCode {
    let result = match cmd {
        ScopeCommand::Validate(args) => run_validate(args, out),
        ScopeCommand::Preview(args) if args.catalog => {
            return super::scope_catalog::run_blocking(global, args, out);
        }
        ScopeCommand::Preview(args) => run_preview(args, out),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// A usage or input problem, reported on stderr with exit code 2.
type UsageError = String;

fn run_validate(args: &ValidateArgs, out: &mut dyn Write) -> Result<u8, UsageError> {
    let actions = read_actions(&args.input)?;
    let diagnostics = validate(&actions);
    let valid = !diagnostics.iter().any(Diagnostic::is_error);
    if args.json {
        write_json(out, &json!({"valid": valid, "diagnostics": diagnostics}))?;
    } else {
        write_diagnostics(out, &diagnostics, actions.len())?;
    }
    Ok(if valid { EXIT_OK } else { EXIT_FINDINGS })
}

fn run_preview(args: &PreviewArgs, out: &mut dyn Write) -> Result<u8, UsageError> {
    let Some(repo) = args.repo.as_deref() else {
        return Err("--repo REPO is required (or --catalog --registry NAME)".into());
    };
    check_repository_name(repo).map_err(|p| repo_error(repo, p))?;
    if repo.chars().any(|c| c.is_ascii_uppercase()) {
        eprintln!(
            "warning: Docker and OCI clients refuse upper-case repository names; {} is evaluated as written",
            repo
        );
    }
    let actions = read_actions(&args.input)?;
    let diagnostics = validate(&actions);
    if diagnostics.iter().any(Diagnostic::is_error) {
        if args.json {
            write_json(out, &json!({"valid": false, "diagnostics": diagnostics}))?;
        } else {
            write_diagnostics(out, &diagnostics, actions.len())?;
        }
        return Ok(EXIT_FINDINGS);
    }
    let effective = CompiledScopeMap::new(&actions).effective(repo);
    if args.json {
        write_json(out, &preview_json(&effective))?;
        return Ok(EXIT_OK);
    }
    let text = preview_text(&effective, &diagnostics);
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(EXIT_OK)
}

/// `--json`: the repository, the actions granted, by which rules, what a
/// client can do, and the Docker scope.
fn preview_json(effective: &Effective) -> serde_json::Value {
    let grants: Vec<_> = effective
        .grants
        .iter()
        .map(|(p, rules)| json!({"action": p.as_str(), "rules": rules}))
        .collect();
    let ops: Vec<_> = effective
        .operations()
        .iter()
        .map(|o| json!({"name": o.operation.name, "allowed": o.allowed}))
        .collect();
    let mut names: Vec<_> = effective.grants.keys().map(|p| p.as_str()).collect();
    names.sort_unstable();
    json!({
        "repository": effective.repository,
        "actions": names,
        "grants": grants,
        "docker_scope": effective.docker_scope(),
        "operations": ops,
    })
}

/// The same as text, with the validator's warnings after it.
fn preview_text(effective: &Effective, diagnostics: &[Diagnostic]) -> String {
    let mut text = format!("Repository {}\n", effective.repository);
    if effective.grants.is_empty() {
        text.push_str("  nothing is granted: no rule matches this repository\n");
    }
    for (permission, rules) in &effective.grants {
        text.push_str(&format!(
            "  {:<15} granted by {}\n",
            permission.as_str(),
            rules.join(", ")
        ));
    }
    text.push_str("\nA client can:\n");
    for op in &effective.operations() {
        let mark = if op.allowed { "yes" } else { "no " };
        let why = if op.allowed {
            String::new()
        } else if op.missing.is_empty() {
            "  (never with repository-scoped tokens)".to_string()
        } else {
            let needs: Vec<_> = op.missing.iter().map(|p| p.as_str()).collect();
            format!("  (needs {})", needs.join(" + "))
        };
        text.push_str(&format!(
            "  {mark} {} ({}){why}\n",
            op.operation.name, op.operation.example
        ));
    }
    let scope = effective.docker_scope();
    let scope = if scope.is_empty() {
        "(none)".to_string()
    } else {
        scope
    };
    text.push_str(&format!("\nDocker scope: {scope}\n"));
    let warnings: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    if !warnings.is_empty() {
        text.push('\n');
        for d in warnings {
            text.push_str(&format_diagnostic(d));
        }
    }
    text
}

fn repo_error(repo: &str, problem: NameProblem) -> UsageError {
    format!("--repo {repo:?}: {problem}; give a concrete repository such as samples/hello-world")
}

const MAX_ACTIONS_FILE: u64 = 1 << 20;

/// Actions from `--file` (first) and the arguments; at least one is required.
pub fn read_actions(input: &ActionsInput) -> Result<Vec<String>, UsageError> {
    let mut actions = Vec::new();
    if let Some(path) = &input.file {
        // 500 actions of at most a few hundred bytes each, with room for comments.
        let text = crate::input_file::read_capped(
            path,
            MAX_ACTIONS_FILE,
            "a scope map holds at most 500 actions",
        )?;
        let name = path.display().to_string();
        actions.extend(parse_actions_file(&text).map_err(|e| format!("{name}: {e}"))?);
    }
    actions.extend(input.actions.iter().cloned());
    if actions.is_empty() {
        return Err(match &input.file {
            Some(path) => format!(
                "{} holds no actions (one per line, or a JSON array)",
                path.display()
            ),
            None => "no actions: pass them as arguments or with --file FILE".to_string(),
        });
    }
    Ok(actions)
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ActionsFile {
    List(Vec<String>),
    Arm { properties: ArmProperties },
}

#[derive(Deserialize)]
struct ArmProperties {
    actions: Vec<String>,
}

/// JSON (array or ARM body) when the text starts with `[` or `{`, else one action per line.
pub fn parse_actions_file(text: &str) -> Result<Vec<String>, String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        return match serde_json::from_str::<ActionsFile>(trimmed) {
            Ok(ActionsFile::List(list)) => Ok(list),
            Ok(ActionsFile::Arm { properties }) => Ok(properties.actions),
            Err(e) => Err(format!(
                "expected a JSON array of action strings or {{\"properties\":{{\"actions\":[...]}}}} ({e})"
            )),
        };
    }
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

fn write_json(out: &mut dyn Write, value: &serde_json::Value) -> Result<(), UsageError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    writeln!(out, "{text}").map_err(|e| e.to_string())
}

fn format_diagnostic(d: &Diagnostic) -> String {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let location = match (d.index, &d.action) {
        (Some(i), Some(a)) => format!(" #{} {a}", i + 1),
        (_, Some(a)) => format!(" {a}"),
        _ => String::new(),
    };
    format!(
        "{severity}[{}]{location}\n    {}\n",
        d.code.as_str(),
        d.message
    )
}

fn write_diagnostics(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    count: usize,
) -> Result<(), UsageError> {
    let mut text: String = diagnostics.iter().map(format_diagnostic).collect();
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if diagnostics.is_empty() {
        text.push_str(&format!("ok: {}, no problems\n", plural(count, "action")));
    } else {
        text.push_str(&format!(
            "{}, {} in {}\n",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(count, "action")
        ));
    }
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_formats() {
        assert_eq!(parse_actions_file(r#"["a","b"]"#).unwrap(), ["a", "b"]);
        assert_eq!(
            parse_actions_file(r#"{"properties":{"actions":["x"],"description":"d"}}"#).unwrap(),
            ["x"]
        );
        assert_eq!(parse_actions_file("# c\n a \n\nb\n").unwrap(), ["a", "b"]);
        assert!(parse_actions_file("{\"actions\": 3}").is_err());
    }
}
