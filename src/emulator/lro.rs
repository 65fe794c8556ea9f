//! Long-running operations: each mutation that the live service answers
//! asynchronously registers an operation here; polls advance it, and it
//! completes after a configured number of polls or a deadline, whichever
//! comes first (so a client that never polls still sees the change land).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::Value;

/// What completing an operation does to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Set the resource's provisioning state to Succeeded.
    Succeed {
        registry_key: String,
        kind: Kind,
        key: String,
    },
    /// Remove the resource.
    Remove {
        registry_key: String,
        kind: Kind,
        key: String,
    },
    /// Remove a whole registry.
    RemoveRegistry { registry_key: String },
    /// Nothing to apply; the poll result is the stored body.
    Result,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ScopeMap,
    Token,
}

#[derive(Debug)]
pub struct Operation {
    pub effect: Effect,
    polls_left: u32,
    deadline: Instant,
    pub done: bool,
    /// Body returned by a finished `Location` poll (generateCredentials in 202 mode).
    pub result: Option<Value>,
}

#[derive(Debug, Default)]
pub struct Operations {
    ops: HashMap<String, Operation>,
    /// The current request's `x-ms-client-request-id`, which live uses to
    /// name the operation it starts.
    request_id: Option<String>,
}

/// Where a poll stands.
#[derive(Debug, Clone, PartialEq)]
pub enum PollState {
    Running,
    /// Just finished or finished earlier; the effect must be applied (idempotent).
    Done(Effect),
    Unknown,
}

impl Operations {
    /// Names the next operation after this client request id (only ids of
    /// letters, digits and dashes, at most 64, since they go into URLs).
    pub fn set_request_id(&mut self, id: Option<&str>) {
        self.request_id = id
            .filter(|i| !i.is_empty() && i.len() <= 64)
            .filter(|i| i.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .map(str::to_string);
    }

    pub fn start(
        &mut self,
        effect: Effect,
        polls: u32,
        max_duration: Duration,
        result: Option<Value>,
    ) -> String {
        // Live's operation ids read `token-<client request id>` (for scope
        // maps too), or `token-<uuid>` without one; each id names one operation.
        let id = self
            .request_id
            .take()
            .map(|r| format!("token-{r}"))
            .filter(|id| !self.ops.contains_key(id))
            .unwrap_or_else(|| format!("token-{}", uuid::Uuid::new_v4()));
        self.ops.insert(
            id.clone(),
            Operation {
                effect,
                polls_left: polls,
                deadline: Instant::now() + max_duration,
                done: false,
                result,
            },
        );
        id
    }

    /// One poll: counts down, then reports done.
    pub fn poll(&mut self, id: &str) -> PollState {
        let Some(op) = self.ops.get_mut(id) else {
            return PollState::Unknown;
        };
        if !op.done && op.polls_left > 0 && Instant::now() < op.deadline {
            op.polls_left -= 1;
            return PollState::Running;
        }
        op.done = true;
        PollState::Done(op.effect.clone())
    }

    pub fn result(&self, id: &str) -> Option<&Value> {
        self.ops.get(id).and_then(|o| o.result.as_ref())
    }

    /// Operations past their deadline, or already done: their effects are due.
    /// Marks them done and returns their effects.
    pub fn take_due(&mut self) -> Vec<Effect> {
        let now = Instant::now();
        self.ops
            .values_mut()
            .filter(|o| !o.done && (now >= o.deadline))
            .map(|o| {
                o.done = true;
                o.effect.clone()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_after_n_polls() {
        let mut ops = Operations::default();
        let id = ops.start(Effect::Result, 2, Duration::from_secs(60), None);
        assert_eq!(ops.poll(&id), PollState::Running);
        assert_eq!(ops.poll(&id), PollState::Running);
        assert_eq!(ops.poll(&id), PollState::Done(Effect::Result));
        assert_eq!(ops.poll(&id), PollState::Done(Effect::Result));
        assert_eq!(ops.poll("nope"), PollState::Unknown);
    }

    #[test]
    fn completes_at_the_deadline_without_polls() {
        let mut ops = Operations::default();
        let id = ops.start(Effect::Result, 100, Duration::ZERO, None);
        assert_eq!(ops.take_due(), vec![Effect::Result]);
        assert_eq!(ops.poll(&id), PollState::Done(Effect::Result));
    }
}
