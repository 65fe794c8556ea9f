//! Tests of `throttle.rs`: the buckets as the ARM doc describes them.

use super::*;

const SUB_A: &str = "/subscriptions/aaaa/providers/Microsoft.ContainerRegistry/registries";
const SUB_B: &str = "/subscriptions/bbbb/providers/Microsoft.ContainerRegistry/registries";

fn small() -> ThrottleConfig {
    ThrottleConfig::parse("arm:reads=3/1,writes=2/1,deletes=1/1,global=2").unwrap()
}

fn header<'a>(v: &'a Verdict, name: &str) -> Option<&'a str> {
    v.headers
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.as_str())
}

#[test]
fn the_default_model_is_the_documented_one() {
    let arm = ThrottleConfig::parse("arm").unwrap();
    assert_eq!(arm, ThrottleConfig::arm());
    assert_eq!((arm.reads.size, arm.reads.refill), (250.0, 25.0));
    assert_eq!((arm.writes.size, arm.writes.refill), (200.0, 10.0));
    assert_eq!((arm.deletes.size, arm.deletes.refill), (200.0, 10.0));
    assert_eq!(arm.global_factor, 15.0);
    for bad in [
        "token",
        "arm:reads=3",
        "arm:reads=0/1",
        "arm:nope=1/1",
        "arm:reads=x/1",
    ] {
        assert!(ThrottleConfig::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn an_empty_bucket_answers_retry_after_and_refills_with_time() {
    let (t, c, now) = (Throttle::default(), small(), Instant::now());
    for left in ["2", "1", "0"] {
        let v = t.admit(&c, &Method::GET, SUB_A, "p1", now);
        assert_eq!(v.retry_after, None);
        assert_eq!(
            header(&v, "x-ms-ratelimit-remaining-subscription-reads"),
            Some(left)
        );
    }
    let v = t.admit(&c, &Method::GET, SUB_A, "p1", now);
    assert_eq!(v.retry_after, Some(Duration::from_secs(1)));
    assert_eq!(v.code, "SubscriptionRequestsThrottled");
    assert!(
        v.message
            .contains("'read' requests for subscription 'aaaa'"),
        "{}",
        v.message
    );
    let later = now + Duration::from_millis(1000);
    let v = t.admit(&c, &Method::GET, SUB_A, "p1", later);
    assert_eq!(v.retry_after, None, "one token came back in a second");
}

#[test]
fn kinds_subscriptions_and_principals_have_their_own_buckets() {
    let (t, c, now) = (Throttle::default(), small(), Instant::now());
    for _ in 0..3 {
        t.admit(&c, &Method::GET, SUB_A, "p1", now);
    }
    assert!(
        t.admit(&c, &Method::GET, SUB_A, "p1", now)
            .retry_after
            .is_some()
    );
    let write = t.admit(&c, &Method::PUT, SUB_A, "p1", now);
    assert_eq!(write.retry_after, None, "writes have their own bucket");
    assert_eq!(
        header(&write, "x-ms-ratelimit-remaining-subscription-writes"),
        Some("1")
    );
    let post = t.admit(&c, &Method::POST, SUB_A, "p1", now);
    assert_eq!(
        header(&post, "x-ms-ratelimit-remaining-subscription-writes"),
        Some("0"),
        "POST is a write"
    );
    let delete = t.admit(&c, &Method::DELETE, SUB_A, "p1", now);
    assert_eq!(
        header(&delete, "x-ms-ratelimit-remaining-subscription-deletes"),
        Some("0")
    );
    assert_eq!(
        t.admit(&c, &Method::GET, SUB_B, "p1", now).retry_after,
        None,
        "another subscription"
    );
    let other = t.admit(&c, &Method::GET, SUB_A, "p2", now);
    assert_eq!(other.retry_after, None, "another principal");
    assert_eq!(
        header(&other, "x-ms-ratelimit-remaining-subscription-global-reads"),
        Some("2"),
        "the global bucket (2 × 3) counted p1's three reads and this one"
    );
}

#[test]
fn the_global_bucket_throttles_every_principal_together() {
    let (t, c, now) = (Throttle::default(), small(), Instant::now());
    // Global reads: 2 × 3 = 6; three principals of 3 reads each empty it after 6.
    let mut admitted = 0;
    for p in ["p1", "p2", "p3"] {
        for _ in 0..3 {
            if t.admit(&c, &Method::GET, SUB_A, p, now)
                .retry_after
                .is_none()
            {
                admitted += 1;
            }
        }
    }
    assert_eq!(admitted, 6);
}

#[test]
fn tenant_requests_use_the_tenant_bucket() {
    let (t, c, now) = (Throttle::default(), small(), Instant::now());
    for _ in 0..3 {
        let v = t.admit(&c, &Method::GET, "/subscriptions", "p1", now);
        assert!(header(&v, "x-ms-ratelimit-remaining-tenant-reads").is_some());
        assert!(header(&v, "x-ms-ratelimit-remaining-subscription-reads").is_none());
    }
    let v = t.admit(
        &c,
        &Method::GET,
        "/providers/Microsoft.ResourceGraph/resources",
        "p1",
        now,
    );
    assert_eq!(v.code, "TenantRequestsThrottled");
    assert_eq!(
        t.admit(&c, &Method::GET, SUB_A, "p1", now).retry_after,
        None
    );
}

#[test]
fn a_refused_request_takes_no_token() {
    let (t, c, now) = (Throttle::default(), small(), Instant::now());
    for _ in 0..3 {
        t.admit(&c, &Method::GET, SUB_A, "p1", now);
    }
    for _ in 0..10 {
        assert!(
            t.admit(&c, &Method::GET, SUB_A, "p1", now)
                .retry_after
                .is_some()
        );
    }
    let later = now + Duration::from_millis(1000);
    assert_eq!(
        t.admit(&c, &Method::GET, SUB_A, "p1", later).retry_after,
        None,
        "refusals did not dig the bucket deeper"
    );
}
