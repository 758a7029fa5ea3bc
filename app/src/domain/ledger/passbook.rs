//! The passbook as the paper one prints it: lines in service order with the cumulative verified
//! time, the totals derived from them, and the overlaps staff compare before deciding.

use serde::{Deserialize, Serialize};

use super::{LedgerLine, LineKind, LineState, Redemption, RedemptionState};
use crate::domain::ids::{PersonId, RecordId};
use crate::domain::points::Points;
use crate::domain::Minutes;

/// One row of the passbook, as the paper one prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassbookRow {
    pub line: LedgerLine,
    pub state: LineState,
    /// Verified minutes of this line and all before it (累计服务时长).
    pub cumulative: Minutes,
}

/// A pending line in the verification queue, with what staff need beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub volunteer_name: String,
    /// Who the service was for, in words: the household's head, the wish, or the name given.
    pub beneficiary: String,
    pub row: PassbookRow,
}

/// A volunteer's passbook. Every total is derived from the lines and redemptions given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passbook {
    /// Oldest first (the order the cumulative duration runs in).
    pub rows: Vec<PassbookRow>,
    pub verified: Minutes,
    pub pending: Minutes,
    pub earned: Points,
    /// Requested and approved redemptions.
    pub spent: Points,
    /// Every redemption request, newest first (refused ones too, with their reason).
    #[serde(default)]
    pub redemptions: Vec<Redemption>,
    /// 回报: hours the person's requests hold back or paid, and their lines a request paid for.
    #[serde(default)]
    pub returns: Vec<crate::domain::help_return::ReturnNote>,
}

impl Passbook {
    /// Orders the lines (service date, start, then acceptance) and derives every total.
    pub fn build(mut lines: Vec<(LedgerLine, LineState)>, redemptions: &[Redemption]) -> Passbook {
        lines.sort_by(|(a, _), (b, _)| {
            (a.entry.date, a.entry.start, a.accepted_at, &a.id).cmp(&(
                b.entry.date,
                b.entry.start,
                b.accepted_at,
                &b.id,
            ))
        });
        let mut cumulative = Minutes(0);
        let mut book = Passbook::default();
        for (line, state) in lines {
            match &state {
                LineState::Verified { points, .. } => {
                    cumulative = cumulative + line.minutes;
                    book.earned = book.earned + *points;
                }
                LineState::Pending => book.pending = book.pending + line.minutes,
                LineState::Rejected { .. } => {}
            }
            book.rows.push(PassbookRow {
                line,
                state,
                cumulative,
            });
        }
        book.verified = cumulative;
        book.spent = redemptions
            .iter()
            .filter(|r| !matches!(r.state, RedemptionState::Refused { .. }))
            .map(|r| r.points)
            .sum();
        let mut redemptions = redemptions.to_vec();
        redemptions.sort_by(|a, b| (b.at, &b.id).cmp(&(a.at, &a.id)));
        book.redemptions = redemptions;
        book
    }

    /// Points that can still be spent.
    pub fn balance(&self) -> Points {
        self.earned - self.spent
    }
}

/// Pending lines staff should compare before deciding: two lines of the same volunteer on the
/// same day whose times overlap (the same service logged twice, from two phones say). Returns
/// the ids of every line that overlaps another.
pub fn likely_duplicates<'a>(lines: impl IntoIterator<Item = &'a LedgerLine>) -> Vec<RecordId> {
    use std::collections::BTreeMap;
    let mut by_day: BTreeMap<(&PersonId, chrono::NaiveDate), Vec<&LedgerLine>> = BTreeMap::new();
    for line in lines {
        if matches!(line.kind, LineKind::Service) {
            by_day
                .entry((&line.volunteer, line.entry.date))
                .or_default()
                .push(line);
        }
    }
    let mut found = Vec::new();
    for day in by_day.values_mut() {
        day.sort_by_key(|l| (l.entry.start, l.entry.end));
        for (i, line) in day.iter().enumerate() {
            let overlaps = day.iter().enumerate().any(|(j, other)| {
                i != j && line.entry.start < other.entry.end && other.entry.start < line.entry.end
            });
            if overlaps {
                found.push(line.id.clone());
            }
        }
    }
    found
}

/// The first of `others` (lines of the same volunteer on the same day, pending or verified)
/// whose times overlap `start..end`: what a new line likely duplicates.
pub fn first_overlap<'a, I>(
    start: chrono::NaiveTime,
    end: chrono::NaiveTime,
    others: impl IntoIterator<Item = (&'a I, chrono::NaiveTime, chrono::NaiveTime)>,
) -> Option<&'a I> {
    others
        .into_iter()
        .find(|(_, other_start, other_end)| start < *other_end && *other_start < end)
        .map(|(id, _, _)| id)
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::domain::ids::CommunityId;
    use crate::domain::record::{RecordInput, ServiceEntry};

    fn line(id: &str, volunteer: &str, date: &str, start: &str, end: &str) -> LedgerLine {
        let input = RecordInput {
            date: date.into(),
            start: start.into(),
            end: end.into(),
            place: "社区服务站".into(),
            content: "整理图书角".into(),
            category: "education".into(),
            ..RecordInput::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
        let (entry, flags) = ServiceEntry::parse(&input, &["education"], today).expect("valid");
        LedgerLine {
            id: RecordId::new(id),
            volunteer: PersonId::new(volunteer),
            community: CommunityId::new("c"),
            kind: LineKind::Service,
            minutes: entry.minutes,
            entry,
            accepted_at: Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0).unwrap(),
            flags,
        }
    }

    #[test]
    fn a_new_line_duplicates_the_first_line_it_overlaps_and_touching_is_not_overlapping() {
        let t = |s: &str| chrono::NaiveTime::parse_from_str(s, "%H:%M").expect("time");
        let day = [
            ("a".to_string(), t("08:00"), t("09:00")),
            ("b".to_string(), t("09:00"), t("11:00")),
        ];
        let others = || day.iter().map(|(id, s, e)| (id, *s, *e));
        assert_eq!(
            first_overlap(t("10:00"), t("12:00"), others()),
            Some(&day[1].0)
        );
        assert_eq!(first_overlap(t("11:00"), t("12:00"), others()), None);
        assert_eq!(first_overlap(t("07:00"), t("08:00"), others()), None);
        assert_eq!(
            first_overlap(t("07:00"), t("12:00"), others()),
            Some(&day[0].0)
        );
    }

    #[test]
    fn overlapping_lines_of_one_volunteer_on_one_day_are_likely_duplicates() {
        let lines = [
            line("a", "wang", "2026-11-27", "09:00", "10:00"),
            line("b", "wang", "2026-11-27", "09:30", "11:00"),
            // Back to back is not an overlap.
            line("c", "wang", "2026-11-27", "11:00", "12:00"),
            // Same times, other volunteer or other day: not the same service.
            line("d", "li", "2026-11-27", "09:00", "10:00"),
            line("e", "wang", "2026-11-26", "09:00", "10:00"),
        ];
        let found = likely_duplicates(&lines);
        assert_eq!(found, [RecordId::new("a"), RecordId::new("b")]);
    }

    #[test]
    fn redemptions_are_listed_newest_first_and_refused_ones_cost_nothing() {
        let at = |h| Utc.with_ymd_and_hms(2026, 11, 28, h, 0, 0).unwrap();
        let redemption = |id: &str, h, state| Redemption {
            id: id.into(),
            volunteer: PersonId::new("wang"),
            points: Points(300),
            item: "毛巾".into(),
            at: at(h),
            state,
        };
        let book = Passbook::build(
            Vec::new(),
            &[
                redemption("old", 1, RedemptionState::Approved),
                redemption("new", 3, RedemptionState::Requested),
                redemption(
                    "no",
                    2,
                    RedemptionState::Refused {
                        reason: "库存不足".into(),
                    },
                ),
            ],
        );
        let ids: Vec<&str> = book.redemptions.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["new", "no", "old"]);
        assert_eq!(book.spent, Points(600));
    }
}
