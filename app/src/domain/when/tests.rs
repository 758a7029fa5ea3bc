use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

use super::*;

/// What chrono's own reader makes of `text` (what `#[derive(Deserialize)]` would have used).
fn chrono_date(text: &str) -> Option<NaiveDate> {
    text.parse().ok()
}
fn chrono_time(text: &str) -> Option<NaiveTime> {
    text.parse().ok()
}
fn chrono_utc(text: &str) -> Option<DateTime<Utc>> {
    text.parse::<DateTime<FixedOffset>>()
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// The text chrono writes for `value` in JSON, without the quotes.
fn written<T: serde::Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("written");
    json.trim_matches('"').to_owned()
}

/// Every string one edit away from `text`: each character replaced, removed, or another put
/// before it, from characters that look like parts of a date.
fn near(text: &str) -> Vec<String> {
    const ALPHABET: &[char] = &[
        '0', '1', '2', '5', '9', ':', '-', '+', '.', 'T', 't', 'Z', 'z', ' ', 'x', '６', '　',
    ];
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for i in 0..=chars.len() {
        for &c in ALPHABET {
            let mut inserted = chars.clone();
            inserted.insert(i, c);
            out.push(inserted.into_iter().collect());
            if i < chars.len() {
                let mut replaced = chars.clone();
                replaced[i] = c;
                out.push(replaced.into_iter().collect());
            }
        }
        if i < chars.len() {
            let mut removed = chars.clone();
            removed.remove(i);
            out.push(removed.into_iter().collect());
        }
    }
    out
}

/// Whatever the bank's reader accepts, chrono reads the same way: for each of `valid` (which
/// it must accept) and every string one or two edits away. Returns how many strings it compared.
fn agrees_near<T: PartialEq + std::fmt::Debug>(
    valid: &[&str],
    ours: fn(&str) -> Option<T>,
    chrono: fn(&str) -> Option<T>,
) -> usize {
    let agrees = |text: &str| {
        if let Some(value) = ours(text) {
            assert_eq!(Some(value), chrono(text), "{text:?}");
        }
    };
    let mut checked = 0;
    for text in valid {
        assert!(ours(text).is_some(), "{text}");
        for edited in std::iter::once(text.to_string()).chain(near(text)) {
            agrees(&edited);
            for twice in near(&edited) {
                agrees(&twice);
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn every_date_chrono_writes_reads_back_the_same() {
    let mut day = NaiveDate::from_ymd_opt(1, 1, 1).expect("date");
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).expect("date");
    let mut count = 0;
    while day <= last {
        let text = written(&day);
        assert_eq!(parse_date(&text), Some(day), "{text}");
        count += 1;
        // Every day of 1900–2200; one day in 37 elsewhere.
        let step = if (1900..=2200).contains(&chrono::Datelike::year(&day)) {
            1
        } else {
            37
        };
        day += Duration::days(step);
    }
    assert!(count > 200_000, "{count}");
    assert_eq!(parse_date(&written(&last)), Some(last));
}

#[test]
fn every_time_chrono_writes_reads_back_the_same() {
    for second in 0..86_400 {
        for nano in [0, 500_000_000, 123_000_000, 123_456_000, 123_456_789, 1] {
            let t = NaiveTime::from_num_seconds_from_midnight_opt(second, nano).expect("time");
            let text = written(&t);
            assert_eq!(parse_time(&text), Some(t), "{text}");
            assert_eq!(chrono_time(&text), Some(t), "{text}");
        }
    }
}

#[test]
fn moments_chrono_writes_read_back_the_same() {
    // A walk across 1970–2100 in uneven steps, with every precision chrono writes.
    let mut at = DateTime::<Utc>::from_timestamp(0, 0).expect("epoch");
    let end = DateTime::<Utc>::from_timestamp(4_102_444_800, 0).expect("2100");
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut count = 0;
    while at < end {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let nano = match state % 4 {
            0 => 0,
            1 => (state % 1000) as u32 * 1_000_000,
            2 => (state % 1_000_000) as u32 * 1000,
            _ => (state % 1_000_000_000) as u32,
        };
        let moment = at.with_nanosecond_checked(nano);
        let text = written(&moment);
        assert_eq!(parse_utc(&text), Some(moment), "{text}");
        at += Duration::seconds((state % 40_000) as i64 + 1);
        count += 1;
    }
    assert!(count > 150_000, "{count}");
}

trait WithNano {
    fn with_nanosecond_checked(self, nano: u32) -> Self;
}
impl WithNano for DateTime<Utc> {
    fn with_nanosecond_checked(self, nano: u32) -> Self {
        chrono::Timelike::with_nanosecond(&self, nano).expect("nanosecond")
    }
}

#[test]
fn what_the_readers_accept_chrono_reads_the_same() {
    let dates = [
        "2026-12-03",
        "0001-01-01",
        "9999-12-31",
        "2024-02-29",
        "2026-02-28",
    ];
    let times = [
        "08:30:00",
        "23:59:59.999999999",
        "00:00:00.5",
        "12:05",
        "07:07:07.123",
    ];
    let moments = [
        "2026-12-03T08:30:00Z",
        "2026-12-03T08:30:00.123Z",
        "2026-12-03T08:30:00.123456Z",
        "2026-12-03T08:30:00.123456789Z",
        "2026-12-03T16:30:00+08:00",
        "2026-12-03T00:30:00-05:30",
        "1970-01-01T00:00:00Z",
    ];
    let checked = agrees_near(&dates, parse_date, chrono_date)
        + agrees_near(&times, parse_time, chrono_time)
        + agrees_near(&moments, parse_utc, chrono_utc);
    assert!(checked > 1_000_000, "{checked}");
}

#[test]
fn text_chrono_never_writes_is_refused() {
    for text in [
        "2026-12-3",
        "2026-13-01",
        "2026-02-30",
        "20261203",
        "+12026-12-03",
        " 2026-12-03",
    ] {
        assert_eq!(parse_date(text), None, "{text}");
    }
    for text in [
        "8:30",
        "24:00",
        "23:60",
        "23:59:60",
        "08:30:",
        "08:30:00.",
        "08:30:00.1234567890",
    ] {
        assert_eq!(parse_time(text), None, "{text}");
    }
    for text in [
        "2026-12-03 08:30:00Z",
        "2026-12-03T08:30Z",
        "2026-12-03T08:30:00",
        "2026-12-03T08:30:00+0800",
        "2026-12-03T08:30:00+08:60",
        "2026-12-03T08:30:00z",
        "",
    ] {
        assert_eq!(parse_utc(text), None, "{text}");
    }
}

#[derive(Debug, Deserialize)]
struct Sample {
    #[serde(deserialize_with = "date")]
    on: NaiveDate,
    #[serde(deserialize_with = "time")]
    start: NaiveTime,
    #[serde(deserialize_with = "utc")]
    at: DateTime<Utc>,
    #[serde(default, deserialize_with = "utc_or_none")]
    maybe: Option<DateTime<Utc>>,
}

#[test]
fn fields_read_as_derived_fields_did() {
    let read = |json: &str| crate::domain::json::from_json::<Sample>(json);
    let full = read(r#"{"on":"2026-12-03","start":"08:30:00","at":"2026-12-03T00:30:00.5Z","maybe":"2026-12-04T00:00:00Z"}"#)
        .expect("read");
    assert_eq!(full.on, NaiveDate::from_ymd_opt(2026, 12, 3).expect("date"));
    assert_eq!(full.start, NaiveTime::from_hms_opt(8, 30, 0).expect("time"));
    assert_eq!(full.at, chrono_utc("2026-12-03T00:30:00.5Z").expect("utc"));
    assert_eq!(full.maybe, chrono_utc("2026-12-04T00:00:00Z"));
    // An optional moment may be absent or null, as a derived `Option` field may.
    let absent = read(r#"{"on":"2026-12-03","start":"08:30:00","at":"2026-12-03T00:30:00Z"}"#)
        .expect("read");
    assert_eq!(absent.maybe, None);
    let null =
        read(r#"{"on":"2026-12-03","start":"08:30:00","at":"2026-12-03T00:30:00Z","maybe":null}"#)
            .expect("read");
    assert_eq!(null.maybe, None);
    // Bad text is an error naming what was expected, not a wrong value.
    let bad = read(r#"{"on":"2026-12-32","start":"08:30:00","at":"2026-12-03T00:30:00Z"}"#)
        .expect_err("refused");
    assert!(
        bad.to_string().contains("a date such as 2026-12-03"),
        "{bad}"
    );
    let not_text = read(r#"{"on":20261203,"start":"08:30:00","at":"2026-12-03T00:30:00Z"}"#)
        .expect_err("refused");
    assert!(not_text.to_string().contains("a date"), "{not_text}");
    assert!(
        read(r#"{"on":"2026-12-03","start":"08:30:00"}"#).is_err(),
        "a required moment"
    );
}
