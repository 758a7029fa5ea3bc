//! How the store reads a statistics period: the whole calendar months inside it come from
//! running totals kept per month, and only the days before and after them from the ledger's
//! lines. A period of "this year so far" on 15 March reads two months of totals and fifteen
//! days of lines, however long the ledger is.

use chrono::{Datelike, Days, NaiveDate};

use super::statistics::Period;

/// A period cut into whole months and the days at its edges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodParts {
    /// The first and last whole month ("YYYY-MM"), if the period holds one.
    pub whole_months: Option<(String, String)>,
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
    /// The whole months inside the period and the days left over at either end. Every day of
    /// the period is in exactly one part.
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
                PeriodParts {
                    whole_months: Some((month_key(first), month_key(last_day))),
                    edge_days,
                }
            }
            None => PeriodParts {
                whole_months: None,
                edge_days: vec![(self.from, self.to)],
            },
        }
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

    fn months(a: &str, b: &str) -> Option<(String, String)> {
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
        assert_eq!(year.whole_months, months("2023-01", "2023-12"));
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
        assert_eq!(inside.whole_months, None);
        assert_eq!(
            inside.edge_days,
            vec![(day("2024-05-03"), day("2024-05-30"))]
        );
        let across = parts("2024-05-03", "2024-06-10");
        assert_eq!(across.whole_months, None);
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
    fn every_day_of_any_period_is_in_exactly_one_part() {
        let start = day("2023-10-25");
        for from_offset in 0..70u64 {
            for length in 0..100u64 {
                let from = start + Days::new(from_offset);
                let to = from + Days::new(length);
                let p = Period { from, to }.parts();
                let mut d = from;
                while d <= to {
                    let in_months = p
                        .whole_months
                        .as_ref()
                        .is_some_and(|(a, b)| (a.as_str()..=b.as_str()).contains(&&*month_key(d)));
                    let in_edges = p
                        .edge_days
                        .iter()
                        .filter(|(a, b)| (*a..=*b).contains(&d))
                        .count();
                    assert_eq!(usize::from(in_months) + in_edges, 1, "{from} to {to}: {d}");
                    d = d + Days::new(1);
                }
                // Nothing outside the period is read.
                for (a, b) in &p.edge_days {
                    assert!(from <= *a && a <= b && *b <= to);
                }
                if let Some((a, b)) = &p.whole_months {
                    let first_day = day(&format!("{a}-01"));
                    let last_day = next_month_start(day(&format!("{b}-01")))
                        .and_then(|d| d.pred_opt())
                        .expect("a month's last day");
                    assert!(
                        from <= first_day && last_day <= to,
                        "{from} to {to}: {a}..{b}"
                    );
                }
            }
        }
    }
}
