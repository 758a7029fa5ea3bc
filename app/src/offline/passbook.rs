//! The passbook as the phone shows it: the server's last copy (verified, pending, rejected lines
//! with the cumulative verified time) merged with what is still only on this phone. Plain logic,
//! so it is tested without a browser.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use super::lines::{LocalLine, LocalState};
use crate::domain::clock::hh_mm;
use crate::domain::help_return::{ReturnNote, ReturnNoteKind};
use crate::domain::ledger::{LineKind, LineState, Passbook};
use crate::domain::points::Points;
use crate::domain::record::{duration, RecordFlag};
use crate::domain::Minutes;

/// Where a line of the passbook stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowState {
    /// Only on this phone so far.
    Waiting,
    /// On the server, waiting for staff.
    Pending,
    Verified {
        points: Points,
    },
    Rejected {
        reason: String,
    },
    /// Refused by a rule when it arrived; the reason is the server's typed error as JSON.
    Refused(String),
    /// Never applied (malformed); kept on the phone to export.
    Quarantined(String),
}

/// One printed line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassbookLine {
    pub id: String,
    /// YYYY-MM-DD
    pub date: String,
    /// HH:MM
    pub start: String,
    pub end: String,
    pub place: String,
    pub content: String,
    pub category: String,
    /// Negative for a reversal.
    pub minutes: Minutes,
    /// "name phone", or empty.
    pub witness: String,
    /// The witness signed on the spot (见证人现场签名确认).
    #[serde(default)]
    pub witness_signed: bool,
    pub state: RowState,
    /// Verified time of this line and all before it (known for the server's lines only).
    pub cumulative: Option<Minutes>,
    /// For a reversal: the line it corrects, and why.
    pub reverses: Option<(String, String)>,
    /// The server found another line of that day overlapping this one.
    pub likely_duplicate: bool,
    /// 回报: a depositor's request paid for this service (who, how long, given back since).
    #[serde(default)]
    pub paid_by: Option<(String, Minutes, bool)>,
}

impl PassbookLine {
    /// YYYY-MM, the month filter's value.
    pub fn month(&self) -> &str {
        self.date.get(..7).unwrap_or("")
    }
}

/// The passbook and its totals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassbookView {
    /// Newest first: lines only on this phone, then the server's by date.
    pub lines: Vec<PassbookLine>,
    pub verified: Minutes,
    /// Not decided yet, including lines still waiting on this phone.
    pub pending: Minutes,
    pub earned: Points,
    pub spent: Points,
    pub balance: Points,
    /// 回报: what the person's requests hold back or paid.
    pub returns: Vec<ReturnNote>,
}

/// Merges the server's copy (if the phone has one yet) with the phone's own service lines; a
/// line the server's copy already holds is shown once, as the server has it.
pub fn passbook_view(server: Option<&Passbook>, local: &[LocalLine]) -> PassbookView {
    let mut view = PassbookView::default();
    let known: std::collections::HashSet<&str> = server
        .map(|b| b.rows.iter().map(|r| r.line.id.as_str()).collect())
        .unwrap_or_default();
    for line in local
        .iter()
        .filter(|l| l.kind == "service" && !known.contains(l.id.as_str()))
    {
        let Some(record) = &line.record else { continue };
        let minutes = match (time(&record.start), time(&record.end)) {
            (Some(start), Some(end)) => duration(start, end).unwrap_or_default(),
            _ => Minutes(0),
        };
        let state = match &line.state {
            LocalState::Waiting => RowState::Waiting,
            LocalState::Synced => RowState::Pending,
            LocalState::Refused(reason) => RowState::Refused(reason.clone()),
            LocalState::Quarantined(reason) => RowState::Quarantined(reason.clone()),
        };
        if matches!(state, RowState::Waiting | RowState::Pending) {
            view.pending = view.pending + minutes;
        }
        let witness = format!(
            "{} {}",
            record.witness_name.trim(),
            record.witness_phone.trim()
        );
        view.lines.push(PassbookLine {
            id: line.id.clone(),
            date: record.date.clone(),
            start: record.start.clone(),
            end: record.end.clone(),
            place: record.place.clone(),
            content: record.content.clone(),
            category: record.category.clone(),
            minutes,
            witness: witness.trim().to_string(),
            witness_signed: !record.witness_signature.trim().is_empty(),
            state,
            cumulative: None,
            reverses: None,
            likely_duplicate: false,
            paid_by: None,
        });
    }
    if let Some(book) = server {
        view.verified = book.verified;
        view.pending = view.pending + book.pending;
        view.earned = book.earned;
        view.spent = book.spent;
        view.lines.extend(book.rows.iter().rev().map(|row| {
            let entry = &row.line.entry;
            PassbookLine {
                id: row.line.id.to_string(),
                date: entry.date.to_string(),
                start: hh_mm(&entry.start),
                end: hh_mm(&entry.end),
                place: entry.place.as_str().to_string(),
                content: entry.content.as_str().to_string(),
                category: entry.category.clone(),
                minutes: row.line.minutes,
                witness: entry.witness.text(),
                witness_signed: entry.witness.signed(),
                state: match &row.state {
                    LineState::Pending => RowState::Pending,
                    LineState::Verified { points, .. } => RowState::Verified { points: *points },
                    LineState::Rejected { reason, .. } => RowState::Rejected {
                        reason: reason.clone(),
                    },
                },
                // Only a verified line has counted: a pending or rejected one shows no total.
                cumulative: matches!(row.state, LineState::Verified { .. })
                    .then_some(row.cumulative),
                reverses: match &row.line.kind {
                    LineKind::Reversal { of, reason } => Some((of.to_string(), reason.clone())),
                    LineKind::Service => None,
                },
                likely_duplicate: row.line.flags.contains(&RecordFlag::LikelyDuplicate),
                paid_by: book
                    .returns
                    .iter()
                    .find(|n| {
                        n.kind == ReturnNoteKind::Helped
                            && n.line.as_deref() == Some(row.line.id.as_str())
                    })
                    .map(|n| (n.other.clone(), n.minutes, n.refunded)),
            }
        }));
        view.returns = book
            .returns
            .iter()
            .filter(|n| n.kind != ReturnNoteKind::Helped)
            .cloned()
            .collect();
    }
    view.balance = view.earned - view.spent;
    view
}

fn time(text: &str) -> Option<NaiveTime> {
    crate::domain::clock::parse_hh_mm(text.trim())
}

/// What the person chose to see: one category and/or one month ("" for all).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PassbookFilter {
    pub category: String,
    /// YYYY-MM
    pub month: String,
}

impl PassbookFilter {
    pub fn keeps(&self, line: &PassbookLine) -> bool {
        (self.category.is_empty() || line.category == self.category)
            && (self.month.is_empty() || line.month() == self.month)
    }
}

/// The months the passbook has lines in, newest first (the month filter's choices).
pub fn months(view: &PassbookView) -> Vec<String> {
    let mut months: Vec<String> = view.lines.iter().map(|l| l.month().to_string()).collect();
    months.sort_unstable_by(|a, b| b.cmp(a));
    months.dedup();
    months.retain(|m| !m.is_empty());
    months
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::domain::ids::{CommunityId, PersonId, RecordId};
    use crate::domain::ledger::LedgerLine;
    use crate::domain::record::{RecordInput, ServiceEntry};

    fn input(date: &str, start: &str, end: &str, category: &str) -> RecordInput {
        RecordInput {
            date: date.into(),
            start: start.into(),
            end: end.into(),
            place: "社区服务站".into(),
            content: "陪老人聊天".into(),
            category: category.into(),
            witness_name: "马桂兰".into(),
            witness_phone: "13900001111".into(),
            ..RecordInput::default()
        }
    }

    fn server_line(id: &str, date: &str, start: &str, end: &str) -> LedgerLine {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
        let (entry, flags) = ServiceEntry::parse(
            &input(date, start, end, "eldercare"),
            &["eldercare", "repair"],
            today,
        )
        .expect("valid");
        LedgerLine {
            id: RecordId::new(id),
            volunteer: PersonId::new("me"),
            community: CommunityId::new("c"),
            kind: LineKind::Service,
            minutes: entry.minutes,
            entry,
            accepted_at: Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0).unwrap(),
            flags,
        }
    }

    fn verified() -> LineState {
        LineState::Verified {
            by: PersonId::new("staff"),
            at: Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap(),
            points: Points(100),
        }
    }

    fn local(id: &str, state: LocalState, record: RecordInput) -> LocalLine {
        LocalLine {
            id: id.into(),
            kind: "service".into(),
            record: Some(record),
            body: None,
            state,
            change: None,
            seq: None,
        }
    }

    #[test]
    fn phone_lines_come_first_then_the_server_copy_newest_first_with_cumulative_time() {
        let book = Passbook::build(
            vec![
                (server_line("a", "2026-10-02", "09:00", "10:00"), verified()),
                (server_line("b", "2026-11-03", "09:00", "11:00"), verified()),
                (
                    server_line("c", "2026-11-20", "14:00", "14:30"),
                    LineState::Pending,
                ),
            ],
            &[],
        );
        let phone = vec![
            local(
                "w",
                LocalState::Waiting,
                input("2026-11-27", "08:00", "09:30", "repair"),
            ),
            // Synced since the server copy was taken: pending, counted once.
            local(
                "s",
                LocalState::Synced,
                input("2026-11-26", "08:00", "08:30", "repair"),
            ),
            // Already in the server copy: shown once, as the server has it.
            local(
                "b",
                LocalState::Synced,
                input("2026-11-03", "09:00", "11:00", "eldercare"),
            ),
        ];
        let view = passbook_view(Some(&book), &phone);
        let ids: Vec<&str> = view.lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["w", "s", "c", "b", "a"]);
        assert_eq!(view.lines[0].state, RowState::Waiting);
        assert_eq!(view.lines[0].minutes, Minutes(90));
        assert_eq!(view.lines[0].cumulative, None);
        assert_eq!(
            view.lines[2].cumulative, None,
            "a pending line has not counted yet"
        );
        assert_eq!(view.lines[3].cumulative, Some(Minutes(180)));
        assert_eq!(view.lines[4].cumulative, Some(Minutes(60)));
        assert_eq!(view.verified, Minutes(180));
        assert_eq!(view.pending, Minutes(90 + 30 + 30));
        assert_eq!(view.balance, Points(200));
        assert_eq!(view.lines[3].witness, "马桂兰 13900001111");
    }

    #[test]
    fn a_reversal_shows_beside_its_line_with_the_reason_and_takes_its_time_back() {
        let original = server_line("a", "2026-11-02", "09:00", "11:00");
        let mut reversal = original.clone();
        reversal.id = RecordId::new("r");
        reversal.minutes = Minutes(-120);
        reversal.entry.date = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        reversal.kind = LineKind::Reversal {
            of: RecordId::new("a"),
            reason: "重复登记".into(),
        };
        let book = Passbook::build(
            vec![
                (original, verified()),
                (
                    reversal,
                    LineState::Verified {
                        by: PersonId::new("staff"),
                        at: Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap(),
                        points: Points(-100),
                    },
                ),
            ],
            &[],
        );
        let view = passbook_view(Some(&book), &[]);
        assert_eq!(view.lines.len(), 2, "both lines stay");
        assert_eq!(
            view.lines[0].reverses,
            Some(("a".to_string(), "重复登记".to_string()))
        );
        assert_eq!(view.lines[0].cumulative, Some(Minutes(0)));
        assert_eq!(view.verified, Minutes(0));
        assert_eq!(view.balance, Points(0));
    }

    #[test]
    fn filters_keep_one_category_and_one_month() {
        let phone = vec![
            local(
                "1",
                LocalState::Waiting,
                input("2026-11-27", "08:00", "09:00", "repair"),
            ),
            local(
                "2",
                LocalState::Waiting,
                input("2026-10-27", "08:00", "09:00", "repair"),
            ),
            local(
                "3",
                LocalState::Waiting,
                input("2026-11-01", "08:00", "09:00", "eldercare"),
            ),
        ];
        let view = passbook_view(None, &phone);
        assert_eq!(months(&view), ["2026-11", "2026-10"]);
        let filter = PassbookFilter {
            category: "repair".into(),
            month: "2026-11".into(),
        };
        let kept: Vec<&str> = view
            .lines
            .iter()
            .filter(|l| filter.keeps(l))
            .map(|l| l.id.as_str())
            .collect();
        assert_eq!(kept, ["1"]);
        assert_eq!(
            view.lines
                .iter()
                .filter(|l| PassbookFilter::default().keeps(l))
                .count(),
            3
        );
    }
}
