//! The bank's controls (maker-checker): no one person both makes a thing and approves it.
//!
//! Points and hours are worth something (catalogue goods, help in return, certificates that
//! schools and employers read), so each is checked by a second person:
//! - whoever entered a line (a staff member closing an activity) does not verify it;
//! - whoever opened a volunteer's account, or last set its password, could sign in as that
//!   volunteer: for [`CUSTODY_DAYS`] they neither verify the volunteer's lines nor approve the
//!   volunteer's redemptions — another staff member of the community, or the admin, does;
//! - a volunteer's verified time on one day fits in the day: a line that overlaps a verified
//!   line of the same day, or would take the day past 24 hours, is refused (a duplicate is
//!   rejected, not verified twice);
//! - a redemption of [`LARGE_REDEMPTION`] or more needs two people: a staff member's approval
//!   is an endorsement until a second staff member or the admin approves it.
//!
//! Pure functions over facts the stores read inside their transactions.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::PersonId;
use super::ledger::{LedgerError, LedgerLine, LineKind};
use super::person::{Actor, Role};
use super::points::Points;
use super::record::ServiceEntry;
use super::Minutes;

/// How long opening an account or setting its password keeps a staff member from checking it.
pub const CUSTODY_DAYS: i64 = 90;

/// What a day can hold.
pub const DAY_MINUTES: i64 = 24 * 60;

/// From this many points a redemption needs a second person (or the admin).
pub const LARGE_REDEMPTION: Points = Points::whole(50);

/// Who could act as a volunteer without them: who entered a line, who opened the account, who
/// last set its password (and when).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Custody {
    pub opened: Option<(PersonId, DateTime<Utc>)>,
    pub password_set: Option<(PersonId, DateTime<Utc>)>,
}

impl Custody {
    /// Did `person` open the account or set its password within the last [`CUSTODY_DAYS`]?
    pub fn holds(&self, person: &PersonId, now: DateTime<Utc>) -> bool {
        let recent = |at: &DateTime<Utc>| now - *at < Duration::days(CUSTODY_DAYS);
        [&self.opened, &self.password_set]
            .into_iter()
            .flatten()
            .any(|(who, at)| who == person && recent(at))
    }
}

/// May `actor` verify `line`? `recorded_by` is who entered it, `custody` the account's facts,
/// `same_day` the volunteer's other verified, unreversed service lines of the line's day.
pub fn check_verification(
    actor: &Actor,
    line: &LedgerLine,
    recorded_by: &PersonId,
    custody: &Custody,
    same_day: &[ServiceEntry],
    now: DateTime<Utc>,
) -> Result<(), LedgerError> {
    if recorded_by == &actor.person && recorded_by != &line.volunteer {
        return Err(LedgerError::EnteredBySelf);
    }
    if custody.holds(&actor.person, now) {
        return Err(LedgerError::AccountCustody { days: CUSTODY_DAYS });
    }
    check_day(line, same_day)
}

/// Does `line` fit beside the volunteer's verified lines of its day?
pub fn check_day(line: &LedgerLine, same_day: &[ServiceEntry]) -> Result<(), LedgerError> {
    if !matches!(line.kind, LineKind::Service) {
        return Ok(());
    }
    let mine = &line.entry;
    let others = same_day.iter().filter(|e| e.date == mine.date);
    let mut total = mine.minutes.0;
    for other in others {
        if overlaps(mine.start, mine.end, other.start, other.end) {
            return Err(LedgerError::OverlapsVerified {
                start: super::clock::hh_mm(&other.start),
                end: super::clock::hh_mm(&other.end),
            });
        }
        total += other.minutes.0;
    }
    if total > DAY_MINUTES {
        return Err(LedgerError::DayFull {
            verified: Minutes(total - mine.minutes.0),
        });
    }
    Ok(())
}

fn overlaps(a_start: NaiveTime, a_end: NaiveTime, b_start: NaiveTime, b_end: NaiveTime) -> bool {
    a_start < b_end && b_start < a_end
}

/// What a staff member's "approve" does to a redemption request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApprovalStep {
    /// Approved: the points are spent.
    Approve,
    /// A large redemption's first approval: it waits for a second person.
    Endorse,
}

/// May `actor` approve `volunteer`'s redemption of `points`, endorsed so far by `endorsed_by`?
pub fn check_redemption_approval(
    actor: &Actor,
    volunteer: &PersonId,
    points: Points,
    custody: &Custody,
    endorsed_by: Option<&PersonId>,
    now: DateTime<Utc>,
) -> Result<ApprovalStep, LedgerError> {
    if &actor.person == volunteer {
        return Err(LedgerError::OwnRedemption);
    }
    if custody.holds(&actor.person, now) {
        return Err(LedgerError::AccountCustody { days: CUSTODY_DAYS });
    }
    if points < LARGE_REDEMPTION || actor.role == Role::Admin {
        return Ok(ApprovalStep::Approve);
    }
    match endorsed_by {
        None => Ok(ApprovalStep::Endorse),
        Some(first) if first == &actor.person => Err(LedgerError::SecondApproverNeeded),
        Some(_) => Ok(ApprovalStep::Approve),
    }
}

/// One staff member (or the admin) in the admin's check of the controls: how many of their
/// verifications and approvals were for accounts they opened or whose password they set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustodyRow {
    pub name: String,
    /// Empty for the admin.
    pub community: String,
    /// Accounts they opened.
    pub opened: u32,
    /// Lines they verified, in all.
    pub verified: u32,
    /// Of those, lines of volunteers whose account they opened or whose password they set.
    pub verified_held: u32,
    /// Redemptions they approved for such volunteers.
    pub approved_held: u32,
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::domain::ids::{CommunityId, RecordId};
    use crate::domain::record::{Beneficiary, Witness};
    use crate::domain::text::{Content, Place};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 2, 0, 0)
            .single()
            .expect("time")
    }

    fn staff(id: &str) -> Actor {
        Actor {
            person: PersonId::new(id),
            role: Role::Staff,
            community: Some(CommunityId::new("c1")),
        }
    }

    fn entry(start: (u32, u32), end: (u32, u32)) -> ServiceEntry {
        let t = |(h, m)| NaiveTime::from_hms_opt(h, m, 0).expect("time");
        let (start, end) = (t(start), t(end));
        ServiceEntry {
            date: NaiveDate::from_ymd_opt(2026, 11, 28).expect("date"),
            start,
            end,
            minutes: Minutes((end - start).num_minutes()),
            place: Place::parse("社区").expect("place"),
            content: Content::parse("服务").expect("content"),
            category: "care".into(),
            beneficiary: Beneficiary::None,
            witness: Witness::None,
        }
    }

    fn line(e: ServiceEntry) -> LedgerLine {
        LedgerLine {
            id: RecordId::new("r1"),
            volunteer: PersonId::new("v1"),
            community: CommunityId::new("c1"),
            kind: LineKind::Service,
            minutes: e.minutes,
            entry: e,
            accepted_at: now(),
            flags: Vec::new(),
        }
    }

    #[test]
    fn whoever_opened_the_account_or_set_its_password_waits_ninety_days() {
        let opened = Custody {
            opened: Some((PersonId::new("s1"), now() - Duration::days(3))),
            password_set: Some((PersonId::new("s2"), now() - Duration::days(100))),
        };
        let l = line(entry((9, 0), (11, 0)));
        let v = PersonId::new("v1");
        assert_eq!(
            check_verification(&staff("s1"), &l, &v, &opened, &[], now()),
            Err(LedgerError::AccountCustody { days: 90 })
        );
        assert_eq!(
            check_verification(&staff("s2"), &l, &v, &opened, &[], now()),
            Ok(()),
            "the password was set 100 days ago"
        );
        assert_eq!(
            check_verification(&staff("s3"), &l, &v, &opened, &[], now()),
            Ok(())
        );
        let later = now() + Duration::days(CUSTODY_DAYS);
        assert_eq!(
            check_verification(&staff("s1"), &l, &v, &opened, &[], later),
            Ok(())
        );
    }

    #[test]
    fn a_line_entered_by_a_staff_member_is_verified_by_someone_else() {
        let l = line(entry((9, 0), (11, 0)));
        assert_eq!(
            check_verification(
                &staff("s1"),
                &l,
                &PersonId::new("s1"),
                &Custody::default(),
                &[],
                now()
            ),
            Err(LedgerError::EnteredBySelf)
        );
    }

    #[test]
    fn overlapping_or_overfull_days_are_refused() {
        let l = line(entry((9, 0), (11, 0)));
        assert_eq!(
            check_day(&l, &[entry((10, 30), (12, 0))]),
            Err(LedgerError::OverlapsVerified {
                start: "10:30".into(),
                end: "12:00".into()
            })
        );
        assert_eq!(check_day(&l, &[entry((11, 0), (12, 0))]), Ok(()));
        assert_eq!(
            check_day(&l, &[entry((0, 0), (9, 0)), entry((11, 0), (23, 59))]),
            Ok(()),
            "back to back, under 24 hours"
        );
        let whole_day = line(entry((0, 0), (23, 59)));
        assert!(check_day(&whole_day, &[entry((0, 1), (23, 59))]).is_err());
    }

    #[test]
    fn a_large_redemption_needs_two_people_or_the_admin() {
        let v = PersonId::new("v1");
        let free = Custody::default();
        let big = LARGE_REDEMPTION;
        let small = Points(LARGE_REDEMPTION.0 - 1);
        let s1 = staff("s1");
        assert_eq!(
            check_redemption_approval(&s1, &v, small, &free, None, now()),
            Ok(ApprovalStep::Approve)
        );
        assert_eq!(
            check_redemption_approval(&s1, &v, big, &free, None, now()),
            Ok(ApprovalStep::Endorse)
        );
        assert_eq!(
            check_redemption_approval(&s1, &v, big, &free, Some(&s1.person), now()),
            Err(LedgerError::SecondApproverNeeded)
        );
        assert_eq!(
            check_redemption_approval(&staff("s2"), &v, big, &free, Some(&s1.person), now()),
            Ok(ApprovalStep::Approve)
        );
        let admin = Actor {
            person: PersonId::new("a"),
            role: Role::Admin,
            community: None,
        };
        assert_eq!(
            check_redemption_approval(&admin, &v, big, &free, None, now()),
            Ok(ApprovalStep::Approve)
        );
        assert_eq!(
            check_redemption_approval(&staff("v1"), &v, small, &free, None, now()),
            Err(LedgerError::OwnRedemption)
        );
        let opened = Custody {
            opened: Some((s1.person.clone(), now())),
            password_set: None,
        };
        assert_eq!(
            check_redemption_approval(&s1, &v, small, &opened, None, now()),
            Err(LedgerError::AccountCustody { days: 90 })
        );
    }
}
