//! Rotation decisions, pure: which slot gets the new password and whether
//! that needs a typed confirmation, which one the finish step removes, and the
//! `--expiry` grammar. What changed after a lost answer is in `rotate_report`.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::arm::{PasswordInfo, Slot, TokenInfo};
use crate::domain::expiry::days_left;

/// Where a new password goes, and what the user must confirm first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotPlan {
    pub slot: Slot,
    /// Set when the slot holds a password that still works: replacing it cuts
    /// off its consumers now, so it needs a typed confirmation (or `--yes`).
    pub warning: Option<String>,
    /// The other slot, when it holds a password (the one a rotation retires).
    pub retire: Option<Slot>,
}

/// A password that can still be used to log in at `now`.
pub fn works(p: &PasswordInfo, now: DateTime<Utc>) -> bool {
    p.expiry.is_none_or(|e| e > now)
}

/// Plans a new password in `wanted` (None: choose). Choosing takes a free slot,
/// else one whose password expired, else the older one; `started` is when the
/// rotation began: a password created since then is named as such.
pub fn plan_slot(
    token: &TokenInfo,
    wanted: Option<Slot>,
    now: DateTime<Utc>,
    started: DateTime<Utc>,
) -> SlotPlan {
    let slot = wanted.unwrap_or_else(|| choose_slot(&token.passwords, now));
    let retire = token.password(slot.other()).map(|_| slot.other());
    let warning = token
        .password(slot)
        .filter(|p| works(p, now) || p.created.is_some_and(|c| c >= started))
        .map(|p| replace_warning(token, p, now, started));
    SlotPlan {
        slot,
        warning,
        retire,
    }
}

fn choose_slot(passwords: &[PasswordInfo], now: DateTime<Utc>) -> Slot {
    let free = Slot::BOTH
        .into_iter()
        .find(|s| !passwords.iter().any(|p| p.slot == *s));
    let expired = passwords
        .iter()
        .filter(|p| !works(p, now))
        .min_by_key(|p| (p.created, p.slot))
        .map(|p| p.slot);
    free.or(expired).unwrap_or_else(|| slot_for_new(passwords))
}

/// "both slots are in use; password1 (10 days left) will stop working now".
fn replace_warning(
    token: &TokenInfo,
    p: &PasswordInfo,
    now: DateTime<Utc>,
    started: DateTime<Utc>,
) -> String {
    let other_works = token
        .password(p.slot.other())
        .is_some_and(|o| works(o, now));
    let life = describe_life(p, now);
    let mut text = if other_works {
        format!(
            "both slots are in use; {} ({life}) will stop working now",
            p.slot.as_str()
        )
    } else {
        format!(
            "{} ({life}) is the token's only working password; replacing it breaks every consumer now",
            p.slot.as_str()
        )
    };
    if let Some(c) = p.created.filter(|c| *c >= started) {
        text.push_str(&format!(
            "; it was created at {} UTC, after this rotation started",
            c.format("%H:%M:%S")
        ));
    }
    text
}

/// "10 days left", "never expires", "expired 3 days ago".
pub fn describe_life(p: &PasswordInfo, now: DateTime<Utc>) -> String {
    match days_left(p.expiry, now) {
        None => "never expires".into(),
        Some(d) if d > 0 => format!("{d} day{} left", if d == 1 { "" } else { "s" }),
        Some(d) => format!("expired {} day(s) ago", -d),
    }
}

/// The free slot (password1 first), else the slot whose password is oldest.
pub fn slot_for_new(passwords: &[PasswordInfo]) -> Slot {
    if let Some(free) = Slot::BOTH
        .into_iter()
        .find(|s| !passwords.iter().any(|p| p.slot == *s))
    {
        return free;
    }
    passwords
        .iter()
        .min_by_key(|p| (p.created, p.slot))
        .map_or(Slot::Password1, |p| p.slot)
}

/// The slot `--finish` deletes: with both slots used, the one not holding the newest password.
pub fn slot_to_retire(passwords: &[PasswordInfo]) -> Option<Slot> {
    if passwords.len() < 2 {
        return None;
    }
    let newest = passwords.iter().max_by_key(|p| (p.created, p.slot))?;
    Some(newest.slot.other())
}

/// `30d`, `2027-03-31`, `2027-03-31T12:00:00Z` or `never` → an expiry (None = never).
/// An error starts with the value given and says what would be accepted.
pub fn parse_expiry(s: &str, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("never") {
        return Ok(None);
    }
    if let Some(days) = s.strip_suffix('d').and_then(|d| d.parse::<i64>().ok()) {
        if !(1..=3650).contains(&days) {
            return Err(format!("{s}: use 1 to 3650 days"));
        }
        return Ok(Some(now + Duration::days(days)));
    }
    let at = if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        d.and_hms_opt(0, 0, 0).map(|t| t.and_utc())
    } else {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    };
    match at {
        // chrono reads "+10000-01-01" as year 10000; the service writes
        // "never" as 9999-12-31, so 9999 on would silently mean never.
        Some(t) if t.year() >= 9999 || s.starts_with(['+', '-']) => Err(format!(
            "{s}: the latest date is 9998-12-31 (the service stores \"never\" as 9999-12-31); use never for no expiry"
        )),
        Some(t) if t > now => Ok(Some(t)),
        Some(_) => Err(format!("{s} is in the past; pick a future date")),
        None => Err(format!(
            "{s}: use Nd (e.g. 90d), a date (2027-03-31), an RFC 3339 time, or never"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
    }

    fn token(passwords: Vec<PasswordInfo>) -> TokenInfo {
        TokenInfo {
            name: "github-actions".into(),
            enabled: true,
            scope_map: None,
            scope_map_id: None,
            created: None,
            passwords,
            provisioning_state: None,
            problem: None,
        }
    }

    fn expiring(slot: Slot, days_ago: i64, days_left: i64) -> PasswordInfo {
        PasswordInfo {
            expiry: Some(now() + Duration::days(days_left)),
            ..pw(slot, days_ago)
        }
    }

    #[test]
    fn replacing_a_working_password_always_asks() {
        let started = now() - Duration::minutes(5);
        // The README's example: both slots used, password1 older with 10 days left.
        let both = token(vec![
            expiring(Slot::Password1, 80, 10),
            expiring(Slot::Password2, 3, 87),
        ]);
        let plan = plan_slot(&both, None, now(), started);
        assert_eq!(plan.slot, Slot::Password1);
        assert_eq!(plan.retire, Some(Slot::Password2));
        assert_eq!(
            plan.warning.as_deref(),
            Some("both slots are in use; password1 (10 days left) will stop working now")
        );
        // The only password.
        let only = token(vec![expiring(Slot::Password1, 80, 10)]);
        let plan = plan_slot(&only, Some(Slot::Password1), now(), started);
        assert!(plan.warning.unwrap().contains("only working password"));
        // A free slot and an expired one need no question.
        assert_eq!(plan_slot(&only, None, now(), started).warning, None);
        let expired = token(vec![
            expiring(Slot::Password1, 80, -1),
            expiring(Slot::Password2, 3, 87),
        ]);
        let plan = plan_slot(&expired, None, now(), started);
        assert_eq!((plan.slot, plan.warning), (Slot::Password1, None));
    }

    #[test]
    fn a_password_created_during_the_rotation_is_named() {
        let started = now() - Duration::minutes(5);
        let mut lost = expiring(Slot::Password2, 0, 90);
        lost.created = Some(now() - Duration::minutes(1));
        let t = token(vec![expiring(Slot::Password1, 80, 10), lost]);
        let plan = plan_slot(&t, Some(Slot::Password2), now(), started);
        let w = plan.warning.unwrap();
        assert!(w.contains("after this rotation started"), "{w}");
    }

    fn pw(slot: Slot, days_ago: i64) -> PasswordInfo {
        PasswordInfo {
            slot,
            created: Some(now() - Duration::days(days_ago)),
            expiry: None,
        }
    }

    #[test]
    fn picks_the_free_slot_then_the_oldest() {
        assert_eq!(slot_for_new(&[]), Slot::Password1);
        assert_eq!(slot_for_new(&[pw(Slot::Password1, 3)]), Slot::Password2);
        assert_eq!(slot_for_new(&[pw(Slot::Password2, 3)]), Slot::Password1);
        assert_eq!(
            slot_for_new(&[pw(Slot::Password1, 3), pw(Slot::Password2, 9)]),
            Slot::Password2
        );
        assert_eq!(
            slot_for_new(&[pw(Slot::Password1, 9), pw(Slot::Password2, 3)]),
            Slot::Password1
        );
    }

    #[test]
    fn finish_retires_the_slot_without_the_newest_password() {
        assert_eq!(slot_to_retire(&[pw(Slot::Password1, 1)]), None);
        assert_eq!(
            slot_to_retire(&[pw(Slot::Password1, 0), pw(Slot::Password2, 90)]),
            Some(Slot::Password2)
        );
        assert_eq!(
            slot_to_retire(&[pw(Slot::Password1, 90), pw(Slot::Password2, 0)]),
            Some(Slot::Password1)
        );
    }

    #[test]
    fn expiry_grammar() {
        assert_eq!(
            parse_expiry("30d", now()).unwrap(),
            Some(now() + Duration::days(30))
        );
        assert_eq!(parse_expiry("never", now()).unwrap(), None);
        assert_eq!(
            parse_expiry("2027-03-31", now()).unwrap(),
            Some(Utc.with_ymd_and_hms(2027, 3, 31, 0, 0, 0).unwrap())
        );
        assert!(
            parse_expiry("2020-01-01", now())
                .unwrap_err()
                .contains("past")
        );
        assert!(parse_expiry("0d", now()).is_err());
        assert!(parse_expiry("soon", now()).unwrap_err().contains("Nd"));
    }

    #[test]
    fn far_dates_round_trip_or_are_refused() {
        let far = parse_expiry("2300-01-01", now()).unwrap();
        assert_eq!(
            far,
            Some(Utc.with_ymd_and_hms(2300, 1, 1, 0, 0, 0).unwrap())
        );
        for refused in [
            "+10000-01-01",
            "10000-01-01",
            "9999-06-01",
            "9999-12-31T00:00:00Z",
        ] {
            let e = parse_expiry(refused, now()).unwrap_err();
            assert!(
                e.contains("9998-12-31") || e.contains("Nd"),
                "{refused}: {e}"
            );
        }
        assert!(parse_expiry("9998-12-31", now()).unwrap().is_some());
    }

    /// The grammar is shared by the CLI and the console: its errors name the
    /// value, not a flag (the CLI adds `--expiry`, the console has no flag).
    #[test]
    fn expiry_errors_name_the_value_and_no_flag() {
        for bad in ["0d", "soon", "2020-01-01", "10000-01-01"] {
            let e = parse_expiry(bad, now()).unwrap_err();
            assert!(e.starts_with(bad), "{e}");
            assert!(!e.contains("--"), "{e}");
        }
    }
}
