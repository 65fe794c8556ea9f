//! Password and token audit classes, computed against an injected `now`.

use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Days before expiry at which a password becomes `critical` / `warning`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    pub critical_days: i64,
    pub warning_days: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            critical_days: 7,
            warning_days: 30,
        }
    }
}

/// A password's class. Variant order is severity order, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PasswordState {
    Expired,
    Critical,
    Warning,
    /// No expiry. A finding: it ranks above `ok`.
    Never,
    Ok,
}

impl PasswordState {
    pub fn as_str(self) -> &'static str {
        match self {
            PasswordState::Expired => "expired",
            PasswordState::Critical => "critical",
            PasswordState::Warning => "warning",
            PasswordState::Never => "never",
            PasswordState::Ok => "ok",
        }
    }
}

/// A token's class. Variant order is the audit's sort order, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenState {
    Expired,
    Critical,
    Warning,
    Never,
    NoPasswords,
    Ok,
    Disabled,
}

impl TokenState {
    pub const ALL: [TokenState; 7] = [
        TokenState::Expired,
        TokenState::Critical,
        TokenState::Warning,
        TokenState::Never,
        TokenState::NoPasswords,
        TokenState::Ok,
        TokenState::Disabled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TokenState::Expired => "expired",
            TokenState::Critical => "critical",
            TokenState::Warning => "warning",
            TokenState::Never => "never",
            TokenState::NoPasswords => "no-passwords",
            TokenState::Ok => "ok",
            TokenState::Disabled => "disabled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl From<PasswordState> for TokenState {
    fn from(p: PasswordState) -> Self {
        match p {
            PasswordState::Expired => TokenState::Expired,
            PasswordState::Critical => TokenState::Critical,
            PasswordState::Warning => TokenState::Warning,
            PasswordState::Never => TokenState::Never,
            PasswordState::Ok => TokenState::Ok,
        }
    }
}

/// The service stores "no expiry" as 9999-12-31; treat that year as never.
pub fn is_never(expiry: Option<DateTime<Utc>>) -> bool {
    expiry.is_none_or(|e| e.year() >= 9999)
}

pub fn classify_password(
    expiry: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    thresholds: Thresholds,
) -> PasswordState {
    let Some(expiry) = expiry.filter(|_| !is_never(expiry)) else {
        return PasswordState::Never;
    };
    if expiry <= now {
        PasswordState::Expired
    } else if expiry - now <= Duration::days(thresholds.critical_days) {
        PasswordState::Critical
    } else if expiry - now <= Duration::days(thresholds.warning_days) {
        PasswordState::Warning
    } else {
        PasswordState::Ok
    }
}

/// `disabled` if disabled, else `no-passwords` if none, else the worst password.
pub fn classify_token(
    enabled: bool,
    password_expiries: &[Option<DateTime<Utc>>],
    now: DateTime<Utc>,
    thresholds: Thresholds,
) -> TokenState {
    if !enabled {
        return TokenState::Disabled;
    }
    password_expiries
        .iter()
        .map(|e| classify_password(*e, now, thresholds))
        .min()
        .map_or(TokenState::NoPasswords, TokenState::from)
}

/// Days left, rounded up while valid (a password generated for 30 days reads
/// 30, not 29, a second later) and down once expired (negative: days ago).
/// `None` for never.
pub fn days_left(expiry: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<i64> {
    let left = expiry.filter(|_| !is_never(expiry))? - now;
    let whole = left.num_days();
    Some(if left > Duration::days(whole) {
        whole + 1
    } else {
        whole
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
    }
    fn in_days(d: i64) -> Option<DateTime<Utc>> {
        Some(now() + Duration::days(d))
    }
    fn class(e: Option<DateTime<Utc>>) -> PasswordState {
        classify_password(e, now(), Thresholds::default())
    }

    #[test]
    fn password_classes_at_their_boundaries() {
        assert_eq!(class(in_days(-1)), PasswordState::Expired);
        assert_eq!(class(Some(now())), PasswordState::Expired);
        assert_eq!(class(in_days(7)), PasswordState::Critical);
        assert_eq!(
            class(Some(now() + Duration::days(7) + Duration::seconds(1))),
            PasswordState::Warning
        );
        assert_eq!(class(in_days(30)), PasswordState::Warning);
        assert_eq!(class(in_days(31)), PasswordState::Ok);
        assert_eq!(class(None), PasswordState::Never);
        let far = Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap();
        assert_eq!(class(Some(far)), PasswordState::Never);
    }

    #[test]
    fn thresholds_are_configurable() {
        let t = Thresholds {
            critical_days: 1,
            warning_days: 3,
        };
        assert_eq!(
            classify_password(in_days(2), now(), t),
            PasswordState::Warning
        );
        assert_eq!(classify_password(in_days(5), now(), t), PasswordState::Ok);
    }

    #[test]
    fn token_state_precedence() {
        let t = Thresholds::default();
        assert_eq!(
            classify_token(false, &[in_days(-5)], now(), t),
            TokenState::Disabled
        );
        assert_eq!(classify_token(true, &[], now(), t), TokenState::NoPasswords);
        assert_eq!(
            classify_token(true, &[in_days(100), None], now(), t),
            TokenState::Never
        );
        assert_eq!(
            classify_token(true, &[None, in_days(3)], now(), t),
            TokenState::Critical
        );
        assert_eq!(
            classify_token(true, &[in_days(100)], now(), t),
            TokenState::Ok
        );
        assert_eq!(
            classify_token(true, &[in_days(-1), in_days(3)], now(), t),
            TokenState::Expired
        );
    }

    #[test]
    fn days_left_rounds_up_while_valid_and_down_when_expired() {
        let just_under_30 = Some(now() + Duration::days(30) - Duration::seconds(5));
        assert_eq!(days_left(just_under_30, now()), Some(30));
        assert_eq!(days_left(in_days(30), now()), Some(30));
        assert_eq!(days_left(Some(now() + Duration::hours(3)), now()), Some(1));
        assert_eq!(days_left(Some(now() - Duration::hours(3)), now()), Some(0));
        assert_eq!(days_left(in_days(-2), now()), Some(-2));
        assert_eq!(days_left(None, now()), None);
    }

    #[test]
    fn state_names_round_trip() {
        for s in TokenState::ALL {
            assert_eq!(TokenState::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }
}
