use serde::{Deserialize, Serialize};

/// A duration of service in whole minutes: the unit every passbook line is kept in, so sums are
/// exact (no floating point creeps into a bank).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Minutes(pub i64);

impl Minutes {
    /// Hours with one decimal, as a passbook prints them ("12.5"). Rounds half away from zero.
    pub fn hours_text(self) -> String {
        let tenths = (self.0 * 10 + self.0.signum() * 30) / 60;
        let sign = if tenths < 0 { "-" } else { "" };
        format!("{sign}{}.{}", (tenths / 10).abs(), (tenths % 10).abs())
    }
}

impl std::ops::Add for Minutes {
    type Output = Minutes;
    fn add(self, rhs: Minutes) -> Minutes {
        Minutes(self.0 + rhs.0)
    }
}

impl std::iter::Sum for Minutes {
    fn sum<I: Iterator<Item = Minutes>>(iter: I) -> Minutes {
        iter.fold(Minutes(0), |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_printed_with_one_decimal() {
        assert_eq!(Minutes(0).hours_text(), "0.0");
        assert_eq!(Minutes(90).hours_text(), "1.5");
        assert_eq!(Minutes(61).hours_text(), "1.0");
        assert_eq!(Minutes(63).hours_text(), "1.1");
        assert_eq!(Minutes(600).hours_text(), "10.0");
        assert_eq!(Minutes(-90).hours_text(), "-1.5");
    }

    #[test]
    fn minutes_sum_exactly() {
        let total: Minutes = [Minutes(30), Minutes(45), Minutes(15)].into_iter().sum();
        assert_eq!(total, Minutes(90));
    }
}
