//! The sub-district's communities: listed with their counts, added, renamed, retired and
//! restored. Two never share a name.

use app::api::ports::StoreError;
use app::domain::administration::{CommunityRow, PlaceName};
use app::domain::audit::AuditEntry;
use app::domain::ids::CommunityId;
use app::domain::{Field, ValidationError};
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

use crate::sqlite::{audit, failed, ts, SqliteStore};

pub(super) async fn communities(store: &SqliteStore) -> Result<Vec<CommunityRow>, StoreError> {
    let rows = sqlx::query(
        "SELECT c.id, c.name, c.retired_at IS NOT NULL AS retired,
           (SELECT COUNT(*) FROM people p WHERE p.community_id = c.id AND p.role = 'staff'
              AND p.deactivated_at IS NULL) AS staff,
           (SELECT COUNT(*) FROM people p WHERE p.community_id = c.id AND p.role = 'volunteer'
              AND p.deactivated_at IS NULL) AS volunteers,
           (SELECT COUNT(*) FROM households h WHERE h.community_id = c.id) AS households
         FROM communities c ORDER BY c.retired_at IS NOT NULL, c.created_at, c.name",
    )
    .fetch_all(&store.pool)
    .await
    .map_err(failed)?;
    Ok(rows
        .iter()
        .map(|r| CommunityRow {
            id: CommunityId::new(r.get::<String, _>("id")),
            name: r.get("name"),
            retired: r.get("retired"),
            staff: r.get("staff"),
            volunteers: r.get("volunteers"),
            households: r.get("households"),
        })
        .collect())
}

pub(super) async fn add_community(
    store: &SqliteStore,
    name: &PlaceName,
    entry: AuditEntry,
) -> Result<CommunityId, StoreError> {
    let mut tx = store
        .pool
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(failed)?;
    name_free(&mut tx, name, None).await?;
    let id = CommunityId::new(Uuid::now_v7().to_string());
    sqlx::query("INSERT INTO communities (id, name, created_at) VALUES (?, ?, ?)")
        .bind(id.as_str())
        .bind(name.as_str())
        .bind(ts(entry.at))
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    let mut entry = entry;
    entry.subject = id.to_string();
    entry.community = Some(id.clone());
    entry.detail = name.as_str().to_string();
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)?;
    Ok(id)
}

pub(super) async fn rename_community(
    store: &SqliteStore,
    community: &CommunityId,
    name: &PlaceName,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = store
        .pool
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(failed)?;
    let old: Option<String> = sqlx::query_scalar("SELECT name FROM communities WHERE id = ?")
        .bind(community.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?;
    let old = old.ok_or(StoreError::NotFound)?;
    name_free(&mut tx, name, Some(community)).await?;
    sqlx::query("UPDATE communities SET name = ? WHERE id = ?")
        .bind(name.as_str())
        .bind(community.as_str())
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    let mut entry = entry;
    entry.subject = community.to_string();
    entry.community = Some(community.clone());
    entry.detail = format!("{old} → {}", name.as_str());
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}

pub(super) async fn retire_community(
    store: &SqliteStore,
    community: &CommunityId,
    retired: bool,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = store
        .pool
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(failed)?;
    let changed = sqlx::query(
        "UPDATE communities SET retired_at = CASE WHEN ?1 THEN COALESCE(retired_at, ?2) END
         WHERE id = ?3",
    )
    .bind(retired)
    .bind(ts(entry.at))
    .bind(community.as_str())
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    if changed.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    let mut entry = entry;
    entry.subject = community.to_string();
    entry.community = Some(community.clone());
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}

/// Two communities of one sub-district never share a name.
async fn name_free(
    conn: &mut SqliteConnection,
    name: &PlaceName,
    except: Option<&CommunityId>,
) -> Result<(), StoreError> {
    let taken: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM communities WHERE name = ?1 AND (?2 IS NULL OR id <> ?2))",
    )
    .bind(name.as_str())
    .bind(except.map(|c| c.as_str().to_string()))
    .fetch_one(conn)
    .await
    .map_err(failed)?;
    if taken {
        return Err(StoreError::Invalid(ValidationError::Taken(
            Field::Community,
        )));
    }
    Ok(())
}
