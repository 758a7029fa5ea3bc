//! Money in exact fen, read from yuan as people write them.

use serde::{Deserialize, Serialize};

use crate::domain::error::{Field, ValidationError};

/// An amount of money in fen (分), exact: never a float.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Fen(pub i64);

/// The most one gift of money may be: 100,000 yuan. More is a typo.
pub const MAX_GIFT_FEN: i64 = 10_000_000;

impl Fen {
    /// Yuan as people write them: "500", "500.5", "500.50", "1,000", "500元". At most two
    /// decimals; more than zero and at most [`MAX_GIFT_FEN`].
    pub fn parse_yuan(raw: &str) -> Result<Fen, ValidationError> {
        let text: String = raw
            .trim()
            .trim_end_matches('元')
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != '，')
            .collect();
        if text.is_empty() {
            return Err(ValidationError::Required(Field::Amount));
        }
        let (whole, part) = text.split_once('.').unwrap_or((&text, ""));
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || whole.len() > 9 || !digits(whole) || part.len() > 2 || !digits(part)
        {
            return Err(ValidationError::Invalid(Field::Amount));
        }
        let yuan: i64 = whole
            .parse()
            .map_err(|_| ValidationError::Invalid(Field::Amount))?;
        let fen: i64 = format!("{part:0<2}")
            .parse()
            .map_err(|_| ValidationError::Invalid(Field::Amount))?;
        let total = yuan * 100 + fen;
        if total <= 0 || total > MAX_GIFT_FEN {
            return Err(ValidationError::OutOfRange {
                field: Field::Amount,
                min: 0,
                max: MAX_GIFT_FEN / 100,
            });
        }
        Ok(Fen(total))
    }

    /// "500.00": yuan with two decimals, as a receipt writes them.
    pub fn yuan_text(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// Yuan as a number for a spreadsheet cell (exact to the fen for any real total).
    pub fn yuan(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_are_read_exactly_to_the_fen() {
        assert_eq!(Fen::parse_yuan("500"), Ok(Fen(50_000)));
        assert_eq!(Fen::parse_yuan(" 500.5 "), Ok(Fen(50_050)));
        assert_eq!(Fen::parse_yuan("500.05元"), Ok(Fen(50_005)));
        assert_eq!(Fen::parse_yuan("1,000"), Ok(Fen(100_000)));
        // 0.1 + 0.2 is where a float would drift; fen do not.
        assert_eq!(Fen::parse_yuan("0.1").map(|f| f.0 + 20), Ok(30));
        for bad in ["500.555", "-5", "5e2", "abc", ".5", "500..0", "５００"] {
            assert_eq!(
                Fen::parse_yuan(bad),
                Err(ValidationError::Invalid(Field::Amount)),
                "{bad}"
            );
        }
        assert!(matches!(
            Fen::parse_yuan("0"),
            Err(ValidationError::OutOfRange { .. })
        ));
        assert!(matches!(
            Fen::parse_yuan("100000.01"),
            Err(ValidationError::OutOfRange { .. })
        ));
        assert_eq!(
            Fen::parse_yuan(""),
            Err(ValidationError::Required(Field::Amount))
        );
        assert_eq!(Fen(50_005).yuan_text(), "500.05");
        assert_eq!(Fen(-50_000).yuan_text(), "-500.00");
    }
}
