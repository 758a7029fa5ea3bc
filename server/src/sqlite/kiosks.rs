use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, PersonId, WishId};
use app::domain::person::{Actor, Role};
use app::domain::wish::{WishCard, WishState};
use chrono::{DateTime, Utc};
use sqlx::{Row, SqlitePool};
use uuid::Uuid;

use super::{audit, failed, ts};

pub(super) async fn create_kiosk(
    pool: &SqlitePool,
    community: &CommunityId,
    name: &str,
    token_hash: &str,
    entry: AuditEntry,
) -> Result<String, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(failed)?;
    super::people::require_community(&mut tx, community).await?;
    let id = Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO kiosks (id, community_id, name, token_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
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
    pool: &SqlitePool,
    token_hash: &str,
) -> Result<Option<Actor>, StoreError> {
    let row = sqlx::query(
        "SELECT id, community_id FROM kiosks WHERE token_hash = ? AND revoked_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await
    .map_err(failed)?;
    Ok(row.map(|r| Actor {
        person: PersonId::new(r.get::<String, _>("id")),
        role: Role::Kiosk,
        community: Some(CommunityId::new(r.get::<String, _>("community_id"))),
    }))
}

pub(super) async fn wall(
    pool: &SqlitePool,
    community: &CommunityId,
) -> Result<Vec<WishCard>, StoreError> {
    let rows = sqlx::query(
        "SELECT w.id, w.community_id, w.poster_name, w.need, w.offer, w.category, w.capacity, w.created_at,
           EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id AND e.kind = 'approved') AS approved,
           EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id AND e.kind = 'fulfilled') AS fulfilled,
           EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id AND e.kind = 'withdrawn') AS withdrawn,
           (SELECT COUNT(*) FROM wish_events e WHERE e.wish_id = w.id AND e.kind = 'claimed') AS claims
         FROM wishes w WHERE w.community_id = ? ORDER BY w.created_at DESC, w.id DESC",
    )
    .bind(community.as_str())
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    let mut cards = Vec::new();
    for r in rows {
        let capacity = u32::try_from(r.get::<i64, _>("capacity")).unwrap_or(1);
        let claims = u32::try_from(r.get::<i64, _>("claims")).unwrap_or(0);
        let state = WishState::from_facts(
            r.get("approved"),
            claims,
            capacity,
            r.get("fulfilled"),
            r.get("withdrawn"),
        );
        if !state.is_public() {
            continue;
        }
        let posted: String = r.get("created_at");
        cards.push(WishCard {
            id: WishId::new(r.get::<String, _>("id")),
            community: CommunityId::new(r.get::<String, _>("community_id")),
            poster: r.get("poster_name"),
            need: r.get("need"),
            offer: r.get("offer"),
            category: r.get("category"),
            capacity,
            claims,
            state,
            posted_at: DateTime::parse_from_rfc3339(&posted)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| StoreError::Failed("unreadable wish timestamp".into()))?,
        });
    }
    // Open wishes first (they need someone), each group newest first.
    cards.sort_by_key(|c| c.state != WishState::Open);
    Ok(cards)
}
