//! The service categories staff add and retire (a retired one stays on the lines that use it).

use crate::store::Flag;
use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::{Category, Field, ValidationError};
use sqlx::AnyPool;

use super::{audit, failed, ts};

pub(super) async fn add_category(
    pool: &AnyPool,
    category: &Category,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let Flag(taken) =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM categories WHERE code = $1)")
            .bind(&category.code)
            .fetch_one(&mut *tx)
            .await
            .map_err(failed)?;
    if taken {
        return Err(StoreError::Invalid(ValidationError::Taken(Field::Category)));
    }
    sqlx::query(
        "INSERT INTO categories (code, name_zh, name_en, icon, sort_order, created_at)
         VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM categories), $5)",
    )
    .bind(&category.code)
    .bind(&category.name_zh)
    .bind(&category.name_en)
    .bind(&category.icon)
    .bind(ts(entry.at))
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}

pub(super) async fn retire_category(
    pool: &AnyPool,
    code: &str,
    retired: bool,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let changed = sqlx::query(
        "UPDATE categories SET retired_at = CASE WHEN $1 THEN COALESCE(retired_at, $2) END
         WHERE code = $3",
    )
    .bind(retired)
    .bind(ts(entry.at))
    .bind(code)
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    if changed.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}
