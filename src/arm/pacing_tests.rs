//! Tests of `pacing.rs`: the estimate, its correction by ARM's headers, and
//! the pause after a 429 (tokio's paused clock, so no real waiting).

use super::*;

fn headers(left: &'static str) -> impl Fn(&str) -> Option<String> {
    move |name: &str| {
        (name == "x-ms-ratelimit-remaining-subscription-reads").then(|| left.to_string())
    }
}

#[test]
fn the_scope_is_the_subscription_or_the_tenant() {
    assert_eq!(scope_of("/subscriptions/ABC/resourceGroups/rg"), "abc");
    assert_eq!(scope_of("/subscriptions"), "");
    assert_eq!(scope_of("/providers/Microsoft.ResourceGraph/resources"), "");
}

#[tokio::test(start_paused = true)]
async fn an_unknown_bucket_lets_requests_through_and_a_known_empty_one_waits() {
    let p = Pacer::default();
    let t0 = Instant::now();
    p.before("s1", Kind::Read).await;
    assert_eq!(Instant::now(), t0, "nothing known: no wait");
    p.after("s1", Kind::Read, 200, headers("0"), None);
    p.before("s1", Kind::Read).await;
    let waited = Instant::now() - t0;
    // 2 tokens (one plus the reserve) at 25 per second: 80 ms.
    assert!(
        waited >= Duration::from_millis(75) && waited <= Duration::from_millis(90),
        "{waited:?}"
    );
    let t1 = Instant::now();
    p.before("s2", Kind::Read).await;
    assert_eq!(Instant::now(), t1, "another subscription does not wait");
    p.before("s1", Kind::Write).await;
    assert_eq!(Instant::now(), t1, "writes are another bucket");
}

#[tokio::test(start_paused = true)]
async fn requests_in_flight_are_counted_against_what_the_header_said() {
    let p = Pacer::default();
    p.before("s1", Kind::Read).await;
    p.after("s1", Kind::Read, 200, headers("6"), None);
    let t0 = Instant::now();
    for _ in 0..4 {
        p.before("s1", Kind::Read).await;
    }
    assert_eq!(Instant::now(), t0, "6 left: four go at once");
    // The first of the four is answered: 3 were left when it was served, and
    // three more are in flight, so none is left for a fifth.
    p.after("s1", Kind::Read, 200, headers("3"), None);
    p.before("s1", Kind::Read).await;
    assert!(Instant::now() > t0, "the fifth waits for the refill");
}

#[tokio::test(start_paused = true)]
async fn before_the_first_answer_one_request_at_a_time_finds_out() {
    let p = std::sync::Arc::new(Pacer::default());
    p.before("s1", Kind::Read).await;
    let second = {
        let p = p.clone();
        tokio::spawn(async move { p.before("s1", Kind::Read).await })
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(
        !second.is_finished(),
        "the second waits for the first answer"
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        second.is_finished(),
        "a slow first answer holds the others 100 ms at most"
    );
    // A service that sends no remaining-requests headers is not metered.
    p.after("s1", Kind::Read, 200, |_: &str| None, None);
    second.await.unwrap();
    let t0 = Instant::now();
    for _ in 0..100 {
        p.before("s1", Kind::Read).await;
    }
    assert_eq!(Instant::now(), t0, "unmetered: no waits");
}

#[tokio::test(start_paused = true)]
async fn a_429_pauses_its_subscription_for_retry_after_and_is_reported() {
    let p = Pacer::default();
    let mut resume = p.subscribe();
    p.before("s1", Kind::Read).await;
    p.after(
        "s1",
        Kind::Read,
        429,
        headers("0"),
        Some(Duration::from_secs(3)),
    );
    assert_eq!(p.throttled(), 1);
    assert!(resume.has_changed().unwrap());
    let until = resume.borrow_and_update().expect("a resume time");
    assert!(until > std::time::Instant::now());
    let t0 = Instant::now();
    p.before("s2", Kind::Read).await;
    assert_eq!(Instant::now(), t0, "s2 is not paused");
    p.before("s1", Kind::Read).await;
    assert!(
        Instant::now() - t0 >= Duration::from_secs(3),
        "s1 waited out Retry-After"
    );
}

#[tokio::test(start_paused = true)]
async fn the_estimate_never_refills_past_what_arm_said_was_there() {
    let p = Pacer::default();
    p.before("s1", Kind::Read).await;
    p.after("s1", Kind::Read, 200, headers("40"), None);
    tokio::time::sleep(Duration::from_secs(60)).await;
    let t0 = Instant::now();
    for _ in 0..39 {
        p.before("s1", Kind::Read).await;
    }
    assert_eq!(Instant::now(), t0, "39 of 40 go at once");
    p.before("s1", Kind::Read).await;
    assert!(
        Instant::now() > t0,
        "the 40th would eat the reserve: it waits"
    );
}

#[tokio::test(start_paused = true)]
async fn ready_waits_for_a_token_without_taking_it() {
    let p = Pacer::default();
    p.before("s1", Kind::Read).await;
    p.after(
        "s1",
        Kind::Read,
        429,
        headers("0"),
        Some(Duration::from_secs(2)),
    );
    let t0 = Instant::now();
    p.ready("s2").await;
    assert_eq!(Instant::now(), t0, "another subscription is ready at once");
    p.ready("s1").await;
    assert!(
        Instant::now() - t0 >= Duration::from_secs(2),
        "s1 waits out its pause"
    );
    let t1 = Instant::now();
    p.ready("s1").await;
    p.ready("s1").await;
    assert_eq!(
        Instant::now(),
        t1,
        "ready takes nothing: asking twice waits no longer"
    );
}

#[tokio::test(start_paused = true)]
async fn a_429_without_remaining_headers_pauses_and_then_lets_requests_go() {
    // An injected or proxy 429 carries no x-ms-ratelimit-remaining-*: the
    // pause applies, and afterwards the bucket refills (it used to stay at
    // zero forever, as nothing had said how big it was).
    let p = Pacer::default();
    p.before("s1", Kind::Read).await;
    p.after("s1", Kind::Read, 429, |_: &str| None, Some(Duration::ZERO));
    let t0 = Instant::now();
    p.before("s1", Kind::Read).await;
    assert!(
        Instant::now() - t0 <= Duration::from_millis(200),
        "{:?}",
        Instant::now() - t0
    );
}

#[tokio::test(start_paused = true)]
async fn a_bucket_no_header_described_stays_unmetered_after_a_429() {
    let p = Pacer::default();
    p.before("s1", Kind::Read).await;
    p.after(
        "s1",
        Kind::Read,
        429,
        |_: &str| None,
        Some(Duration::from_secs(1)),
    );
    p.before("s1", Kind::Read).await;
    p.after("s1", Kind::Read, 200, |_: &str| None, None);
    let t0 = Instant::now();
    for _ in 0..100 {
        p.before("s1", Kind::Read).await;
    }
    assert_eq!(Instant::now(), t0, "no pacing without the headers");
}
