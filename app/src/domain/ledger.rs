//! The ledger rules: who may decide on a line, what a reversal is, how the passbook and the points
//! balance are derived. Pure functions over facts; the server's stores call them, and
//! [`super::memory_ledger::MemoryLedger`] is the reference model the property tests run against.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{CommunityId, PersonId, RecordId};
use super::person::Actor;
use super::points::Points;
use super::record::{RecordFlag, ServiceEntry};
use super::{Lang, Minutes};

/// A service line, or the reversal of one (a correction: same size, opposite sign).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LineKind {
    Service,
    Reversal {
        of: RecordId,
        /// Why staff corrected the line, shown to the volunteer beside it.
        #[serde(default)]
        reason: String,
    },
}

/// A line as accepted: immutable from then on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub id: RecordId,
    pub volunteer: PersonId,
    pub community: CommunityId,
    pub kind: LineKind,
    pub entry: ServiceEntry,
    /// Signed: negative for a reversal.
    pub minutes: Minutes,
    /// Server time of acceptance.
    pub accepted_at: DateTime<Utc>,
    /// What staff should check before deciding (odd date, no witness), fixed on acceptance.
    pub flags: Vec<RecordFlag>,
}

/// What became of a line, as decided by staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LineState {
    Pending,
    Verified {
        by: PersonId,
        at: DateTime<Utc>,
        /// Fixed when verified (negative for a reversal): later rule changes do not touch it.
        points: Points,
    },
    Rejected {
        by: PersonId,
        at: DateTime<Utc>,
        reason: String,
    },
}

impl LineState {
    pub fn is_verified(&self) -> bool {
        matches!(self, LineState::Verified { .. })
    }
}

/// A request to spend points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redemption {
    pub id: String,
    pub volunteer: PersonId,
    pub points: Points,
    pub item: String,
    pub at: DateTime<Utc>,
    pub state: RedemptionState,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RedemptionState {
    /// Waiting for staff; its points are already reserved so they cannot be spent twice.
    Requested,
    Approved,
    Refused {
        reason: String,
    },
}

/// Why the ledger refused an action. Every variant has a sentence for the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum LedgerError {
    #[error("a volunteer cannot verify their own line")]
    OwnLine,
    #[error("the line belongs to another community")]
    OtherCommunity,
    #[error("only staff and the admin decide on lines")]
    NotStaff,
    #[error("the line was already decided")]
    AlreadyDecided,
    #[error("only a verified line can be reversed")]
    NotVerified,
    #[error("the line was already reversed")]
    AlreadyReversed,
    #[error("a reversal cannot be reversed")]
    ReversalOfReversal,
    #[error("balance {balance:?} is below {cost:?}")]
    InsufficientPoints { balance: Points, cost: Points },
    #[error("a redemption must cost at least 0.01 points")]
    NothingToRedeem,
    #[error("no such line")]
    UnknownLine,
    #[error("whoever entered a line does not verify it")]
    EnteredBySelf,
    #[error("opened the account or set its password in the last {days} days")]
    AccountCustody { days: i64 },
    #[error("overlaps a verified line {start}-{end} of the same day")]
    OverlapsVerified { start: String, end: String },
    #[error("the day already holds {verified:?} of verified service")]
    DayFull { verified: Minutes },
    #[error("staff do not approve their own redemption")]
    OwnRedemption,
    #[error("a large redemption needs a second person")]
    SecondApproverNeeded,
}

impl LedgerError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            LedgerError::OwnLine => lang
                .pick(
                    "不能审核自己的服务记录。",
                    "You cannot verify your own service record.",
                )
                .into(),
            LedgerError::OtherCommunity => lang
                .pick(
                    "这条记录属于其他社区，您无权处理。",
                    "This record belongs to another community.",
                )
                .into(),
            LedgerError::NotStaff => lang
                .pick(
                    "只有社区工作人员和街道管理员可以审核。",
                    "Only community staff and the admin can decide on records.",
                )
                .into(),
            LedgerError::AlreadyDecided => lang
                .pick("这条记录已经审核过了。", "This record was already decided.")
                .into(),
            LedgerError::NotVerified => lang
                .pick(
                    "只有已核实的记录才能冲正。",
                    "Only a verified record can be reversed.",
                )
                .into(),
            LedgerError::AlreadyReversed => lang
                .pick(
                    "这条记录已经冲正过了。",
                    "This record was already reversed.",
                )
                .into(),
            LedgerError::ReversalOfReversal => lang
                .pick("冲正记录不能再冲正。", "A reversal cannot be reversed.")
                .into(),
            LedgerError::InsufficientPoints { balance, cost } => match lang {
                Lang::Zh => format!(
                    "积分余额不足：当前可用{}，需要{}。",
                    balance.text(),
                    cost.text()
                ),
                Lang::En => format!(
                    "Not enough points: {} available, {} needed.",
                    balance.text(),
                    cost.text()
                ),
            },
            LedgerError::NothingToRedeem => lang
                .pick(
                    "兑换积分必须大于0。",
                    "A redemption must cost more than 0 points.",
                )
                .into(),
            LedgerError::UnknownLine => lang.pick("找不到这条记录。", "No such record.").into(),
            LedgerError::EnteredBySelf => lang
                .pick(
                    "这条记录是您代为登记的，请由其他工作人员审核。",
                    "You entered this record; another staff member must verify it.",
                )
                .into(),
            LedgerError::AccountCustody { days } => match lang {
                Lang::Zh => format!(
                    "您在{days}天内为这位志愿者开户或设置过密码，不能审核其记录或兑换，请由其他工作人员或街道管理员处理。"
                ),
                Lang::En => format!(
                    "You opened this volunteer's account or set its password in the last {days} days: another staff member or the admin must check it."
                ),
            },
            LedgerError::OverlapsVerified { start, end } => match lang {
                Lang::Zh => format!(
                    "与这位志愿者当天已核实的记录（{start}–{end}）时间重叠，可能是重复登记，不能核实。"
                ),
                Lang::En => format!(
                    "Overlaps a verified record of the same day ({start}–{end}): probably logged twice."
                ),
            },
            LedgerError::DayFull { verified } => match lang {
                Lang::Zh => format!(
                    "这位志愿者当天已核实{}小时，再核实这条就超过一天24小时。",
                    verified.hours_text()
                ),
                Lang::En => format!(
                    "This volunteer already has {} h verified that day; this record would exceed 24 hours.",
                    verified.hours_text()
                ),
            },
            LedgerError::OwnRedemption => lang
                .pick(
                    "不能审批自己的积分兑换。",
                    "You cannot approve your own redemption.",
                )
                .into(),
            LedgerError::SecondApproverNeeded => lang
                .pick(
                    "大额兑换需要第二位工作人员或街道管理员批准，您已初审过。",
                    "A large redemption needs a second staff member or the admin; you already endorsed it.",
                )
                .into(),
        }
    }
}

/// May `actor` verify or reject `line`, now in `state`?
pub fn check_decision(
    actor: &Actor,
    line: &LedgerLine,
    state: &LineState,
) -> Result<(), LedgerError> {
    check_manager(actor, line)?;
    if *state != LineState::Pending {
        return Err(LedgerError::AlreadyDecided);
    }
    Ok(())
}

/// May `actor` reverse `line`? `already_reversed` says whether a reversal of it exists, and
/// `balance` is the volunteer's spendable points: a reversal takes back the line's points and is
/// refused if they were already spent (the balance never goes below zero). Returns those points.
pub fn check_reversal(
    actor: &Actor,
    line: &LedgerLine,
    state: &LineState,
    already_reversed: bool,
    balance: Points,
) -> Result<Points, LedgerError> {
    check_manager(actor, line)?;
    if matches!(line.kind, LineKind::Reversal { .. }) {
        return Err(LedgerError::ReversalOfReversal);
    }
    let LineState::Verified { points, .. } = state else {
        return Err(LedgerError::NotVerified);
    };
    if already_reversed {
        return Err(LedgerError::AlreadyReversed);
    }
    if balance < *points {
        return Err(LedgerError::InsufficientPoints {
            balance,
            cost: *points,
        });
    }
    Ok(*points)
}

fn check_manager(actor: &Actor, line: &LedgerLine) -> Result<(), LedgerError> {
    use super::person::Role;
    if !matches!(actor.role, Role::Staff | Role::Admin) {
        return Err(LedgerError::NotStaff);
    }
    if actor.person == line.volunteer {
        return Err(LedgerError::OwnLine);
    }
    if !actor.manages(&line.community) {
        return Err(LedgerError::OtherCommunity);
    }
    Ok(())
}

/// May a volunteer with `available` points spend `cost`?
pub fn check_redemption(available: Points, cost: Points) -> Result<(), LedgerError> {
    if cost <= Points::ZERO {
        return Err(LedgerError::NothingToRedeem);
    }
    if available - cost < Points::ZERO {
        return Err(LedgerError::InsufficientPoints {
            balance: available,
            cost,
        });
    }
    Ok(())
}

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
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::domain::record::RecordInput;

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
