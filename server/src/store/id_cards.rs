//! Volunteers' identity card numbers on SQLite, in their own table (see migration 0017).

use crate::store::Flag;
use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::id_card::IdCardNumber;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::Actor;
use app::domain::{Field, ValidationError};
use sqlx::{AnyConnection, AnyPool};

use super::{audit, failed, ts};

/// A volunteer of `scope`, or not found.
async fn require_volunteer(
    conn: &mut AnyConnection,
    scope: &CommunityId,
    person: &PersonId,
) -> Result<(), StoreError> {
    let Flag(found) = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM people
           WHERE id = $1 AND role = 'volunteer' AND community_id = $2)",
    )
    .bind(person.as_str())
    .bind(scope.as_str())
    .fetch_one(conn)
    .await
    .map_err(failed)?;
    if found {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

pub(super) async fn get(
    pool: &AnyPool,
    scope: &CommunityId,
    person: &PersonId,
) -> Result<Option<String>, StoreError> {
    let mut conn = pool.acquire().await.map_err(failed)?;
    require_volunteer(&mut conn, scope, person).await?;
    sqlx::query_scalar("SELECT number FROM id_cards WHERE person_id = $1")
        .bind(person.as_str())
        .fetch_optional(&mut *conn)
        .await
        .map_err(failed)
}

pub(super) async fn set(
    pool: &AnyPool,
    scope: &CommunityId,
    person: &PersonId,
    number: Option<&IdCardNumber>,
    actor: &Actor,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    require_volunteer(&mut tx, scope, person).await?;
    match number {
        Some(n) => {
            sqlx::query(
                "INSERT INTO id_cards (person_id, number, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (person_id) DO UPDATE SET number = $2, recorded_by = $3,
                   recorded_at = $4",
            )
            .bind(person.as_str())
            .bind(n.as_str())
            .bind(actor.person.as_str())
            .bind(ts(entry.at))
            .execute(&mut *tx)
            .await
            .map_err(|e| match &e {
                sqlx::Error::Database(d) if d.is_unique_violation() => {
                    StoreError::Invalid(ValidationError::Taken(Field::IdCard))
                }
                _ => failed(e),
            })?;
        }
        None => {
            sqlx::query("DELETE FROM id_cards WHERE person_id = $1")
                .bind(person.as_str())
                .execute(&mut *tx)
                .await
                .map_err(failed)?;
        }
    }
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}
