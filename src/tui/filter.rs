//! The `/` filter's matching: case-insensitive substring over a row's fields,
//! without allocating per row. Every keystroke re-filters every row (20,000
//! tokens in a large tenant), so the common case (ASCII names, a needle
//! without spaces) compares bytes in place; anything else falls back to
//! Unicode lowercasing of the joined fields, which is what a space in the
//! needle needs anyway ("rg-prod contoso" spans two fields).

/// A filter text prepared once per keystroke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needle {
    lower: String,
}

impl Needle {
    pub fn new(text: &str) -> Needle {
        Needle {
            lower: text.to_lowercase(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// Whether the fields, joined by single spaces, contain the needle (ignoring case).
    pub fn matches(&self, fields: &[&str]) -> bool {
        if self.lower.is_empty() {
            return true;
        }
        if self.lower.is_ascii() && !self.lower.contains(' ') {
            return fields.iter().any(|f| self.in_field(f));
        }
        fields.join(" ").to_lowercase().contains(&self.lower)
    }

    /// One field, needle without spaces.
    fn in_field(&self, field: &str) -> bool {
        if !field.is_ascii() {
            return field.to_lowercase().contains(&self.lower);
        }
        let (needle, hay) = (self.lower.as_bytes(), field.as_bytes());
        let Some(&first) = needle.first() else {
            return true;
        };
        // Cheap first-byte test before comparing the rest.
        hay.len() >= needle.len()
            && (0..=hay.len() - needle.len()).any(|i| {
                hay[i].to_ascii_lowercase() == first
                    && hay[i..i + needle.len()].eq_ignore_ascii_case(needle)
            })
    }
}

/// The filter text of many rows ("field field …", lowercase) in one string.
/// Built once per data change; a keystroke then scans contiguous memory
/// instead of chasing a pointer per field per row (5 ms at 20,000 tokens).
#[derive(Debug, Clone, Default)]
pub struct SearchText {
    text: String,
    /// End of each row's text; row i spans `ends[i-1]..ends[i]`.
    ends: Vec<usize>,
}

impl SearchText {
    pub fn push(&mut self, fields: &[&str]) {
        self.text.push_str(&fields.join(" ").to_lowercase());
        self.ends.push(self.text.len());
    }

    /// Whether row `i` matches; rows never pushed do not.
    pub fn matches(&self, i: usize, needle: &Needle) -> bool {
        let start = match i.checked_sub(1) {
            None => Some(0),
            Some(previous) => self.ends.get(previous).copied(),
        };
        let row = start
            .zip(self.ends.get(i))
            .and_then(|(a, b)| self.text.get(a..*b));
        row.is_some_and(|row| row.contains(&needle.lower))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        let n = Needle::new("Prod");
        assert!(n.matches(&["contosoprodus", "rg-platform"]));
        assert!(n.matches(&["x", "PRODUCTION"]));
        assert!(!n.matches(&["contosodev", "rg-dev"]));
        assert!(Needle::new("").matches(&[]));
        assert!(!Needle::new("a").matches(&[]));
        // A space spans fields, as it did when rows were matched as one string.
        assert!(Needle::new("dev rg").matches(&["contosodev", "rg-dev"]));
        assert!(!Needle::new("devrg").matches(&["contosodev", "rg-dev"]));
        // Unicode on either side.
        assert!(Needle::new("ÄBC").matches(&["xäbcx"]));
        assert!(Needle::new("abc").matches(&["Ünï", "ABC"]));
    }

    #[test]
    fn search_text_rows() {
        let mut t = SearchText::default();
        t.push(&["Contoso", "rg-A"]);
        t.push(&[]);
        t.push(&["ÄBC", "x"]);
        assert!(t.matches(0, &Needle::new("so rg")));
        assert!(!t.matches(1, &Needle::new("c")));
        assert!(t.matches(1, &Needle::new("")));
        assert!(t.matches(2, &Needle::new("äb")));
        assert!(!t.matches(3, &Needle::new("")), "no such row");
        assert!(!t.matches(9, &Needle::new("")), "far past the end");
    }

    proptest! {
        /// Same answer as lowercasing the joined row, for any text.
        #[test]
        fn agrees_with_lowercasing_the_joined_fields(
            needle in "[a-zA-Z0-9 ÄäİıΣσß_-]{0,4}",
            fields in proptest::collection::vec("[a-zA-Z0-9 ÄäİıΣσß_-]{0,8}", 0..4),
        ) {
            let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
            let oracle = fields.join(" ").to_lowercase().contains(&needle.to_lowercase());
            prop_assert_eq!(Needle::new(&needle).matches(&refs), oracle);
            let mut text = SearchText::default();
            text.push(&["before"]);
            text.push(&refs);
            prop_assert_eq!(text.matches(1, &Needle::new(&needle)), oracle);
        }
    }
}
