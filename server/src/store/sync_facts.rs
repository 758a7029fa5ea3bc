//! What the push planner needs to know, read from SQLite a few statements per batch, and the
//! small writes that carry out its decisions (a number spent, an entry quarantined, the device's
//! marks advanced).

use crate::store::row::Cells;
use std::collections::HashMap;

use app::api::ports::StoreError;
use app::domain::command::Command;
use app::domain::ids::PersonId;
use app::domain::person::Actor;
use app::domain::sync::plan::{held_through, HeldEntry};
use app::domain::sync::{Entry, Receipt};
use chrono::{DateTime, Utc};
use sqlx::{Any, AnyConnection, QueryBuilder};

use super::{failed, ts};

/// A device id is its first pusher's: anyone else is refused before anything is stored, so they
/// cannot spend the owner's sequence numbers.
pub(super) async fn claim_device(
    conn: &mut AnyConnection,
    device: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let owner: Option<String> =
        sqlx::query_scalar("SELECT person_id FROM device_owners WHERE device_id = $1")
            .bind(device)
            .fetch_optional(&mut *conn)
            .await
            .map_err(failed)?;
    match owner {
        Some(owner) if owner != actor.person.as_str() => Err(StoreError::DeviceTaken),
        Some(_) => Ok(()),
        None => {
            sqlx::query(
                "INSERT INTO device_owners (device_id, person_id, first_at) VALUES ($1, $2, $3)",
            )
            .bind(device)
            .bind(actor.person.as_str())
            .bind(ts(now))
            .execute(&mut *conn)
            .await
            .map_err(failed)?;
            Ok(())
        }
    }
}

/// An entry of the device quarantined before.
pub(super) struct Quarantined {
    pub id: String,
    pub seq: i64,
    pub body: String,
    pub reason: String,
}

pub(super) async fn quarantined(
    conn: &mut AnyConnection,
    device: &str,
) -> Result<Vec<Quarantined>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, device_seq, body, reason FROM sync_quarantine WHERE device_id = $1 ORDER BY seq",
    )
    .bind(device)
    .fetch_all(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(rows
        .iter()
        .map(|r| Quarantined {
            id: r.get("id"),
            seq: r.get("device_seq"),
            body: r.get("body"),
            reason: r.get("reason"),
        })
        .collect())
}

/// An entry of `sync_entries` and its receipt, from a row of all its columns.
pub(super) fn stored_entry(r: &sqlx::any::AnyRow) -> (Entry, Receipt) {
    let entry = Entry {
        id: r.get("id"),
        device: r.get("device_id"),
        seq: r.get::<i64, _>("device_seq") as u64,
        author: PersonId::new(r.get::<String, _>("author_id")),
        schema: r.get::<i64, _>("schema") as u32,
        kind: r.get("kind"),
        body: r.get("body"),
    };
    let receipt = receipt_of(
        r.get("change"),
        &r.get::<String, _>("outcome"),
        r.get("reason"),
    );
    (entry, receipt)
}

/// A stored entry's receipt, from its row.
pub(super) fn receipt_of(change: i64, outcome: &str, reason: String) -> Receipt {
    let change = change as u64;
    if outcome == "refused" {
        Receipt::Refused { change, reason }
    } else {
        Receipt::Accepted { change }
    }
}

/// The batch's ids the server already holds, with what they said and their original receipts.
pub(super) async fn known_entries(
    conn: &mut AnyConnection,
    batch: &[Entry],
) -> Result<HashMap<String, HeldEntry>, StoreError> {
    let mut query = QueryBuilder::<Any>::new(
        "SELECT id, device_id, device_seq, author_id, schema, kind, body, change, outcome, reason
         FROM sync_entries WHERE id IN (",
    );
    let mut list = query.separated(", ");
    for entry in batch {
        list.push_bind(&entry.id);
    }
    query.push(")");
    let rows =
        crate::store::engine::numbered(&mut query, crate::store::Engine::of_connection(conn))
            .fetch_all(&mut *conn)
            .await
            .map_err(failed)?;
    Ok(rows
        .iter()
        .map(|r| {
            let (entry, receipt) = stored_entry(r);
            let held = HeldEntry {
                content: entry.content_fingerprint(),
                receipt,
                device: entry.device,
                seq: entry.seq,
            };
            (entry.id, held)
        })
        .collect())
}

/// Which entry each of the batch's device numbers already stands for (stored or spent).
pub(super) async fn seq_owners(
    conn: &mut AnyConnection,
    device: &str,
    batch: &[Entry],
) -> Result<HashMap<i64, String>, StoreError> {
    let (low, high) = batch
        .iter()
        .fold((u64::MAX, 0), |(lo, hi), e| (lo.min(e.seq), hi.max(e.seq)));
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT device_seq, id FROM sync_entries WHERE device_id = $1 AND device_seq BETWEEN $2 AND $3
         UNION ALL SELECT device_seq, COALESCE(entry_id, '') FROM sync_held
           WHERE device_id = $1 AND device_seq BETWEEN $2 AND $3",
    )
    .bind(device)
    .bind(low.min(i64::MAX as u64) as i64)
    .bind(high.min(i64::MAX as u64) as i64)
    .fetch_all(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(rows.into_iter().collect())
}

/// Who owns the ledger lines these commands make or name: a service line is made under its
/// entry's id; a report of fulfilment names a service record, possibly synced in an earlier batch.
/// A command that could not be read (`None`) names only its own id.
pub(super) async fn line_owners(
    conn: &mut AnyConnection,
    commands: &[(&str, Option<&Command>)],
) -> Result<HashMap<String, String>, StoreError> {
    let ids: Vec<&str> = commands
        .iter()
        .flat_map(|(id, command)| {
            let named = match command {
                Some(Command::Fulfil(f)) => Some(f.record.as_str()),
                _ => None,
            };
            std::iter::once(*id).chain(named)
        })
        .collect();
    line_owners_of(conn, &ids).await
}

/// The service categories' codes, as the commands' rules check them.
pub(super) async fn category_codes(conn: &mut AnyConnection) -> Result<Vec<String>, StoreError> {
    sqlx::query_scalar("SELECT code FROM categories")
        .fetch_all(&mut *conn)
        .await
        .map_err(failed)
}

/// Who owns the ledger lines with these ids, if any exist.
pub(super) async fn line_owners_of(
    conn: &mut AnyConnection,
    ids: &[&str],
) -> Result<HashMap<String, String>, StoreError> {
    let mut query =
        QueryBuilder::<Any>::new("SELECT id, volunteer_id FROM service_records WHERE id IN (");
    let mut list = query.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    query.push(")");
    let rows =
        crate::store::engine::numbered(&mut query, crate::store::Engine::of_connection(conn))
            .fetch_all(&mut *conn)
            .await
            .map_err(failed)?;
    Ok(rows
        .iter()
        .map(|r| (r.get("id"), r.get("volunteer_id")))
        .collect())
}

/// The entry's device number counts as held (the entry itself is held under another number,
/// or quarantined).
pub(super) async fn spend(conn: &mut AnyConnection, entry: &Entry) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sync_held (device_id, device_seq, entry_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(&entry.device)
    .bind(entry.seq as i64)
    .bind(&entry.id)
    .execute(&mut *conn)
    .await
    .map(|_| ())
    .map_err(failed)
}

pub(super) async fn hold_in_quarantine(
    conn: &mut AnyConnection,
    actor: &Actor,
    entry: &Entry,
    reason: &str,
    spent: bool,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sync_quarantine (id, device_id, device_seq, author_id, body, reason,
           received_at, kind, schema, community_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&entry.id)
    .bind(&entry.device)
    .bind(entry.seq as i64)
    .bind(entry.author.as_str())
    .bind(&entry.body)
    .bind(reason)
    .bind(ts(now))
    .bind(entry.kind.chars().take(32).collect::<String>())
    .bind(i64::from(entry.schema))
    .bind(actor.community.as_ref().map(|c| c.as_str()))
    .execute(&mut *conn)
    .await
    .map_err(failed)?;
    if spent {
        spend(conn, entry).await?;
    }
    Ok(())
}

/// Moves the device's "held through" mark over every number now held, records how far the
/// device says it has captured and when it was last heard from, and returns the mark.
pub(super) async fn advance(
    conn: &mut AnyConnection,
    device: &str,
    actor: &Actor,
    captured: u64,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let through: i64 =
        sqlx::query_scalar("SELECT acked_through FROM sync_devices WHERE device_id = $1")
            .bind(device)
            .fetch_optional(&mut *conn)
            .await
            .map_err(failed)?
            .unwrap_or(0);
    let above: Vec<i64> = sqlx::query_scalar(
        "SELECT device_seq FROM sync_entries WHERE device_id = $1 AND device_seq > $2
         UNION SELECT device_seq FROM sync_held WHERE device_id = $1 AND device_seq > $2
         ORDER BY 1",
    )
    .bind(device)
    .bind(through)
    .fetch_all(&mut *conn)
    .await
    .map_err(failed)?;
    let through = held_through(through as u64, above.into_iter().map(|s| s as u64));
    sqlx::query(
        "INSERT INTO sync_devices (device_id, acked_through, person_id, captured_through, last_seen_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (device_id) DO UPDATE SET acked_through = excluded.acked_through,
           person_id = excluded.person_id,
           captured_through = CASE WHEN sync_devices.captured_through > excluded.captured_through
             THEN sync_devices.captured_through ELSE excluded.captured_through END,
           last_seen_at = excluded.last_seen_at",
    )
    .bind(device)
    .bind(through as i64)
    .bind(actor.person.as_str())
    .bind(captured.min(i64::MAX as u64) as i64)
    .bind(ts(now))
    .execute(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(through)
}
