//! Times as the live service and its .NET clients write them: `Z`, at most
//! 7 fractional digits (100 ns ticks), trailing zeros dropped, none when the
//! fraction is zero. One function for what acrtui sends and what the
//! emulator answers, so they cannot drift apart.

use chrono::{DateTime, Utc};

pub fn rfc3339_ticks(t: DateTime<Utc>) -> String {
    let whole = t.format("%Y-%m-%dT%H:%M:%S").to_string();
    let ticks = t.timestamp_subsec_nanos() / 100;
    if ticks == 0 {
        return format!("{whole}Z");
    }
    let fraction = format!("{ticks:07}");
    format!("{whole}.{}Z", fraction.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn whole_seconds_ticks_and_trimmed_zeros() {
        let t = Utc.with_ymd_and_hms(2027, 3, 31, 0, 0, 0).unwrap();
        assert_eq!(rfc3339_ticks(t), "2027-03-31T00:00:00Z");
        assert_eq!(
            rfc3339_ticks(t + Duration::nanoseconds(123_456_789)),
            "2027-03-31T00:00:00.1234567Z"
        );
        assert_eq!(
            rfc3339_ticks(t + Duration::milliseconds(500)),
            "2027-03-31T00:00:00.5Z"
        );
        assert_eq!(
            rfc3339_ticks(t + Duration::nanoseconds(50)),
            "2027-03-31T00:00:00Z",
            "below a tick"
        );
    }
}
