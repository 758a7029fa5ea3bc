//! The service ledger on SQLite. Every rule is checked by the domain's functions inside a
//! `BEGIN IMMEDIATE` transaction (SQLite's single writer), so two staff members, or two tabs,
//! cannot both act on the same state.

use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::controls::check_verification;
use app::domain::ids::{PersonId, RecordId};
use app::domain::ledger::{check_decision, check_redemption, check_reversal, LedgerError};
use app::domain::person::Actor;
use app::domain::points::{Points, PointsRule};
use app::domain::record::{Beneficiary, RecordFlag, ServiceEntry, Witness};
use app::domain::text::Reason;
use chrono::{DateTime, Utc};
use sqlx::{Any, AnyConnection, AnyPool, QueryBuilder};
use uuid::Uuid;

mod duplicates;

use super::controls;
use super::ledger_read::{load_line, passbook_in, points_rule_in};
use super::{audit, failed, ts};

pub(super) async fn set_points_rule(
    pool: &AnyPool,
    rule: &PointsRule,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let per_category: std::collections::BTreeMap<&str, i64> = rule
        .per_category
        .iter()
        .map(|(k, v)| (k.as_str(), v.0))
        .collect();
    let mut tx = crate::store::engine::begin_write(pool).await?;
    sqlx::query(
        "INSERT INTO points_rules (per_hour, per_category, set_by, set_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(rule.per_hour.0)
    .bind(serde_json::to_string(&per_category).map_err(|e| StoreError::Failed(e.to_string()))?)
    .bind(entry.actor.as_ref().map(|p| p.as_str().to_string()))
    .bind(ts(entry.at))
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}

/// A new pending line, as the `service_records` table stores it.
#[derive(Clone)]
pub(super) struct LineRow {
    pub id: String,
    volunteer: String,
    community: String,
    date: String,
    start: String,
    end: String,
    minutes: i64,
    place: String,
    content: String,
    category: String,
    beneficiary_kind: &'static str,
    beneficiary_id: Option<String>,
    beneficiary_name: String,
    witness_name: String,
    witness_phone: String,
    /// The witness's signature drawn on the spot, or empty.
    witness_signature: String,
    at: String,
    flags: String,
    recorded_by: String,
    /// The line this one likely duplicates, found when it is stored.
    duplicate_of: Option<String>,
}

impl LineRow {
    /// Refuses an actor without a community (the admin logs no service).
    pub fn new(
        actor: &Actor,
        id: &RecordId,
        entry: &ServiceEntry,
        flags: &[RecordFlag],
        at: DateTime<Utc>,
    ) -> Result<LineRow, StoreError> {
        let community = actor
            .community
            .clone()
            .ok_or(StoreError::Ledger(LedgerError::NotStaff))?;
        let (beneficiary_kind, beneficiary_id, beneficiary_name) = match &entry.beneficiary {
            Beneficiary::Household(h) => ("household", Some(h.as_str().to_string()), String::new()),
            Beneficiary::Wish(w) => ("wish", Some(w.as_str().to_string()), String::new()),
            Beneficiary::Activity(a) => ("activity", Some(a.clone()), String::new()),
            Beneficiary::Named(n) => ("none", None, n.as_str().to_string()),
            Beneficiary::None => ("none", None, String::new()),
        };
        let (witness_name, witness_phone, witness_signature) = match &entry.witness {
            Witness::Named {
                name,
                phone,
                signature,
            } => (
                name.as_str().to_string(),
                phone.as_str().to_string(),
                signature.as_ref().map(|s| s.text()).unwrap_or_default(),
            ),
            Witness::None => (String::new(), String::new(), String::new()),
        };
        Ok(LineRow {
            id: id.to_string(),
            volunteer: actor.person.to_string(),
            community: community.to_string(),
            date: entry.date.to_string(),
            start: entry.start.format("%H:%M").to_string(),
            end: entry.end.format("%H:%M").to_string(),
            minutes: entry.minutes.0,
            place: entry.place.as_str().to_string(),
            content: entry.content.as_str().to_string(),
            category: entry.category.clone(),
            beneficiary_kind,
            beneficiary_id,
            beneficiary_name,
            witness_name,
            witness_phone,
            witness_signature,
            at: ts(at),
            flags: flags.iter().map(|f| f.code()).collect::<Vec<_>>().join(" "),
            recorded_by: actor.person.to_string(),
            duplicate_of: None,
        })
    }

    /// The line was entered by someone else for the volunteer (staff closing an activity).
    pub fn recorded_by(mut self, person: &PersonId) -> LineRow {
        self.recorded_by = person.to_string();
        self
    }
}

/// Rows per multi-row INSERT: 20 values each, well under SQLite's 32,766 variables.
const LINES_PER_INSERT: usize = 500;

/// Inserts new lines, many per statement (a push of 500 entries is one statement, not 500).
/// Each is first compared with the volunteer's other pending or verified lines of its day,
/// stored before or earlier in `rows`: an overlap is flagged as a likely duplicate however late
/// either arrived.
pub(super) async fn insert_lines(
    conn: &mut AnyConnection,
    rows: &[LineRow],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut rows = rows.to_vec();
    duplicates::mark_duplicates(conn, &mut rows).await?;
    for chunk in rows.chunks(LINES_PER_INSERT) {
        let mut insert = QueryBuilder::<Any>::new(
            "INSERT INTO service_records (id, volunteer_id, community_id, service_date, start_time,
               end_time, minutes, place, content, category, beneficiary_kind, beneficiary_id,
               beneficiary_name, witness_name, witness_phone, witness_signature, created_at,
               received_at, flags, recorded_by, duplicate_of) ",
        );
        insert.push_values(chunk, |mut row, line| {
            row.push_bind(&line.id)
                .push_bind(&line.volunteer)
                .push_bind(&line.community)
                .push_bind(&line.date)
                .push_bind(&line.start)
                .push_bind(&line.end)
                .push_bind(line.minutes)
                .push_bind(&line.place)
                .push_bind(&line.content)
                .push_bind(&line.category)
                .push_bind(line.beneficiary_kind)
                .push_bind(&line.beneficiary_id)
                .push_bind(&line.beneficiary_name)
                .push_bind(&line.witness_name)
                .push_bind(&line.witness_phone)
                .push_bind(&line.witness_signature)
                .push_bind(&line.at)
                .push_bind(&line.at)
                .push_bind(&line.flags)
                .push_bind(&line.recorded_by)
                .push_bind(&line.duplicate_of);
        });
        crate::store::engine::numbered(&mut insert, crate::store::Engine::of_connection(conn))
            .execute(&mut *conn)
            .await
            .map_err(failed)?;
    }
    Ok(())
}

async fn insert_decision(
    conn: &mut AnyConnection,
    id: &RecordId,
    kind: &str,
    actor: &Actor,
    at: DateTime<Utc>,
    reason: &str,
    points: Points,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO record_events (id, record_id, kind, person_id, at, reason, points) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(Uuid::now_v7().to_string())
        .bind(id.as_str())
        .bind(kind)
        .bind(actor.person.as_str())
        .bind(ts(at))
        .bind(reason)
        .bind(points.0)
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(failed)
}

/// What staff decide about a pending line.
pub(super) enum Decision<'a> {
    Verify,
    Reject(&'a Reason),
}

/// Verifies or rejects a pending line inside the caller's transaction (the one apply's): the
/// rules are checked there, and a verification fixes the points by the rule in force now.
pub(super) async fn decide_in(
    tx: &mut AnyConnection,
    actor: &Actor,
    id: &RecordId,
    decision: Decision<'_>,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let (line, state, _) = load_line(&mut *tx, id).await?;
    check_decision(actor, &line, &state)?;
    let (kind, reason, points) = match decision {
        Decision::Verify => {
            let recorded_by = controls::recorded_by(&mut *tx, id).await?;
            let custody = controls::custody(&mut *tx, &line.volunteer).await?;
            let same_day = controls::verified_that_day(
                &mut *tx,
                &line.volunteer,
                line.entry.date,
                id,
                &line.entry,
            )
            .await?;
            check_verification(actor, &line, &recorded_by, &custody, &same_day, entry.at)?;
            let rule = points_rule_in(&mut *tx).await?;
            (
                "verified",
                "",
                rule.points_for(&line.entry.category, line.minutes),
            )
        }
        Decision::Reject(reason) => ("rejected", reason.as_str(), Points::ZERO),
    };
    insert_decision(&mut *tx, id, kind, actor, entry.at, reason, points).await?;
    if kind == "verified" {
        super::help_return::pay_for(&mut *tx, id, entry.at).await?;
    }
    audit::insert(&mut *tx, &entry).await
}

pub(super) async fn reverse(
    pool: &AnyPool,
    actor: &Actor,
    id: &RecordId,
    reversal: &RecordId,
    reason: &Reason,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let (line, state, reversed) = load_line(&mut tx, id).await?;
    let balance = passbook_in(&mut tx, &line.volunteer).await?.balance();
    let points = check_reversal(actor, &line, &state, reversed, balance)?;
    let now = ts(entry.at);
    // The reversal copies the original's facts (so the passbook shows what it corrects) and is
    // dated today; its minutes count negatively through `kind`.
    sqlx::query(
        "INSERT INTO service_records (id, volunteer_id, community_id, service_date, start_time, end_time,
           minutes, place, content, category, beneficiary_kind, beneficiary_id, beneficiary_name,
           witness_name, witness_phone, created_at, received_at, flags, recorded_by, kind, reverses, reason)
         SELECT $1, volunteer_id, community_id, $2, $3, $4, minutes, place, content, category,
           beneficiary_kind, beneficiary_id, beneficiary_name, witness_name, witness_phone, $5, $6, '', $7,
           'reversal', id, $8
         FROM service_records WHERE id = $9",
    )
    .bind(reversal.as_str())
    .bind(entry.at.date_naive().to_string())
    .bind(line.entry.start.format("%H:%M").to_string())
    .bind(line.entry.end.format("%H:%M").to_string())
    .bind(&now)
    .bind(&now)
    .bind(actor.person.as_str())
    .bind(reason.as_str())
    .bind(id.as_str())
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    insert_decision(
        &mut tx,
        reversal,
        "verified",
        actor,
        entry.at,
        reason.as_str(),
        -points,
    )
    .await?;
    // A helper's line that paid a depositor's request: the hours go back to the requester.
    super::help_return::refund_for(&mut tx, id, entry.at).await?;
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}

pub(super) async fn request_redemption(
    pool: &AnyPool,
    volunteer: &PersonId,
    id: &str,
    points: Points,
    item: &str,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let balance = passbook_in(&mut tx, volunteer).await?.balance();
    check_redemption(balance, points)?;
    sqlx::query("INSERT INTO redemptions (id, volunteer_id, points, item, requested_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(volunteer.as_str())
        .bind(points.0)
        .bind(item)
        .bind(ts(entry.at))
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}
