use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

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
    at.with_timezone(&offset).format("%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

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
