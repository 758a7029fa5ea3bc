//! The proof a device holds what the server holds: count and digest of a person's synced
//! entries up to a cursor.

use crate::store::Flag;
use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::person::Actor;
use app::domain::sync::{Holdings, Reconciled};
use sqlx::AnyPool;

use super::{audit, failed, ts};

/// Compares a device's holdings with the server's; a mismatch is audited so staff see it.
pub(super) async fn reconcile(
    pool: &AnyPool,
    actor: &Actor,
    offered: &Holdings,
    mismatch_audit: AuditEntry,
) -> Result<Reconciled, StoreError> {
    let fingerprints: Vec<(i64, String)> = sqlx::query_as(
        "SELECT change, fingerprint FROM sync_entries WHERE author_id = $1 AND change <= $2",
    )
    .bind(actor.person.as_str())
    .bind(offered.through.min(i64::MAX as u64) as i64)
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    let mut held = Holdings::new(offered.through);
    for (change, fingerprint) in &fingerprints {
        held.add_fingerprint(*change as u64, fingerprint.parse().unwrap_or_default());
    }
    let matches = held == *offered;
    if !matches {
        let mut entry = mismatch_audit;
        entry.detail = format!(
            "device holds {} entries (digest {:x}), server {} (digest {:x}) through change {}",
            offered.count, offered.digest, held.count, held.digest, offered.through
        );
        // Once an hour per device and person is enough for staff to notice; a device (or a
        // script) repeating the call every second must not bury everything else.
        let since = ts(entry.at - chrono::Duration::hours(1));
        let Flag(recent) = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM audit_log WHERE action = 'sync_mismatch'
               AND actor_id = $1 AND subject = $2 AND at >= $3)",
        )
        .bind(actor.person.as_str())
        .bind(&entry.subject)
        .bind(since)
        .fetch_one(pool)
        .await
        .map_err(failed)?;
        if !recent {
            let mut conn = pool.acquire().await.map_err(failed)?;
            audit::insert(&mut conn, &entry).await?;
        }
    }
    Ok(Reconciled {
        matches,
        server_count: held.count,
    })
}
