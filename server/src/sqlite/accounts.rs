use app::api::ports::{LoginRecord, StoreError};
use app::domain::account::Me;
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::{Actor, Role};
use chrono::{DateTime, Utc};
use sqlx::{Row, SqlitePool};

use super::{audit, failed, ts};

pub(super) async fn login_record(
    pool: &SqlitePool,
    login: &str,
) -> Result<Option<LoginRecord>, StoreError> {
    let row = sqlx::query(
        "SELECT id, password_hash FROM people WHERE phone = ?1 OR lower(username) = ?1 LIMIT 1",
    )
    .bind(login)
    .fetch_optional(pool)
    .await
    .map_err(failed)?;
    Ok(row.map(|r| LoginRecord {
        person: PersonId::new(r.get::<String, _>("id")),
        password_hash: r.get("password_hash"),
    }))
}

pub(super) async fn create_session(
    pool: &SqlitePool,
    token_hash: &str,
    person: &PersonId,
    expires_at: DateTime<Utc>,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await.map_err(failed)?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(person.as_str())
    .bind(ts(entry.at))
    .bind(ts(expires_at))
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}

pub(super) async fn session_actor(
    pool: &SqlitePool,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Actor>, StoreError> {
    let row = sqlx::query(
        "SELECT p.id, p.role, p.community_id FROM sessions s JOIN people p ON p.id = s.person_id
         WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?",
    )
    .bind(token_hash)
    .bind(ts(now))
    .fetch_optional(pool)
    .await
    .map_err(failed)?;
    Ok(row.and_then(|r| {
        Some(Actor {
            person: PersonId::new(r.get::<String, _>("id")),
            role: Role::from_code(&r.get::<String, _>("role"))?,
            community: r
                .get::<Option<String>, _>("community_id")
                .map(CommunityId::new),
        })
    }))
}

pub(super) async fn revoke_session(
    pool: &SqlitePool,
    token_hash: &str,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await.map_err(failed)?;
    sqlx::query("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL")
        .bind(ts(entry.at))
        .bind(token_hash)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}

pub(super) async fn password_hash(
    pool: &SqlitePool,
    person: &PersonId,
) -> Result<Option<String>, StoreError> {
    sqlx::query_scalar::<_, Option<String>>("SELECT password_hash FROM people WHERE id = ?")
        .bind(person.as_str())
        .fetch_optional(pool)
        .await
        .map(Option::flatten)
        .map_err(failed)
}

pub(super) async fn set_password_hash(
    pool: &SqlitePool,
    person: &PersonId,
    hash: &str,
    keep: Option<&str>,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await.map_err(failed)?;
    sqlx::query("UPDATE people SET password_hash = ? WHERE id = ?")
        .bind(hash)
        .bind(person.as_str())
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    // Whoever knew the old password is signed out everywhere but here.
    sqlx::query(
        "UPDATE sessions SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL
           AND token_hash IS NOT ?",
    )
    .bind(ts(entry.at))
    .bind(person.as_str())
    .bind(keep)
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}

pub(super) async fn me(pool: &SqlitePool, person: &PersonId) -> Result<Option<Me>, StoreError> {
    let row = sqlx::query(
        "SELECT p.id, p.name, p.role, p.community_id, c.name AS community_name
         FROM people p LEFT JOIN communities c ON c.id = p.community_id WHERE p.id = ?",
    )
    .bind(person.as_str())
    .fetch_optional(pool)
    .await
    .map_err(failed)?;
    Ok(row.and_then(|r| {
        Some(Me {
            person: PersonId::new(r.get::<String, _>("id")),
            name: r.get("name"),
            role: Role::from_code(&r.get::<String, _>("role"))?,
            community: r
                .get::<Option<String>, _>("community_id")
                .map(CommunityId::new),
            community_name: r.get("community_name"),
        })
    }))
}
