//! Points administration on SQLite: the catalogue, and staff decisions on redemption requests
//! (one decision per request, in the transaction that checks there was none).

use crate::store::row::Cells;
use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::catalogue::{CatalogueItem, NewCatalogueItem, StaffRedemption};
use app::domain::clock::china_clock;
use app::domain::controls::{check_redemption_approval, ApprovalStep};
use app::domain::ids::{CommunityId, PersonId};
use app::domain::ledger::{LedgerError, RedemptionState};
use app::domain::person::Actor;
use app::domain::points::Points;
use app::domain::text::Reason;
use chrono::DateTime;
use sqlx::AnyPool;
use uuid::Uuid;

use super::controls;
use super::help_given::local_date;
use super::{audit, failed, ts};

pub(super) async fn catalogue(pool: &AnyPool) -> Result<Vec<CatalogueItem>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, name, points FROM catalogue_items WHERE retired_at IS NULL ORDER BY points, name",
    )
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    Ok(rows
        .iter()
        .map(|r| CatalogueItem {
            id: r.get("id"),
            name: r.get("name"),
            points: Points(r.get("points")),
        })
        .collect())
}

pub(super) async fn add_item(
    pool: &AnyPool,
    item: &NewCatalogueItem,
    actor: &Actor,
    audit_entry: AuditEntry,
) -> Result<String, StoreError> {
    let id = Uuid::now_v7().to_string();
    let mut tx = crate::store::engine::begin_write(pool).await?;
    sqlx::query(
        "INSERT INTO catalogue_items (id, name, points, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(&item.name)
    .bind(item.points.0)
    .bind(actor.person.as_str())
    .bind(ts(audit_entry.at))
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    let mut audit_entry = audit_entry;
    audit_entry.subject = id.clone();
    audit::insert(&mut tx, &audit_entry).await?;
    tx.commit().await.map_err(failed)?;
    Ok(id)
}

pub(super) async fn retire_item(
    pool: &AnyPool,
    id: &str,
    audit_entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let changed = sqlx::query(
        "UPDATE catalogue_items SET retired_at = $1 WHERE id = $2 AND retired_at IS NULL",
    )
    .bind(ts(audit_entry.at))
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    if changed.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    audit::insert(&mut tx, &audit_entry).await?;
    tx.commit().await.map_err(failed)
}

pub(super) async fn for_staff(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
) -> Result<Vec<StaffRedemption>, StoreError> {
    // Waiting requests first (oldest first), then the latest decisions.
    let rows = sqlx::query(
        "SELECT d.id, p.name, c.name AS community_name, d.points, d.item, d.requested_at,
           e.kind, e.reason, en.name AS endorser
         FROM redemptions d JOIN people p ON p.id = d.volunteer_id
         JOIN communities c ON c.id = p.community_id
         LEFT JOIN redemption_events e ON e.redemption_id = d.id
         LEFT JOIN redemption_endorsements n ON n.redemption_id = d.id
         LEFT JOIN people en ON en.id = n.person_id
         WHERE $1 IS NULL OR p.community_id = $1
         ORDER BY e.id IS NOT NULL, CASE WHEN e.id IS NULL THEN d.requested_at END,
           e.at DESC
         LIMIT 300",
    )
    .bind(scope.map(|c| c.as_str()))
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    Ok(rows
        .iter()
        .map(|r| {
            let requested: String = r.get("requested_at");
            let time = DateTime::parse_from_rfc3339(&requested)
                .map(|t| china_clock(t.to_utc()))
                .unwrap_or_default();
            StaffRedemption {
                id: r.get("id"),
                volunteer_name: r.get("name"),
                community_name: r.get("community_name"),
                points: Points(r.get("points")),
                item: r.get("item"),
                requested_at: format!("{} {time}", local_date(&requested)),
                endorsed_by: r.get("endorser"),
                state: match r.get::<Option<String>, _>("kind").as_deref() {
                    None => RedemptionState::Requested,
                    Some("approved") => RedemptionState::Approved,
                    _ => RedemptionState::Refused {
                        reason: r.get::<Option<String>, _>("reason").unwrap_or_default(),
                    },
                },
            }
        })
        .collect())
}

pub(super) async fn decide(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
    id: &str,
    refusal: Option<&Reason>,
    actor: &Actor,
    audit_entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let row = sqlx::query(
        "SELECT d.volunteer_id, d.points,
           EXISTS (SELECT 1 FROM redemption_events e WHERE e.redemption_id = d.id) AS decided
         FROM redemptions d JOIN people p ON p.id = d.volunteer_id
         WHERE d.id = $1 AND ($2 IS NULL OR p.community_id = $3)",
    )
    .bind(id)
    .bind(scope.map(|c| c.as_str()))
    .bind(scope.map(|c| c.as_str()))
    .fetch_optional(&mut *tx)
    .await
    .map_err(failed)?;
    let Some(row) = row else {
        return Err(StoreError::NotFound);
    };
    if row.get::<bool, _>("decided") {
        return Err(LedgerError::AlreadyDecided.into());
    }
    let mut audit_entry = audit_entry;
    if refusal.is_none() {
        let volunteer = PersonId::new(row.get::<String, _>("volunteer_id"));
        let custody = controls::custody(&mut tx, &volunteer).await?;
        let endorsed = controls::endorsed_by(&mut tx, id).await?;
        let step = check_redemption_approval(
            actor,
            &volunteer,
            Points(row.get("points")),
            &custody,
            endorsed.as_ref(),
            audit_entry.at,
        )?;
        if step == ApprovalStep::Endorse {
            sqlx::query(
                "INSERT INTO redemption_endorsements (redemption_id, person_id, at) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(actor.person.as_str())
            .bind(ts(audit_entry.at))
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
            audit_entry.action = "endorse_redemption".into();
            audit::insert(&mut tx, &audit_entry).await?;
            return tx.commit().await.map_err(failed);
        }
    }
    sqlx::query(
        "INSERT INTO redemption_events (id, redemption_id, kind, person_id, at, reason)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(id)
    .bind(if refusal.is_some() {
        "refused"
    } else {
        "approved"
    })
    .bind(actor.person.as_str())
    .bind(ts(audit_entry.at))
    .bind(refusal.map(|r| r.as_str()).unwrap_or_default())
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    audit::insert(&mut tx, &audit_entry).await?;
    tx.commit().await.map_err(failed)
}
