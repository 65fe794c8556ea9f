//! What the client sends is what live clients send: a password that never
//! expires has no `expiry` key (not `null`), and dates carry at most 7
//! fractional digits (100 ns, as .NET writes), or none. Checked on the bodies
//! the emulator received over real HTTP.

mod common;

use acrtui::arm::{AcrApi, Slot};
use acrtui::emulator::EmulatorConfig;
use acrtui::emulator::store::Sku;
use chrono::{Duration, TimeZone, Utc};
use common::arm::{client, reg};
use common::{one_registry, with_store};

#[tokio::test]
async fn never_sends_no_expiry_key_and_dates_have_at_most_seven_digits() {
    let emu = with_store(EmulatorConfig::fast(), one_registry(Sku::Standard)).await;
    let api = client(&emu);
    let r = reg();
    api.create_token(&r, "ci-token", "_repositories_pull", true)
        .await
        .unwrap();

    api.generate_credentials(&r, "ci-token", Some(Slot::Password1), None)
        .await
        .unwrap();
    let body = emu
        .last_body("POST", "generateCredentials")
        .expect("a body");
    assert!(
        body.get("expiry").is_none(),
        "no expiry key for never: {body}"
    );
    assert_eq!(body["name"], "password1");
    assert!(
        body["tokenId"]
            .as_str()
            .unwrap()
            .ends_with("/tokens/ci-token"),
        "{body}"
    );

    let expiry =
        Utc.with_ymd_and_hms(2027, 3, 31, 12, 0, 0).unwrap() + Duration::nanoseconds(123_456_789);
    let creds = api
        .generate_credentials(&r, "ci-token", Some(Slot::Password2), Some(expiry))
        .await
        .unwrap();
    let body = emu.last_body("POST", "generateCredentials").unwrap();
    assert_eq!(body["expiry"], "2027-03-31T12:00:00.1234567Z", "{body}");
    assert!(creds.passwords.iter().any(|p| p.slot == Slot::Password2));

    let whole = Utc.with_ymd_and_hms(2027, 4, 1, 0, 0, 0).unwrap();
    api.generate_credentials(&r, "ci-token", Some(Slot::Password2), Some(whole))
        .await
        .unwrap();
    assert_eq!(
        emu.last_body("POST", "generateCredentials").unwrap()["expiry"],
        "2027-04-01T00:00:00Z"
    );

    // Deleting password2 rewrites the kept password1, which never expires: still no expiry key.
    let token = api
        .delete_password(&r, "ci-token", Slot::Password2)
        .await
        .unwrap();
    assert_eq!(token.passwords.len(), 1);
    let patch = emu
        .last_body("PATCH", "/tokens/ci-token")
        .expect("a PATCH body");
    let kept = &patch["properties"]["credentials"]["passwords"];
    assert_eq!(kept.as_array().unwrap().len(), 1, "{patch}");
    assert_eq!(kept[0]["name"], "password1");
    assert!(kept[0].get("expiry").is_none(), "{patch}");
    let created = kept[0]["creationTime"].as_str().unwrap();
    let digits = created
        .split('.')
        .nth(1)
        .map_or(0, |f| f.trim_end_matches('Z').len());
    assert!(digits <= 7, "{created}");
}
