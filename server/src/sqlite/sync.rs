//! The device protocol on SQLite: pushes stored at most once per entry, in one transaction per
//! batch, applied to the ledger in that same transaction; pulls by the change cursor.

use std::collections::{HashMap, HashSet};

use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::ids::PersonId;
use app::domain::person::Actor;
use app::domain::sync::{Change, Entry, PullPage, PushReply, Receipt};
use app::domain::wish_post::FulfilInput;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection, SqlitePool};

use super::ledger::{self, LineRow};
use super::sync_apply::{apply, Applied};
use super::{audit, failed, ts};

pub(super) async fn push(
    pool: &SqlitePool,
    actor: &Actor,
    batch: &[Entry],
    entry_audit: AuditEntry,
) -> Result<PushReply, StoreError> {
    let now = entry_audit.at;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(failed)?;
    let categories: Vec<String> = sqlx::query_scalar("SELECT code FROM categories")
        .fetch_all(&mut *tx)
        .await
        .map_err(failed)?;
    let codes: Vec<&str> = categories.iter().map(String::as_str).collect();
    let today = app::domain::clock::china_today(now);
    let device = batch.first().map(|e| e.device.clone()).unwrap_or_default();
    // A device id is its first pusher's: anyone else is refused before anything is stored, so
    // they cannot spend the owner's sequence numbers.
    let owner: Option<String> =
        sqlx::query_scalar("SELECT person_id FROM device_owners WHERE device_id = ?")
            .bind(&device)
            .fetch_optional(&mut *tx)
            .await
            .map_err(failed)?;
    match owner {
        Some(owner) if owner != actor.person.as_str() => return Err(StoreError::DeviceTaken),
        Some(_) => {}
        None => {
            sqlx::query(
                "INSERT INTO device_owners (device_id, person_id, first_at) VALUES (?, ?, ?)",
            )
            .bind(&device)
            .bind(actor.person.as_str())
            .bind(ts(now))
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        }
    }

    // What the server already holds of this batch, read once each (a few statements per batch,
    // not a few per entry), and kept current below as the batch is applied.
    let mut quarantine: Vec<Quarantined> = sqlx::query_as(
        "SELECT id, device_seq, body, reason FROM sync_quarantine WHERE device_id = ? ORDER BY seq",
    )
    .bind(&device)
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?;
    let ids: Vec<&str> = batch.iter().map(|e| e.id.as_str()).collect();
    let mut known = known_entries(&mut tx, &ids).await?;
    let mut seqs_taken = taken_seqs(&mut tx, &device, batch).await?;
    // Reports of fulfilment name a service record, possibly synced in an earlier batch.
    let named_records: Vec<String> = batch
        .iter()
        .filter(|e| e.kind == "fulfil")
        .filter_map(|e| serde_json::from_str::<FulfilInput>(&e.body).ok())
        .map(|f| f.record)
        .collect();
    let lines: Vec<&str> = ids
        .iter()
        .copied()
        .chain(named_records.iter().map(String::as_str))
        .collect();
    let mut line_owners = line_owners(&mut tx, &lines).await?;

    let mut stored: Vec<Stored> = Vec::new();
    let mut new_lines: Vec<LineRow> = Vec::new();
    let mut answers: Vec<(String, Answer)> = Vec::with_capacity(batch.len());
    let mut quarantined = 0;
    for entry in batch {
        let fingerprint = entry.fingerprint().to_string();
        if let Some((_, _, _, reason)) = quarantine.iter().find(|(id, seq, body, _)| {
            id == &entry.id && *seq == entry.seq as i64 && body == &entry.body
        }) {
            // Quarantined before, exactly as now: the same answer, no second quarantine row.
            let reason = reason.clone();
            answers.push((
                entry.id.clone(),
                Answer::Ready(Receipt::Quarantined { reason }),
            ));
            continue;
        }
        let applied = match known.get(&entry.id) {
            Some(held) if held.fingerprint == fingerprint => {
                answers.push((entry.id.clone(), held.answer.clone()));
                continue;
            }
            Some(_) => Applied::Quarantined {
                reason: "id already used for other content".into(),
                held: true,
            },
            None if seqs_taken.contains(&(entry.seq as i64)) => Applied::Quarantined {
                // The device number already stands for another entry: a cloned or restored device.
                reason: "device sequence reused (cloned or restored device)".into(),
                held: false,
            },
            None => {
                // Each entry in a savepoint of its own: a value the database refuses undoes this
                // entry only, and is answered as its refusal; the rest of the batch goes on.
                sqlx::query("SAVEPOINT entry")
                    .execute(&mut *tx)
                    .await
                    .map_err(failed)?;
                let lines_before = new_lines.len();
                let applied = apply(
                    &mut tx,
                    actor,
                    entry,
                    &codes,
                    today,
                    now,
                    &mut line_owners,
                    &mut new_lines,
                )
                .await;
                let applied = match applied {
                    Ok(applied) => applied,
                    Err(StoreError::Failed(cause)) => return Err(StoreError::Failed(cause)),
                    Err(refusal) => {
                        sqlx::query("ROLLBACK TO entry")
                            .execute(&mut *tx)
                            .await
                            .map_err(failed)?;
                        new_lines.truncate(lines_before);
                        Applied::Refused(super::sync_apply::json(&refusal.into()))
                    }
                };
                sqlx::query("RELEASE entry")
                    .execute(&mut *tx)
                    .await
                    .map_err(failed)?;
                applied
            }
        };
        match applied {
            Applied::Accepted | Applied::Refused(_) => {
                let reason = match applied {
                    Applied::Refused(reason) => reason,
                    _ => String::new(),
                };
                let answer = Answer::Stored(stored.len());
                stored.push(Stored {
                    entry,
                    fingerprint: fingerprint.clone(),
                    reason,
                });
                known.insert(
                    entry.id.clone(),
                    Held {
                        fingerprint,
                        answer: answer.clone(),
                    },
                );
                seqs_taken.insert(entry.seq as i64);
                answers.push((entry.id.clone(), answer));
            }
            Applied::Quarantined { reason, held } => {
                quarantined += 1;
                quarantine.push((
                    entry.id.clone(),
                    entry.seq as i64,
                    entry.body.clone(),
                    reason.clone(),
                ));
                hold_in_quarantine(&mut tx, entry, &reason, held, now).await?;
                if held {
                    seqs_taken.insert(entry.seq as i64);
                }
                answers.push((
                    entry.id.clone(),
                    Answer::Ready(Receipt::Quarantined { reason }),
                ));
            }
        }
    }

    // The new ledger lines, then the entries with their change numbers: one statement per 500.
    ledger::insert_lines(&mut tx, &new_lines).await?;
    let changes = insert_entries(&mut tx, actor, &stored, now).await?;
    let refused = stored.iter().filter(|s| !s.reason.is_empty()).count();
    let receipts = answers
        .into_iter()
        .map(|(id, answer)| {
            let receipt = match answer {
                Answer::Ready(receipt) => receipt,
                Answer::Stored(i) => {
                    let change = changes.get(i).copied().unwrap_or_default();
                    match stored[i].reason.as_str() {
                        "" => Receipt::Accepted { change },
                        reason => Receipt::Refused {
                            change,
                            reason: reason.to_string(),
                        },
                    }
                }
            };
            (id, receipt)
        })
        .collect();

    let acked_through = advance(&mut tx, &device).await?;
    let mut entry_audit = entry_audit;
    entry_audit.subject = device;
    entry_audit.detail = format!(
        "{} accepted, {refused} refused, {quarantined} quarantined, through {acked_through}",
        stored.len() - refused
    );
    audit::insert(&mut tx, &entry_audit).await?;
    tx.commit().await.map_err(failed)?;
    Ok(PushReply {
        receipts,
        acked_through,
    })
}

/// A quarantined entry of the device: id, device number, body, reason.
type Quarantined = (String, i64, String, String);

/// The answer for one entry of a batch: known now, or once its row has its change number.
#[derive(Clone)]
enum Answer {
    Ready(Receipt),
    /// The entry stored at this index of the batch's new rows.
    Stored(usize),
}

/// An entry the server holds (before or from this batch), to tell a replay from a reused id.
struct Held {
    fingerprint: String,
    answer: Answer,
}

/// An entry of this batch to store in `sync_entries`; an empty reason means accepted.
struct Stored<'a> {
    entry: &'a Entry,
    fingerprint: String,
    reason: String,
}

/// The batch's ids the server already holds, with their original receipts.
async fn known_entries(
    conn: &mut SqliteConnection,
    ids: &[&str],
) -> Result<HashMap<String, Held>, StoreError> {
    let mut query = QueryBuilder::<Sqlite>::new(
        "SELECT id, change, fingerprint, outcome, reason FROM sync_entries WHERE id IN (",
    );
    let mut list = query.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    query.push(")");
    let rows = query.build().fetch_all(&mut *conn).await.map_err(failed)?;
    Ok(rows
        .iter()
        .map(|r| {
            let receipt = receipt_of(
                r.get("change"),
                &r.get::<String, _>("outcome"),
                r.get("reason"),
            );
            (
                r.get("id"),
                Held {
                    fingerprint: r.get("fingerprint"),
                    answer: Answer::Ready(receipt),
                },
            )
        })
        .collect())
}

/// Which of the batch's device numbers already stand for an entry (stored or quarantined).
async fn taken_seqs(
    conn: &mut SqliteConnection,
    device: &str,
    batch: &[Entry],
) -> Result<HashSet<i64>, StoreError> {
    let (low, high) = batch
        .iter()
        .fold((u64::MAX, 0), |(lo, hi), e| (lo.min(e.seq), hi.max(e.seq)));
    let taken: Vec<i64> = sqlx::query_scalar(
        "SELECT device_seq FROM sync_entries WHERE device_id = ?1 AND device_seq BETWEEN ?2 AND ?3
         UNION SELECT device_seq FROM sync_held WHERE device_id = ?1 AND device_seq BETWEEN ?2 AND ?3",
    )
    .bind(device)
    .bind(low.min(i64::MAX as u64) as i64)
    .bind(high.min(i64::MAX as u64) as i64)
    .fetch_all(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(taken.into_iter().collect())
}

/// Who owns the ledger lines with the batch's ids, if any exist.
async fn line_owners(
    conn: &mut SqliteConnection,
    ids: &[&str],
) -> Result<HashMap<String, String>, StoreError> {
    let mut query =
        QueryBuilder::<Sqlite>::new("SELECT id, volunteer_id FROM service_records WHERE id IN (");
    let mut list = query.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    query.push(")");
    let rows = query.build().fetch_all(&mut *conn).await.map_err(failed)?;
    Ok(rows
        .iter()
        .map(|r| (r.get("id"), r.get("volunteer_id")))
        .collect())
}

async fn hold_in_quarantine(
    conn: &mut SqliteConnection,
    entry: &Entry,
    reason: &str,
    held: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sync_quarantine (id, device_id, device_seq, author_id, body, reason, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&entry.id)
    .bind(&entry.device)
    .bind(entry.seq as i64)
    .bind(entry.author.as_str())
    .bind(&entry.body)
    .bind(reason)
    .bind(ts(now))
    .execute(&mut *conn)
    .await
    .map_err(failed)?;
    if held {
        sqlx::query("INSERT OR IGNORE INTO sync_held (device_id, device_seq) VALUES (?, ?)")
            .bind(&entry.device)
            .bind(entry.seq as i64)
            .execute(&mut *conn)
            .await
            .map_err(failed)?;
    }
    Ok(())
}

/// Rows per multi-row INSERT: 12 values each, well under SQLite's 32,766 variables.
const ENTRIES_PER_INSERT: usize = 500;

/// Stores the batch's entries; returns their change numbers, in the order given.
async fn insert_entries(
    conn: &mut SqliteConnection,
    actor: &Actor,
    stored: &[Stored<'_>],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u64>, StoreError> {
    let community = actor.community.as_ref().map(|c| c.as_str().to_string());
    let received = ts(now);
    let mut changes = Vec::with_capacity(stored.len());
    for chunk in stored.chunks(ENTRIES_PER_INSERT) {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO sync_entries (id, device_id, device_seq, author_id, community_id, schema,
               kind, body, fingerprint, outcome, reason, received_at) ",
        );
        insert.push_values(chunk, |mut row, s| {
            row.push_bind(&s.entry.id)
                .push_bind(&s.entry.device)
                .push_bind(s.entry.seq as i64)
                .push_bind(s.entry.author.as_str())
                .push_bind(&community)
                .push_bind(i64::from(s.entry.schema))
                .push_bind(&s.entry.kind)
                .push_bind(&s.entry.body)
                .push_bind(&s.fingerprint)
                .push_bind(if s.reason.is_empty() {
                    "accepted"
                } else {
                    "refused"
                })
                .push_bind(&s.reason)
                .push_bind(&received);
        });
        // SQLite does not promise RETURNING rows in VALUES order: match them up by id.
        insert.push(" RETURNING id, change");
        let rows = insert.build().fetch_all(&mut *conn).await.map_err(failed)?;
        let by_id: HashMap<String, i64> = rows
            .iter()
            .map(|r| (r.get("id"), r.get("change")))
            .collect();
        for s in chunk {
            let change = by_id
                .get(&s.entry.id)
                .ok_or_else(|| StoreError::Failed("an inserted entry has no change".into()))?;
            changes.push(*change as u64);
        }
    }
    Ok(changes)
}

fn receipt_of(change: i64, outcome: &str, reason: String) -> Receipt {
    let change = change as u64;
    if outcome == "refused" {
        Receipt::Refused { change, reason }
    } else {
        Receipt::Accepted { change }
    }
}

/// Moves the device's "held through" mark over every sequence number now held, and returns it.
async fn advance(conn: &mut SqliteConnection, device: &str) -> Result<u64, StoreError> {
    let mut through: i64 =
        sqlx::query_scalar("SELECT acked_through FROM sync_devices WHERE device_id = ?")
            .bind(device)
            .fetch_optional(&mut *conn)
            .await
            .map_err(failed)?
            .unwrap_or(0);
    // Every number held after the mark, in order, in one statement; walk while there is no gap.
    let held: Vec<i64> = sqlx::query_scalar(
        "SELECT device_seq FROM sync_entries WHERE device_id = ?1 AND device_seq > ?2
         UNION SELECT device_seq FROM sync_held WHERE device_id = ?1 AND device_seq > ?2
         ORDER BY 1",
    )
    .bind(device)
    .bind(through)
    .fetch_all(&mut *conn)
    .await
    .map_err(failed)?;
    for seq in held {
        if seq == through + 1 {
            through = seq;
        } else {
            break;
        }
    }
    sqlx::query(
        "INSERT INTO sync_devices (device_id, acked_through) VALUES (?, ?)
         ON CONFLICT (device_id) DO UPDATE SET acked_through = excluded.acked_through",
    )
    .bind(device)
    .bind(through)
    .execute(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(through as u64)
}

/// The caller's own entries after `cursor`, oldest first, `limit` at most; one statement, so one
/// snapshot.
pub(super) async fn pull(
    pool: &SqlitePool,
    author: &PersonId,
    cursor: u64,
    limit: u32,
) -> Result<PullPage, StoreError> {
    let rows = sqlx::query(
        "SELECT change, id, device_id, device_seq, author_id, schema, kind, body, outcome, reason
         FROM sync_entries WHERE author_id = ? AND change > ? ORDER BY change LIMIT ?",
    )
    .bind(author.as_str())
    .bind(cursor as i64)
    .bind(i64::from(limit) + 1)
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    let more = rows.len() > limit as usize;
    let changes: Vec<Change> = rows
        .iter()
        .take(limit as usize)
        .map(|r| Change {
            change: r.get::<i64, _>("change") as u64,
            entry: Entry {
                id: r.get("id"),
                device: r.get("device_id"),
                seq: r.get::<i64, _>("device_seq") as u64,
                author: PersonId::new(r.get::<String, _>("author_id")),
                schema: r.get::<i64, _>("schema") as u32,
                kind: r.get("kind"),
                body: r.get("body"),
            },
            receipt: receipt_of(
                r.get("change"),
                &r.get::<String, _>("outcome"),
                r.get("reason"),
            ),
        })
        .collect();
    let next = changes.last().map(|c| c.change).unwrap_or(cursor);
    Ok(PullPage {
        changes,
        next,
        more,
    })
}
