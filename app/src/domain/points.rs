//! Love Bank points (积分): earned by verified hours under the admin's rule, spent by redemptions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError};
use super::Minutes;

/// Points in hundredths, so a half hour at 1 point an hour is exactly 0.50 and sums never drift.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Points(pub i64);

impl Points {
    pub const ZERO: Points = Points(0);

    /// Whole points: `Points::whole(3)` is 3.00.
    pub const fn whole(n: i64) -> Points {
        Points(n * 100)
    }

    /// "12.50", "-3.00".
    pub fn text(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", (self.0 / 100).abs(), (self.0 % 100).abs())
    }

    /// Reads "12", "12.5" or "12.50" (what a person types); at most two decimals.
    pub fn parse(raw: &str, field: Field) -> Result<Points, ValidationError> {
        let raw = raw.trim();
        let invalid = || ValidationError::Invalid(field);
        if raw.is_empty() {
            return Err(ValidationError::Required(field));
        }
        let (whole, frac) = raw.split_once('.').unwrap_or((raw, ""));
        if whole.is_empty() || whole.len() > 9 || frac.len() > 2 {
            return Err(invalid());
        }
        if !whole
            .chars()
            .chain(frac.chars())
            .all(|c| c.is_ascii_digit())
        {
            return Err(invalid());
        }
        let whole: i64 = whole.parse().map_err(|_| invalid())?;
        let frac: i64 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<2}").parse().map_err(|_| invalid())?
        };
        Ok(Points(whole * 100 + frac))
    }
}

impl std::ops::Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Points {
    type Output = Points;
    fn sub(self, rhs: Points) -> Points {
        Points(self.0 - rhs.0)
    }
}

impl std::ops::Neg for Points {
    type Output = Points;
    fn neg(self) -> Points {
        Points(-self.0)
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, |a, b| a + b)
    }
}

/// The admin's conversion of hours into points: a rate per hour, optionally a different rate for
/// some categories. A line's points are fixed when it is verified, so changing the rule never
/// rewrites what was already earned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsRule {
    pub per_hour: Points,
    pub per_category: BTreeMap<String, Points>,
}

impl Default for PointsRule {
    /// One point per verified hour.
    fn default() -> Self {
        PointsRule {
            per_hour: Points::whole(1),
            per_category: BTreeMap::new(),
        }
    }
}

impl PointsRule {
    /// At most 100 points an hour: a typo must not mint a fortune.
    pub const MAX_RATE: Points = Points::whole(100);

    pub fn new(
        per_hour: Points,
        per_category: BTreeMap<String, Points>,
    ) -> Result<Self, ValidationError> {
        let in_range = |p: &Points| (Points::ZERO..=Self::MAX_RATE).contains(p);
        if !in_range(&per_hour) || !per_category.values().all(in_range) {
            return Err(ValidationError::OutOfRange {
                field: Field::Points,
                min: 0,
                max: Self::MAX_RATE.0 / 100,
            });
        }
        Ok(PointsRule {
            per_hour,
            per_category,
        })
    }

    pub fn rate(&self, category: &str) -> Points {
        self.per_category
            .get(category)
            .copied()
            .unwrap_or(self.per_hour)
    }

    /// Points for `minutes` of service in `category`, rounded down to the hundredth.
    pub fn points_for(&self, category: &str, minutes: Minutes) -> Points {
        Points(self.rate(category).0 * minutes.0 / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_print_and_parse() {
        assert_eq!(Points(1250).text(), "12.50");
        assert_eq!(Points(-300).text(), "-3.00");
        assert_eq!(Points(5).text(), "0.05");
        assert_eq!(Points::parse("12.5", Field::Points), Ok(Points(1250)));
        assert_eq!(Points::parse("3", Field::Points), Ok(Points(300)));
        for bad in ["-1", "1.234", "abc", ".5", "1e3"] {
            assert_eq!(
                Points::parse(bad, Field::Points),
                Err(ValidationError::Invalid(Field::Points)),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_rule_converts_minutes_by_category() {
        let mut special = BTreeMap::new();
        special.insert("health".to_string(), Points::whole(2));
        let rule = PointsRule::new(Points::whole(1), special).expect("valid");
        assert_eq!(rule.points_for("repair", Minutes(90)), Points(150));
        assert_eq!(rule.points_for("health", Minutes(90)), Points(300));
        assert_eq!(
            rule.points_for("repair", Minutes(1)),
            Points(1),
            "rounded down"
        );
    }

    #[test]
    fn absurd_rates_are_refused() {
        assert!(PointsRule::new(Points::whole(101), BTreeMap::new()).is_err());
        assert!(PointsRule::new(Points(-1), BTreeMap::new()).is_err());
    }
}
