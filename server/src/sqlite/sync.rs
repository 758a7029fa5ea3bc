//! The device protocol on SQLite: pushes stored at most once per entry, in one transaction per
//! batch, applied to the ledger in that same transaction; pulls by the change cursor.

use app::api::ports::StoreError;
use app::api::ApiError;
use app::domain::audit::AuditEntry;
use app::domain::ids::{PersonId, RecordId};
use app::domain::person::{Actor, ContactChange, ContactInput};
use app::domain::record::{RecordInput, ServiceEntry};
use app::domain::sync::{Change, Entry, PullPage, PushReply, Receipt, SCHEMA_VERSION};
use sqlx::{Row, SqliteConnection, SqlitePool};

use super::{audit, failed, ledger, people, ts};

/// What applying an entry came to.
enum Applied {
    Accepted,
    Refused(String),
    /// Never applied; `held` says whether its device number counts as spent.
    Quarantined {
        reason: String,
        held: bool,
    },
}

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
    let mut receipts = Vec::with_capacity(batch.len());
    let (mut accepted, mut refused, mut quarantined) = (0, 0, 0);

    // The device's quarantined entries, read once per batch (kept current below): a replay of
    // one gets the same answer without a lookup per entry.
    let device = batch.first().map(|e| e.device.clone()).unwrap_or_default();
    let mut quarantine: Vec<Quarantined> = sqlx::query_as(
        "SELECT id, device_seq, body, reason FROM sync_quarantine WHERE device_id = ? ORDER BY seq",
    )
    .bind(&device)
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?;

    for entry in batch {
        let applied = match seen(&mut tx, entry, &quarantine).await? {
            Seen::Replay(receipt) => {
                receipts.push((entry.id.clone(), receipt));
                continue;
            }
            Seen::IdTaken => Applied::Quarantined {
                reason: "id already used for other content".into(),
                held: true,
            },
            Seen::New => match seq_taken(&mut tx, entry).await? {
                Some(applied) => applied,
                None => apply(&mut tx, actor, entry, &codes, today, now).await?,
            },
        };
        let receipt = match applied {
            Applied::Accepted | Applied::Refused(_) => {
                let (outcome, reason) = match &applied {
                    Applied::Refused(reason) => ("refused", reason.as_str()),
                    _ => ("accepted", ""),
                };
                let change: i64 = sqlx::query_scalar(
                    "INSERT INTO sync_entries (id, device_id, device_seq, author_id, community_id, schema,
                       kind, body, fingerprint, outcome, reason, received_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING change",
                )
                .bind(&entry.id)
                .bind(&entry.device)
                .bind(entry.seq as i64)
                .bind(entry.author.as_str())
                .bind(actor.community.as_ref().map(|c| c.as_str().to_string()))
                .bind(i64::from(entry.schema))
                .bind(&entry.kind)
                .bind(&entry.body)
                .bind(entry.fingerprint().to_string())
                .bind(outcome)
                .bind(reason)
                .bind(ts(now))
                .fetch_one(&mut *tx)
                .await
                .map_err(failed)?;
                let change = change as u64;
                if reason.is_empty() {
                    accepted += 1;
                    Receipt::Accepted { change }
                } else {
                    refused += 1;
                    Receipt::Refused {
                        change,
                        reason: reason.to_string(),
                    }
                }
            }
            Applied::Quarantined { reason, held } => {
                quarantined += 1;
                quarantine.push((
                    entry.id.clone(),
                    entry.seq as i64,
                    entry.body.clone(),
                    reason.clone(),
                ));
                sqlx::query(
                    "INSERT INTO sync_quarantine (id, device_id, device_seq, author_id, body, reason, received_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(&entry.id)
                .bind(&entry.device)
                .bind(entry.seq as i64)
                .bind(entry.author.as_str())
                .bind(&entry.body)
                .bind(&reason)
                .bind(ts(now))
                .execute(&mut *tx)
                .await
                .map_err(failed)?;
                if held {
                    sqlx::query(
                        "INSERT OR IGNORE INTO sync_held (device_id, device_seq) VALUES (?, ?)",
                    )
                    .bind(&entry.device)
                    .bind(entry.seq as i64)
                    .execute(&mut *tx)
                    .await
                    .map_err(failed)?;
                }
                Receipt::Quarantined { reason }
            }
        };
        receipts.push((entry.id.clone(), receipt));
    }

    let acked_through = advance(&mut tx, &device).await?;
    let mut entry_audit = entry_audit;
    entry_audit.subject = device;
    entry_audit.detail =
        format!("{accepted} accepted, {refused} refused, {quarantined} quarantined, through {acked_through}");
    audit::insert(&mut tx, &entry_audit).await?;
    tx.commit().await.map_err(failed)?;
    Ok(PushReply {
        receipts,
        acked_through,
    })
}

/// A quarantined entry of the device: id, device number, body, reason.
type Quarantined = (String, i64, String, String);

/// What the server already knows of an entry's id.
enum Seen {
    /// Stored or quarantined before, exactly as now: the original answer.
    Replay(Receipt),
    /// The id stands for other content.
    IdTaken,
    New,
}

async fn seen(
    conn: &mut SqliteConnection,
    entry: &Entry,
    quarantine: &[Quarantined],
) -> Result<Seen, StoreError> {
    // Quarantined before, exactly as now: the same answer, and no second quarantine row.
    if let Some((_, _, _, reason)) = quarantine.iter().find(|(id, seq, body, _)| {
        id == &entry.id && *seq == entry.seq as i64 && body == &entry.body
    }) {
        return Ok(Seen::Replay(Receipt::Quarantined {
            reason: reason.clone(),
        }));
    }
    let row =
        sqlx::query("SELECT change, fingerprint, outcome, reason FROM sync_entries WHERE id = ?")
            .bind(&entry.id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(failed)?;
    Ok(match row {
        None => Seen::New,
        Some(r) if r.get::<String, _>("fingerprint") == entry.fingerprint().to_string() => {
            Seen::Replay(receipt_of(
                r.get("change"),
                &r.get::<String, _>("outcome"),
                r.get("reason"),
            ))
        }
        Some(_) => Seen::IdTaken,
    })
}

/// The device number already stands for another entry: a cloned or restored device.
async fn seq_taken(
    conn: &mut SqliteConnection,
    entry: &Entry,
) -> Result<Option<Applied>, StoreError> {
    let seq_taken: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sync_entries WHERE device_id = ?1 AND device_seq = ?2)
             OR EXISTS (SELECT 1 FROM sync_held WHERE device_id = ?1 AND device_seq = ?2)",
    )
    .bind(&entry.device)
    .bind(entry.seq as i64)
    .fetch_one(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(seq_taken.then(|| Applied::Quarantined {
        reason: "device sequence reused (cloned or restored device)".into(),
        held: false,
    }))
}

/// Applies a new entry to the ledger, by its kind.
async fn apply(
    conn: &mut SqliteConnection,
    actor: &Actor,
    entry: &Entry,
    categories: &[&str],
    today: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Applied, StoreError> {
    let quarantine = |reason: String| Ok(Applied::Quarantined { reason, held: true });
    if entry.schema == 0 || entry.schema > SCHEMA_VERSION {
        return quarantine(format!("unknown schema {}", entry.schema));
    }
    if entry.seq == 0
        || entry.id.is_empty()
        || entry.id.len() > 64
        || entry.device.is_empty()
        || entry.device.len() > 64
    {
        return quarantine("malformed entry".into());
    }
    match entry.kind.as_str() {
        "service" => {
            let Ok(input) = serde_json::from_str::<RecordInput>(&entry.body) else {
                return quarantine("unreadable service record".into());
            };
            let (service, flags) = match ServiceEntry::parse(&input, categories, today) {
                Ok(parsed) => parsed,
                Err(errors) => return quarantine(json(&ApiError::Invalid(errors))),
            };
            match ledger::insert_line(
                conn,
                actor,
                &RecordId::new(entry.id.clone()),
                &service,
                &flags,
                now,
            )
            .await
            {
                Ok(_) => Ok(Applied::Accepted),
                Err(StoreError::Ledger(e)) => Ok(Applied::Refused(json(&ApiError::Ledger(e)))),
                Err(other) => Err(other),
            }
        }
        "profile" => {
            let Ok(input) = serde_json::from_str::<ContactInput>(&entry.body) else {
                return quarantine("unreadable profile change".into());
            };
            let change = match ContactChange::parse(&input, categories) {
                Ok(change) => change,
                Err(errors) => return quarantine(json(&ApiError::Invalid(errors))),
            };
            match people::change_contact(conn, &actor.person, &change).await {
                Ok(()) => {
                    let record = AuditEntry {
                        at: now,
                        actor: Some(actor.person.clone()),
                        role: Some(actor.role),
                        community: actor.community.clone(),
                        action: "change_contact".into(),
                        subject: actor.person.to_string(),
                        detail: String::new(),
                        device: entry.device.clone(),
                    };
                    audit::insert(conn, &record).await?;
                    Ok(Applied::Accepted)
                }
                Err(StoreError::Invalid(e)) => {
                    Ok(Applied::Refused(json(&ApiError::Invalid(e.into()))))
                }
                Err(other) => Err(other),
            }
        }
        other => quarantine(format!("unknown kind {other}")),
    }
}

/// Reasons travel as the typed error, so the phone shows them in the person's language.
fn json(error: &ApiError) -> String {
    serde_json::to_string(error).unwrap_or_default()
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
