//! Slows down password guessing: after a few failures for one login, each further attempt must
//! wait, twice as long each time. Kept in memory (a restart forgets it, which only helps a
//! legitimate user); bounded so a flood of made-up logins cannot exhaust memory.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Failures allowed before waiting starts.
pub const FREE_ATTEMPTS: u32 = 5;
const FIRST_WAIT: Duration = Duration::from_secs(30);
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);
const MAX_TRACKED: usize = 100_000;

#[derive(Debug, Default)]
pub struct Throttle {
    failures: HashMap<String, Failures>,
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

impl Throttle {
    /// `Err(wait)` when `login` must wait before its next attempt.
    pub fn check(&self, login: &str, now: Instant) -> Result<(), Duration> {
        let Some(f) = self.failures.get(login) else {
            return Ok(());
        };
        let wait = wait_after(f.count);
        let ready = f.last + wait;
        if now < ready {
            Err(ready - now)
        } else {
            Ok(())
        }
    }

    pub fn failed(&mut self, login: &str, now: Instant) {
        if self.failures.len() >= MAX_TRACKED {
            self.failures
                .retain(|_, f| now.duration_since(f.last) < LONGEST_WAIT);
        }
        let f = self.failures.entry(login.to_string()).or_insert(Failures {
            count: 0,
            last: now,
        });
        f.count += 1;
        f.last = now;
    }

    pub fn succeeded(&mut self, login: &str) {
        self.failures.remove(login);
    }
}

fn wait_after(count: u32) -> Duration {
    if count < FREE_ATTEMPTS {
        return Duration::ZERO;
    }
    let doublings = (count - FREE_ATTEMPTS).min(10);
    (FIRST_WAIT * 2u32.pow(doublings)).min(LONGEST_WAIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_failures_are_free_then_waits_double_up_to_a_cap() {
        let mut t = Throttle::default();
        let start = Instant::now();
        for _ in 0..FREE_ATTEMPTS - 1 {
            t.failed("138", start);
            assert_eq!(t.check("138", start), Ok(()));
        }
        t.failed("138", start);
        assert_eq!(t.check("138", start), Err(Duration::from_secs(30)));
        assert_eq!(t.check("138", start + Duration::from_secs(30)), Ok(()));
        t.failed("138", start + Duration::from_secs(30));
        assert_eq!(
            t.check("138", start + Duration::from_secs(30)),
            Err(Duration::from_secs(60))
        );
        assert_eq!(wait_after(40), LONGEST_WAIT);
        assert_eq!(
            t.check("other", start),
            Ok(()),
            "logins are throttled separately"
        );
        t.succeeded("138");
        assert_eq!(t.check("138", start), Ok(()));
    }
}
