//! The first start: the sub-district, its seeded categories and first administrator, in one
//! transaction; and what the health check asks (initialised, schema version).

use crate::store::Flag;
use app::api::ports::StoreError;
use app::domain::administration::Founding;
use app::domain::audit::AuditEntry;
use app::domain::ids::PersonId;
use app::domain::{ValidationError, SEEDED_CATEGORIES};
use uuid::Uuid;

use crate::store::{audit, failed, ts, SqlStore};

pub(super) async fn is_initialised(store: &SqlStore) -> Result<bool, StoreError> {
    sqlx::query_scalar::<_, Flag>("SELECT EXISTS (SELECT 1 FROM sub_district)")
        .fetch_one(&store.pool)
        .await
        .map(bool::from)
        .map_err(failed)
}

pub(super) async fn schema_version(store: &SqlStore) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
        .fetch_one(&store.pool)
        .await
        .map_err(failed)
}

pub(super) async fn found(
    store: &SqlStore,
    founding: &Founding,
    password_hash: &str,
    entry: AuditEntry,
) -> Result<PersonId, StoreError> {
    let mut tx = crate::store::engine::begin_write(&store.pool).await?;
    let Flag(exists) = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sub_district)")
        .fetch_one(&mut *tx)
        .await
        .map_err(failed)?;
    if exists {
        return Err(StoreError::Invalid(ValidationError::Conflict));
    }
    sqlx::query("INSERT INTO sub_district (id, name) VALUES (1, $1)")
        .bind(founding.sub_district.as_str())
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    let now = ts(entry.at);
    for (order, (code, zh, en, icon)) in SEEDED_CATEGORIES.iter().enumerate() {
        sqlx::query(
            "INSERT INTO categories (code, name_zh, name_en, icon, sort_order, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(code)
        .bind(zh)
        .bind(en)
        .bind(icon)
        .bind(order as i64)
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    }
    let id = PersonId::new(Uuid::now_v7().to_string());
    let today = app::domain::clock::china_today(entry.at).to_string();
    sqlx::query(
        "INSERT INTO people (id, role, community_id, name, username, password_hash, joined_on,
           created_at, password_set_at)
         VALUES ($1, 'admin', NULL, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.as_str())
    .bind(founding.admin_name.as_str())
    .bind(founding.admin_login.as_str())
    .bind(password_hash)
    .bind(&today)
    .bind(&now)
    .bind(&now)
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    let mut entry = entry;
    entry.subject = id.to_string();
    entry.detail = founding.sub_district.as_str().to_string();
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)?;
    Ok(id)
}
