//! Fault injection for tests and benchmarks: latency, random 429/500/503,
//! connection resets and slow bodies from a seeded RNG (so runs repeat), and
//! targeted rules ("the next 2 requests whose path contains X answer 500").
//! Targeted rules can also serve a request and then damage its answer (lost,
//! truncated, garbled, wrongly typed), point its links at another origin, or
//! misbehave as a broken service would (endless operations and pages).

use std::collections::HashMap;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Probabilities and latency, all off by default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FaultConfig {
    /// Added latency per request: a fixed value or a range `(min, max)`.
    pub latency_ms: Option<(u64, u64)>,
    pub p_429: f64,
    /// Seconds sent in `Retry-After` with injected 429s and 503s.
    pub retry_after_secs: u64,
    pub p_500: f64,
    pub p_503: f64,
    pub p_reset: f64,
    pub p_slow_body: f64,
    /// A request is served, then its answer is damaged (one of `RANDOM_DAMAGE`).
    pub p_damage: f64,
    pub rng_seed: u64,
}

/// The damage a random `damage=P` fault picks from, evenly.
pub const RANDOM_DAMAGE: [Damage; 7] = [
    Damage::Truncate,
    Damage::Garbage,
    Damage::Empty,
    Damage::WrongType,
    Damage::NoValue,
    Damage::NoProperties,
    Damage::BadDate,
];

/// A targeted fault: requests matching `method` (if set) and whose path
/// contains `path_contains` get `effect`, `times` times (forever if `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    pub method: Option<String>,
    /// Text the path contains (case-insensitive); ending in `$`, text the path ends with.
    pub path_contains: String,
    pub effect: Fault,
    pub times: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    /// An error status with an ARM error body (`Retry-After` set for 429/503).
    Status(u16),
    /// The connection is dropped mid-response.
    Reset,
    /// The body trickles out slowly.
    SlowBody,
    /// Added delay before answering.
    Delay(Duration),
    /// The request is served (its change happens), then the answer is damaged.
    Damage(Damage),
    /// The request is served, then no answer comes: the client must time out.
    Hang,
    /// The body arrives one byte a second.
    Trickle,
    /// Absolute URLs in the answer (nextLink, Azure-AsyncOperation, Location)
    /// point at another origin (`EmulatorConfig::foreign_origin`).
    ForeignLinks,
    /// An operation status that never ends: `InProgress` with `Retry-After: 0`.
    EndlessInProgress,
    /// An operation status the API does not define (`Exploded`).
    UnknownStatus,
    /// A list whose every page links to a new, unique next page.
    EndlessPages,
}

/// How a served answer is damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// The first half of the body, with the full Content-Length promised.
    Truncate,
    /// Bytes that are not JSON.
    Garbage,
    /// Status and headers, no body.
    Empty,
    /// Valid JSON of the wrong type (an array).
    WrongType,
    /// A list without its `value`.
    NoValue,
    /// The first item of a list (or the resource) without `properties`.
    NoProperties,
    /// The first item's dates (or the resource's) unparsable.
    BadDate,
    /// The first item's name (or the resource's) carries terminal escapes,
    /// a bidi override and a spreadsheet formula.
    HostileName,
}

/// `--fault` rule names of the effects that take no number.
const NAMED: [(&str, Fault); 16] = [
    ("reset", Fault::Reset),
    ("slow", Fault::SlowBody),
    ("hang", Fault::Hang),
    ("trickle", Fault::Trickle),
    ("foreign", Fault::ForeignLinks),
    ("inprogress", Fault::EndlessInProgress),
    ("badstatus", Fault::UnknownStatus),
    ("endless", Fault::EndlessPages),
    ("truncate", Fault::Damage(Damage::Truncate)),
    ("garbage", Fault::Damage(Damage::Garbage)),
    ("empty", Fault::Damage(Damage::Empty)),
    ("wrongtype", Fault::Damage(Damage::WrongType)),
    ("novalue", Fault::Damage(Damage::NoValue)),
    ("noprops", Fault::Damage(Damage::NoProperties)),
    ("baddate", Fault::Damage(Damage::BadDate)),
    ("hostile", Fault::Damage(Damage::HostileName)),
];

/// The rule kinds `--fault` accepts, for help and errors.
pub fn rule_kinds() -> String {
    let names: Vec<&str> = NAMED.iter().map(|(n, _)| *n).collect();
    format!("a status (400-599), {}", names.join(", "))
}

/// What the injector decided for one request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decision {
    pub delay: Duration,
    pub fault: Option<Fault>,
}

#[derive(Debug)]
pub struct FaultInjector {
    pub config: FaultConfig,
    rng: StdRng,
    rules: Vec<FaultRule>,
    /// Requests seen, by "METHOD /path" (path without query).
    calls: HashMap<String, u64>,
}

impl FaultInjector {
    pub fn new(config: FaultConfig) -> Self {
        let rng = StdRng::seed_from_u64(config.rng_seed);
        FaultInjector {
            config,
            rng,
            rules: Vec::new(),
            calls: HashMap::new(),
        }
    }

    pub fn add_rule(&mut self, rule: FaultRule) {
        self.rules.push(rule);
    }

    pub fn clear_rules(&mut self) {
        self.rules.clear();
    }

    /// How many requests with this method had a path containing `needle`.
    pub fn count(&self, method: &str, needle: &str) -> u64 {
        let needle = needle.to_ascii_lowercase();
        self.calls
            .iter()
            .filter(|(k, _)| {
                k.split_once(' ').is_some_and(|(m, p)| {
                    m.eq_ignore_ascii_case(method) && p.to_ascii_lowercase().contains(&needle)
                })
            })
            .map(|(_, n)| n)
            .sum()
    }

    /// Records the request and decides its fate.
    pub fn decide(&mut self, method: &str, path: &str) -> Decision {
        *self.calls.entry(format!("{method} {path}")).or_default() += 1;
        let mut decision = Decision {
            delay: self.latency(),
            fault: None,
        };
        if let Some(fault) = self.rule_fault(method, path) {
            match fault {
                Fault::Delay(d) => decision.delay += d,
                other => decision.fault = Some(other),
            }
            return decision;
        }
        decision.fault = self.random_fault();
        decision
    }

    fn latency(&mut self) -> Duration {
        match self.config.latency_ms {
            Some((lo, hi)) if hi > lo => Duration::from_millis(self.rng.random_range(lo..=hi)),
            Some((lo, _)) => Duration::from_millis(lo),
            None => Duration::ZERO,
        }
    }

    fn rule_fault(&mut self, method: &str, path: &str) -> Option<Fault> {
        let path = path.to_ascii_lowercase();
        let rule = self.rules.iter_mut().find(|r| {
            r.times != Some(0)
                && r.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
                && path_matches(&path, &r.path_contains.to_ascii_lowercase())
        })?;
        if let Some(t) = rule.times.as_mut() {
            *t -= 1;
        }
        Some(rule.effect)
    }

    fn random_fault(&mut self) -> Option<Fault> {
        let c = &self.config;
        let table = [
            (c.p_429, Fault::Status(429)),
            (c.p_500, Fault::Status(500)),
            (c.p_503, Fault::Status(503)),
            (c.p_reset, Fault::Reset),
            (c.p_slow_body, Fault::SlowBody),
            (c.p_damage, Fault::Damage(Damage::Truncate)),
        ];
        if table.iter().all(|(p, _)| *p <= 0.0) {
            return None;
        }
        let roll: f64 = self.rng.random();
        let mut acc = 0.0;
        for (p, fault) in table {
            acc += p;
            if roll < acc {
                return Some(match fault {
                    Fault::Damage(_) => {
                        let i = self.rng.random_range(0..RANDOM_DAMAGE.len());
                        Fault::Damage(RANDOM_DAMAGE[i])
                    }
                    other => other,
                });
            }
        }
        None
    }
}

/// Parses `--fault` values: `429=0.1`, `500=0.05`, `503=0.05`, `reset=0.01`,
/// `slow=0.02`, or a targeted rule `status:PATH_PART[:METHOD][xTIMES]`, e.g.
/// `500:generateCredentials:POSTx1`.
pub fn parse_fault_arg(arg: &str, config: &mut FaultConfig) -> Result<Option<FaultRule>, String> {
    if let Some((kind, p)) = arg.split_once('=') {
        let p: f64 = p
            .parse()
            .ok()
            .filter(|p| (0.0..=1.0).contains(p))
            .ok_or_else(|| {
                format!("--fault {arg}: the probability must be a number from 0 to 1")
            })?;
        match kind {
            "429" => config.p_429 = p,
            "500" => config.p_500 = p,
            "503" => config.p_503 = p,
            "reset" => config.p_reset = p,
            "slow" => config.p_slow_body = p,
            "damage" => config.p_damage = p,
            _ => {
                return Err(format!(
                    "--fault {arg}: use 429, 500, 503, reset, slow or damage before `=`"
                ));
            }
        }
        return Ok(None);
    }
    let (spec, times) = match arg.rsplit_once('x') {
        Some((s, t)) if t.chars().all(|c| c.is_ascii_digit()) && !t.is_empty() => {
            (s, t.parse().ok())
        }
        _ => (arg, None),
    };
    let mut parts = spec.splitn(3, ':');
    let kind = parts.next().unwrap_or_default();
    let effect = match NAMED.iter().find(|(n, _)| kind.eq_ignore_ascii_case(n)) {
        Some((_, fault)) => *fault,
        None => Fault::Status(
            kind.parse()
                .ok()
                .filter(|c| (400..600).contains(c))
                .ok_or_else(|| {
                    format!(
                        "--fault {arg}: expected KIND=PROBABILITY or RULE:PATH_PART[:METHOD][xTIMES], RULE being {}",
                        rule_kinds()
                    )
                })?,
        ),
    };
    let path_contains = parts.next().unwrap_or_default().to_string();
    let method = parts.next().map(str::to_ascii_uppercase);
    Ok(Some(FaultRule {
        method,
        path_contains,
        effect,
        times,
    }))
}

/// A rule's path text: a substring of the path, or with a trailing `$` its
/// end (`/subscriptions$` is the subscription list alone).
fn path_matches(path: &str, pattern: &str) -> bool {
    match pattern.strip_suffix('$') {
        Some(end) => path.trim_end_matches('/').ends_with(end),
        None => path.contains(pattern),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_rule_parses() {
        for (name, fault) in NAMED {
            let rule = parse_fault_arg(
                &format!("{name}:generateCredentials:POSTx1"),
                &mut FaultConfig::default(),
            )
            .unwrap()
            .unwrap();
            assert_eq!(rule.effect, fault, "{name}");
            assert_eq!(rule.times, Some(1));
            assert_eq!(rule.method.as_deref(), Some("POST"));
        }
    }

    #[test]
    fn same_seed_same_faults() {
        let config = FaultConfig {
            p_429: 0.3,
            p_500: 0.2,
            rng_seed: 42,
            ..Default::default()
        };
        let run = || {
            let mut f = FaultInjector::new(config.clone());
            (0..200)
                .map(|_| f.decide("GET", "/x").fault)
                .collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        let n429 = a.iter().filter(|f| **f == Some(Fault::Status(429))).count();
        assert!((30..90).contains(&n429), "{n429}");
    }

    #[test]
    fn rules_fire_the_given_number_of_times_and_count_calls() {
        let mut f = FaultInjector::new(FaultConfig::default());
        f.add_rule(
            parse_fault_arg(
                "500:generateCredentials:POSTx1",
                &mut FaultConfig::default(),
            )
            .unwrap()
            .unwrap(),
        );
        assert_eq!(f.decide("GET", "/a/generateCredentials").fault, None);
        assert_eq!(
            f.decide("POST", "/a/generateCredentials").fault,
            Some(Fault::Status(500))
        );
        assert_eq!(f.decide("POST", "/a/generateCredentials").fault, None);
        assert_eq!(f.count("POST", "generatecredentials"), 2);
    }

    #[test]
    fn parse_rejects_nonsense() {
        let mut c = FaultConfig::default();
        assert!(parse_fault_arg("429=2", &mut c).is_err());
        assert!(parse_fault_arg("teapot:/x", &mut c).is_err());
        assert!(
            parse_fault_arg("teapot:/x", &mut c)
                .unwrap_err()
                .contains("truncate")
        );
        assert!(parse_fault_arg("503=0.5", &mut c).unwrap().is_none());
        assert_eq!(c.p_503, 0.5);
    }
}
