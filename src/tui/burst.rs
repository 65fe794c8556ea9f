//! Paste without bracketed paste: a terminal that lacks it (or a program
//! typing for the user) delivers pasted text as a burst of key presses, many
//! in one read. Taken as keys, a pasted `n` opens a form and a pasted Enter
//! submits it. So keys that arrive together are told apart from typing:
//! a run of typeable keys in one batch becomes one `Msg::Paste`, which only
//! a focused text field takes. What follows a burst within a few
//! milliseconds (the rest of a long paste, split over reads) belongs to it.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::msg::Msg;

/// Typeable keys each this close after the one before arrived together:
/// no person types that fast (key repeat is about 30 ms).
pub const SAME_BATCH: Duration = Duration::from_millis(3);
/// A run of this many keys that arrived together is a paste.
pub const BURST_KEYS: usize = 3;
/// Keys this soon after a burst continue it (a long paste is split over
/// reads of the terminal). Generous: on a loaded machine the reads of one
/// 5,000-character paste came more than 40 ms apart, and a stray Enter
/// from its tail submitted a form; nobody starts typing 150 ms after a paste.
pub const BURST_TAIL: Duration = Duration::from_millis(150);

/// Holds typeable keys for a few milliseconds to see whether more follow at
/// once. The event loop feeds it keys (`push`) and, at `deadline`, `flush`es.
#[derive(Debug, Default)]
pub struct BurstDetector {
    run: Vec<KeyEvent>,
    /// When the newest key of `run` arrived.
    last_key: Option<Instant>,
    /// When the last burst ended: keys until `BURST_TAIL` later continue it.
    last_burst: Option<Instant>,
    /// The burst so far had a line break: fields take a paste's first line
    /// only, so its later parts must not add to them.
    past_first_line: bool,
}

/// The character a key adds to pasted text, if it is typeable.
fn typeable(key: &KeyEvent) -> Option<char> {
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SUPER)
    {
        return None;
    }
    match key.code {
        KeyCode::Char(c) => Some(c),
        KeyCode::Enter => Some('\n'),
        KeyCode::Tab => Some('\t'),
        _ => None,
    }
}

impl BurstDetector {
    /// A key arrived at `now`: the messages ready to handle (a typeable key
    /// waits until `deadline`, in case more arrive with it).
    pub fn push(&mut self, key: KeyEvent, now: Instant) -> Vec<Msg> {
        let mut out = Vec::new();
        if typeable(&key).is_some() {
            if self
                .last_key
                .is_some_and(|t| now.duration_since(t) > SAME_BATCH)
            {
                out = self.flush();
            }
            self.run.push(key);
            self.last_key = Some(now);
        } else {
            out = self.flush();
            out.push(Msg::Key(key));
        }
        out
    }

    /// When the keys held must be let go if nothing else arrives.
    pub fn deadline(&self) -> Option<Instant> {
        self.last_key.map(|t| t + SAME_BATCH)
    }

    /// The keys held: one paste if they came in a burst (or right after
    /// one), else each key.
    pub fn flush(&mut self) -> Vec<Msg> {
        let keys = std::mem::take(&mut self.run);
        let Some(last) = self.last_key.take() else {
            return Vec::new();
        };
        let continues = self
            .last_burst
            .is_some_and(|b| last.duration_since(b) <= BURST_TAIL);
        if keys.len() >= BURST_KEYS || continues {
            self.last_burst = Some(last);
            let text: String = keys.iter().filter_map(typeable).collect();
            let after_break = continues && self.past_first_line;
            self.past_first_line = after_break || text.contains('\n');
            // A later part of a pasted text whose first line is done: it
            // starts on a new line, so no field appends it.
            let text = if after_break {
                format!("\n{text}")
            } else {
                text
            };
            vec![Msg::Paste(text)]
        } else {
            keys.into_iter().map(Msg::Key).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<KeyEvent> {
        text.chars()
            .map(|c| match c {
                '\n' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            })
            .collect()
    }

    fn pastes(msgs: &[Msg]) -> Vec<String> {
        msgs.iter()
            .filter_map(|m| match m {
                Msg::Paste(t) => Some(t.clone()),
                _ => None,
            })
            .collect()
    }

    /// Feeds `text`'s keys 0.1 ms apart from `start`, then flushes.
    fn burst(d: &mut BurstDetector, text: &str, start: Instant) -> Vec<Msg> {
        let mut out = Vec::new();
        for (i, k) in keys(text).into_iter().enumerate() {
            let at = start + Duration::from_micros(100 * i as u64);
            out.extend(d.push(k, at));
        }
        out.extend(d.flush());
        out
    }

    /// Feeds `text`'s keys 100 ms apart, flushing at each deadline.
    fn typed(d: &mut BurstDetector, text: &str, start: Instant) -> Vec<Msg> {
        let mut out = Vec::new();
        for (i, k) in keys(text).into_iter().enumerate() {
            out.extend(d.push(k, start + Duration::from_millis(100 * i as u64)));
            out.extend(d.flush());
        }
        out
    }

    #[test]
    fn typing_stays_keys_and_a_burst_is_one_paste() {
        let mut d = BurstDetector::default();
        let t0 = Instant::now();
        let keys_typed = typed(&mut d, "nR\n", t0);
        assert_eq!(keys_typed.len(), 3);
        assert!(keys_typed.iter().all(|m| matches!(m, Msg::Key(_))));
        let two = burst(&mut d, "jj", t0 + Duration::from_secs(1));
        assert_eq!(two.len(), 2, "two keys together can be typing (ssh)");
        let pasted = burst(&mut d, "new-token\nn", t0 + Duration::from_secs(2));
        assert_eq!(pastes(&pasted), ["new-token\nn"]);
        assert_eq!(pasted.len(), 1, "no key of the burst is a key press");
    }

    #[test]
    fn the_tail_of_a_burst_split_over_reads_stays_a_paste() {
        let mut d = BurstDetector::default();
        let t0 = Instant::now();
        burst(&mut d, "aaaaaaaa", t0);
        let tail = burst(&mut d, "n", t0 + Duration::from_millis(10));
        assert_eq!(pastes(&tail), ["n"], "the first line goes on");
        burst(&mut d, "b\nc", t0 + Duration::from_millis(20));
        let after = burst(&mut d, "dd", t0 + Duration::from_millis(30));
        assert_eq!(
            pastes(&after),
            ["\ndd"],
            "past the first line: not added to a field"
        );
        let later = burst(&mut d, "n", t0 + Duration::from_secs(1));
        assert!(matches!(later.as_slice(), [Msg::Key(_)]), "typing again");
    }

    #[test]
    fn a_control_key_ends_the_run_and_stays_a_key() {
        let mut d = BurstDetector::default();
        let t0 = Instant::now();
        let mut out = burst(&mut d, "abcd", t0);
        out.extend(d.push(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE), t0));
        assert_eq!(pastes(&out), ["abcd"]);
        assert!(matches!(out.last(), Some(Msg::Key(k)) if k.code == KeyCode::Esc));
        assert_eq!(d.deadline(), None, "nothing held");
    }
}
