//! Property tests of the ledger rules: random sequences of records, verifications, rejections,
//! reversals and redemptions by random people. After every step the balance equals the sum of
//! what counts, never goes below zero, refused actions change nothing, and no accepted line or
//! decision ever changes.

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::domain::person::Role;
use crate::domain::record::{Beneficiary, Witness};
use crate::domain::text::{Content, Place};

#[derive(Clone, Debug)]
enum Op {
    Record {
        who: usize,
        minutes: i64,
        category: usize,
    },
    Verify {
        actor: usize,
        line: usize,
    },
    Reject {
        actor: usize,
        line: usize,
    },
    Reverse {
        actor: usize,
        line: usize,
    },
    Redeem {
        who: usize,
        cost: i64,
    },
}

const CATEGORIES: [&str; 3] = ["repair", "health", "tutoring"];

/// People: three volunteers (two in community A, one in B), staff of A (who also volunteers),
/// staff of B, and the admin.
fn people() -> Vec<Actor> {
    let a = CommunityId::new("A");
    let b = CommunityId::new("B");
    let person = |id: &str, role, community: Option<&CommunityId>| Actor {
        person: PersonId::new(id),
        role,
        community: community.cloned(),
    };
    vec![
        person("v0", Role::Volunteer, Some(&a)),
        person("v1", Role::Volunteer, Some(&a)),
        person("v2", Role::Volunteer, Some(&b)),
        person("sA", Role::Staff, Some(&a)),
        person("sB", Role::Staff, Some(&b)),
        person("admin", Role::Admin, None),
    ]
}

/// Who may log service: the volunteers and staff A.
const LOGGERS: [usize; 4] = [0, 1, 2, 3];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..LOGGERS.len(), 1i64..900, 0..CATEGORIES.len())
            .prop_map(|(w, minutes, category)| Op::Record { who: LOGGERS[w], minutes, category }),
        3 => (0..6usize, 0..40usize).prop_map(|(actor, line)| Op::Verify { actor, line }),
        1 => (0..6usize, 0..40usize).prop_map(|(actor, line)| Op::Reject { actor, line }),
        1 => (0..6usize, 0..40usize).prop_map(|(actor, line)| Op::Reverse { actor, line }),
        2 => (0..LOGGERS.len(), -50i64..1500).prop_map(|(w, cost)| Op::Redeem { who: LOGGERS[w], cost }),
    ]
}

fn entry(minutes: i64, category: &str) -> ServiceEntry {
    let start = NaiveTime::from_hms_opt(8, 0, 0).expect("time");
    ServiceEntry {
        date: NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
        start,
        end: start + Duration::minutes(minutes),
        minutes: Minutes(minutes),
        place: Place::parse("社区服务站").expect("place"),
        content: Content::parse("服务").expect("content"),
        category: category.into(),
        beneficiary: Beneficiary::None,
        witness: Witness::None,
    }
}

/// The balance computed independently of `Passbook`: verified points minus non-refused spending.
fn expected_balance(ledger: &MemoryLedger, volunteer: &PersonId) -> (Points, Minutes) {
    let mut points = Points::ZERO;
    let mut minutes = Minutes(0);
    for line in ledger.lines().iter().filter(|l| &l.volunteer == volunteer) {
        if let Some(LineState::Verified { points: p, .. }) = ledger.state(&line.id) {
            points = points + *p;
            minutes = minutes + line.minutes;
        }
    }
    let spent: Points = ledger
        .redemptions
        .iter()
        .filter(|r| {
            &r.volunteer == volunteer && !matches!(r.state, RedemptionState::Refused { .. })
        })
        .map(|r| r.points)
        .sum();
    (points - spent, minutes)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_ledger_keeps_its_invariants(ops in proptest::collection::vec(op(), 1..80)) {
        let people = people();
        let mut ledger = MemoryLedger::default();
        let mut clock = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).single().expect("time");

        for op in ops {
            clock += Duration::minutes(1);
            let before = ledger.clone();
            let line_id = |i: usize| before.lines().get(i % before.lines().len().max(1)).map(|l| l.id.clone());
            let result: Result<(), LedgerError> = match &op {
                Op::Record { who, minutes, category } => {
                    let p = &people[*who];
                    let community = p.community.clone().expect("loggers have a community");
                    ledger.record(p.person.clone(), community, entry(*minutes, CATEGORIES[*category]), clock);
                    Ok(())
                }
                Op::Verify { actor, line } => match line_id(*line) {
                    Some(id) => ledger.verify(&people[*actor], &id, clock),
                    None => Ok(()),
                },
                Op::Reject { actor, line } => match line_id(*line) {
                    Some(id) => ledger.reject(&people[*actor], &id, "见证人无法联系", clock),
                    None => Ok(()),
                },
                Op::Reverse { actor, line } => match line_id(*line) {
                    Some(id) => ledger.reverse(&people[*actor], &id, clock).map(|_| ()),
                    None => Ok(()),
                },
                Op::Redeem { who, cost } => ledger.redeem(&people[*who].person, Points(*cost), clock),
            };

            match &result {
                Err(_) => prop_assert_eq!(&ledger, &before, "a refused {:?} changed the ledger", op),
                Ok(()) => {
                    // Decisions are made only by staff of the line's community or the admin, never
                    // on one's own line.
                    if let Op::Verify { actor, line } | Op::Reject { actor, line } | Op::Reverse { actor, line } = &op {
                        if let Some(id) = line_id(*line) {
                            let target = before.lines().iter().find(|l| l.id == id).expect("line");
                            let a = &people[*actor];
                            prop_assert!(a.manages(&target.community), "{:?} decided outside their community", a);
                            prop_assert_ne!(&a.person, &target.volunteer, "decided on their own line");
                        }
                    }
                }
            }

            // Append-only: every line and every decision that existed is still exactly there.
            prop_assert_eq!(&ledger.lines()[..before.lines().len()], before.lines());
            for line in before.lines() {
                let old = before.state(&line.id).expect("state");
                if *old != LineState::Pending {
                    prop_assert_eq!(ledger.state(&line.id), Some(old), "a decision changed");
                }
            }

            for p in &people {
                let book = ledger.passbook(&p.person);
                let (balance, verified) = expected_balance(&ledger, &p.person);
                prop_assert_eq!(book.balance(), balance);
                prop_assert_eq!(book.verified, verified);
                prop_assert!(book.balance() >= Points::ZERO, "balance below zero: {:?}", book.balance());
                prop_assert!(book.verified >= Minutes(0));
                prop_assert_eq!(book.rows.last().map(|r| r.cumulative).unwrap_or_default(), book.verified);
            }
        }
    }
}

#[test]
fn a_volunteer_never_verifies_their_own_line_even_as_staff() {
    let people = people();
    let mut ledger = MemoryLedger::default();
    let now = Utc::now();
    let staff = &people[3];
    let id = ledger.record(
        staff.person.clone(),
        CommunityId::new("A"),
        entry(60, "repair"),
        now,
    );
    assert_eq!(ledger.verify(staff, &id, now), Err(LedgerError::OwnLine));
    assert_eq!(
        ledger.verify(&people[4], &id, now),
        Err(LedgerError::OtherCommunity)
    );
    assert_eq!(
        ledger.verify(&people[0], &id, now),
        Err(LedgerError::NotStaff)
    );
    assert_eq!(ledger.verify(&people[5], &id, now), Ok(()), "the admin may");
    assert_eq!(
        ledger.verify(&people[5], &id, now),
        Err(LedgerError::AlreadyDecided)
    );
}

#[test]
fn a_reversal_is_a_new_opposite_line_and_both_stay_visible() {
    let people = people();
    let mut ledger = MemoryLedger::default();
    let now = Utc::now();
    let v0 = &people[0].person;
    let id = ledger.record(v0.clone(), CommunityId::new("A"), entry(90, "repair"), now);
    ledger.verify(&people[3], &id, now).expect("verify");
    assert_eq!(ledger.passbook(v0).balance(), Points(150));
    let rid = ledger.reverse(&people[3], &id, now).expect("reverse");
    let book = ledger.passbook(v0);
    assert_eq!(book.rows.len(), 2);
    assert_eq!(book.verified, Minutes(0));
    assert_eq!(book.balance(), Points::ZERO);
    assert!(matches!(&book.rows[1].line.kind, LineKind::Reversal { of, .. } if *of == id));
    assert_eq!(book.rows[1].line.id, rid);
    assert_eq!(
        ledger.reverse(&people[3], &id, now),
        Err(LedgerError::AlreadyReversed)
    );
    assert_eq!(
        ledger.reverse(&people[3], &rid, now),
        Err(LedgerError::ReversalOfReversal)
    );
}

#[test]
fn spending_more_than_the_balance_is_refused_with_the_numbers() {
    let people = people();
    let mut ledger = MemoryLedger::default();
    let now = Utc::now();
    let v0 = &people[0].person;
    let id = ledger.record(v0.clone(), CommunityId::new("A"), entry(120, "repair"), now);
    assert_eq!(
        ledger.redeem(v0, Points(100), now),
        Err(LedgerError::InsufficientPoints {
            balance: Points::ZERO,
            cost: Points(100)
        }),
        "pending hours do not count"
    );
    ledger.verify(&people[3], &id, now).expect("verify");
    ledger.redeem(v0, Points(150), now).expect("within balance");
    let err = ledger.redeem(v0, Points(100), now).expect_err("over");
    assert_eq!(
        err,
        LedgerError::InsufficientPoints {
            balance: Points(50),
            cost: Points(100)
        }
    );
    assert!(err.message(crate::domain::Lang::Zh).contains("0.50"));
    // The points were spent, so the line can no longer be reversed.
    assert!(matches!(
        ledger.reverse(&people[3], &id, now),
        Err(LedgerError::InsufficientPoints { .. })
    ));
}
