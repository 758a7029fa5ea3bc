//! The SQLite store against the reference model: random sequences of records, verifications,
//! rejections, reversals and redemptions by random people are applied to both; after every step
//! they must agree on what was allowed, what was refused and why, and on every passbook total.

use crate::common;

use std::collections::HashMap;

use app::api::ports::{Store, StoreError};
use app::api::ApiError;
use app::domain::audit::AuditEntry;
use app::domain::command::Command;
use app::domain::decision::{DecisionInput, Verdict};
use app::domain::ids::{CommunityId, PersonId, RecordId};
use app::domain::ledger::{LedgerError, LineState};
use app::domain::memory_ledger::MemoryLedger;
use app::domain::person::{Actor, Role};
use app::domain::points::Points;
use app::domain::record::RecordInput;
use app::domain::record::{Beneficiary, ServiceEntry, Witness};
use app::domain::text::{Content, Place, Reason};
use app::domain::Minutes;
use chrono::{Duration, NaiveDate, NaiveTime, Utc};
use proptest::prelude::*;
use server::store::SqlStore;

#[derive(Clone, Debug)]
enum Op {
    Record {
        who: usize,
        minutes: i64,
        category: usize,
        /// Days after the first: lines of one day overlap, so only one of them is verified.
        day: u32,
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

const CATEGORIES: [&str; 2] = ["repair", "health"];
/// Who may log service: volunteers v0, v1 (A), v2 (B), and staff of A.
const LOGGERS: [usize; 4] = [0, 1, 2, 3];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..LOGGERS.len(), 1i64..600, 0..CATEGORIES.len(), 0..20u32)
            .prop_map(|(w, minutes, category, day)| Op::Record { who: LOGGERS[w], minutes, category, day }),
        3 => (0..6usize, 0..30usize).prop_map(|(actor, line)| Op::Verify { actor, line }),
        1 => (0..6usize, 0..30usize).prop_map(|(actor, line)| Op::Reject { actor, line }),
        1 => (0..6usize, 0..30usize).prop_map(|(actor, line)| Op::Reverse { actor, line }),
        2 => (0..LOGGERS.len(), 1i64..800).prop_map(|(w, cost)| Op::Redeem { who: LOGGERS[w], cost }),
    ]
}

fn people() -> Vec<Actor> {
    let person = |id: &str, role, community: Option<&str>| Actor {
        person: PersonId::new(id),
        role,
        community: community.map(CommunityId::new),
    };
    vec![
        person("v0", Role::Volunteer, Some("A")),
        person("v1", Role::Volunteer, Some("A")),
        person("v2", Role::Volunteer, Some("B")),
        person("sA", Role::Staff, Some("A")),
        person("sB", Role::Staff, Some("B")),
        person("admin", Role::Admin, None),
    ]
}

async fn fresh_store(dir: &std::path::Path) -> SqlStore {
    let store = SqlStore::open(&common::fresh_database_url(dir, "model.db").await)
        .await
        .expect("store");
    let now = Utc::now().to_rfc3339();
    let pool = store.pool();
    common::seed_categories(pool).await;
    for c in ["A", "B"] {
        sqlx::query("INSERT INTO communities (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(c)
            .bind(format!("社区{c}"))
            .bind(&now)
            .execute(pool)
            .await
            .expect("community");
    }
    for p in people() {
        sqlx::query("INSERT INTO people (id, role, community_id, name, joined_on, created_at) VALUES ($1, $2, $3, $4, '2026-01-01', $5)")
            .bind(p.person.as_str()).bind(p.role.code())
            .bind(p.community.as_ref().map(|c| c.as_str().to_string()))
            .bind(p.person.as_str()).bind(&now)
            .execute(pool).await.expect("person");
    }
    store
}

fn entry(minutes: i64, category: &str, day: u32) -> ServiceEntry {
    let start = NaiveTime::from_hms_opt(8, 0, 0).expect("time");
    ServiceEntry {
        date: NaiveDate::from_ymd_opt(2026, 11, 1).expect("date") + Duration::days(i64::from(day)),
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

fn audit(actor: &Actor) -> AuditEntry {
    AuditEntry {
        at: Utc::now(),
        actor: Some(actor.person.clone()),
        role: Some(actor.role),
        community: actor.community.clone(),
        action: "model_test".into(),
        subject: String::new(),
        detail: String::new(),
        device: String::new(),
    }
}

/// The form of `entry`, as a phone or the online form sends it.
fn input(e: &ServiceEntry) -> RecordInput {
    RecordInput {
        date: e.date.to_string(),
        start: e.start.format("%H:%M").to_string(),
        end: e.end.format("%H:%M").to_string(),
        place: e.place.as_str().into(),
        content: e.content.as_str().into(),
        category: e.category.clone(),
        ..RecordInput::default()
    }
}

fn decision(line: &RecordId, verdict: Verdict, reason: &Reason) -> Command {
    Command::Decide(DecisionInput {
        line: line.to_string(),
        verdict,
        reason: reason.as_str().into(),
    })
}

fn ledger_error(result: Result<(), StoreError>) -> Result<(), LedgerError> {
    match result {
        Ok(()) => Ok(()),
        Err(StoreError::Ledger(e)) => Err(e),
        Err(StoreError::Command(e)) => match *e {
            ApiError::Ledger(e) => Err(e),
            // The command table refuses a volunteer's decision before the ledger's rules do:
            // both say "not staff".
            ApiError::Forbidden => Err(LedgerError::NotStaff),
            other => panic!("refused otherwise: {other:?}"),
        },
        Err(other) => panic!("the store failed: {other}"),
    }
}

async fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("dir");
    let store = fresh_store(dir.path()).await;
    let people = people();
    let mut model = MemoryLedger::default();
    // model id -> store id, in creation order
    let mut ids: Vec<(RecordId, RecordId)> = Vec::new();
    let reason = Reason::parse("核对后更正").expect("reason");

    for op in ops {
        let now = Utc::now();
        let pick = |i: usize, ids: &[(RecordId, RecordId)]| ids.get(i % ids.len().max(1)).cloned();
        let (model_result, store_result) = match &op {
            Op::Record {
                who,
                minutes,
                category,
                day,
            } => {
                let p = &people[*who];
                let e = entry(*minutes, CATEGORIES[*category], *day);
                let model_id = model.record(
                    p.person.clone(),
                    p.community.clone().expect("community"),
                    e.clone(),
                    now,
                );
                let store_id = RecordId::new(uuid::Uuid::now_v7().to_string());
                let command = Command::Service(input(&e));
                let r = store
                    .execute(p, store_id.as_str(), &command, audit(p))
                    .await;
                ids.push((model_id, store_id));
                (Ok(()), ledger_error(r))
            }
            Op::Verify { actor, line }
            | Op::Reject { actor, line }
            | Op::Reverse { actor, line } => {
                let Some((model_id, store_id)) = pick(*line, &ids) else {
                    continue;
                };
                let a = &people[*actor];
                match &op {
                    Op::Verify { .. } => (
                        model.verify(a, &model_id, now),
                        ledger_error(
                            store
                                .execute(
                                    a,
                                    "",
                                    &decision(&store_id, Verdict::Verify, &reason),
                                    audit(a),
                                )
                                .await,
                        ),
                    ),
                    Op::Reject { .. } => (
                        model.reject(a, &model_id, reason.as_str(), now),
                        ledger_error(
                            store
                                .execute(
                                    a,
                                    "",
                                    &decision(&store_id, Verdict::Reject, &reason),
                                    audit(a),
                                )
                                .await,
                        ),
                    ),
                    _ => {
                        let model_result = model.reverse(a, &model_id, now);
                        let store_id_new = RecordId::new(uuid::Uuid::now_v7().to_string());
                        let store_result = ledger_error(
                            store
                                .reverse(a, &store_id, &store_id_new, &reason, audit(a))
                                .await,
                        );
                        if let Ok(rid) = &model_result {
                            ids.push((rid.clone(), store_id_new));
                        }
                        (model_result.map(|_| ()), store_result)
                    }
                }
            }
            Op::Redeem { who, cost } => {
                let p = &people[*who];
                let r = store
                    .request_redemption(
                        &p.person,
                        &uuid::Uuid::now_v7().to_string(),
                        Points(*cost),
                        "毛巾",
                        audit(p),
                    )
                    .await;
                (model.redeem(&p.person, Points(*cost), now), ledger_error(r))
            }
        };
        prop_assert_eq!(&model_result, &store_result, "{:?}", op);

        for p in &people[..4] {
            let m = model.passbook(&p.person);
            let s = store.passbook(&p.person).await.expect("passbook");
            prop_assert_eq!(
                m.verified,
                s.verified,
                "verified of {} after {:?}",
                p.person,
                op
            );
            prop_assert_eq!(m.pending, s.pending);
            prop_assert_eq!(m.earned, s.earned);
            prop_assert_eq!(m.spent, s.spent);
            prop_assert_eq!(m.rows.len(), s.rows.len());
            let by_id: HashMap<&RecordId, &LineState> =
                s.rows.iter().map(|r| (&r.line.id, &r.state)).collect();
            for row in &m.rows {
                let store_id = &ids
                    .iter()
                    .find(|(mid, _)| *mid == row.line.id)
                    .expect("mapped")
                    .1;
                let stored = by_id.get(store_id).expect("the store has the line");
                prop_assert_eq!(
                    std::mem::discriminant(&row.state),
                    std::mem::discriminant(*stored),
                    "state of a line after {:?}",
                    op
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_sqlite_store_follows_the_reference_ledger(ops in proptest::collection::vec(op(), 1..40)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(run(ops))?;
    }
}
