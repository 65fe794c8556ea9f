//! Scope-map action grammar: parse and print.
//!
//! `repositories/<repository>/<content|metadata>/<verb>` and
//! `gateway/<connected-registry>/<config|message>/<read|write>`.
//! Parsing is strict and returns the *first* structural problem as a
//! [`ParseError`]; `rules.rs` turns those into user-facing diagnostics.

use std::fmt;

/// Maximum length of a repository name (Docker distribution's limit).
pub const MAX_REPOSITORY_LEN: usize = 255;

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

/// Why a repository name is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    TooLong(usize),
    EmptyComponent,
    InvalidChar(char),
    /// A component starts or ends with a separator, or uses a bad run of them.
    BadSeparator(String),
}

impl fmt::Display for NameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameProblem::Empty => f.write_str("the repository name is empty"),
            NameProblem::TooLong(n) => write!(
                f,
                "the repository name is {n} characters long; the limit is {MAX_REPOSITORY_LEN}"
            ),
            NameProblem::EmptyComponent => f.write_str(
                "the repository name has an empty path component (a leading, trailing or doubled `/`)",
            ),
            NameProblem::InvalidChar(c) => write!(
                f,
                "`{}` is not allowed in a repository name (use letters, digits, `.`, `_`, `-` and `/`)",
                c.escape_default()
            ),
            NameProblem::BadSeparator(component) => write!(
                f,
                "path component `{component}` must start and end with a letter or digit and separate words with one `.`, one or two `_`, or dashes"
            ),
        }
    }
}

/// Checks a concrete repository name against the Docker reference grammar:
/// components of `[a-z0-9]+` joined by `.`, `_`, `__` or runs of `-`,
/// components joined by `/`. Upper case passes: Docker refuses it, but the
/// service's handling is undocumented and Microsoft's own scope-map examples
/// use it, so it is a warning (`rules.rs`), never a refusal.
pub fn check_repository_name(name: &str) -> Result<(), NameProblem> {
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    if name.len() > MAX_REPOSITORY_LEN {
        return Err(NameProblem::TooLong(name.len()));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/')))
    {
        return Err(NameProblem::InvalidChar(c));
    }
    for component in name.split('/') {
        check_component(component)?;
    }
    Ok(())
}

fn check_component(component: &str) -> Result<(), NameProblem> {
    if component.is_empty() {
        return Err(NameProblem::EmptyComponent);
    }
    let bad = || NameProblem::BadSeparator(component.to_string());
    let bytes = component.as_bytes();
    let is_alnum = |b: u8| b.is_ascii_alphanumeric();
    if !is_alnum(bytes[0]) || !is_alnum(bytes[bytes.len() - 1]) {
        return Err(bad());
    }
    // Walk runs of separators between alphanumeric runs.
    let mut i = 0;
    while i < bytes.len() {
        if is_alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !is_alnum(bytes[i]) {
            i += 1;
        }
        let run = &component[start..i];
        let ok = run == "." || run == "_" || run == "__" || run.bytes().all(|b| b == b'-');
        if !ok {
            return Err(bad());
        }
    }
    Ok(())
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
mod tests {
    use super::*;

    fn repo(pattern: RepoPattern, permission: RepoPermission) -> Action {
        Action::Repository {
            pattern,
            permission,
        }
    }

    #[test]
    fn parses_the_five_permissions() {
        for p in RepoPermission::ALL {
            let s = format!("repositories/samples/hello-world/{p}");
            assert_eq!(
                parse_action(&s),
                Ok(repo(RepoPattern::Exact("samples/hello-world".into()), p))
            );
        }
    }

    #[test]
    fn parses_wildcards() {
        assert_eq!(
            parse_action("repositories/*/content/read"),
            Ok(repo(RepoPattern::All, RepoPermission::ContentRead))
        );
        assert_eq!(
            parse_action("repositories/sample/teama/*/content/write"),
            Ok(repo(
                RepoPattern::Below("sample/teama".into()),
                RepoPermission::ContentWrite
            ))
        );
    }

    #[test]
    fn rejects_the_docs_invalid_wildcards() {
        assert_eq!(
            parse_action("repositories/sample/*/teama/content/read"),
            Err(ParseError::WildcardNotLast)
        );
        assert_eq!(
            parse_action("repositories/sample/teama*/content/read"),
            Err(ParseError::WildcardNotComponent)
        );
        assert_eq!(
            parse_action("repositories/sample/teama/*/projectb/*/content/read"),
            Err(ParseError::MultipleWildcards)
        );
    }

    #[test]
    fn legacy_style_is_recognised() {
        assert_eq!(
            parse_action("repositories/myrepository/contentWrite"),
            Err(ParseError::Legacy(RepoPermission::ContentWrite))
        );
        assert_eq!(
            parse_action("repositories/myrepository/delete"),
            Err(ParseError::Legacy(RepoPermission::ContentDelete))
        );
        // `content/delete` is modern even though its last word is `delete`.
        assert!(parse_action("repositories/myrepository/content/delete").is_ok());
    }

    #[test]
    fn gateway_actions() {
        let a = parse_action("gateway/myconnreg/config/read").unwrap();
        assert_eq!(a.to_string(), "gateway/myconnreg/config/read");
        assert!(matches!(
            parse_action("gateway/myconnreg/config/delete"),
            Err(ParseError::BadGateway(_))
        ));
        assert!(matches!(
            parse_action("gateway/x/config/read"),
            Err(ParseError::BadGateway(_))
        ));
    }

    #[test]
    fn repository_names_follow_the_docker_grammar() {
        for ok in ["a", "a.b", "a_b", "a__b", "a---b", "a/b/c", "0x/1-2"] {
            assert_eq!(check_repository_name(ok), Ok(()), "{ok}");
        }
        for bad in [
            "", "a//b", "/a", "a/", "a..b", "a___b", "-a", "a-", "a-_b", "a b",
        ] {
            assert!(check_repository_name(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_repository_name("sample/teamA/projectB"),
            Ok(()),
            "mixed case is the warning's job"
        );
    }

    #[test]
    fn below_matches_any_depth_but_not_itself() {
        let p = RepoPattern::Below("sample".into());
        assert!(p.matches("sample/x"));
        assert!(p.matches("sample/x/y/z"));
        assert!(!p.matches("sample"));
        assert!(!p.matches("samplex/y"));
        assert!(!p.matches("other/sample/x"));
    }
}
