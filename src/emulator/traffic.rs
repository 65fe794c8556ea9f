//! Request counters: how many ARM requests arrived and the most that were in
//! flight at once. Benchmarks and tests use them to check that a client keeps
//! to its concurrency limit. Read in-process through `Emulator::traffic`, or
//! from another process at `GET /_emulator/stats` (reset with
//! `POST /_emulator/stats/reset`); that path is the emulator's own and is
//! neither counted nor delayed by latency or faults.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use serde::Serialize;

/// The emulator's own path prefix; never an ARM path.
pub const STATS_PATH: &str = "/_emulator/stats";
pub const STATS_RESET_PATH: &str = "/_emulator/stats/reset";

#[derive(Debug, Default)]
pub struct Traffic {
    requests: AtomicU64,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    throttled: AtomicU64,
}

/// A snapshot of the counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficStats {
    pub requests: u64,
    pub in_flight: usize,
    pub max_in_flight: usize,
    /// Requests answered 429 by `--throttle` (injected faults not counted).
    pub throttled: u64,
}

impl Traffic {
    /// Counts a request as in flight until the guard drops (also when the
    /// handler's future is dropped because the client went away).
    pub fn enter(&self) -> InFlight<'_> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(self)
    }

    pub fn stats(&self) -> TrafficStats {
        TrafficStats {
            requests: self.requests.load(Ordering::SeqCst),
            in_flight: self.in_flight.load(Ordering::SeqCst),
            max_in_flight: self.max_in_flight.load(Ordering::SeqCst),
            throttled: self.throttled.load(Ordering::SeqCst),
        }
    }

    pub fn count_throttled(&self) {
        self.throttled.fetch_add(1, Ordering::SeqCst);
    }

    /// Zeroes the totals; requests still in flight stay counted.
    pub fn reset(&self) {
        self.requests.store(0, Ordering::SeqCst);
        self.throttled.store(0, Ordering::SeqCst);
        self.max_in_flight
            .store(self.in_flight.load(Ordering::SeqCst), Ordering::SeqCst);
    }
}

pub struct InFlight<'a>(&'a Traffic);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_peak_not_the_total() {
        let t = Traffic::default();
        let a = t.enter();
        let b = t.enter();
        drop(a);
        let c = t.enter();
        assert_eq!(
            t.stats(),
            TrafficStats {
                requests: 3,
                in_flight: 2,
                max_in_flight: 2,
                throttled: 0
            }
        );
        drop((b, c));
        t.reset();
        assert_eq!(t.stats().max_in_flight, 0);
        let _d = t.enter();
        assert_eq!(t.stats().max_in_flight, 1);
    }
}
