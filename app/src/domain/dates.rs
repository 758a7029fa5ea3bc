//! The one place a date typed by a person (or sent by a client) becomes a date. Every date the
//! server accepts lies in [`FIRST_YEAR`]..=[`LAST_YEAR`]: outside them a date is a typo or an
//! attack, and date arithmetic near chrono's limits (year ±262,143) would overflow.

use chrono::{Datelike, NaiveDate};

use super::error::{Field, ValidationError};

pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

/// A required `YYYY-MM-DD` date within the years the bank deals in.
pub fn parse_day(raw: &str, field: Field) -> Result<NaiveDate, ValidationError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ValidationError::Required(field));
    }
    // chrono accepts a sign and more than four digits ("+262142-01-01"); a person never types
    // those, so only the plain form is read.
    let plain = raw.len() == 10
        && raw.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !plain {
        return Err(ValidationError::Invalid(field));
    }
    let date =
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| ValidationError::Invalid(field))?;
    in_range(date, field)
}

/// `default` when `raw` is blank, else [`parse_day`].
pub fn parse_day_or(
    raw: &str,
    field: Field,
    default: NaiveDate,
) -> Result<NaiveDate, ValidationError> {
    if raw.trim().is_empty() {
        Ok(default)
    } else {
        parse_day(raw, field)
    }
}

/// Refuses a date outside the bank's years.
pub fn in_range(date: NaiveDate, field: Field) -> Result<NaiveDate, ValidationError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(ValidationError::OutOfRange {
            field,
            min: i64::from(FIRST_YEAR),
            max: i64::from(LAST_YEAR),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_dates_of_the_bank_years_are_read() {
        assert_eq!(
            parse_day(" 2026-11-30 ", Field::Date),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"))
        );
        for far in [
            "+262142-12-31",
            "262142-12-31",
            "-0001-01-01",
            "1999-12-31",
            "2101-01-01",
        ] {
            assert!(parse_day(far, Field::EndDate).is_err(), "{far}");
        }
        assert_eq!(
            parse_day("2101-01-01", Field::EndDate),
            Err(ValidationError::OutOfRange {
                field: Field::EndDate,
                min: 2000,
                max: 2100
            })
        );
        for bad in [
            "2026-1-3",
            "2026/11/30",
            "2026-02-30",
            "x",
            "２０２６-11-30",
        ] {
            assert_eq!(
                parse_day(bad, Field::Date),
                Err(ValidationError::Invalid(Field::Date)),
                "{bad}"
            );
        }
        assert_eq!(
            parse_day("", Field::Date),
            Err(ValidationError::Required(Field::Date))
        );
    }
}
