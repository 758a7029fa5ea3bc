//! Silent devices and the quarantine on SQLite; re-applying a quarantined entry goes through the
//! same per-entry apply as a push.

use crate::store::row::Cells;
use crate::store::Flag;
use app::api::ports::StoreError;
use app::api::ApiError;
use app::domain::audit::AuditEntry;
use app::domain::command::Command;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::{Actor, Role};
use app::domain::sync::Entry;
use app::domain::sync_health::{
    QuarantineAction, QuarantinedEntry, Resolution, SilentDevice, SyncHealth, SILENT_AFTER_HOURS,
};
use app::domain::ValidationError;
use chrono::{DateTime, Utc};
use sqlx::AnyPool;

use super::commands::Lines;
use super::sync::{apply_one, insert_entries, Stored};
use super::{audit, failed, ledger, parse_ts, sync_facts, ts};

/// The most rows of each list: a page staff can read.
const LIMIT: i64 = 200;

pub(super) async fn sync_health(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
    now: DateTime<Utc>,
) -> Result<SyncHealth, StoreError> {
    let scope = scope.map(|c| c.as_str().to_string());
    let silent_since = ts(now - chrono::Duration::hours(SILENT_AFTER_HOURS));
    let silent = sqlx::query(
        "SELECT d.device_id, d.person_id, p.name, d.captured_through, d.acked_through, d.last_seen_at
         FROM sync_devices d JOIN people p ON p.id = d.person_id
         WHERE d.captured_through > d.acked_through AND d.last_seen_at < $1
           AND ($2 IS NULL OR p.community_id = $2)
         ORDER BY d.last_seen_at LIMIT $3",
    )
    .bind(&silent_since)
    .bind(&scope)
    .bind(LIMIT)
    .fetch_all(pool)
    .await
    .map_err(failed)?
    .iter()
    .map(|r| SilentDevice {
        person: PersonId::new(r.get::<String, _>("person_id")),
        name: r.get("name"),
        device: r.get("device_id"),
        captured: r.get::<i64, _>("captured_through") as u64,
        received: r.get::<i64, _>("acked_through") as u64,
        last_seen: parse_ts(&r.get::<String, _>("last_seen_at")),
    })
    .collect();
    let quarantined = sqlx::query(
        "SELECT q.seq, q.id, q.author_id, COALESCE(p.name, '') AS name, q.kind, q.reason,
           q.received_at, q.body, r.outcome, COALESCE(rp.name, '') AS resolver, r.at, r.note
         FROM sync_quarantine q
         LEFT JOIN people p ON p.id = q.author_id
         LEFT JOIN sync_quarantine_resolutions r ON r.quarantine_seq = q.seq
         LEFT JOIN people rp ON rp.id = r.person_id
         WHERE ($1 IS NULL OR q.community_id = $1)
         ORDER BY r.outcome IS NOT NULL, q.seq DESC LIMIT $2",
    )
    .bind(&scope)
    .bind(LIMIT)
    .fetch_all(pool)
    .await
    .map_err(failed)?
    .iter()
    .map(|r| QuarantinedEntry {
        number: r.get("seq"),
        entry: r.get("id"),
        person: r.get::<Option<String>, _>("author_id").map(PersonId::new),
        name: r.get("name"),
        kind: r.get("kind"),
        reason: r.get("reason"),
        received_at: parse_ts(&r.get::<String, _>("received_at")),
        body: r.get("body"),
        resolution: r
            .get::<Option<String>, _>("outcome")
            .and_then(|o| QuarantineAction::from_code(&o))
            .map(|action| Resolution {
                action,
                by: r.get("resolver"),
                at: parse_ts(&r.get::<String, _>("at")),
                note: r.get("note"),
            }),
    })
    .collect();
    Ok(SyncHealth {
        silent,
        quarantined,
    })
}

pub(super) async fn resolve(
    pool: &AnyPool,
    actor: &Actor,
    number: i64,
    action: QuarantineAction,
    note: &str,
    entry_audit: AuditEntry,
) -> Result<(), StoreError> {
    let now = entry_audit.at;
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let row = sqlx::query(
        "SELECT q.id, q.device_id, q.device_seq, q.author_id, q.body, q.kind, q.schema,
           q.community_id, p.role, p.community_id AS person_community,
           EXISTS (SELECT 1 FROM sync_quarantine_resolutions r WHERE r.quarantine_seq = q.seq) AS done
         FROM sync_quarantine q LEFT JOIN people p ON p.id = q.author_id WHERE q.seq = $1",
    )
    .bind(number)
    .fetch_optional(&mut *tx)
    .await
    .map_err(failed)?
    .ok_or(StoreError::NotFound)?;
    let community: Option<String> = row.get("community_id");
    if let Some(scope) = &actor.community {
        if community.as_deref() != Some(scope.as_str()) {
            return Err(StoreError::NotFound);
        }
    }
    if row.get::<bool, _>("done") {
        return Err(StoreError::Invalid(ValidationError::Conflict));
    }
    if action == QuarantineAction::Reapply {
        let entry = Entry {
            id: row.get("id"),
            device: row.get("device_id"),
            seq: row.get::<i64, _>("device_seq") as u64,
            author: PersonId::new(
                row.get::<Option<String>, _>("author_id")
                    .unwrap_or_default(),
            ),
            schema: row.get::<i64, _>("schema") as u32,
            kind: row.get("kind"),
            body: row.get("body"),
        };
        let Flag(taken) =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sync_entries WHERE id = $1)")
                .bind(&entry.id)
                .fetch_one(&mut *tx)
                .await
                .map_err(failed)?;
        if taken {
            // The id stands for other content already: this entry can only be dismissed.
            return Err(StoreError::Invalid(ValidationError::Conflict));
        }
        let author = Actor {
            person: entry.author.clone(),
            role: row
                .get::<Option<String>, _>("role")
                .and_then(|r| Role::from_code(&r))
                .ok_or(StoreError::NotFound)?,
            community: row
                .get::<Option<String>, _>("person_community")
                .map(CommunityId::new),
        };
        let categories = sync_facts::category_codes(&mut tx).await?;
        let codes: Vec<&str> = categories.iter().map(String::as_str).collect();
        let today = app::domain::clock::china_today(now);
        let command = Command::read(&entry.kind, &entry.body);
        let mut lines = Lines {
            owners: sync_facts::line_owners(&mut tx, &[(&entry.id, command.as_ref().ok())]).await?,
            new: Vec::new(),
        };
        let applied = apply_one(
            &mut tx,
            &author,
            &entry,
            &command,
            &codes,
            today,
            &entry_audit,
            &mut lines,
        )
        .await?;
        let reason = match applied {
            Ok(reason) => reason,
            // Still not a command the rules take: nothing changes, staff read why.
            Err(reason) => {
                let error = serde_json::from_str::<ApiError>(&reason)
                    .unwrap_or(ApiError::Invalid(ValidationError::Conflict.into()));
                return Err(StoreError::Command(Box::new(error)));
            }
        };
        ledger::insert_lines(&mut tx, &lines.new).await?;
        let stored = [Stored {
            entry: &entry,
            fingerprint: entry.fingerprint().to_string(),
            reason,
        }];
        insert_entries(&mut tx, &author, &stored, now).await?;
        // Its number now stands for it (if the quarantine had not spent it already).
        sync_facts::spend(&mut tx, &entry).await?;
    }
    sqlx::query(
        "INSERT INTO sync_quarantine_resolutions (quarantine_seq, outcome, person_id, at, note)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(number)
    .bind(action.code())
    .bind(actor.person.as_str())
    .bind(ts(now))
    .bind(note)
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    audit::insert(&mut tx, &entry_audit).await?;
    tx.commit().await.map_err(failed)
}
