//! What changed in a token's password slots, in words: after an answer to
//! generateCredentials was lost (the password may exist though its value never
//! arrived), and when the token changed between choosing a slot and sending.
//! The CLI's stderr and the console's popups print these same sentences.

use chrono::{DateTime, Utc};

use crate::arm::{PasswordInfo, Slot, TokenInfo};

/// The account of a lost answer, after re-reading the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostAnswer {
    /// Slots that now hold a password created by the lost request.
    pub created: Vec<Slot>,
    /// Whether the token could be re-read at all.
    pub reread: bool,
    pub text: String,
}

/// The sentence with its first letter upper-cased.
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn same(a: Option<&PasswordInfo>, b: Option<&PasswordInfo>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.created == b.created && a.expiry == b.expiry,
        _ => false,
    }
}

fn at(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(
        || "an unknown time".into(),
        |t| format!("{} UTC", t.format("%Y-%m-%d %H:%M:%S")),
    )
}

/// Slots whose password differs between the two readings.
pub fn changed_slots(before: &TokenInfo, after: &TokenInfo) -> Vec<Slot> {
    Slot::BOTH
        .into_iter()
        .filter(|s| !same(before.password(*s), after.password(*s)))
        .collect()
}

/// "password2 was created at …", "password1 was removed", one per changed slot.
fn describe(before: &TokenInfo, after: &TokenInfo) -> Vec<String> {
    changed_slots(before, after)
        .into_iter()
        .map(|s| match after.password(s) {
            Some(p) => format!("{} was created at {}", s.as_str(), at(p.created)),
            None => format!("{} was removed", s.as_str()),
        })
        .collect()
}

/// Why nothing was sent: the token is not as it was when the slot was chosen.
pub fn stale_choice(chosen_on: &TokenInfo, now: &TokenInfo) -> Option<String> {
    let changes = describe(chosen_on, now);
    (!changes.is_empty()).then(|| {
        format!(
            "{} changed since the slot was chosen: {}. Nothing was sent; choose again.",
            now.name,
            changes.join("; ")
        )
    })
}

/// What a lost generateCredentials answer left behind. `asked`: the slots the
/// request was for; `after`: the token re-read afterwards, if that worked.
pub fn lost_answer(
    before: &TokenInfo,
    after: Option<&TokenInfo>,
    asked: &[Slot],
    why: &str,
) -> LostAnswer {
    let names = |slots: &[Slot]| {
        slots
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let Some(after) = after else {
        return LostAnswer {
            created: Vec::new(),
            reread: false,
            text: format!(
                "The answer to generateCredentials never arrived ({why}) and the token could not be re-read: {} may now hold a new password whose value is lost. Check {} before rotating again; the other slot was not asked to change.",
                names(asked),
                before.name
            ),
        };
    };
    let changed = changed_slots(before, after);
    let created: Vec<Slot> = asked
        .iter()
        .copied()
        .filter(|s| changed.contains(s) && after.password(*s).is_some())
        .collect();
    let mut parts = slot_outcomes(before, after, asked, &created, &changed);
    let next = if created.is_empty() {
        parts.insert(
            0,
            format!("no new password was created in {}", names(asked)),
        );
        "Nothing had changed when the token was re-read: it is safe to try again.".to_string()
    } else {
        format!("Run rotate again to replace {}.", names(&created))
    };
    let text = capitalized(&parts.join("; "));
    LostAnswer {
        created,
        reread: true,
        text: format!("{text}. {next} (The answer was lost: {why}.)"),
    }
}

/// One phrase per slot: each new password, and what became of the slots not asked.
fn slot_outcomes(
    before: &TokenInfo,
    after: &TokenInfo,
    asked: &[Slot],
    created: &[Slot],
    changed: &[Slot],
) -> Vec<String> {
    let mut parts = Vec::new();
    for s in created {
        let when = at(after.password(*s).and_then(|p| p.created));
        parts.push(format!(
            "{} was created at {when} (its value is lost: the answer never arrived)",
            s.as_str()
        ));
    }
    for s in Slot::BOTH.into_iter().filter(|s| !asked.contains(s)) {
        match (changed.contains(&s), after.password(s)) {
            (false, Some(_)) => parts.push(format!("{}, still in use, is untouched", s.as_str())),
            (false, None) => {}
            (true, _) => parts.extend(
                describe(before, after)
                    .into_iter()
                    .filter(|d| d.starts_with(s.as_str())),
            ),
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(passwords: Vec<(Slot, u32)>) -> TokenInfo {
        TokenInfo {
            name: "ci-token".into(),
            enabled: true,
            scope_map: None,
            scope_map_id: None,
            created: None,
            passwords: passwords
                .into_iter()
                .map(|(slot, minute)| PasswordInfo {
                    slot,
                    created: Some(Utc.with_ymd_and_hms(2026, 12, 2, 10, minute, 0).unwrap()),
                    expiry: None,
                })
                .collect(),
            provisioning_state: None,
            problem: None,
        }
    }

    #[test]
    fn a_created_password_is_named_and_the_one_in_use_reported_untouched() {
        let before = t(vec![(Slot::Password1, 0)]);
        let after = t(vec![(Slot::Password1, 0), (Slot::Password2, 41)]);
        let report = lost_answer(&before, Some(&after), &[Slot::Password2], "reset");
        assert_eq!(report.created, vec![Slot::Password2]);
        assert_eq!(
            report.text,
            "Password2 was created at 2026-12-02 10:41:00 UTC (its value is lost: the answer never arrived); password1, still in use, is untouched. Run rotate again to replace password2. (The answer was lost: reset.)"
        );
    }

    #[test]
    fn nothing_created_is_safe_to_retry_and_an_unread_token_is_a_warning() {
        let before = t(vec![(Slot::Password1, 0)]);
        let report = lost_answer(&before, Some(&before), &[Slot::Password2], "timeout");
        assert!(report.created.is_empty());
        assert!(
            report
                .text
                .starts_with("No new password was created in password2"),
            "{}",
            report.text
        );
        assert!(report.text.contains("safe to try again"));
        let unread = lost_answer(&before, None, &[Slot::Password2], "timeout");
        assert!(!unread.reread);
        assert!(
            unread.text.contains("could not be re-read"),
            "{}",
            unread.text
        );
    }

    #[test]
    fn a_stale_choice_says_what_changed() {
        let before = t(vec![(Slot::Password1, 0)]);
        assert_eq!(stale_choice(&before, &before), None);
        let after = t(vec![(Slot::Password1, 0), (Slot::Password2, 41)]);
        let why = stale_choice(&before, &after).unwrap();
        assert!(
            why.contains("password2 was created at 2026-12-02 10:41:00 UTC"),
            "{why}"
        );
    }
}
