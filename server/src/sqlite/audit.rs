use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::Role;
use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection, SqlitePool};

use super::{failed, ts};

/// Appends one entry; call it on the connection of the transaction that makes the change.
pub(crate) async fn insert(conn: &mut SqliteConnection, e: &AuditEntry) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_role, community_id, action, subject, detail, device)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(ts(e.at))
    .bind(e.actor.as_ref().map(|p| p.as_str().to_string()))
    .bind(e.role.map(|r| r.code()))
    .bind(e.community.as_ref().map(|c| c.as_str().to_string()))
    .bind(&e.action)
    .bind(&e.subject)
    .bind(&e.detail)
    .bind(&e.device)
    .execute(conn)
    .await
    .map(|_| ())
    .map_err(failed)
}

pub(super) async fn trail(
    pool: &SqlitePool,
    community: Option<&CommunityId>,
    limit: u32,
) -> Result<Vec<AuditEntry>, StoreError> {
    let rows = sqlx::query(
        "SELECT at, actor_id, actor_role, community_id, action, subject, detail, device
         FROM audit_log WHERE (?1 IS NULL OR community_id = ?1) ORDER BY seq DESC LIMIT ?2",
    )
    .bind(community.map(|c| c.as_str().to_string()))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    rows.iter()
        .map(|r| {
            let at: String = r.get("at");
            Ok(AuditEntry {
                at: DateTime::parse_from_rfc3339(&at)
                    .map_err(|e| StoreError::Failed(e.to_string()))?
                    .with_timezone(&Utc),
                actor: r.get::<Option<String>, _>("actor_id").map(PersonId::new),
                role: r
                    .get::<Option<String>, _>("actor_role")
                    .and_then(|c| Role::from_code(&c)),
                community: r
                    .get::<Option<String>, _>("community_id")
                    .map(CommunityId::new),
                action: r.get("action"),
                subject: r.get("subject"),
                detail: r.get("detail"),
                device: r.get("device"),
            })
        })
        .collect()
}
