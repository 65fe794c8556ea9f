//! Properties of the ABAC condition parser: the printer and the parser
//! round-trip on any syntax tree, and conditions of the documented shape
//! evaluate as an independently written model of their meaning says.

use acrtui::domain::abac::condition::{Expr, Source, parse};
use acrtui::domain::abac::eval::{Truth, eval};
use acrtui::domain::abac::roles::DataAction;
use acrtui::domain::abac::{RepositoryRule, condition_for};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    // Anything but the quote, which the Azure grammar cannot escape.
    "[a-zA-Z0-9/._*? {}()!&|:@-]{0,12}"
}

fn leaf() -> impl Strategy<Value = Expr> {
    let source = prop_oneof![
        Just(Source::Request),
        Just(Source::Resource),
        Just(Source::Principal),
        Just(Source::Environment),
    ];
    let compare = (
        source,
        "[A-Za-z.:/]{1,30}",
        "[A-Za-z]{1,10}(:[A-Za-z]{1,10})?",
        prop::collection::vec(text(), 1..4),
        any::<bool>(),
    )
        .prop_map(|(source, attribute, operator, mut values, set)| {
            if !set {
                values.truncate(1);
            }
            Expr::Compare {
                source,
                attribute,
                operator,
                values,
                set,
            }
        });
    prop_oneof![
        text().prop_map(Expr::ActionMatches),
        text().prop_map(Expr::SubOperationMatches),
        compare,
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(Expr::Or),
            prop::collection::vec(inner.clone(), 2..4).prop_map(Expr::And),
            inner.prop_map(|e| Expr::Not(Box::new(e))),
        ]
    })
}

fn repository() -> impl Strategy<Value = String> {
    "[abAB]{1,2}(/[ab]{1,2}){0,2}"
}

fn rule() -> impl Strategy<Value = RepositoryRule> {
    prop_oneof![
        repository().prop_map(RepositoryRule::Exactly),
        "[ab]{1,2}(/[ab]{1,2}){0,1}/?".prop_map(RepositoryRule::Prefix),
    ]
}

/// The meaning of a documented-shape condition, written from the docs
/// (facts A4), not from the evaluator: an action outside the listed ones
/// is not restricted; a listed one is allowed where a rule matches, case
/// ignored.
fn model(listed: &[DataAction], rules: &[RepositoryRule], action: DataAction, repo: &str) -> bool {
    if !listed.contains(&action) {
        return true;
    }
    let repo = repo.to_lowercase();
    rules.iter().any(|r| match r {
        RepositoryRule::Exactly(n) => repo == n.to_lowercase(),
        RepositoryRule::Prefix(p) => repo.starts_with(&p.to_lowercase()),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_printer_and_the_parser_round_trip(e in expr()) {
        let printed = e.to_string();
        let parsed = parse(&printed);
        prop_assert_eq!(parsed.as_ref(), Ok(&e), "printed: {}", printed);
    }

    #[test]
    fn documented_conditions_mean_what_the_model_says(
        listed in prop::sample::subsequence(DataAction::ALL.to_vec(), 1..=6),
        rules in prop::collection::vec(rule(), 1..4),
        action in prop::sample::select(DataAction::ALL.to_vec()),
        repo in repository(),
        spread in any::<bool>(),
    ) {
        let mut text = condition_for(&listed, &rules).to_string();
        if spread {
            // As typed in the docs: newlines and indentation anywhere between tokens.
            text = text.replace(' ', "\n  ").replace('(', "(\n ");
        }
        let e = parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let want = if model(&listed, &rules, action, &repo) { Truth::True } else { Truth::False };
        prop_assert_eq!(eval(&e, &action.full(), &repo), want, "{}", text);
    }

    #[test]
    fn the_parser_never_panics_on_any_text(s in "\\PC{0,200}") {
        let _ = parse(&s);
    }
}
