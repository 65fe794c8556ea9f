//! Scope-map validation: a list of actions in, a list of diagnostics out.
//!
//! Each diagnostic says what is wrong, which action (by text and index) and
//! how to fix it, with a machine-applicable suggestion where one exists.

use std::collections::HashMap;

use serde::Serialize;

use super::actions::{Action, ParseError, RepoPattern, RepoPermission, parse_action};

/// The service rejects scope maps with more actions than this.
pub const MAX_ACTIONS: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Stable diagnostic codes (part of the CLI's JSON contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    EmptyAction,
    Whitespace,
    UpperCase,
    UnknownPrefix,
    MissingPermission,
    MissingRepository,
    UnknownAction,
    LegacyAction,
    MultipleWildcards,
    WildcardNotLast,
    WildcardNotComponent,
    BadRepositoryName,
    BadGatewayAction,
    Duplicate,
    TooManyActions,
    NoActions,
    RegistryWideWrite,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::EmptyAction => "empty-action",
            Code::Whitespace => "whitespace",
            Code::UpperCase => "upper-case",
            Code::UnknownPrefix => "unknown-prefix",
            Code::MissingPermission => "missing-permission",
            Code::MissingRepository => "missing-repository",
            Code::UnknownAction => "unknown-action",
            Code::LegacyAction => "legacy-action",
            Code::MultipleWildcards => "multiple-wildcards",
            Code::WildcardNotLast => "wildcard-not-last",
            Code::WildcardNotComponent => "wildcard-not-component",
            Code::BadRepositoryName => "bad-repository-name",
            Code::BadGatewayAction => "bad-gateway-action",
            Code::Duplicate => "duplicate",
            Code::TooManyActions => "too-many-actions",
            Code::NoActions => "no-actions",
            Code::RegistryWideWrite => "registry-wide-write",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// The offending action as written; `None` for scope-map-wide findings.
    pub action: Option<String>,
    /// Index of the offending action in the input (not serialised).
    #[serde(skip)]
    pub index: Option<usize>,
    /// What is wrong and how to fix it.
    pub message: String,
    /// A replacement action that fixes the problem, when one is known.
    #[serde(skip)]
    pub suggestion: Option<String>,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Validates a whole scope map.
pub fn validate<S: AsRef<str>>(actions: &[S]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if actions.is_empty() {
        out.push(Diagnostic {
            severity: Severity::Error,
            code: Code::NoActions,
            action: None,
            index: None,
            message: "a scope map needs at least one action, e.g. repositories/<repo>/content/read"
                .into(),
            suggestion: None,
        });
        return out;
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, raw) in actions.iter().enumerate() {
        let raw = raw.as_ref();
        if let Some(first) = seen.get(raw) {
            out.push(Diagnostic {
                severity: Severity::Warning,
                code: Code::Duplicate,
                action: Some(raw.to_string()),
                index: Some(i),
                message: format!(
                    "duplicate of action #{}; remove it, it grants nothing extra",
                    first + 1
                ),
                suggestion: None,
            });
            continue;
        }
        seen.insert(raw, i);
        out.extend(validate_action(raw).into_iter().map(|mut d| {
            d.index = Some(i);
            d
        }));
    }
    if actions.len() > MAX_ACTIONS {
        out.push(Diagnostic {
            severity: Severity::Error,
            code: Code::TooManyActions,
            action: None,
            index: None,
            message: format!(
                "{} actions; a scope map holds at most {MAX_ACTIONS}. Replace exact rules with a `<prefix>/*` wildcard or split the access across scope maps and tokens",
                actions.len()
            ),
            suggestion: None,
        });
    }
    out
}

/// Validates one action on its own (no set-level rules).
pub fn validate_action(raw: &str) -> Vec<Diagnostic> {
    match parse_action(raw) {
        Ok(action) => registry_wide_write(raw, &action)
            .into_iter()
            .chain(mixed_case_repository(raw))
            .collect(),
        // The old style is camel-case by nature; its own fix lower-cases the rest.
        Err(err @ ParseError::Legacy(_)) => vec![error_for(raw, err)],
        Err(_) if lower_case_fix(raw) != raw => upper_case(raw),
        Err(err) => vec![error_for(raw, err)],
    }
}

fn registry_wide_write(raw: &str, action: &Action) -> Option<Diagnostic> {
    match action {
        Action::Repository {
            pattern: RepoPattern::All,
            permission,
        } if permission.is_write() => Some(Diagnostic {
            severity: Severity::Warning,
            code: Code::RegistryWideWrite,
            action: Some(raw.to_string()),
            index: None,
            message: format!(
                "grants {permission} on every repository of the registry, including ones created later; narrow `*` to the repositories that need it (e.g. `repositories/<team>/*/{permission}`)"
            ),
            suggestion: None,
        }),
        _ => None,
    }
}

/// What a warning about an upper-case repository name says: why it may not
/// work, that the service's behaviour is unknown, and the lower-case form.
const MIXED_CASE: &str = "Docker and OCI clients refuse upper-case repository names, so this may match nothing they can pull or push (the service's handling is undocumented; evaluated as written)";

/// A parsed action whose repository part has upper case: a warning.
fn mixed_case_repository(raw: &str) -> Option<Diagnostic> {
    let lower = lower_case_fix(raw);
    (lower != raw).then(|| Diagnostic {
        severity: Severity::Warning,
        code: Code::UpperCase,
        action: Some(raw.to_string()),
        index: None,
        message: format!("{MIXED_CASE}; lower case: `{lower}`"),
        suggestion: Some(lower),
    })
}

/// Whether upper case sits in the prefix or the permission, the parts
/// acrtui cannot evaluate (a repository or connected-registry name may have it).
fn upper_outside_names(raw: &str) -> bool {
    let upper = |s: &str| s.chars().any(|c| c.is_ascii_uppercase());
    let parts: Vec<&str> = raw.split('/').collect();
    match parts.as_slice() {
        [] => false,
        [prefix, _, area, verb] if prefix.eq_ignore_ascii_case("gateway") => {
            upper(prefix) || upper(area) || upper(verb)
        }
        [prefix, .., category, verb] if prefix.eq_ignore_ascii_case("repositories") => {
            upper(prefix) || upper(category) || upper(verb)
        }
        [prefix, ..] => upper(prefix),
    }
}

/// Upper case: suggest the lower-cased action, and if that is still wrong,
/// report its remaining problems too so one round of fixes is enough. Only
/// upper case in the prefix or permission is an error; in a name it is the
/// `MIXED_CASE` warning.
fn upper_case(raw: &str) -> Vec<Diagnostic> {
    let lower = lower_case_fix(raw);
    let rest = validate_action(&lower);
    let fixed = rest.iter().all(|d| !d.is_error());
    let severity = if upper_outside_names(raw) {
        Severity::Error
    } else {
        Severity::Warning
    };
    let message = match (severity, fixed) {
        (Severity::Warning, _) => format!("{MIXED_CASE}; lower case: `{lower}`"),
        (_, true) => format!("scope-map actions are lower case; use `{lower}`"),
        (_, false) => "scope-map actions are lower case; lower-case it".to_string(),
    };
    let case = Diagnostic {
        severity,
        code: Code::UpperCase,
        action: Some(raw.to_string()),
        index: None,
        message,
        suggestion: fixed.then(|| lower.clone()),
    };
    let errors = rest.into_iter().filter(|d| d.is_error()).map(|mut d| {
        d.action = Some(raw.to_string());
        d
    });
    // Errors first: on a small screen the reason a save is refused must show.
    match severity {
        Severity::Error => std::iter::once(case).chain(errors).collect(),
        Severity::Warning => errors.chain(std::iter::once(case)).collect(),
    }
}

/// Lower-cases everything but a gateway's connected-registry name, which may be mixed case.
fn lower_case_fix(raw: &str) -> String {
    let lower = raw.to_ascii_lowercase();
    match lower.strip_prefix("gateway/") {
        Some(_) => {
            let parts: Vec<&str> = raw.splitn(3, '/').collect();
            match parts.as_slice() {
                [_, name, tail] => format!("gateway/{name}/{}", tail.to_ascii_lowercase()),
                _ => lower,
            }
        }
        None => lower,
    }
}

fn error_for(raw: &str, err: ParseError) -> Diagnostic {
    let (code, message, suggestion) = describe(raw, err);
    Diagnostic {
        severity: Severity::Error,
        code,
        action: Some(raw.to_string()),
        index: None,
        message,
        suggestion,
    }
}

/// The fix for an action without a permission. One that ends in `content`
/// or `metadata` lacks only the operation (`repositories/x/content` →
/// `repositories/x/content/read`, not `…/content/content/read`).
fn missing_permission(raw: &str) -> String {
    let half = |word: &str, ops: &str| {
        format!(
            "`{word}` needs its operation: `{raw}/read` ({ops}); if the repository itself ends in `/{word}`, append a whole permission such as `{raw}/content/read`"
        )
    };
    if raw.ends_with("/content") {
        half("content", "or /write, /delete")
    } else if raw.ends_with("/metadata") {
        half("metadata", "or /write")
    } else {
        format!(
            "no permission at the end; append one of content/read, content/write, content/delete, metadata/read, metadata/write (e.g. `{raw}/content/read`)"
        )
    }
}

/// An old-style permission (`content/push`…): the action with the
/// permission the service expects.
fn legacy(raw: &str, p: &RepoPermission) -> (Code, String, Option<String>) {
    let fix = raw
        .rsplit_once('/')
        .map(|(head, _)| format!("{}/{p}", lower_case_fix(head)))
        .unwrap_or_default();
    (
        Code::LegacyAction,
        format!("old action style, the service expects `{p}`: use `{fix}`"),
        Some(fix),
    )
}

/// `repositories/app*/content/read`: the fix `app/*` when it parses.
fn wildcard_not_component(raw: &str) -> (Code, String, Option<String>) {
    let fix = raw.replacen('*', "/*", 1);
    let valid = parse_action(&fix).is_ok();
    (
        Code::WildcardNotComponent,
        if valid {
            format!(
                "a wildcard must be a whole path component ending in `/*`; to match the repositories below it use `{fix}`"
            )
        } else {
            "a wildcard must be a whole path component ending in `/*`".into()
        },
        valid.then_some(fix),
    )
}

fn describe(raw: &str, err: ParseError) -> (Code, String, Option<String>) {
    const FORMS: &str = "repositories/<repository>/<content/read|content/write|content/delete|metadata/read|metadata/write> or gateway/<connected-registry>/<config|message>/<read|write>";
    match err {
        ParseError::Empty => (Code::EmptyAction, format!("empty action; write {FORMS}"), None),
        ParseError::Whitespace => {
            let t = raw.trim().to_string();
            (Code::Whitespace, format!("remove the surrounding white space: `{t}`"), Some(t))
        }
        ParseError::UpperCase => (Code::UpperCase, "lower-case it".into(), None),
        ParseError::UnknownPrefix => (
            Code::UnknownPrefix,
            format!("unknown action prefix; an action starts with `repositories/` or `gateway/`: {FORMS}"),
            None,
        ),
        ParseError::MissingPermission => (
            Code::MissingPermission,
            missing_permission(raw),
            None,
        ),
        ParseError::MissingRepository => (
            Code::MissingRepository,
            "no repository; write repositories/<repository>/<permission>, or `repositories/*/...` for every repository".into(),
            None,
        ),
        ParseError::UnknownAction(p) => (
            Code::UnknownAction,
            format!("`{p}` is not a repository permission; use content/read, content/write, content/delete, metadata/read or metadata/write"),
            None,
        ),
        ParseError::Legacy(p) => legacy(raw, &p),
        ParseError::MultipleWildcards => (
            Code::MultipleWildcards,
            "only one wildcard is allowed, as the last path component: `<prefix>/*`".into(),
            None,
        ),
        ParseError::WildcardNotLast => (
            Code::WildcardNotLast,
            "a wildcard can only be the last path component (`<prefix>/*`), not in the middle of the repository name".into(),
            None,
        ),
        ParseError::WildcardNotComponent => wildcard_not_component(raw),
        ParseError::BadRepository(problem) => (
            Code::BadRepositoryName,
            format!("{problem}"),
            None,
        ),
        ParseError::BadGateway(why) => (Code::BadGatewayAction, why, None),
    }
}
