use crate::store::row::Cells;
use app::api::ports::StoreError;
use app::domain::audit::{AuditEntry, AuditFilter, AuditPage, AuditRow, MACHINE_ACTIONS};
use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::Role;
use chrono::{DateTime, Utc};
use sqlx::{Any, AnyConnection, AnyPool, QueryBuilder};

use super::{failed, ts};

/// Appends one entry; call it on the connection of the transaction that makes the change.
pub(crate) async fn insert(conn: &mut AnyConnection, e: &AuditEntry) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_role, community_id, action, subject, detail, device)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
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
    pool: &AnyPool,
    community: Option<&CommunityId>,
    filter: &AuditFilter,
    limit: u32,
) -> Result<AuditPage, StoreError> {
    let machine: Vec<String> = MACHINE_ACTIONS.iter().map(|a| format!("'{a}'")).collect();
    let machine = machine.join(", ");
    let kind = if filter.machine { "IN" } else { "NOT IN" };
    let mut query = QueryBuilder::<Any>::new(
        "SELECT a.seq, a.at, a.actor_id, a.actor_role, a.community_id, a.action, a.subject,
           a.detail, a.device, COALESCE(p.name, '') AS actor_name
         FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id WHERE ",
    );
    // The list of machine actions is the program's own constant, not input.
    query.push(format!("a.action {kind} ({machine})"));
    if let Some(c) = community {
        query
            .push(" AND a.community_id = ")
            .push_bind(c.as_str().to_string());
    }
    if let Some(p) = &filter.person {
        query
            .push(" AND a.actor_id = ")
            .push_bind(p.as_str().to_string());
    }
    if let Some(who) = &filter.who {
        query
            .push(" AND instr(p.name, ")
            .push_bind(who.clone())
            .push(") > 0");
    }
    if let Some(a) = &filter.action {
        query.push(" AND a.action = ").push_bind(a.clone());
    }
    if let Some(from) = filter.from {
        query.push(" AND a.at >= ").push_bind(ts(from));
    }
    if let Some(until) = filter.until {
        query.push(" AND a.at < ").push_bind(ts(until));
    }
    if let Some(before) = filter.before {
        query.push(" AND a.seq < ").push_bind(before);
    }
    query
        .push(" ORDER BY a.seq DESC LIMIT ")
        .push_bind(i64::from(limit) + 1);
    let rows = crate::store::engine::numbered(&mut query, crate::store::Engine::of(pool))
        .fetch_all(pool)
        .await
        .map_err(failed)?;
    let more = rows.len() > limit as usize;
    let rows = rows
        .iter()
        .take(limit as usize)
        .map(|r| {
            let at: String = r.get("at");
            Ok(AuditRow {
                seq: r.get("seq"),
                actor_name: r.get("actor_name"),
                entry: AuditEntry {
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
                },
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(AuditPage { rows, more })
}
