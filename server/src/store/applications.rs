//! Online applications (开户申请) on SQLite. Each change writes its audit entry in the same
//! transaction; approving one opens the account in that transaction too.

use crate::store::row::Cells;
use crate::store::Flag;
use app::api::ports::{ApplicationLogin, ApplicationStore, StoreError};
use app::domain::application::{
    ApplicationError, ApplicationRow, ApplicationStatus, PENDING_PER_COMMUNITY,
};
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::{Gender, VolunteerFile, VolunteerInput};
use app::domain::text::Reason;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use uuid::Uuid;

use super::people::{insert_volunteer, require_community, require_free_phone, PasswordChosenBy};
use super::{audit, failed, parse_ts, ts, SqlStore};

fn row_of(r: &AnyRow) -> ApplicationRow {
    ApplicationRow {
        id: r.get("id"),
        community: CommunityId::new(r.get::<String, _>("community_id")),
        community_name: r.get("community_name"),
        name: r.get("name"),
        gender: Gender::from_code(&r.get::<String, _>("gender")),
        birth_year: r.get::<i64, _>("birth_year") as i32,
        political_status: r.get("political_status"),
        phone: r.get("phone"),
        skills: r.get("skills"),
        preferences: serde_json::from_str(&r.get::<String, _>("preferences")).unwrap_or_default(),
        occupation: r.get("occupation"),
        hobbies: r.get("hobbies"),
        submitted_at: parse_ts(&r.get::<String, _>("submitted_at")),
        status: ApplicationStatus::from_code(&r.get::<String, _>("status"))
            .unwrap_or(ApplicationStatus::Pending),
        decided_at: r
            .get::<Option<String>, _>("decided_at")
            .map(|t| parse_ts(&t)),
        decided_by: r.get("decided_by"),
        reason: r.get("decline_reason"),
    }
}

/// The status of application `id`, refusing one that is not waiting any more.
async fn require_pending(conn: &mut AnyConnection, id: &str) -> Result<(), StoreError> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM applications WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await
            .map_err(failed)?;
    match status.as_deref() {
        None => Err(StoreError::NotFound),
        Some("pending") => Ok(()),
        Some(_) => Err(StoreError::Application(ApplicationError::AlreadyDecided)),
    }
}

#[async_trait::async_trait]
impl ApplicationStore for SqlStore {
    async fn submit_application(
        &self,
        file: &VolunteerFile,
        community: &CommunityId,
        password_hash: &str,
        entry: AuditEntry,
    ) -> Result<String, StoreError> {
        // IMMEDIATE: the phone and queue checks and the insert see one state.
        let mut tx = crate::store::engine::begin_write(&self.pool).await?;
        require_community(&mut tx, community).await?;
        require_free_phone(&mut tx, file.phone.as_str(), None).await?;
        let waiting: (Flag, i64) = sqlx::query_as(
            "SELECT EXISTS (SELECT 1 FROM applications WHERE phone = $1 AND status = 'pending'),
                    (SELECT COUNT(*) FROM applications WHERE community_id = $2 AND status = 'pending')",
        )
        .bind(file.phone.as_str())
        .bind(community.as_str())
        .fetch_one(&mut *tx)
        .await
        .map_err(failed)?;
        if waiting.0 .0 {
            return Err(StoreError::Application(ApplicationError::AlreadyApplied));
        }
        if waiting.1 >= PENDING_PER_COMMUNITY {
            return Err(StoreError::Application(ApplicationError::QueueFull));
        }
        let id = Uuid::now_v7().to_string();
        sqlx::query(
            "INSERT INTO applications (id, community_id, name, gender, birth_year,
               political_status, phone, skills, preferences, occupation, hobbies, password_hash,
               submitted_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(&id)
        .bind(community.as_str())
        .bind(file.name.as_str())
        .bind(file.gender.code())
        .bind(file.birth_year.year())
        .bind(file.political_status.zh())
        .bind(file.phone.as_str())
        .bind(file.skills.as_str())
        .bind(
            serde_json::to_string(&file.preferences)
                .map_err(|e| StoreError::Failed(e.to_string()))?,
        )
        .bind(file.occupation.as_str())
        .bind(file.hobbies.as_str())
        .bind(password_hash)
        .bind(ts(entry.at))
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
        let mut entry = entry;
        entry.subject = id.clone();
        audit::insert(&mut tx, &entry).await?;
        tx.commit().await.map_err(failed)?;
        Ok(id)
    }

    async fn applications(
        &self,
        community: Option<&CommunityId>,
        status: Option<ApplicationStatus>,
    ) -> Result<Vec<ApplicationRow>, StoreError> {
        // Waiting ones in the order they came (first come, first served); decided ones newest
        // first. A community has at most a hundred waiting; the decided are capped.
        let rows = sqlx::query(
            "SELECT a.id, a.community_id, c.name AS community_name, a.name, a.gender,
               a.birth_year, a.political_status, a.phone, a.skills, a.preferences, a.occupation,
               a.hobbies, a.submitted_at, a.status, a.decided_at, d.name AS decided_by,
               a.decline_reason
             FROM applications a
               JOIN communities c ON c.id = a.community_id
               LEFT JOIN people d ON d.id = a.decided_by
             WHERE ($1 IS NULL OR a.community_id = $1) AND ($2 IS NULL OR a.status = $2)
             ORDER BY a.status <> 'pending',
               CASE WHEN a.status = 'pending' THEN a.submitted_at END ASC,
               a.decided_at DESC
             LIMIT 500",
        )
        .bind(community.map(CommunityId::as_str))
        .bind(status.map(ApplicationStatus::code))
        .fetch_all(&self.pool)
        .await
        .map_err(failed)?;
        Ok(rows.iter().map(row_of).collect())
    }

    async fn application_community(&self, id: &str) -> Result<Option<CommunityId>, StoreError> {
        let community: Option<String> =
            sqlx::query_scalar("SELECT community_id FROM applications WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(failed)?;
        Ok(community.map(CommunityId::new))
    }

    async fn approve_application(
        &self,
        id: &str,
        entry: AuditEntry,
    ) -> Result<PersonId, StoreError> {
        let mut tx = crate::store::engine::begin_write(&self.pool).await?;
        require_pending(&mut tx, id).await?;
        let r = sqlx::query(
            "SELECT community_id, name, gender, birth_year, political_status, phone, skills,
               preferences, occupation, hobbies, password_hash
             FROM applications WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(failed)?;
        let community = CommunityId::new(r.get::<String, _>("community_id"));
        require_community(&mut tx, &community).await?;
        // The stored file passed these rules when it was sent; read back through them, it stays
        // one validated type (a category retired since is dropped from the preferences).
        let input = VolunteerInput {
            name: r.get("name"),
            gender: r.get("gender"),
            birth_year: r.get::<i64, _>("birth_year").to_string(),
            political_status: r.get("political_status"),
            phone: r.get("phone"),
            skills: r.get("skills"),
            preferences: Vec::new(),
            occupation: r.get("occupation"),
            hobbies: r.get("hobbies"),
        };
        let mut file = VolunteerFile::parse(&input, &[], app::domain::clock::china_today(entry.at))
            .map_err(|e| StoreError::Failed(format!("stored application {id} is invalid: {e}")))?;
        let known: Vec<String> =
            sqlx::query_scalar("SELECT code FROM categories WHERE retired_at IS NULL")
                .fetch_all(&mut *tx)
                .await
                .map_err(failed)?;
        file.preferences = serde_json::from_str::<Vec<String>>(&r.get::<String, _>("preferences"))
            .unwrap_or_default()
            .into_iter()
            .filter(|c| known.contains(c))
            .collect();
        let hash: String = r
            .get::<Option<String>, _>("password_hash")
            .ok_or_else(|| StoreError::Failed(format!("application {id} has no password")))?;
        // The approver never knew the password: they did not open the account in the sense of
        // the custody rule (which keeps whoever could act as the volunteer from verifying them).
        let person = insert_volunteer(
            &mut tx,
            &file,
            &community,
            &hash,
            None,
            PasswordChosenBy::Owner,
            entry.at,
        )
        .await?;
        sqlx::query(
            "UPDATE applications SET status = 'approved', decided_at = $1, decided_by = $2,
               person_id = $3, password_hash = NULL
             WHERE id = $4",
        )
        .bind(ts(entry.at))
        .bind(entry.actor.as_ref().map(|p| p.as_str().to_string()))
        .bind(person.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
        let mut entry = entry;
        entry.subject = id.to_string();
        entry.detail = format!("{} → {}", file.name.as_str(), person.as_str());
        audit::insert(&mut tx, &entry).await?;
        tx.commit().await.map_err(failed)?;
        Ok(person)
    }

    async fn decline_application(
        &self,
        id: &str,
        reason: &Reason,
        entry: AuditEntry,
    ) -> Result<(), StoreError> {
        let mut tx = crate::store::engine::begin_write(&self.pool).await?;
        require_pending(&mut tx, id).await?;
        sqlx::query(
            "UPDATE applications SET status = 'declined', decided_at = $1, decided_by = $2,
               decline_reason = $3
             WHERE id = $4",
        )
        .bind(ts(entry.at))
        .bind(entry.actor.as_ref().map(|p| p.as_str().to_string()))
        .bind(reason.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
        let mut entry = entry;
        entry.subject = id.to_string();
        entry.detail = reason.as_str().to_string();
        audit::insert(&mut tx, &entry).await?;
        tx.commit().await.map_err(failed)
    }

    async fn application_login(&self, login: &str) -> Result<Option<ApplicationLogin>, StoreError> {
        let row = sqlx::query(
            "SELECT a.id, a.password_hash, a.status, c.name AS community_name, a.decline_reason
             FROM applications a JOIN communities c ON c.id = a.community_id
             WHERE a.phone = $1 AND a.status <> 'approved' AND a.password_hash IS NOT NULL
             ORDER BY a.submitted_at DESC LIMIT 1",
        )
        .bind(login)
        .fetch_optional(&self.pool)
        .await
        .map_err(failed)?;
        Ok(row.map(|r| ApplicationLogin {
            id: r.get("id"),
            password_hash: r.get("password_hash"),
            status: ApplicationStatus::from_code(&r.get::<String, _>("status"))
                .unwrap_or(ApplicationStatus::Pending),
            community_name: r.get("community_name"),
            reason: r.get("decline_reason"),
        }))
    }
}
