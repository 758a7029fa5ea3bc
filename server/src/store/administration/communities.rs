//! The sub-district's communities: listed with their counts, added, renamed, retired and
//! restored. Two never share a name.

use crate::store::row::Cells;
use crate::store::Flag;
use app::api::ports::StoreError;
use app::domain::administration::{CommunityRow, PlaceName};
use app::domain::audit::AuditEntry;
use app::domain::ids::CommunityId;
use app::domain::{Field, ValidationError};
use sqlx::AnyConnection;
use uuid::Uuid;

use crate::store::{audit, failed, ts, SqlStore};

pub(super) async fn communities(store: &SqlStore) -> Result<Vec<CommunityRow>, StoreError> {
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
    store: &SqlStore,
    name: &PlaceName,
    entry: AuditEntry,
) -> Result<CommunityId, StoreError> {
    let mut tx = crate::store::engine::begin_write(&store.pool).await?;
    name_free(&mut tx, name, None).await?;
    let id = CommunityId::new(Uuid::now_v7().to_string());
    sqlx::query("INSERT INTO communities (id, name, created_at) VALUES ($1, $2, $3)")
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
    store: &SqlStore,
    community: &CommunityId,
    name: &PlaceName,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(&store.pool).await?;
    let old: Option<String> = sqlx::query_scalar("SELECT name FROM communities WHERE id = $1")
        .bind(community.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?;
    let old = old.ok_or(StoreError::NotFound)?;
    name_free(&mut tx, name, Some(community)).await?;
    sqlx::query("UPDATE communities SET name = $1 WHERE id = $2")
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
    store: &SqlStore,
    community: &CommunityId,
    retired: bool,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(&store.pool).await?;
    let changed = sqlx::query(
        "UPDATE communities SET retired_at = CASE WHEN $1 THEN COALESCE(retired_at, $2) END
         WHERE id = $3",
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
    conn: &mut AnyConnection,
    name: &PlaceName,
    except: Option<&CommunityId>,
) -> Result<(), StoreError> {
    let Flag(taken) = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM communities WHERE name = $1 AND ($2 IS NULL OR id <> $2))",
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
