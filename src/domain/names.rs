//! Resource-name rules from the ARM spec, with messages that say how to fix.

use std::fmt;

/// The service's built-in scope maps: listed by every registry, read-only.
pub const SYSTEM_SCOPE_MAPS: [&str; 5] = [
    "_repositories_admin",
    "_repositories_pull",
    "_repositories_push",
    "_repositories_pull_metadata_read",
    "_repositories_push_metadata_write",
];

pub fn is_system_scope_map(name: &str) -> bool {
    SYSTEM_SCOPE_MAPS.contains(&name)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Registry,
    ScopeMap,
    Token,
}

impl NameKind {
    fn noun(self) -> &'static str {
        match self {
            NameKind::Registry => "registry name",
            NameKind::ScopeMap => "scope-map name",
            NameKind::Token => "token name",
        }
    }
    fn allowed(self, c: char) -> bool {
        c.is_ascii_alphanumeric()
            || match self {
                NameKind::Registry => false,
                NameKind::ScopeMap => c == '-' || c == '_',
                NameKind::Token => c == '-',
            }
    }
    fn alphabet(self) -> &'static str {
        match self {
            NameKind::Registry => "letters and digits",
            NameKind::ScopeMap => "letters, digits, `-` and `_`",
            NameKind::Token => "letters, digits and `-`",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    Length { kind: NameKind, len: usize },
    InvalidChar { kind: NameKind, c: char },
    Reserved,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::Length { kind, len } => write!(
                f,
                "a {} is 5 to 50 characters long; this one has {len}",
                kind.noun()
            ),
            NameError::InvalidChar { kind, c } => write!(
                f,
                "`{}` is not allowed in a {}; use only {}",
                c.escape_default(),
                kind.noun(),
                kind.alphabet()
            ),
            NameError::Reserved => f.write_str(
                "names starting with `_` are reserved for the system scope maps; start with a letter or digit",
            ),
        }
    }
}

impl std::error::Error for NameError {}

fn check(kind: NameKind, name: &str) -> Result<(), NameError> {
    if let Some(c) = name.chars().find(|c| !kind.allowed(*c)) {
        return Err(NameError::InvalidChar { kind, c });
    }
    let len = name.chars().count();
    if !(5..=50).contains(&len) {
        return Err(NameError::Length { kind, len });
    }
    Ok(())
}

pub fn check_registry_name(name: &str) -> Result<(), NameError> {
    check(NameKind::Registry, name)
}

/// A name for a new, user-defined scope map.
pub fn check_scope_map_name(name: &str) -> Result<(), NameError> {
    check(NameKind::ScopeMap, name)?;
    if name.starts_with('_') {
        return Err(NameError::Reserved);
    }
    Ok(())
}

pub fn check_token_name(name: &str) -> Result<(), NameError> {
    check(NameKind::Token, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_names() {
        assert!(check_registry_name("myregistry").is_ok());
        assert!(check_registry_name("MyRegistry01").is_ok());
        assert!(check_registry_name("abcd").is_err());
        assert!(check_registry_name(&"a".repeat(51)).is_err());
        assert!(check_registry_name("my-registry").is_err());
    }

    #[test]
    fn scope_map_names_allow_dash_and_underscore_but_not_leading_underscore() {
        assert!(check_scope_map_name("ci-push_map").is_ok());
        assert_eq!(check_scope_map_name("_mine"), Err(NameError::Reserved));
        assert!(check_scope_map_name("has space").is_err());
    }

    #[test]
    fn token_names_reject_underscore_with_a_fix() {
        let err = check_token_name("my_token").unwrap_err();
        assert!(err.to_string().contains("letters, digits and `-`"), "{err}");
        assert!(check_token_name("MyToken").is_ok());
    }

    #[test]
    fn system_maps_are_known() {
        assert!(is_system_scope_map("_repositories_pull"));
        assert!(!is_system_scope_map("_repositories_other"));
    }
}
