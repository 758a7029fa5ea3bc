//! A community's waiting period: how many days an open wish may wait on the wall before it is
//! shown as waiting long. A community setting, kept on the community's row.

use super::{audit, failed};
use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::ids::CommunityId;
use sqlx::AnyPool;

/// How many days a wish of `community` may wait on the wall.
pub(super) async fn waiting_days(
    pool: &AnyPool,
    community: &CommunityId,
) -> Result<u32, StoreError> {
    let days: Option<i64> =
        sqlx::query_scalar("SELECT wish_waiting_days FROM communities WHERE id = $1")
            .bind(community.as_str())
            .fetch_optional(pool)
            .await
            .map_err(failed)?;
    let days = days.ok_or(StoreError::NotFound)?;
    Ok(u32::try_from(days).unwrap_or(app::domain::wish::DEFAULT_WAITING_DAYS))
}

/// Sets the waiting period of `community`, audited.
pub(super) async fn set_waiting_days(
    pool: &AnyPool,
    community: &CommunityId,
    days: u32,
    audit: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let changed = sqlx::query("UPDATE communities SET wish_waiting_days = $1 WHERE id = $2")
        .bind(i64::from(days))
        .bind(community.as_str())
        .execute(&mut *tx)
        .await
        .map_err(failed)?
        .rows_affected();
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    let mut audit = audit;
    audit.community = Some(community.clone());
    audit::insert(&mut tx, &audit).await?;
    tx.commit().await.map_err(failed)?;
    Ok(())
}
