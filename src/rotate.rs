//! Rotation decisions, pure: which slot gets the new password, which one the
//! finish step removes, and the `--expiry` grammar.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::arm::{PasswordInfo, Slot};

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
pub fn parse_expiry(s: &str, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("never") {
        return Ok(None);
    }
    if let Some(days) = s.strip_suffix('d').and_then(|d| d.parse::<i64>().ok()) {
        if !(1..=3650).contains(&days) {
            return Err(format!("--expiry {s}: use 1 to 3650 days"));
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
        Some(t) if t > now => Ok(Some(t)),
        Some(_) => Err(format!("--expiry {s} is in the past; pick a future date")),
        None => Err(format!(
            "--expiry {s}: use Nd (e.g. 90d), a date (2027-03-31), an RFC 3339 time, or never"
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
}
