use crate::store::row::Cells;
use app::api::ports::{LoginRecord, StoreError};
use app::domain::account::Me;
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::{Actor, Role};
use chrono::{DateTime, Utc};
use sqlx::AnyPool;

use super::{audit, failed, ts};

pub(super) async fn login_record(
    pool: &AnyPool,
    login: &str,
) -> Result<Option<LoginRecord>, StoreError> {
    let row = sqlx::query(
        "SELECT id, password_hash, deactivated_at IS NOT NULL AS deactivated
         FROM people WHERE phone = $1 OR lower(username) = $1 LIMIT 1",
    )
    .bind(login)
    .fetch_optional(pool)
    .await
    .map_err(failed)?;
    Ok(row.map(|r| LoginRecord {
        person: PersonId::new(r.get::<String, _>("id")),
        password_hash: r.get("password_hash"),
        deactivated: r.get("deactivated"),
    }))
}

pub(super) async fn create_session(
    pool: &AnyPool,
    token_hash: &str,
    person: &PersonId,
    expires_at: DateTime<Utc>,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
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
    pool: &AnyPool,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Actor>, StoreError> {
    let row = sqlx::query(
        "SELECT p.id, p.role, p.community_id, COALESCE(s.last_seen_at, s.created_at) AS seen
         FROM sessions s JOIN people p ON p.id = s.person_id
         WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2
           AND p.deactivated_at IS NULL",
    )
    .bind(token_hash)
    .bind(ts(now))
    .fetch_optional(pool)
    .await
    .map_err(failed)?;
    let Some(r) = row else {
        return Ok(None);
    };
    let Some(role) = Role::from_code(&r.get::<String, _>("role")) else {
        return Ok(None);
    };
    let seen = DateTime::parse_from_rfc3339(&r.get::<String, _>("seen"))
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now);
    if now - seen > idle_limit(role) {
        return Ok(None);
    }
    touch(pool, "sessions", token_hash, seen, now).await?;
    Ok(Some(Actor {
        person: PersonId::new(r.get::<String, _>("id")),
        role,
        community: r
            .get::<Option<String>, _>("community_id")
            .map(CommunityId::new),
    }))
}

/// How long a session may go unused before it ends. Volunteers work offline for weeks and sync
/// when they can; an office PC left signed in is closed after a working day; a kiosk asks every
/// few seconds (and staff can revoke it), so only one switched off for a month must sign in
/// again.
pub(super) fn idle_limit(role: Role) -> chrono::Duration {
    match role {
        Role::Volunteer => chrono::Duration::days(30),
        Role::Staff | Role::Admin => chrono::Duration::hours(12),
        Role::Kiosk => chrono::Duration::days(30),
    }
}

/// Notes that a session (or kiosk) was used, at most once a minute (a write per request would
/// be a write per kiosk poll).
pub(super) async fn touch(
    pool: &AnyPool,
    table: &str,
    token_hash: &str,
    seen: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if now - seen < chrono::Duration::minutes(1) {
        return Ok(());
    }
    let sql = match table {
        "kiosks" => "UPDATE kiosks SET last_seen_at = $1 WHERE token_hash = $2",
        _ => "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2",
    };
    sqlx::query(sql)
        .bind(ts(now))
        .bind(token_hash)
        .execute(pool)
        .await
        .map_err(failed)?;
    Ok(())
}

pub(super) async fn revoke_session(
    pool: &AnyPool,
    token_hash: &str,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
        .bind(ts(entry.at))
        .bind(token_hash)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}

pub(super) async fn password_hash(
    pool: &AnyPool,
    person: &PersonId,
) -> Result<Option<String>, StoreError> {
    sqlx::query_scalar::<_, Option<String>>("SELECT password_hash FROM people WHERE id = $1")
        .bind(person.as_str())
        .fetch_optional(pool)
        .await
        .map(Option::flatten)
        .map_err(failed)
}

pub(super) async fn set_password_hash(
    pool: &AnyPool,
    person: &PersonId,
    hash: &str,
    keep: Option<&str>,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    // Who set it is kept: a staff member who reset it knows it (see `domain::controls`).
    sqlx::query(
        "UPDATE people SET password_hash = $1, password_set_by = $2, password_set_at = $3 WHERE id = $4",
    )
    .bind(hash)
    .bind(entry.actor.as_ref().map(|p| p.as_str().to_string()))
    .bind(ts(entry.at))
    .bind(person.as_str())
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    // Whoever knew the old password is signed out everywhere but here.
    sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE person_id = $2 AND revoked_at IS NULL
           AND token_hash IS DISTINCT FROM $3",
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

pub(super) async fn me(pool: &AnyPool, person: &PersonId) -> Result<Option<Me>, StoreError> {
    let row = sqlx::query(
        "SELECT p.id, p.name, p.role, p.community_id, c.name AS community_name
         FROM people p LEFT JOIN communities c ON c.id = p.community_id WHERE p.id = $1",
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

pub(super) async fn begin_attempt(
    pool: &AnyPool,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), std::time::Duration>, StoreError> {
    use crate::throttle::{wait_after, LONGEST_WAIT};
    // IMMEDIATE: the read and the count are one step; concurrent attempts queue here.
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let row = sqlx::query("SELECT failures, last_at FROM sign_in_attempts WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?;
    // `now` was read before the lock was taken, so an attempt that queued behind another can
    // carry an earlier time than the one it finds: under the free count nothing is owed, and
    // the stored time never goes backwards.
    let mut counted_at = now;
    if let Some(r) = &row {
        let failures: i64 = r.get("failures");
        let last = DateTime::parse_from_rfc3339(&r.get::<String, _>("last_at"))
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(now);
        counted_at = now.max(last);
        let wait = wait_after(failures.clamp(0, i64::from(u32::MAX)) as u32);
        let ready = last + chrono::Duration::from_std(wait).unwrap_or_default();
        if !wait.is_zero() && now < ready {
            return Ok(Err((ready - now).to_std().unwrap_or(wait)));
        }
    } else {
        // Keys seen long ago are forgotten, so made-up logins cannot fill the table.
        let stale = now - chrono::Duration::from_std(LONGEST_WAIT * 4).unwrap_or_default();
        sqlx::query("DELETE FROM sign_in_attempts WHERE last_at < $1")
            .bind(ts(stale))
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
    }
    sqlx::query(
        "INSERT INTO sign_in_attempts (key, failures, last_at) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET failures = sign_in_attempts.failures + 1,
           last_at = excluded.last_at",
    )
    .bind(key)
    .bind(ts(counted_at))
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    tx.commit().await.map_err(failed)?;
    Ok(Ok(()))
}

pub(super) async fn attempt_succeeded(pool: &AnyPool, key: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sign_in_attempts WHERE key = $1")
        .bind(key)
        .execute(pool)
        .await
        .map_err(failed)?;
    Ok(())
}
