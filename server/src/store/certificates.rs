//! Volunteer service certificates: issued in one `BEGIN IMMEDIATE` transaction that takes the
//! year's next number, so two staff issuing at once never share one.

use crate::store::row::Cells;
use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::certificate::{
    certificate_number, Certificate, CertificateSummary, CertifiedService,
};
use app::domain::clock::china_today;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::{Actor, Gender};
use app::domain::{Lang, Minutes};
use chrono::{DateTime, Datelike, Utc};
use sqlx::AnyPool;
use uuid::Uuid;

use super::{audit, failed, ts};

pub(super) async fn issue(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
    person: &PersonId,
    actor: &Actor,
    at: DateTime<Utc>,
    audit_entry: AuditEntry,
) -> Result<Certificate, StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let who = sqlx::query(
        "SELECT p.name, p.gender, p.birth_year, p.political_status, p.joined_on, p.community_id,
           c.name AS community_name, (SELECT name FROM sub_district WHERE id = 1) AS sub_district,
           (SELECT number FROM id_cards WHERE person_id = p.id) AS id_card,
           (SELECT name FROM people WHERE id = $3) AS issued_by
         FROM people p JOIN communities c ON c.id = p.community_id
         WHERE p.id = $1 AND p.role = 'volunteer' AND ($2 IS NULL OR p.community_id = $2)",
    )
    .bind(person.as_str())
    .bind(scope.map(|c| c.as_str()))
    .bind(actor.person.as_str())
    .fetch_optional(&mut *tx)
    .await
    .map_err(failed)?
    .ok_or(StoreError::NotFound)?;
    let services = sqlx::query(
        "SELECT r.service_date, COALESCE(c.name_zh, r.category) AS category, r.content, r.minutes
         FROM service_records r LEFT JOIN categories c ON c.code = r.category
         WHERE r.volunteer_id = $1 AND r.kind = 'service'
           AND EXISTS (SELECT 1 FROM record_events e WHERE e.record_id = r.id AND e.kind = 'verified')
           AND NOT EXISTS (SELECT 1 FROM service_records v WHERE v.reverses = r.id)
         ORDER BY r.service_date, r.start_time, r.id",
    )
    .bind(person.as_str())
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?
    .iter()
    .map(|r| CertifiedService {
        date: r.get::<String, _>("service_date").parse().unwrap_or_default(),
        category: r.get("category"),
        content: r.get("content"),
        minutes: Minutes(r.get("minutes")),
    })
    .collect::<Vec<_>>();
    let today = china_today(at);
    let year = today.year();
    let seq: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM certificates WHERE year = $1")
            .bind(year)
            .fetch_one(&mut *tx)
            .await
            .map_err(failed)?;
    let community: String = who.get("community_name");
    let sub_district: Option<String> = who.get("sub_district");
    let certificate = Certificate {
        id: Uuid::now_v7().to_string(),
        number: certificate_number(year, seq as u32),
        name: who.get("name"),
        gender: who
            .get::<Option<String>, _>("gender")
            .and_then(|g| Gender::from_code(&g))
            .map(|g| g.label(Lang::Zh).to_string())
            .unwrap_or_default(),
        birth_year: who.get::<Option<i64>, _>("birth_year").map(|y| y as i32),
        political_status: who
            .get::<Option<String>, _>("political_status")
            .unwrap_or_default(),
        id_card: who.get("id_card"),
        community: community.clone(),
        joined_on: who.get("joined_on"),
        minutes: services.iter().map(|s| s.minutes).sum(),
        services,
        issuer: match sub_district {
            Some(s) if !s.is_empty() => format!("{s}{community}"),
            _ => community,
        },
        issued_by: who
            .get::<Option<String>, _>("issued_by")
            .unwrap_or_default(),
        issued_on: today,
    };
    let body =
        serde_json::to_string(&certificate).map_err(|e| StoreError::Failed(e.to_string()))?;
    sqlx::query(
        "INSERT INTO certificates (id, year, seq, number, person_id, community_id, issued_by,
           issued_at, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&certificate.id)
    .bind(year)
    .bind(seq)
    .bind(&certificate.number)
    .bind(person.as_str())
    .bind(who.get::<String, _>("community_id"))
    .bind(actor.person.as_str())
    .bind(ts(at))
    .bind(&body)
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    let mut audit_entry = audit_entry;
    audit_entry.detail = certificate.number.clone();
    audit::insert(&mut tx, &audit_entry).await?;
    tx.commit().await.map_err(failed)?;
    Ok(certificate)
}

pub(super) async fn get(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
    id: &str,
) -> Result<Certificate, StoreError> {
    let body: String = sqlx::query_scalar(
        "SELECT body FROM certificates WHERE id = $1 AND ($2 IS NULL OR community_id = $3)",
    )
    .bind(id)
    .bind(scope.map(|c| c.as_str()))
    .bind(scope.map(|c| c.as_str()))
    .fetch_optional(pool)
    .await
    .map_err(failed)?
    .ok_or(StoreError::NotFound)?;
    serde_json::from_str(&body).map_err(|e| StoreError::Failed(e.to_string()))
}

/// Every certificate issued to `person`, newest first (each read from the text it was issued
/// with).
pub(super) async fn of_person(
    pool: &AnyPool,
    person: &PersonId,
) -> Result<Vec<CertificateSummary>, StoreError> {
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM certificates WHERE person_id = $1 ORDER BY issued_at DESC, seq DESC",
    )
    .bind(person.as_str())
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    bodies
        .iter()
        .map(|body| {
            serde_json::from_str::<Certificate>(body)
                .map(|c| CertificateSummary::from(&c))
                .map_err(|e| StoreError::Failed(e.to_string()))
        })
        .collect()
}

/// A certificate of `person`'s own; anyone else's is not found.
pub(super) async fn own(
    pool: &AnyPool,
    person: &PersonId,
    id: &str,
) -> Result<Certificate, StoreError> {
    let body: String =
        sqlx::query_scalar("SELECT body FROM certificates WHERE id = $1 AND person_id = $2")
            .bind(id)
            .bind(person.as_str())
            .fetch_optional(pool)
            .await
            .map_err(failed)?
            .ok_or(StoreError::NotFound)?;
    serde_json::from_str(&body).map_err(|e| StoreError::Failed(e.to_string()))
}
