//! Slows down password guessing: after a few failures for one key (a login, or a person
//! changing their password), each further attempt must wait, twice as long each time.
//!
//! The counts live in the database (`Store::begin_attempt`), so every app server on one
//! database sees the same ones, and an attempt is counted as a failure *before* its password is
//! checked, in the same statement that reads the count: forty guesses sent at once are forty
//! counted attempts, of which only the free ones are checked. A success clears the count.

use std::time::Duration;

/// Failures allowed before waiting starts.
pub const FREE_ATTEMPTS: u32 = 5;
const FIRST_WAIT: Duration = Duration::from_secs(30);
pub const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);

/// How long a key with `count` failures must wait after its last one.
pub fn wait_after(count: u32) -> Duration {
    if count < FREE_ATTEMPTS {
        return Duration::ZERO;
    }
    let doublings = (count - FREE_ATTEMPTS).min(10);
    (FIRST_WAIT * 2u32.pow(doublings)).min(LONGEST_WAIT)
}

/// The key of a sign-in attempt for `login` (already normalised).
pub fn login_key(login: &str) -> String {
    format!("login:{login}")
}

/// The key of a password check of a signed-in person (a password change).
pub fn person_key(person: &str) -> String {
    format!("person:{person}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_failures_are_free_then_waits_double_up_to_a_cap() {
        for count in 0..FREE_ATTEMPTS {
            assert_eq!(wait_after(count), Duration::ZERO);
        }
        assert_eq!(wait_after(FREE_ATTEMPTS), Duration::from_secs(30));
        assert_eq!(wait_after(FREE_ATTEMPTS + 1), Duration::from_secs(60));
        assert_eq!(wait_after(40), LONGEST_WAIT);
        assert_ne!(login_key("138"), person_key("138"));
    }
}
