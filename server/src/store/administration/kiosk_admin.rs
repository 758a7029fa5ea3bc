//! The community's wall screens as staff manage them: listed and revoked.

use crate::store::row::Cells;
use app::api::ports::StoreError;
use app::domain::administration::KioskRow;
use app::domain::audit::AuditEntry;
use app::domain::ids::CommunityId;

use crate::store::{audit, failed, parse_ts, ts, SqlStore};

pub(super) async fn kiosks(
    store: &SqlStore,
    community: Option<&CommunityId>,
) -> Result<Vec<KioskRow>, StoreError> {
    let rows = sqlx::query(
        "SELECT k.id, k.name, c.name AS community_name, k.created_at, k.last_seen_at, k.revoked_at
         FROM kiosks k JOIN communities c ON c.id = k.community_id
         WHERE $1 IS NULL OR k.community_id = $1
         ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC",
    )
    .bind(community.map(|c| c.as_str().to_string()))
    .fetch_all(&store.pool)
    .await
    .map_err(failed)?;
    Ok(rows
        .iter()
        .map(|r| KioskRow {
            id: r.get("id"),
            name: r.get("name"),
            community_name: r.get("community_name"),
            created_at: parse_ts(&r.get::<String, _>("created_at")),
            last_seen_at: r
                .get::<Option<String>, _>("last_seen_at")
                .map(|t| parse_ts(&t)),
            revoked_at: r
                .get::<Option<String>, _>("revoked_at")
                .map(|t| parse_ts(&t)),
        })
        .collect())
}

pub(super) async fn revoke_kiosk(
    store: &SqlStore,
    kiosk: &str,
    community: Option<&CommunityId>,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(&store.pool).await?;
    let found: Option<String> = sqlx::query_scalar(
        "SELECT community_id FROM kiosks WHERE id = $1 AND ($2 IS NULL OR community_id = $2)",
    )
    .bind(kiosk)
    .bind(community.map(|c| c.as_str().to_string()))
    .fetch_optional(&mut *tx)
    .await
    .map_err(failed)?;
    let kiosk_community = found.ok_or(StoreError::NotFound)?;
    sqlx::query("UPDATE kiosks SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2")
        .bind(ts(entry.at))
        .bind(kiosk)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    let mut entry = entry;
    entry.subject = kiosk.to_string();
    entry.community = Some(CommunityId::new(kiosk_community));
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}

pub(super) async fn kiosk_revoked(store: &SqlStore, token_hash: &str) -> Result<bool, StoreError> {
    sqlx::query_scalar::<_, crate::store::Flag>(
        "SELECT EXISTS (SELECT 1 FROM kiosks WHERE token_hash = $1 AND revoked_at IS NOT NULL)",
    )
    .bind(token_hash)
    .fetch_one(&store.pool)
    .await
    .map(bool::from)
    .map_err(failed)
}
