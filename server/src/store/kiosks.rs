//! Kiosks: the community's wall screens, each signed in with a token only its hash of is kept.

use crate::store::row::Cells;
use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::{Actor, Role};
use sqlx::AnyPool;
use uuid::Uuid;

use super::{audit, failed, ts};

pub(super) async fn create_kiosk(
    pool: &AnyPool,
    community: &CommunityId,
    name: &str,
    token_hash: &str,
    entry: AuditEntry,
) -> Result<String, StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    super::people::require_community(&mut tx, community).await?;
    let id = Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO kiosks (id, community_id, name, token_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(community.as_str())
    .bind(name)
    .bind(token_hash)
    .bind(entry.actor.as_ref().map(|p| p.as_str().to_string()))
    .bind(ts(entry.at))
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    let mut entry = entry;
    entry.subject = id.clone();
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)?;
    Ok(id)
}

pub(super) async fn kiosk_actor(
    pool: &AnyPool,
    token_hash: &str,
) -> Result<Option<Actor>, StoreError> {
    let row = sqlx::query(
        "SELECT id, community_id, COALESCE(last_seen_at, created_at) AS seen FROM kiosks
         WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await
    .map_err(failed)?;
    let Some(r) = row else {
        return Ok(None);
    };
    let now = chrono::Utc::now();
    let seen = chrono::DateTime::parse_from_rfc3339(&r.get::<String, _>("seen"))
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or(now);
    if now - seen > super::accounts::idle_limit(Role::Kiosk) {
        return Ok(None);
    }
    super::accounts::touch(pool, "kiosks", token_hash, seen, now).await?;
    Ok(Some(Actor {
        person: PersonId::new(r.get::<String, _>("id")),
        role: Role::Kiosk,
        community: Some(CommunityId::new(r.get::<String, _>("community_id"))),
    }))
}
