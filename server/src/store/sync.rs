//! The device protocol on SQLite: a push is planned entry by entry by the protocol's pure
//! planner ([`app::domain::sync::plan`]) from the facts read here, and each planned application
//! goes through the one apply ([`super::commands`]) in a savepoint of its own, all in one
//! transaction per batch. Pulls by the change cursor, one statement per page.

use crate::store::row::Cells;
use std::collections::HashMap;

use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::command::{Command, Unreadable};
use app::domain::ids::PersonId;
use app::domain::person::Actor;
use app::domain::sync::plan::{plan_entry, Facts, HeldEntry, Step};
use app::domain::sync::{Change, Entry, PullPage, PushReply, Receipt};
use sqlx::{Any, AnyConnection, AnyPool, QueryBuilder};

use super::commands::{apply, buffered_only, json, Applied, Context, Lines};
use super::sync_facts::{self, stored_entry, Quarantined};
use super::{audit, failed, ledger, ts};

pub(super) async fn push(
    pool: &AnyPool,
    actor: &Actor,
    batch: &[Entry],
    captured: u64,
    entry_audit: AuditEntry,
) -> Result<PushReply, StoreError> {
    let now = entry_audit.at;
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let categories = sync_facts::category_codes(&mut tx).await?;
    let codes: Vec<&str> = categories.iter().map(String::as_str).collect();
    let today = app::domain::clock::china_today(now);
    let device = batch.first().map(|e| e.device.clone()).unwrap_or_default();
    sync_facts::claim_device(&mut tx, &device, actor, now).await?;

    // What the server already holds of this batch, read once each (a few statements per batch,
    // not a few per entry), and kept current below as the batch is applied.
    let mut quarantine = sync_facts::quarantined(&mut tx, &device).await?;
    let mut known = sync_facts::known_entries(&mut tx, batch).await?;
    let mut seq_owners = sync_facts::seq_owners(&mut tx, &device, batch).await?;
    // Each body is read once, here: the facts and the apply below use the same command.
    let commands: Vec<Result<Command, Unreadable>> = batch
        .iter()
        .map(|e| Command::read(&e.kind, &e.body))
        .collect();
    let named: Vec<(&str, Option<&Command>)> = batch
        .iter()
        .zip(&commands)
        .map(|(e, c)| (e.id.as_str(), c.as_ref().ok()))
        .collect();
    let mut lines = Lines {
        owners: sync_facts::line_owners(&mut tx, &named).await?,
        new: Vec::new(),
    };

    let mut stored: Vec<Stored> = Vec::new();
    let mut answers: Vec<(String, Answer)> = Vec::with_capacity(batch.len());
    // Entries seen earlier in this batch: content and the index of their answer.
    let mut in_batch: HashMap<&str, (u64, usize)> = HashMap::new();
    let mut quarantined = 0;
    for (entry, command) in batch.iter().zip(&commands) {
        let content = entry.content_fingerprint();
        if let Some(&(seen, at)) = in_batch.get(entry.id.as_str()) {
            if seen == content {
                // The same entry twice in one batch: one row, the same answer.
                answers.push((entry.id.clone(), answers[at].1.clone()));
                continue;
            }
        }
        let earlier = in_batch
            .get(entry.id.as_str())
            .map(|&(content, _)| HeldEntry {
                content,
                device: String::new(),
                seq: 0,
                receipt: Receipt::Forked,
            });
        let seq_owner = seq_owners.get(&(entry.seq as i64)).cloned();
        let quarantined_before = quarantine
            .iter()
            .find(|q| q.id == entry.id && q.seq == entry.seq as i64 && q.body == entry.body)
            .map(|q| q.reason.clone());
        let facts = Facts {
            held: known.get(&entry.id).or(earlier.as_ref()),
            seq_owner: seq_owner.as_deref(),
            quarantined_before: quarantined_before.as_deref(),
        };
        let step = plan_entry(entry, facts);
        let step = match step {
            Step::Apply => {
                match apply_one(
                    &mut tx,
                    actor,
                    entry,
                    command,
                    &codes,
                    today,
                    &entry_audit,
                    &mut lines,
                )
                .await?
                {
                    Ok(reason) => {
                        in_batch.insert(&entry.id, (content, answers.len()));
                        let answer = Answer::Stored(stored.len());
                        stored.push(Stored {
                            entry,
                            fingerprint: entry.fingerprint().to_string(),
                            reason,
                        });
                        seq_owners.insert(entry.seq as i64, entry.id.clone());
                        answers.push((entry.id.clone(), answer));
                        continue;
                    }
                    Err(reason) => Step::Quarantine {
                        reason,
                        spend: true,
                    },
                }
            }
            other => other,
        };
        match &step {
            Step::Replay { spend: true, .. } => {
                sync_facts::spend(&mut tx, entry).await?;
                seq_owners.insert(entry.seq as i64, entry.id.clone());
            }
            Step::Quarantine { reason, spend } => {
                quarantined += 1;
                sync_facts::hold_in_quarantine(&mut tx, actor, entry, reason, *spend, now).await?;
                quarantine.push(Quarantined {
                    id: entry.id.clone(),
                    seq: entry.seq as i64,
                    body: entry.body.clone(),
                    reason: reason.clone(),
                });
                if *spend {
                    seq_owners.insert(entry.seq as i64, entry.id.clone());
                }
            }
            _ => {}
        }
        in_batch.insert(&entry.id, (content, answers.len()));
        let receipt = step.receipt().unwrap_or(Receipt::Forked);
        answers.push((entry.id.clone(), Answer::Ready(receipt)));
    }
    known.clear();

    // The new ledger lines, then the entries with their change numbers: one statement per 500.
    ledger::insert_lines(&mut tx, &lines.new).await?;
    let changes = insert_entries(&mut tx, actor, &stored, now).await?;
    let refused = stored.iter().filter(|s| !s.reason.is_empty()).count();
    let receipts: Vec<(String, Receipt)> = answers
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

    // A forked device goes on under a new id: what it says it captured is not this id's.
    let forked = receipts_forked(&receipts);
    let captured = if forked { 0 } else { captured };
    let acked_through = sync_facts::advance(&mut tx, &device, actor, captured, now).await?;
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

fn receipts_forked(receipts: &[(String, Receipt)]) -> bool {
    receipts.iter().any(|(_, r)| matches!(r, Receipt::Forked))
}

/// Applies one entry (its body read as `command`) in a savepoint of its own: a value the
/// database refuses undoes this entry only, and is answered as its refusal; the rest of the batch
/// goes on. `Ok(reason)`: stored, refused when the reason is not empty; `Err(reason)`: to
/// quarantine.
#[allow(clippy::too_many_arguments)]
pub(super) async fn apply_one(
    tx: &mut AnyConnection,
    actor: &Actor,
    entry: &Entry,
    command: &Result<Command, Unreadable>,
    codes: &[&str],
    today: chrono::NaiveDate,
    push_audit: &AuditEntry,
    lines: &mut Lines,
) -> Result<Result<String, String>, StoreError> {
    let command = match command {
        Ok(command) => command,
        Err(unreadable) => return Ok(Err(unreadable.reason())),
    };
    let audit = AuditEntry {
        device: entry.device.clone(),
        ..push_audit.clone()
    };
    let cx = Context {
        id: &entry.id,
        categories: codes,
        today,
        audit: &audit,
        from_outbox: true,
    };
    // Two statements per entry are most of a push's time when the batch is all service lines,
    // whose apply only adds to `lines.new`: those are undone by truncating it.
    let savepoint = !buffered_only(command, &cx);
    if savepoint {
        sqlx::query("SAVEPOINT entry")
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
    }
    let lines_before = lines.new.len();
    let outcome = match apply(&mut *tx, actor, command, &cx, lines).await {
        Ok(Applied::Accepted) => Ok(String::new()),
        Ok(Applied::Refused(e)) => Ok(json(&e)),
        Ok(Applied::Invalid(e)) => Err(json(&e)),
        Err(StoreError::Failed(cause)) => return Err(StoreError::Failed(cause)),
        Err(refusal) => Ok(json(&refusal.into())),
    };
    if outcome.as_ref().map_or(true, |reason| !reason.is_empty()) {
        // Nothing of a refused or quarantined entry stays.
        if savepoint {
            sqlx::query("ROLLBACK TO entry")
                .execute(&mut *tx)
                .await
                .map_err(failed)?;
        }
        lines.new.truncate(lines_before);
    }
    if savepoint {
        sqlx::query("RELEASE entry")
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
    }
    Ok(outcome)
}

/// The answer for one entry of a batch: known now, or once its row has its change number.
#[derive(Clone)]
enum Answer {
    Ready(Receipt),
    /// The entry stored at this index of the batch's new rows.
    Stored(usize),
}

/// An entry of this batch to store in `sync_entries`; an empty reason means accepted.
pub(super) struct Stored<'a> {
    pub entry: &'a Entry,
    pub fingerprint: String,
    pub reason: String,
}

/// Rows per multi-row INSERT: 12 values each, well under SQLite's 32,766 variables.
const ENTRIES_PER_INSERT: usize = 500;

/// Stores the batch's entries; returns their change numbers, in the order given.
pub(super) async fn insert_entries(
    conn: &mut AnyConnection,
    actor: &Actor,
    stored: &[Stored<'_>],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u64>, StoreError> {
    let community = actor.community.as_ref().map(|c| c.as_str().to_string());
    let received = ts(now);
    let mut changes = Vec::with_capacity(stored.len());
    for chunk in stored.chunks(ENTRIES_PER_INSERT) {
        let mut insert = QueryBuilder::<Any>::new(
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
        let rows =
            crate::store::engine::numbered(&mut insert, crate::store::Engine::of_connection(conn))
                .fetch_all(&mut *conn)
                .await
                .map_err(failed)?;
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

/// The caller's own entries after `cursor`, oldest first, `limit` at most; one statement, so one
/// snapshot.
pub(super) async fn pull(
    pool: &AnyPool,
    author: &PersonId,
    cursor: u64,
    limit: u32,
) -> Result<PullPage, StoreError> {
    let rows = sqlx::query(
        "SELECT change, id, device_id, device_seq, author_id, schema, kind, body, outcome, reason
         FROM sync_entries WHERE author_id = $1 AND change > $2 ORDER BY change LIMIT $3",
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
        .map(|r| {
            let (entry, receipt) = stored_entry(r);
            Change {
                change: r.get::<i64, _>("change") as u64,
                entry,
                receipt,
            }
        })
        .collect();
    let next = changes.last().map(|c| c.change).unwrap_or(cursor);
    Ok(PullPage {
        changes,
        next,
        more,
    })
}
