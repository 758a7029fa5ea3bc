//! How the store reads a statistics period: the whole calendar years inside it come from
//! running totals kept per year, the other whole months from totals kept per month, and only the
//! days before and after them from the ledger's lines. "This year so far" on 15 March reads two
//! months of totals and fifteen days of lines; ten years read ten years of totals, however long
//! the ledger is.

use chrono::{Datelike, Days, NaiveDate};

use super::statistics::Period;

/// A first and last month ("YYYY-MM") or year ("YYYY"), both included.
pub type Run = (String, String);

/// A period cut into whole years, whole months and the days at its edges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodParts {
    /// The first and last whole year ("YYYY"), if the period holds one.
    pub whole_years: Option<Run>,
    /// The whole months outside those years, as runs of first and last month ("YYYY-MM"), in
    /// order (at most two).
    pub whole_months: Vec<Run>,
    /// The days outside those months, as runs of first and last day, in order (at most two).
    pub edge_days: Vec<(NaiveDate, NaiveDate)>,
}

fn month_key(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

fn next_month_start(day: NaiveDate) -> Option<NaiveDate> {
    let (y, m) = if day.month() == 12 {
        (day.year() + 1, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
}

impl Period {
    /// The whole years inside the period, the whole months left over, and the days left over at
    /// either end. Every day of the period is in exactly one part.
    pub fn parts(&self) -> PeriodParts {
        let whole = |from: NaiveDate, to: NaiveDate| -> Option<(NaiveDate, NaiveDate)> {
            // The first day of the first whole month, and the day after the last one.
            let first = if from.day() == 1 {
                from
            } else {
                next_month_start(from)?
            };
            let after = match to.checked_add_days(Days::new(1)) {
                Some(next) if next.day() == 1 => next,
                _ => month_start(to),
            };
            (first < after).then_some((first, after))
        };
        match whole(self.from, self.to) {
            Some((first, after)) => {
                let last_day = after.pred_opt().unwrap_or(after);
                let mut edge_days = Vec::new();
                if self.from < first {
                    edge_days.push((self.from, first.pred_opt().unwrap_or(first)));
                }
                if after <= self.to {
                    edge_days.push((after, self.to));
                }
                let (whole_years, whole_months) = years_in(first, after, last_day);
                PeriodParts {
                    whole_years,
                    whole_months,
                    edge_days,
                }
            }
            None => PeriodParts {
                whole_years: None,
                whole_months: Vec::new(),
                edge_days: vec![(self.from, self.to)],
            },
        }
    }
}

/// The whole years among the whole months from `first` to the day before `after`, and the runs
/// of months left over.
fn years_in(first: NaiveDate, after: NaiveDate, last_day: NaiveDate) -> (Option<Run>, Vec<Run>) {
    let january = |year: i32| NaiveDate::from_ymd_opt(year, 1, 1);
    let first_year = match first.month() {
        1 => Some(first),
        _ => january(first.year() + 1),
    };
    let after_year = january(after.year());
    match (first_year, after_year) {
        (Some(fy), Some(ay)) if fy < ay => {
            let mut months = Vec::new();
            if first < fy {
                let before = fy.pred_opt().unwrap_or(fy);
                months.push((month_key(first), month_key(before)));
            }
            if ay < after {
                months.push((month_key(ay), month_key(last_day)));
            }
            let years = (format!("{:04}", fy.year()), format!("{:04}", ay.year() - 1));
            (Some(years), months)
        }
        _ => (None, vec![(month_key(first), month_key(last_day))]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
    }

    fn parts(from: &str, to: &str) -> PeriodParts {
        Period {
            from: day(from),
            to: day(to),
        }
        .parts()
    }

    fn months(a: &str, b: &str) -> Vec<(String, String)> {
        vec![(a.to_string(), b.to_string())]
    }

    fn years(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.to_string(), b.to_string()))
    }

    #[test]
    fn this_year_so_far_reads_the_past_months_whole_and_this_months_days() {
        let p = parts("2026-01-01", "2026-03-15");
        assert_eq!(p.whole_months, months("2026-01", "2026-02"));
        assert_eq!(p.edge_days, vec![(day("2026-03-01"), day("2026-03-15"))]);
    }

    #[test]
    fn a_period_of_whole_months_has_no_edge_days() {
        let p = parts("2024-02-01", "2024-02-29");
        assert_eq!(p.whole_months, months("2024-02", "2024-02"));
        assert!(p.edge_days.is_empty());
        let year = parts("2023-01-01", "2023-12-31");
        assert_eq!(year.whole_years, years("2023", "2023"));
        assert!(year.whole_months.is_empty());
        assert!(year.edge_days.is_empty());
    }

    #[test]
    fn days_on_both_sides_of_the_whole_months_are_read_from_the_lines() {
        let p = parts("2023-11-20", "2024-02-03");
        assert_eq!(p.whole_months, months("2023-12", "2024-01"));
        assert_eq!(
            p.edge_days,
            vec![
                (day("2023-11-20"), day("2023-11-30")),
                (day("2024-02-01"), day("2024-02-03"))
            ]
        );
    }

    #[test]
    fn a_period_inside_one_month_or_across_two_partial_ones_is_all_days() {
        let inside = parts("2024-05-03", "2024-05-30");
        assert!(inside.whole_months.is_empty());
        assert_eq!(
            inside.edge_days,
            vec![(day("2024-05-03"), day("2024-05-30"))]
        );
        let across = parts("2024-05-03", "2024-06-10");
        assert!(across.whole_months.is_empty());
        assert_eq!(
            across.edge_days,
            vec![(day("2024-05-03"), day("2024-06-10"))]
        );
        let one_day = parts("2024-12-31", "2024-12-31");
        assert_eq!(
            one_day.edge_days,
            vec![(day("2024-12-31"), day("2024-12-31"))]
        );
    }

    #[test]
    fn ten_years_read_whole_years_and_the_months_and_days_around_them() {
        let p = parts("2016-11-20", "2026-03-15");
        assert_eq!(p.whole_years, years("2017", "2025"));
        assert_eq!(
            p.whole_months,
            vec![
                ("2016-12".to_string(), "2016-12".to_string()),
                ("2026-01".to_string(), "2026-02".to_string())
            ]
        );
        assert_eq!(
            p.edge_days,
            vec![
                (day("2016-11-20"), day("2016-11-30")),
                (day("2026-03-01"), day("2026-03-15"))
            ]
        );
    }

    #[test]
    fn every_day_of_any_period_is_in_exactly_one_part() {
        let start = day("2022-10-25");
        for from_offset in (0..500u64).step_by(7) {
            for length in (0..900u64).step_by(11) {
                let from = start + Days::new(from_offset);
                let to = from + Days::new(length);
                let p = Period { from, to }.parts();
                let mut d = from;
                while d <= to {
                    let key = month_key(d);
                    let year = format!("{:04}", d.year());
                    let in_years = p
                        .whole_years
                        .as_ref()
                        .is_some_and(|(a, b)| (a.as_str()..=b.as_str()).contains(&year.as_str()));
                    let in_months = p
                        .whole_months
                        .iter()
                        .filter(|(a, b)| (a.as_str()..=b.as_str()).contains(&key.as_str()))
                        .count();
                    let in_edges = p
                        .edge_days
                        .iter()
                        .filter(|(a, b)| (*a..=*b).contains(&d))
                        .count();
                    assert_eq!(
                        usize::from(in_years) + in_months + in_edges,
                        1,
                        "{from} to {to}: {d}"
                    );
                    d = d + Days::new(1);
                }
                // Nothing outside the period is read.
                for (a, b) in &p.edge_days {
                    assert!(from <= *a && a <= b && *b <= to);
                }
                for (a, b) in &p.whole_months {
                    let first_day = day(&format!("{a}-01"));
                    let last_day = next_month_start(day(&format!("{b}-01")))
                        .and_then(|d| d.pred_opt())
                        .expect("a month's last day");
                    assert!(
                        from <= first_day && last_day <= to,
                        "{from} to {to}: {a}..{b}"
                    );
                }
                if let Some((a, b)) = &p.whole_years {
                    let (first_day, last_day) =
                        (day(&format!("{a}-01-01")), day(&format!("{b}-12-31")));
                    assert!(
                        from <= first_day && last_day <= to,
                        "{from} to {to}: {a}..{b}"
                    );
                }
            }
        }
    }
}
