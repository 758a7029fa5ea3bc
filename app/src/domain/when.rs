//! Dates and times read from JSON without chrono's general parser.
//!
//! chrono reads a `DateTime`, `NaiveDate` or `NaiveTime` from JSON through `FromStr`, which runs
//! its general, pattern-driven parser (with the RFC 2822 reader, week dates and time-zone
//! scanning behind it): about 20 KB of code before optimisation, in every phone's first download
//! because the passbook's lines carry a date, two times and a few moments. The fields the first
//! chunk reads use the readers here instead (`#[serde(deserialize_with = …)]`); writing is
//! chrono's own, unchanged.
//!
//! Each reader accepts exactly the forms chrono writes, and what it reads is what chrono reads
//! from the same text (the tests compare the two on every form chrono writes and on many strings
//! it does not): a date `2026-12-03`; a time `08:30:00`, or `08:30`, with an optional fraction of
//! one to nine digits; a moment `2026-12-03T08:30:00.123Z`, or with an offset `+08:00`. Text
//! chrono would also take in its relaxed reading (a space for the `T`, white space, a year past
//! 9999, a leap second) is refused with a typed error: nothing the bank writes looks like that.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::de::{Deserializer, Error, Unexpected, Visitor};

/// `2026-12-03`: a four-digit year, two-digit month and day.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

/// `08:30`, `08:30:00` or `08:30:00.5` (one to nine digits of fraction).
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let b = text.as_bytes();
    if b.len() < 5 || b[2] != b':' {
        return None;
    }
    let hour = digits(&b[0..2])?;
    let minute = digits(&b[3..5])?;
    let (second, nano) = match &b[5..] {
        [] => (0, 0),
        [b':', rest @ ..] if rest.len() >= 2 => {
            let second = digits(&rest[..2])?;
            let nano = match &rest[2..] {
                [] => 0,
                [b'.', fraction @ ..] => nanos(fraction)?,
                _ => return None,
            };
            (second, nano)
        }
        _ => return None,
    };
    if second > 59 {
        return None;
    }
    NaiveTime::from_hms_nano_opt(hour, minute, second, nano)
}

/// `2026-12-03T08:30:00Z`, with an optional fraction, and `Z` or an offset such as `+08:00`.
pub fn parse_utc(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() < 20 || b[10] != b'T' {
        return None;
    }
    let date = parse_date(&text[..10])?;
    // The time runs to the zone: `Z`, or the sign of an offset.
    let zone = 11
        + b[11..]
            .iter()
            .position(|c| matches!(c, b'Z' | b'+' | b'-'))?;
    let time = &text[11..zone];
    if time.len() < 8 {
        return None;
    }
    let time = parse_time(time)?;
    let offset_seconds = match &b[zone..] {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = digits(&[*h1, *h2])?;
            let minutes = digits(&[*m1, *m2])?;
            if minutes > 59 {
                return None;
            }
            let seconds = (hours * 3600 + minutes * 60) as i32;
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    let offset = FixedOffset::east_opt(offset_seconds)?;
    let local = NaiveDateTime::new(date, time);
    offset
        .from_local_datetime(&local)
        .single()
        .map(|at| at.with_timezone(&Utc))
}

/// The value of ASCII digits (at most nine), or `None` if any byte is not one.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// A fraction's digits as nanoseconds (`5` is 500,000,000).
fn nanos(fraction: &[u8]) -> Option<u32> {
    if fraction.is_empty() || fraction.len() > 9 {
        return None;
    }
    let value = digits(fraction)?;
    Some(value * 10u32.pow(9 - fraction.len() as u32))
}

/// A JSON string read by one of the parsers above.
struct Text<T> {
    parse: fn(&str) -> Option<T>,
    expecting: &'static str,
}

impl<T> Visitor<'_> for Text<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v).ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
    }
}

/// `null` or a JSON string read by one of the parsers above.
struct MaybeText<T>(Text<T>);

impl<'de, T> Visitor<'de> for MaybeText<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0.expecting)
    }

    fn visit_none<E: Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_str(self.0).map(Some)
    }
}

const DATE: Text<NaiveDate> = Text {
    parse: parse_date,
    expecting: "a date such as 2026-12-03",
};
const TIME: Text<NaiveTime> = Text {
    parse: parse_time,
    expecting: "a time of day such as 08:30:00",
};
const UTC: Text<DateTime<Utc>> = Text {
    parse: parse_utc,
    expecting: "a moment such as 2026-12-03T08:30:00Z",
};

/// `#[serde(deserialize_with = "when::date")]`
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_str(DATE)
}

/// `#[serde(deserialize_with = "when::time")]`
pub fn time<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
    d.deserialize_str(TIME)
}

/// `#[serde(deserialize_with = "when::utc")]`
pub fn utc<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    d.deserialize_str(UTC)
}

/// `#[serde(default, deserialize_with = "when::utc_or_none")]`: absent or `null` is `None`, as
/// for a derived `Option` field.
pub fn utc_or_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    d.deserialize_option(MaybeText(UTC))
}

#[cfg(test)]
mod tests;
