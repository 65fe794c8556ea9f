//! The repository-name grammar (Docker's reference grammar), used by the
//! action parser, the validator and the previewer.

use std::fmt;

use super::actions::MAX_REPOSITORY_LEN;

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
