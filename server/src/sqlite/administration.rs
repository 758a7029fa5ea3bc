//! Running the sub-district on SQLite: the first start, communities, staff accounts, roles,
//! deactivation and kiosks. Each change writes its audit entry in the same transaction.

use app::api::ports::{AdminStore, StoreError};
use app::domain::administration::{
    AdministrationError, CommunityRow, Founding, KioskRow, PlaceName, RoleChange, StaffRow,
    Username,
};
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::Role;
use app::domain::text::{PersonName, Reason};
use app::domain::{Field, ValidationError, SEEDED_CATEGORIES};
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

use super::{audit, failed, parse_ts, ts, SqliteStore};

#[async_trait::async_trait]
impl AdminStore for SqliteStore {
    async fn is_initialised(&self) -> Result<bool, StoreError> {
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sub_district)")
            .fetch_one(&self.pool)
            .await
            .map_err(failed)
    }

    async fn schema_version(&self) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
            .fetch_one(&self.pool)
            .await
            .map_err(failed)
    }

    fn expected_schema_version(&self) -> i64 {
        super::MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
    }

    async fn found(
        &self,
        founding: &Founding,
        password_hash: &str,
        entry: AuditEntry,
    ) -> Result<PersonId, StoreError> {
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(failed)?;
        let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sub_district)")
            .fetch_one(&mut *tx)
            .await
            .map_err(failed)?;
        if exists {
            return Err(StoreError::Invalid(ValidationError::Conflict));
        }
        sqlx::query("INSERT INTO sub_district (id, name) VALUES (1, ?)")
            .bind(founding.sub_district.as_str())
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        let now = ts(entry.at);
        for (order, (code, zh, en, icon)) in SEEDED_CATEGORIES.iter().enumerate() {
            sqlx::query(
                "INSERT OR IGNORE INTO categories (code, name_zh, name_en, icon, sort_order, created_at)
                 VALUES (?, ?, ?, ?, ?, ?)",
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
             VALUES (?, 'admin', NULL, ?, ?, ?, ?, ?, ?)",
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

    async fn communities(&self) -> Result<Vec<CommunityRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.id, c.name, c.retired_at IS NOT NULL AS retired,
               (SELECT COUNT(*) FROM people p WHERE p.community_id = c.id AND p.role = 'staff'
                  AND p.deactivated_at IS NULL) AS staff,
               (SELECT COUNT(*) FROM people p WHERE p.community_id = c.id AND p.role = 'volunteer'
                  AND p.deactivated_at IS NULL) AS volunteers,
               (SELECT COUNT(*) FROM households h WHERE h.community_id = c.id) AS households
             FROM communities c ORDER BY c.retired_at IS NOT NULL, c.created_at, c.name",
        )
        .fetch_all(&self.pool)
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

    async fn add_community(
        &self,
        name: &PlaceName,
        entry: AuditEntry,
    ) -> Result<CommunityId, StoreError> {
        let mut tx = self
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

    async fn rename_community(
        &self,
        community: &CommunityId,
        name: &PlaceName,
        entry: AuditEntry,
    ) -> Result<(), StoreError> {
        let mut tx = self
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

    async fn retire_community(
        &self,
        community: &CommunityId,
        retired: bool,
        entry: AuditEntry,
    ) -> Result<(), StoreError> {
        let mut tx = self
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

    async fn staff(&self) -> Result<Vec<StaffRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.name, COALESCE(p.username, p.phone, '') AS login, p.role,
               p.community_id, c.name AS community_name
             FROM people p LEFT JOIN communities c ON c.id = p.community_id
             WHERE p.role IN ('staff', 'admin') AND p.deactivated_at IS NULL
             ORDER BY p.role = 'staff', c.created_at, p.name",
        )
        .fetch_all(&self.pool)
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

    async fn create_staff(
        &self,
        name: &PersonName,
        username: &Username,
        community: &CommunityId,
        password_hash: &str,
        entry: AuditEntry,
    ) -> Result<PersonId, StoreError> {
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(failed)?;
        super::people::require_community(&mut tx, community).await?;
        let taken: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM people WHERE lower(username) = ?)")
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
             VALUES (?, 'staff', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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

    async fn set_role(
        &self,
        person: &PersonId,
        role: RoleChange,
        community: Option<&CommunityId>,
        entry: AuditEntry,
    ) -> Result<(), StoreError> {
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(failed)?;
        let current = person_state(&mut tx, person).await?;
        if current.deactivated {
            return Err(StoreError::Administration(AdministrationError::Deactivated));
        }
        let community = match (role.needs_community(), community) {
            (true, Some(c)) => {
                super::people::require_community(&mut tx, c).await?;
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
        sqlx::query("UPDATE people SET role = ?, community_id = ? WHERE id = ?")
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

    async fn set_active(
        &self,
        person: &PersonId,
        deactivation: Option<&Reason>,
        entry: AuditEntry,
    ) -> Result<(), StoreError> {
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(failed)?;
        let current = person_state(&mut tx, person).await?;
        let now = ts(entry.at);
        match deactivation {
            Some(reason) => {
                if current.role == Role::Admin && !current.deactivated {
                    last_admin_guard(&mut tx).await?;
                }
                sqlx::query(
                    "UPDATE people SET deactivated_at = COALESCE(deactivated_at, ?),
                       deactivated_on = COALESCE(deactivated_on, ?), deactivation_reason = ?
                     WHERE id = ?",
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
                       deactivation_reason = '' WHERE id = ?",
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

    async fn kiosks(&self, community: Option<&CommunityId>) -> Result<Vec<KioskRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT k.id, k.name, c.name AS community_name, k.created_at, k.last_seen_at, k.revoked_at
             FROM kiosks k JOIN communities c ON c.id = k.community_id
             WHERE ?1 IS NULL OR k.community_id = ?1
             ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC",
        )
        .bind(community.map(|c| c.as_str().to_string()))
        .fetch_all(&self.pool)
        .await
        .map_err(failed)?;
        Ok(rows
            .iter()
            .map(|r| KioskRow {
                id: r.get("id"),
                name: r.get("name"),
                community_name: r.get("community_name"),
                created_at: parse_ts(&r.get::<String, _>("created_at")),
                last_seen_at: r
                    .get::<Option<String>, _>("last_seen_at")
                    .map(|t| parse_ts(&t)),
                revoked_at: r
                    .get::<Option<String>, _>("revoked_at")
                    .map(|t| parse_ts(&t)),
            })
            .collect())
    }

    async fn revoke_kiosk(
        &self,
        kiosk: &str,
        community: Option<&CommunityId>,
        entry: AuditEntry,
    ) -> Result<(), StoreError> {
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(failed)?;
        let found: Option<String> = sqlx::query_scalar(
            "SELECT community_id FROM kiosks WHERE id = ?1 AND (?2 IS NULL OR community_id = ?2)",
        )
        .bind(kiosk)
        .bind(community.map(|c| c.as_str().to_string()))
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?;
        let kiosk_community = found.ok_or(StoreError::NotFound)?;
        sqlx::query("UPDATE kiosks SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
            .bind(ts(entry.at))
            .bind(kiosk)
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        let mut entry = entry;
        entry.subject = kiosk.to_string();
        entry.community = Some(CommunityId::new(kiosk_community));
        audit::insert(&mut tx, &entry).await?;
        tx.commit().await.map_err(failed)
    }

    async fn kiosk_revoked(&self, token_hash: &str) -> Result<bool, StoreError> {
        sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM kiosks WHERE token_hash = ? AND revoked_at IS NOT NULL)",
        )
        .bind(token_hash)
        .fetch_one(&self.pool)
        .await
        .map_err(failed)
    }
}

struct PersonState {
    role: Role,
    deactivated: bool,
}

async fn person_state(
    conn: &mut SqliteConnection,
    person: &PersonId,
) -> Result<PersonState, StoreError> {
    let row =
        sqlx::query("SELECT role, deactivated_at IS NOT NULL AS gone FROM people WHERE id = ?")
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
async fn last_admin_guard(conn: &mut SqliteConnection) -> Result<(), StoreError> {
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
    conn: &mut SqliteConnection,
    person: &PersonId,
    now: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE sessions SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL")
        .bind(now)
        .bind(person.as_str())
        .execute(conn)
        .await
        .map_err(failed)?;
    Ok(())
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
