//! Staff accounts and roles: created, moved, made admin or volunteer, deactivated and
//! reactivated. The last active administrator keeps the role; a change ends the person's
//! sessions.

use crate::store::row::Cells;
use crate::store::Flag;
use app::api::ports::StoreError;
use app::domain::administration::{AdministrationError, RoleChange, StaffRow, Username};
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::Role;
use app::domain::text::{PersonName, Reason};
use app::domain::{Field, ValidationError};
use sqlx::AnyConnection;
use uuid::Uuid;

use crate::store::{audit, failed, ts, SqlStore};

pub(super) async fn staff(store: &SqlStore) -> Result<Vec<StaffRow>, StoreError> {
    let rows = sqlx::query(
        "SELECT p.id, p.name, COALESCE(p.username, p.phone, '') AS login, p.role,
           p.community_id, c.name AS community_name
         FROM people p LEFT JOIN communities c ON c.id = p.community_id
         WHERE p.role IN ('staff', 'admin') AND p.deactivated_at IS NULL
         ORDER BY p.role = 'staff', c.created_at, p.name",
    )
    .fetch_all(&store.pool)
    .await
    .map_err(failed)?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(StaffRow {
                person: PersonId::new(r.get::<String, _>("id")),
                name: r.get("name"),
                username: r.get("login"),
                role: Role::from_code(&r.get::<String, _>("role"))?,
                community: r
                    .get::<Option<String>, _>("community_id")
                    .map(CommunityId::new),
                community_name: r.get("community_name"),
            })
        })
        .collect())
}

pub(super) async fn create_staff(
    store: &SqlStore,
    name: &PersonName,
    username: &Username,
    community: &CommunityId,
    password_hash: &str,
    entry: AuditEntry,
) -> Result<PersonId, StoreError> {
    let mut tx = crate::store::engine::begin_write(&store.pool).await?;
    crate::store::people::require_community(&mut tx, community).await?;
    let Flag(taken) =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM people WHERE lower(username) = $1)")
            .bind(username.as_str())
            .fetch_one(&mut *tx)
            .await
            .map_err(failed)?;
    if taken {
        return Err(StoreError::Invalid(ValidationError::Taken(Field::Username)));
    }
    let id = PersonId::new(Uuid::now_v7().to_string());
    let now = ts(entry.at);
    let actor = entry.actor.as_ref().map(|p| p.as_str().to_string());
    sqlx::query(
        "INSERT INTO people (id, role, community_id, name, username, password_hash, joined_on,
           created_at, opened_by, opened_at, password_set_by, password_set_at)
         VALUES ($1, 'staff', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id.as_str())
    .bind(community.as_str())
    .bind(name.as_str())
    .bind(username.as_str())
    .bind(password_hash)
    .bind(app::domain::clock::china_today(entry.at).to_string())
    .bind(&now)
    .bind(&actor)
    .bind(&now)
    .bind(&actor)
    .bind(&now)
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    let mut entry = entry;
    entry.subject = id.to_string();
    entry.community = Some(community.clone());
    entry.detail = format!("{} ({})", name.as_str(), username.as_str());
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)?;
    Ok(id)
}

pub(super) async fn set_role(
    store: &SqlStore,
    person: &PersonId,
    role: RoleChange,
    community: Option<&CommunityId>,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(&store.pool).await?;
    let current = person_state(&mut tx, person).await?;
    if current.deactivated {
        return Err(StoreError::Administration(AdministrationError::Deactivated));
    }
    let community = match (role.needs_community(), community) {
        (true, Some(c)) => {
            crate::store::people::require_community(&mut tx, c).await?;
            Some(c.as_str().to_string())
        }
        (true, None) => {
            return Err(StoreError::Invalid(ValidationError::Required(
                Field::Community,
            )))
        }
        (false, _) => None,
    };
    if current.role == Role::Admin && role != RoleChange::Admin {
        last_admin_guard(&mut tx).await?;
    }
    sqlx::query("UPDATE people SET role = $1, community_id = $2 WHERE id = $3")
        .bind(role.role().code())
        .bind(&community)
        .bind(person.as_str())
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    // New powers (or fewer) from the next sign-in: a session keeps no stale role.
    end_sessions(&mut tx, person, &ts(entry.at)).await?;
    let mut entry = entry;
    entry.subject = person.to_string();
    entry.detail = format!("{} → {}", current.role.code(), role.role().code());
    if let Some(c) = &community {
        entry.community = Some(CommunityId::new(c.clone()));
    }
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}

pub(super) async fn set_active(
    store: &SqlStore,
    person: &PersonId,
    deactivation: Option<&Reason>,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(&store.pool).await?;
    let current = person_state(&mut tx, person).await?;
    let now = ts(entry.at);
    match deactivation {
        Some(reason) => {
            if current.role == Role::Admin && !current.deactivated {
                last_admin_guard(&mut tx).await?;
            }
            sqlx::query(
                "UPDATE people SET deactivated_at = COALESCE(deactivated_at, $1),
                   deactivated_on = COALESCE(deactivated_on, $2), deactivation_reason = $3
                 WHERE id = $4",
            )
            .bind(&now)
            .bind(app::domain::clock::china_today(entry.at).to_string())
            .bind(reason.as_str())
            .bind(person.as_str())
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
            end_sessions(&mut tx, person, &now).await?;
        }
        None => {
            sqlx::query(
                "UPDATE people SET deactivated_at = NULL, deactivated_on = NULL,
                   deactivation_reason = '' WHERE id = $1",
            )
            .bind(person.as_str())
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        }
    }
    let mut entry = entry;
    entry.subject = person.to_string();
    entry.detail = deactivation
        .map(|r| r.as_str().to_string())
        .unwrap_or_default();
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}

struct PersonState {
    role: Role,
    deactivated: bool,
}

async fn person_state(
    conn: &mut AnyConnection,
    person: &PersonId,
) -> Result<PersonState, StoreError> {
    let row =
        sqlx::query("SELECT role, deactivated_at IS NOT NULL AS gone FROM people WHERE id = $1")
            .bind(person.as_str())
            .fetch_optional(conn)
            .await
            .map_err(failed)?
            .ok_or(StoreError::NotFound)?;
    Ok(PersonState {
        role: Role::from_code(&row.get::<String, _>("role")).ok_or(StoreError::NotFound)?,
        deactivated: row.get("gone"),
    })
}

/// Refuses when the change would leave no active administrator.
async fn last_admin_guard(conn: &mut AnyConnection) -> Result<(), StoreError> {
    let admins: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM people WHERE role = 'admin' AND deactivated_at IS NULL",
    )
    .fetch_one(conn)
    .await
    .map_err(failed)?;
    if admins <= 1 {
        return Err(StoreError::Administration(AdministrationError::LastAdmin));
    }
    Ok(())
}

async fn end_sessions(
    conn: &mut AnyConnection,
    person: &PersonId,
    now: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE person_id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(person.as_str())
        .execute(conn)
        .await
        .map_err(failed)?;
    Ok(())
}
