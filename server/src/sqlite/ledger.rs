//! The service ledger on SQLite. Every rule is checked by the domain's functions inside a
//! `BEGIN IMMEDIATE` transaction (SQLite's single writer), so two staff members, or two tabs,
//! cannot both act on the same state.

use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::ids::{PersonId, RecordId};
use app::domain::ledger::{check_decision, check_redemption, check_reversal, LedgerError};
use app::domain::person::Actor;
use app::domain::points::{Points, PointsRule};
use app::domain::record::{Beneficiary, RecordFlag, ServiceEntry, Witness};
use app::domain::text::Reason;
use chrono::{DateTime, Utc};
use sqlx::{SqliteConnection, SqlitePool};
use uuid::Uuid;

use super::ledger_read::{load_line, passbook_in, points_rule_in};
use super::{audit, failed, ts};

pub(super) async fn set_points_rule(
    pool: &SqlitePool,
    rule: &PointsRule,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let per_category: std::collections::BTreeMap<&str, i64> = rule
        .per_category
        .iter()
        .map(|(k, v)| (k.as_str(), v.0))
        .collect();
    let mut tx = pool.begin().await.map_err(failed)?;
    sqlx::query(
        "INSERT INTO points_rules (per_hour, per_category, set_by, set_at) VALUES (?, ?, ?, ?)",
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

pub(super) async fn record_line(
    pool: &SqlitePool,
    actor: &Actor,
    id: &RecordId,
    entry: &ServiceEntry,
    flags: &[RecordFlag],
    audit_entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(failed)?;
    if insert_line(&mut tx, actor, id, entry, flags, audit_entry.at).await? {
        audit::insert(&mut tx, &audit_entry).await?;
    }
    tx.commit().await.map_err(failed)
}

/// Inserts a pending service line of `actor` on the caller's transaction. `Ok(false)`: the line
/// was already there (a replay by its author), nothing changed. Someone else's id is refused.
pub(super) async fn insert_line(
    conn: &mut SqliteConnection,
    actor: &Actor,
    id: &RecordId,
    entry: &ServiceEntry,
    flags: &[RecordFlag],
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let community = actor
        .community
        .clone()
        .ok_or(StoreError::Ledger(LedgerError::NotStaff))?;
    let existing: Option<String> =
        sqlx::query_scalar("SELECT volunteer_id FROM service_records WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(failed)?;
    if let Some(owner) = existing {
        return if owner == actor.person.as_str() {
            Ok(false)
        } else {
            Err(LedgerError::UnknownLine.into())
        };
    }
    let (kind, bid, bname) = match &entry.beneficiary {
        Beneficiary::Household(h) => ("household", Some(h.as_str().to_string()), String::new()),
        Beneficiary::Wish(w) => ("wish", Some(w.as_str().to_string()), String::new()),
        Beneficiary::Activity(a) => ("activity", Some(a.clone()), String::new()),
        Beneficiary::Named(n) => ("none", None, n.as_str().to_string()),
        Beneficiary::None => ("none", None, String::new()),
    };
    let (wname, wphone) = match &entry.witness {
        Witness::Named { name, phone } => (name.as_str().to_string(), phone.as_str().to_string()),
        Witness::None => (String::new(), String::new()),
    };
    let flags: Vec<&str> = flags.iter().map(|f| f.code()).collect();
    let now = ts(at);
    sqlx::query(
        "INSERT INTO service_records (id, volunteer_id, community_id, service_date, start_time, end_time,
           minutes, place, content, category, beneficiary_kind, beneficiary_id, beneficiary_name,
           witness_name, witness_phone, created_at, received_at, flags, recorded_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.as_str())
    .bind(actor.person.as_str())
    .bind(community.as_str())
    .bind(entry.date.to_string())
    .bind(entry.start.format("%H:%M").to_string())
    .bind(entry.end.format("%H:%M").to_string())
    .bind(entry.minutes.0)
    .bind(entry.place.as_str())
    .bind(entry.content.as_str())
    .bind(&entry.category)
    .bind(kind)
    .bind(bid)
    .bind(bname)
    .bind(wname)
    .bind(wphone)
    .bind(&now)
    .bind(&now)
    .bind(flags.join(" "))
    .bind(actor.person.as_str())
    .execute(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(true)
}

async fn insert_decision(
    conn: &mut SqliteConnection,
    id: &RecordId,
    kind: &str,
    actor: &Actor,
    at: DateTime<Utc>,
    reason: &str,
    points: Points,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO record_events (id, record_id, kind, person_id, at, reason, points) VALUES (?, ?, ?, ?, ?, ?, ?)")
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

/// Verifies or rejects a pending line: the rules are checked inside the transaction, and a
/// verification fixes the points by the rule in force now.
pub(super) async fn decide(
    pool: &SqlitePool,
    actor: &Actor,
    id: &RecordId,
    decision: Decision<'_>,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(failed)?;
    let (line, state, _) = load_line(&mut tx, id).await?;
    check_decision(actor, &line, &state)?;
    let (kind, reason, points) = match decision {
        Decision::Verify => {
            let rule = points_rule_in(&mut tx).await?;
            (
                "verified",
                "",
                rule.points_for(&line.entry.category, line.minutes),
            )
        }
        Decision::Reject(reason) => ("rejected", reason.as_str(), Points::ZERO),
    };
    insert_decision(&mut tx, id, kind, actor, entry.at, reason, points).await?;
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}

pub(super) async fn reverse(
    pool: &SqlitePool,
    actor: &Actor,
    id: &RecordId,
    reversal: &RecordId,
    reason: &Reason,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(failed)?;
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
         SELECT ?, volunteer_id, community_id, ?, ?, ?, minutes, place, content, category,
           beneficiary_kind, beneficiary_id, beneficiary_name, witness_name, witness_phone, ?, ?, '', ?,
           'reversal', id, ?
         FROM service_records WHERE id = ?",
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
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}

pub(super) async fn request_redemption(
    pool: &SqlitePool,
    volunteer: &PersonId,
    id: &str,
    points: Points,
    item: &str,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(failed)?;
    let balance = passbook_in(&mut tx, volunteer).await?.balance();
    check_redemption(balance, points)?;
    sqlx::query("INSERT INTO redemptions (id, volunteer_id, points, item, requested_at) VALUES (?, ?, ?, ?, ?)")
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
