//! Reading ARM answers into domain types without guessing: list items that
//! name their field at fault, tokens that cannot be read kept as such,
//! generateCredentials parsed straight into secrets with the buffer wiped,
//! and dates written as live clients write them.

use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::Deserialize;
use zeroize::Zeroize;

use super::error::{ArmError, ArmErrorKind};
use super::{
    ArmResult, GeneratedCredentials, GeneratedPassword, RegistryInfo, Slot, TokenInfo, convert,
};
use azure_mgmt_containerregistry::package_2023_07::models;

/// An item's name, made safe to print, when it has one.
pub(super) fn item_name(v: &serde_json::Value) -> Option<String> {
    v.get("name")
        .and_then(|n| n.as_str())
        .map(|n| crate::domain::safe_text::escaped(n).into_owned())
}

/// `v` as `T`, or which field cannot be read and why.
pub(super) fn read_fields<T: serde::de::DeserializeOwned>(
    v: serde_json::Value,
) -> Result<T, String> {
    serde_path_to_error::deserialize(v)
        .map_err(|e| format!("field {} cannot be read: {}", e.path(), e.inner()))
}

pub(super) fn unreadable_item(what: &str, name: Option<&str>, problem: &str) -> ArmError {
    let item = name.map_or_else(
        || "an item without a name".to_string(),
        |n| format!("{n:?}"),
    );
    ArmError::new(
        ArmErrorKind::Decode,
        format!("the {what}: {item} cannot be read: {problem}"),
    )
}

/// One list item as `T`, or an error naming the item and the field at fault.
pub(super) fn parse_item<T: serde::de::DeserializeOwned>(
    v: serde_json::Value,
    what: &str,
) -> ArmResult<T> {
    let name = item_name(&v);
    read_fields(v).map_err(|p| unreadable_item(what, name.as_deref(), &p))
}

/// One token of a list. A named token that cannot be read is listed as
/// unreadable (the others are still good); a nameless one fails the list,
/// since nothing could say which token is missing.
pub(super) fn token_item(v: serde_json::Value, what: &str) -> ArmResult<TokenInfo> {
    let name = item_name(&v);
    match read_fields::<models::Token>(v).and_then(convert::token) {
        Ok(token) => Ok(token),
        Err(problem) => match name {
            Some(name) => Ok(TokenInfo::unreadable(name, problem)),
            None => Err(unreadable_item(what, None, &problem)),
        },
    }
}

/// A date as live clients write it: whole seconds when there is no fraction,
/// else at most 7 fractional digits (100 ns, as .NET writes), trailing zeros
/// dropped, always `Z`. A date past 9998 cannot be sent: the service writes
/// "never" as 9999-12-31, so it is an error, never "no date".
pub(super) fn wire_date(t: DateTime<Utc>, what: &str) -> ArmResult<String> {
    use chrono::Datelike;
    if t.year() > 9998 || t.year() < 1 {
        return Err(ArmError::new(
            ArmErrorKind::Invalid,
            format!("{what} {t} cannot be sent: the latest date is 9998-12-31"),
        ));
    }
    Ok(crate::domain::wire_time::rfc3339_ticks(t))
}

/// generateCredentials' answer, parsed straight into secrets.
#[derive(Deserialize)]
struct WireCredentials {
    username: Option<String>,
    #[serde(default)]
    passwords: Vec<WirePassword>,
}

#[derive(Deserialize)]
struct WirePassword {
    name: Option<String>,
    value: Option<SecretString>,
    #[serde(rename = "creationTime")]
    creation_time: Option<DateTime<Utc>>,
    expiry: Option<DateTime<Utc>>,
}

/// Parses the answer, then overwrites the buffer with zeros, success or not.
fn parse_and_wipe(buf: &mut [u8]) -> Result<WireCredentials, serde_json::Error> {
    let parsed = serde_json::from_slice(buf);
    buf.zeroize();
    parsed
}

/// Parses the answer and wipes the buffer it came in.
pub(super) fn parse_credentials(
    body: bytes::Bytes,
    token: &str,
) -> ArmResult<GeneratedCredentials> {
    // Wipe the buffer in place when we own it; a shared one can only be copied.
    let parsed = match body.try_into_mut() {
        Ok(mut owned) => parse_and_wipe(&mut owned),
        Err(shared) => parse_and_wipe(&mut shared.to_vec()),
    };
    let wire = parsed.map_err(|e| {
        ArmError::new(
            ArmErrorKind::Decode,
            format!("unexpected generateCredentials answer: {e}"),
        )
    })?;
    let passwords = wire
        .passwords
        .into_iter()
        .filter_map(|p| {
            Some(GeneratedPassword {
                slot: Slot::parse(p.name.as_deref()?)?,
                value: p.value?,
                created: p.creation_time,
                expiry: p.expiry,
            })
        })
        .collect::<Vec<_>>();
    if passwords.is_empty() {
        return Err(ArmError::new(
            ArmErrorKind::Decode,
            "generateCredentials answered without a password",
        ));
    }
    Ok(GeneratedCredentials {
        username: wire.username.unwrap_or_else(|| token.to_string()),
        passwords,
    })
}

/// A registry as ARM (or a Resource Graph row) writes it: the 2023-07-01
/// model's fields, and `roleAssignmentMode` (absent: legacy).
pub(super) fn registry_row(v: serde_json::Value, what: &str) -> ArmResult<RegistryInfo> {
    let name = item_name(&v);
    let mode = super::authorization::mode_of(&v);
    read_fields::<models::Registry>(v)
        .and_then(convert::registry)
        .map(|info| RegistryInfo {
            role_assignment_mode: Some(mode),
            ..info
        })
        .map_err(|p| unreadable_item(what, name.as_deref(), &p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn dates_go_out_as_live_clients_write_them() {
        use chrono::TimeZone;
        let t = Utc.with_ymd_and_hms(2027, 3, 31, 0, 0, 0).unwrap();
        assert_eq!(wire_date(t, "x").unwrap(), "2027-03-31T00:00:00Z");
        let t = t + chrono::Duration::nanoseconds(123_456_789);
        assert_eq!(wire_date(t, "x").unwrap(), "2027-03-31T00:00:00.1234567Z");
        let t = Utc.with_ymd_and_hms(2027, 3, 31, 0, 0, 0).unwrap()
            + chrono::Duration::milliseconds(500);
        assert_eq!(wire_date(t, "x").unwrap(), "2027-03-31T00:00:00.5Z");
        let far = Utc.with_ymd_and_hms(2300, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(wire_date(far, "x").unwrap(), "2300-01-01T00:00:00Z");
        let never = Utc.with_ymd_and_hms(9999, 12, 31, 0, 0, 0).unwrap();
        assert!(
            wire_date(never, "the expiry")
                .unwrap_err()
                .message
                .contains("9998-12-31")
        );
    }

    #[test]
    fn the_answer_buffer_is_wiped_after_parsing() {
        let mut buf =
            br#"{"username":"t","passwords":[{"name":"password1","value":"SECRET-VALUE"}]}"#
                .to_vec();
        let wire = parse_and_wipe(&mut buf).unwrap();
        assert!(
            buf.iter().all(|b| *b == 0),
            "the buffer still holds the answer"
        );
        assert_eq!(
            wire.passwords[0].value.as_ref().unwrap().expose_secret(),
            "SECRET-VALUE"
        );
        let mut bad = b"{not json SECRET".to_vec();
        assert!(parse_and_wipe(&mut bad).is_err());
        assert!(bad.iter().all(|b| *b == 0), "wiped on failure too");
    }

    #[test]
    fn generated_passwords_never_show_in_debug() {
        let creds = parse_credentials(
            bytes::Bytes::from_static(
                br#"{"username":"t","passwords":[{"name":"password2","value":"SECRET-VALUE"}]}"#,
            ),
            "t",
        )
        .unwrap();
        let debug = format!("{creds:?}");
        assert!(!debug.contains("SECRET-VALUE"), "{debug}");
        assert_eq!(creds.passwords[0].slot, Slot::Password2);
    }
}
