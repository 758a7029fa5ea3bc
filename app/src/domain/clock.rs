use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Timelike, Utc};

/// China Standard Time, UTC+8, all year (no daylight saving): the Love Bank's calendar. A
/// service's "today" is the date in the sub-district, whatever the server's own time zone.
pub fn china_today(now: DateTime<Utc>) -> NaiveDate {
    let offset =
        FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"));
    now.with_timezone(&offset).date_naive()
}

/// "14:05", the time of day in China of `at`.
pub fn china_clock(at: DateTime<Utc>) -> String {
    let offset =
        FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"));
    hh_mm(&at.with_timezone(&offset))
}

// Dates and times are written out by hand rather than with chrono's `format("%H:%M")`: its
// format strings are parsed at run time, and that parser and printer were part of every phone's
// first download for four patterns. Each function prints what the pattern in its name printed.

/// "09:05" (`%H:%M`).
pub fn hh_mm(t: &impl Timelike) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// A time of day typed as `%H:%M` ("9:05", "09:05", " 9: 5"), read exactly as chrono's
/// `NaiveTime::parse_from_str(text, "%H:%M")` reads it (the tests compare the two on every string
/// of up to five characters from an alphabet of digits, separators, spaces and look-alikes): white
/// space may come before each number, each number is one or two ASCII digits, nothing may follow.
/// Written out because chrono's pattern parser was in every phone's first download for this alone.
pub fn parse_hh_mm(text: &str) -> Option<NaiveTime> {
    fn up_to_two_digits(s: &str) -> Option<(u32, &str)> {
        let s = s.trim_start();
        let digits = s.bytes().take(2).take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let value = s.as_bytes()[..digits]
            .iter()
            .fold(0, |n, b| n * 10 + u32::from(b - b'0'));
        Some((value, &s[digits..]))
    }
    let (hour, rest) = up_to_two_digits(text)?;
    let (minute, rest) = up_to_two_digits(rest.strip_prefix(':')?)?;
    if !rest.is_empty() {
        return None;
    }
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// "11-28" (`%m-%d`).
pub fn mm_dd(d: &impl Datelike) -> String {
    format!("{:02}-{:02}", d.month(), d.day())
}

/// "2026年01月05日" (`%Y年%m月%d日`), the date on printed documents.
pub fn chinese_date(d: &impl Datelike) -> String {
    format!("{:04}年{:02}月{:02}日", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// Every string of up to five characters from digits, ':', white space (ASCII and the
    /// ideographic space a Chinese keyboard types), signs, a letter and a full-width digit: the
    /// hand-written reader accepts what chrono's `%H:%M` accepts, with the same time, and refuses
    /// the rest.
    #[test]
    fn a_typed_time_reads_as_chronos_pattern_reads_it() {
        const ALPHABET: [char; 13] = [
            '0', '1', '2', '5', '9', ':', ' ', '\t', '\u{3000}', '+', '-', 'a', '\u{ff19}',
        ];
        fn each(text: &mut String, left: usize, compared: &mut u32) {
            assert_eq!(
                parse_hh_mm(text),
                NaiveTime::parse_from_str(text, "%H:%M").ok(),
                "{text:?}"
            );
            *compared += 1;
            if left == 0 {
                return;
            }
            for c in ALPHABET {
                text.push(c);
                each(text, left - 1, compared);
                text.pop();
            }
        }
        let mut compared = 0;
        each(&mut String::new(), 5, &mut compared);
        assert_eq!(compared, 402_234);
        for h in 0..=99 {
            for m in 0..=99 {
                let text = format!("{h:02}:{m:02}");
                assert_eq!(
                    parse_hh_mm(&text),
                    NaiveTime::parse_from_str(&text, "%H:%M").ok(),
                    "{text:?}"
                );
            }
        }
        assert_eq!(parse_hh_mm("23:59"), NaiveTime::from_hms_opt(23, 59, 0));
        assert_eq!(parse_hh_mm("24:00"), None);
    }

    /// The hand-written forms print exactly what chrono's patterns print.
    #[test]
    fn written_out_dates_match_chronos_patterns() {
        for (h, m) in [(0, 0), (9, 5), (12, 30), (23, 59)] {
            let t = NaiveTime::from_hms_opt(h, m, 7).expect("time");
            assert_eq!(hh_mm(&t), t.format("%H:%M").to_string());
        }
        for (y, mo, d) in [(2026, 1, 5), (2026, 12, 31), (999, 3, 9)] {
            let day = NaiveDate::from_ymd_opt(y, mo, d).expect("date");
            assert_eq!(mm_dd(&day), day.format("%m-%d").to_string());
            assert_eq!(chinese_date(&day), day.format("%Y年%m月%d日").to_string());
        }
        let at = Utc
            .with_ymd_and_hms(2026, 11, 28, 17, 4, 0)
            .single()
            .expect("time");
        assert_eq!(china_clock(at), "01:04");
    }

    #[test]
    fn late_evening_utc_is_already_tomorrow_in_china() {
        let t = Utc
            .with_ymd_and_hms(2026, 11, 28, 17, 0, 0)
            .single()
            .expect("time");
        assert_eq!(
            china_today(t),
            NaiveDate::from_ymd_opt(2026, 11, 29).expect("date")
        );
        let t = Utc
            .with_ymd_and_hms(2026, 11, 28, 15, 59, 0)
            .single()
            .expect("time");
        assert_eq!(
            china_today(t),
            NaiveDate::from_ymd_opt(2026, 11, 28).expect("date")
        );
        assert_eq!(china_clock(t), "23:59");
    }
}
