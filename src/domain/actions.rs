//! Scope-map action grammar: parse and print.
//!
//! `repositories/<repository>/<content|metadata>/<verb>` and
//! `gateway/<connected-registry>/<config|message>/<read|write>`.
//! Parsing is strict and returns the *first* structural problem as a
//! [`ParseError`]; `rules.rs` turns those into user-facing diagnostics.

use std::fmt;

/// Maximum length of a repository name (Docker distribution's limit).
pub const MAX_REPOSITORY_LEN: usize = 255;

pub use super::repo_names::{NameProblem, check_repository_name};

/// One of the five repository permissions ACR knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RepoPermission {
    ContentRead,
    ContentWrite,
    ContentDelete,
    MetadataRead,
    MetadataWrite,
}

impl RepoPermission {
    pub const ALL: [RepoPermission; 5] = [
        RepoPermission::ContentRead,
        RepoPermission::ContentWrite,
        RepoPermission::ContentDelete,
        RepoPermission::MetadataRead,
        RepoPermission::MetadataWrite,
    ];

    /// The `content/read` form used in scope maps.
    pub fn as_str(self) -> &'static str {
        match self {
            RepoPermission::ContentRead => "content/read",
            RepoPermission::ContentWrite => "content/write",
            RepoPermission::ContentDelete => "content/delete",
            RepoPermission::MetadataRead => "metadata/read",
            RepoPermission::MetadataWrite => "metadata/write",
        }
    }

    pub fn from_parts(category: &str, verb: &str) -> Option<Self> {
        match (category, verb) {
            ("content", "read") => Some(RepoPermission::ContentRead),
            ("content", "write") => Some(RepoPermission::ContentWrite),
            ("content", "delete") => Some(RepoPermission::ContentDelete),
            ("metadata", "read") => Some(RepoPermission::MetadataRead),
            ("metadata", "write") => Some(RepoPermission::MetadataWrite),
            _ => None,
        }
    }

    /// Parses `content/read` etc.
    pub fn parse(s: &str) -> Option<Self> {
        let (category, verb) = s.split_once('/')?;
        Self::from_parts(category, verb)
    }

    /// Writes and deletes; used to flag registry-wide write access.
    pub fn is_write(self) -> bool {
        !matches!(
            self,
            RepoPermission::ContentRead | RepoPermission::MetadataRead
        )
    }
}

impl fmt::Display for RepoPermission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which repositories a rule covers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RepoPattern {
    /// `*`: every repository of the registry.
    All,
    /// `a/b/*`: every repository strictly below `a/b/`, at any depth.
    Below(String),
    /// `a/b`: exactly that repository.
    Exact(String),
}

impl RepoPattern {
    pub fn matches(&self, repository: &str) -> bool {
        match self {
            RepoPattern::All => true,
            RepoPattern::Exact(r) => r == repository,
            RepoPattern::Below(prefix) => repository
                .strip_prefix(prefix.as_str())
                .is_some_and(|rest| rest.len() > 1 && rest.starts_with('/')),
        }
    }

    pub fn is_wildcard(&self) -> bool {
        !matches!(self, RepoPattern::Exact(_))
    }
}

impl fmt::Display for RepoPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RepoPattern::All => f.write_str("*"),
            RepoPattern::Below(p) => write!(f, "{p}/*"),
            RepoPattern::Exact(r) => f.write_str(r),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GatewayArea {
    Config,
    Message,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GatewayVerb {
    Read,
    Write,
}

/// A parsed scope-map action.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Repository {
        pattern: RepoPattern,
        permission: RepoPermission,
    },
    Gateway {
        connected_registry: String,
        area: GatewayArea,
        verb: GatewayVerb,
    },
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Repository {
                pattern,
                permission,
            } => write!(f, "repositories/{pattern}/{permission}"),
            Action::Gateway {
                connected_registry,
                area,
                verb,
            } => {
                let area = match area {
                    GatewayArea::Config => "config",
                    GatewayArea::Message => "message",
                };
                let verb = match verb {
                    GatewayVerb::Read => "read",
                    GatewayVerb::Write => "write",
                };
                write!(f, "gateway/{connected_registry}/{area}/{verb}")
            }
        }
    }
}

/// The first structural problem found in an action string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    Empty,
    /// Leading or trailing white space.
    Whitespace,
    /// Upper case in the prefix or the permission (`Content/Read`), which
    /// acrtui cannot evaluate. Upper case in a repository name parses.
    UpperCase,
    /// Neither `repositories/` nor `gateway/`.
    UnknownPrefix,
    /// `repositories/<repo>` without `<content|metadata>/<verb>`.
    MissingPermission,
    /// `repositories/content/read`: no repository between prefix and permission.
    MissingRepository,
    /// `repositories/<repo>/<x>/<y>` where `<x>/<y>` is not one of the five.
    UnknownAction(String),
    /// Old illustrative style: `repositories/<repo>/contentWrite`, `.../delete`.
    Legacy(RepoPermission),
    MultipleWildcards,
    WildcardNotLast,
    /// `sample/teamA*`: the wildcard is glued to a name.
    WildcardNotComponent,
    BadRepository(NameProblem),
    /// `gateway/...` that does not follow `gateway/<cr>/<config|message>/<read|write>`.
    BadGateway(String),
}

/// Parses an action string. Upper case in the prefix or permission is an
/// error (see [`ParseError::UpperCase`]); in a repository name it is kept as
/// written, and matched as written.
pub fn parse_action(s: &str) -> Result<Action, ParseError> {
    if s.is_empty() {
        return Err(ParseError::Empty);
    }
    if s.trim() != s {
        return Err(ParseError::Whitespace);
    }
    if let Some(rest) = s.strip_prefix("repositories/") {
        return parse_repository_action(rest);
    }
    if let Some(rest) = s.strip_prefix("gateway/") {
        return parse_gateway_action(rest);
    }
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("repositories/") || lower.starts_with("gateway/") {
        return Err(ParseError::UpperCase);
    }
    Err(ParseError::UnknownPrefix)
}

fn parse_repository_action(rest: &str) -> Result<Action, ParseError> {
    let mut parts = rest.rsplitn(3, '/');
    let verb = parts.next().unwrap_or_default();
    let category = parts.next();
    let repo = parts.next();
    let is_category = |c: &str| matches!(c.to_ascii_lowercase().as_str(), "content" | "metadata");
    let (Some(category), Some(repo)) = (category, repo) else {
        return Err(match (category, legacy_permission(verb)) {
            (Some(c), _) if is_category(c) => ParseError::MissingRepository,
            (Some(_), Some(legacy)) => ParseError::Legacy(legacy),
            _ => ParseError::MissingPermission,
        });
    };
    let Some(permission) = RepoPermission::from_parts(category, verb) else {
        if let Some(legacy) = legacy_permission(verb).filter(|_| !is_category(category)) {
            return Err(ParseError::Legacy(legacy));
        }
        let lower = format!("{category}/{verb}").to_ascii_lowercase();
        if RepoPermission::parse(&lower).is_some() {
            return Err(ParseError::UpperCase);
        }
        return Err(ParseError::UnknownAction(format!("{category}/{verb}")));
    };
    let pattern = parse_pattern(repo)?;
    Ok(Action::Repository {
        pattern,
        permission,
    })
}

/// Verbs of the old illustrative action style, mapped to the modern permission.
pub fn legacy_permission(verb: &str) -> Option<RepoPermission> {
    match verb {
        "contentRead" | "read" | "pull" => Some(RepoPermission::ContentRead),
        "contentWrite" | "write" | "push" => Some(RepoPermission::ContentWrite),
        "contentDelete" | "delete" => Some(RepoPermission::ContentDelete),
        "metadataRead" => Some(RepoPermission::MetadataRead),
        "metadataWrite" => Some(RepoPermission::MetadataWrite),
        _ => None,
    }
}

/// Parses the repository part of an action, wildcard rules included.
pub fn parse_pattern(repo: &str) -> Result<RepoPattern, ParseError> {
    match repo.matches('*').count() {
        0 => {}
        1 => {
            if repo == "*" {
                return Ok(RepoPattern::All);
            }
            let Some(prefix) = repo.strip_suffix('*') else {
                return Err(ParseError::WildcardNotLast);
            };
            let Some(prefix) = prefix.strip_suffix('/') else {
                return Err(ParseError::WildcardNotComponent);
            };
            return check_name(prefix).map(|()| RepoPattern::Below(prefix.to_string()));
        }
        _ => return Err(ParseError::MultipleWildcards),
    }
    check_name(repo).map(|()| RepoPattern::Exact(repo.to_string()))
}

fn check_name(name: &str) -> Result<(), ParseError> {
    check_repository_name(name).map_err(ParseError::BadRepository)
}

fn parse_gateway_action(rest: &str) -> Result<Action, ParseError> {
    let parts: Vec<&str> = rest.split('/').collect();
    let [name, area, verb] = parts.as_slice() else {
        return Err(ParseError::BadGateway(
            "expected gateway/<connected-registry>/<config|message>/<read|write>".into(),
        ));
    };
    if !(5..=50).contains(&name.len()) || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ParseError::BadGateway(format!(
            "connected registry name `{name}` must be 5-50 letters or digits"
        )));
    }
    let area = match *area {
        "config" => GatewayArea::Config,
        "message" => GatewayArea::Message,
        other => {
            return Err(ParseError::BadGateway(format!(
                "`{other}` is not a gateway area; use `config` or `message`"
            )));
        }
    };
    let verb = match *verb {
        "read" => GatewayVerb::Read,
        "write" => GatewayVerb::Write,
        other => {
            return Err(ParseError::BadGateway(format!(
                "`{other}` is not a gateway verb; use `read` or `write`"
            )));
        }
    };
    Ok(Action::Gateway {
        connected_registry: name.to_string(),
        area,
        verb,
    })
}

#[cfg(test)]
#[path = "actions_tests.rs"]
mod tests;
