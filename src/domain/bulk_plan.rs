//! Which tokens a planned bulk rotation touches (`rotate --expiring-within`,
//! issue 17), pure. A token is rotated when its last working password
//! expires within the window, and only into a free or expired slot: a bulk
//! run never replaces a password that still works, since that would cut its
//! consumers off before the new one reaches them. Everything else stays
//! untouched, with the reason printed in the plan.

use chrono::{DateTime, Duration, Utc};

use crate::arm::{Slot, TokenInfo};
use crate::domain::rotation::{plan_slot, works};

/// What the plan does with one token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// A new password goes into `slot`; the working one expiring at
    /// `expires` stays until `--finish`.
    Rotate { slot: Slot, expires: DateTime<Utc> },
    /// Left alone, and why.
    Untouched(Untouched),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Untouched {
    /// Its last working password outlives the window.
    NotDue,
    /// A working password never expires.
    NeverExpires,
    Disabled,
    /// No password at all: nothing can be using it.
    NoPasswords,
    /// Every password expired: its consumers are cut off already.
    AllExpired,
    /// Both slots hold working passwords: a new one would replace one.
    BothSlotsWork,
    /// Its answer could not be read.
    Unreadable,
}

impl Untouched {
    pub fn as_str(self) -> &'static str {
        match self {
            Untouched::NotDue => "not due: its last password outlives the window",
            Untouched::NeverExpires => "a password that never expires",
            Untouched::Disabled => "disabled",
            Untouched::NoPasswords => "no password: nothing can be using it",
            Untouched::AllExpired => {
                "every password expired: consumers are cut off already; rotate it alone if it is still used"
            }
            Untouched::BothSlotsWork => {
                "both slots hold working passwords: a new one would cut one off; rotate it alone"
            }
            Untouched::Unreadable => "its answer could not be read",
        }
    }

    /// The short key in the JSON report.
    pub fn key(self) -> &'static str {
        match self {
            Untouched::NotDue => "not-due",
            Untouched::NeverExpires => "never-expires",
            Untouched::Disabled => "disabled",
            Untouched::NoPasswords => "no-passwords",
            Untouched::AllExpired => "all-expired",
            Untouched::BothSlotsWork => "both-slots-work",
            Untouched::Unreadable => "unreadable",
        }
    }
}

/// The decision for `token` with a window of `within` from `now`.
pub fn decide(token: &TokenInfo, within: Duration, now: DateTime<Utc>) -> Decision {
    let untouched = Decision::Untouched;
    if token.problem.is_some() {
        return untouched(Untouched::Unreadable);
    }
    if !token.enabled {
        return untouched(Untouched::Disabled);
    }
    if token.passwords.is_empty() {
        return untouched(Untouched::NoPasswords);
    }
    let working: Vec<_> = token.passwords.iter().filter(|p| works(p, now)).collect();
    if working.is_empty() {
        return untouched(Untouched::AllExpired);
    }
    if working.iter().any(|p| p.expiry.is_none()) {
        return untouched(Untouched::NeverExpires);
    }
    let Some(last) = working.iter().filter_map(|p| p.expiry).max() else {
        return untouched(Untouched::NeverExpires);
    };
    if last > now + within {
        return untouched(Untouched::NotDue);
    }
    let plan = plan_slot(token, None, now, now);
    if plan.warning.is_some() {
        return untouched(Untouched::BothSlotsWork);
    }
    Decision::Rotate {
        slot: plan.slot,
        expires: last,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::PasswordInfo;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-06T12:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn token(passwords: &[(Slot, Option<i64>)]) -> TokenInfo {
        let mut t = TokenInfo::unreadable("t".into(), String::new());
        t.problem = None;
        t.enabled = true;
        t.passwords = passwords
            .iter()
            .map(|(slot, days)| PasswordInfo {
                slot: *slot,
                created: Some(now() - Duration::days(100)),
                expiry: days.map(|d| now() + Duration::days(d)),
            })
            .collect();
        t
    }

    const W: i64 = 14;

    fn decide_w(t: &TokenInfo) -> Decision {
        decide(t, Duration::days(W), now())
    }

    #[test]
    fn a_password_expiring_in_the_window_is_rotated_into_the_free_slot() {
        let t = token(&[(Slot::Password1, Some(10))]);
        assert_eq!(
            decide_w(&t),
            Decision::Rotate {
                slot: Slot::Password2,
                expires: now() + Duration::days(10)
            }
        );
    }

    #[test]
    fn an_expired_slot_is_reused_while_the_other_still_works() {
        let t = token(&[(Slot::Password1, Some(-3)), (Slot::Password2, Some(5))]);
        assert!(matches!(
            decide_w(&t),
            Decision::Rotate {
                slot: Slot::Password1,
                ..
            }
        ));
    }

    #[test]
    fn nothing_that_works_is_ever_replaced() {
        let t = token(&[(Slot::Password1, Some(5)), (Slot::Password2, Some(9))]);
        assert_eq!(decide_w(&t), Decision::Untouched(Untouched::BothSlotsWork));
    }

    #[test]
    fn the_last_working_password_decides() {
        // One expires soon, the other well after the window: not due.
        let t = token(&[(Slot::Password1, Some(5)), (Slot::Password2, Some(200))]);
        assert_eq!(decide_w(&t), Decision::Untouched(Untouched::NotDue));
        let t = token(&[(Slot::Password1, Some(W + 1))]);
        assert_eq!(decide_w(&t), Decision::Untouched(Untouched::NotDue));
    }

    #[test]
    fn the_rest_stay_untouched_with_their_reason() {
        assert_eq!(
            decide_w(&token(&[])),
            Decision::Untouched(Untouched::NoPasswords)
        );
        let t = token(&[(Slot::Password1, Some(-1))]);
        assert_eq!(decide_w(&t), Decision::Untouched(Untouched::AllExpired));
        let t = token(&[(Slot::Password1, None)]);
        assert_eq!(decide_w(&t), Decision::Untouched(Untouched::NeverExpires));
        let mut t = token(&[(Slot::Password1, Some(3))]);
        t.enabled = false;
        assert_eq!(decide_w(&t), Decision::Untouched(Untouched::Disabled));
        t.problem = Some("bad field".into());
        assert_eq!(decide_w(&t), Decision::Untouched(Untouched::Unreadable));
    }
}
