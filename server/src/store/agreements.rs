//! Assistance agreements (帮扶协议) and how they are kept: the service lines that fulfil one are
//! found, not stored — lines by its volunteers for its household (or a wish posted for it)
//! within its dates.

use crate::store::row::Cells;
use crate::store::Flag;
use std::collections::HashMap;

use app::api::ports::StoreError;
use app::domain::agreement::{
    behind_schedule, Agreement, AgreementView, AgreementVolunteer, Frequency, Pairing,
};
use app::domain::audit::AuditEntry;
use app::domain::ids::{AgreementId, CommunityId, HouseholdId, PersonId};
use app::domain::person::Actor;
use app::domain::{Field, Minutes, ValidationError};
use chrono::NaiveDate;
use sqlx::{AnyConnection, AnyPool};
use uuid::Uuid;

use super::help_given::{help_lines, local_date};
use super::{audit, failed, ts};

pub(super) async fn list(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
    today: NaiveDate,
) -> Result<Vec<AgreementView>, StoreError> {
    let scope = scope.map(|c| c.as_str().to_string());
    let mut tx = crate::store::engine::begin_small_read(pool).await?;
    let rows = sqlx::query(
        "SELECT a.id, c.name AS community_name, a.household_id, h.head_name, h.address, h.phone,
           a.pairing, a.content, a.frequency, a.start_on, CASE WHEN a.ended_on < a.end_on THEN a.ended_on ELSE a.end_on END AS end_on, a.created_at,
           p.name AS made_by
         FROM agreements a
         JOIN communities c ON c.id = a.community_id
         JOIN households h ON h.id = a.household_id
         JOIN people p ON p.id = a.created_by
         WHERE $1 IS NULL OR a.community_id = $1
         ORDER BY a.created_at DESC, a.id",
    )
    .bind(&scope)
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?;
    let mut volunteers: HashMap<String, Vec<AgreementVolunteer>> = HashMap::new();
    for r in sqlx::query(
        "SELECT v.agreement_id, p.id, p.name, p.phone FROM agreement_volunteers v
           JOIN agreements a ON a.id = v.agreement_id JOIN people p ON p.id = v.person_id
         WHERE $1 IS NULL OR a.community_id = $1
         ORDER BY p.name, p.id",
    )
    .bind(&scope)
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?
    {
        volunteers
            .entry(r.get("agreement_id"))
            .or_default()
            .push(AgreementVolunteer {
                person: PersonId::new(r.get::<String, _>("id")),
                name: r.get("name"),
                phone: r.get::<Option<String>, _>("phone").unwrap_or_default(),
            });
    }
    let mut kept: HashMap<String, (u32, i64, Option<String>)> = HashMap::new();
    for r in sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH {}
         SELECT a.id, COUNT(l.id) AS services, COALESCE(CAST(SUM(l.minutes) AS BIGINT), 0) AS served,
           MAX(l.service_date) AS last_service
         FROM agreements a
         JOIN agreement_volunteers v ON v.agreement_id = a.id
         JOIN help_lines l ON l.volunteer_id = v.person_id AND l.household_id = a.household_id
           AND l.service_date BETWEEN a.start_on AND CASE WHEN a.ended_on < a.end_on THEN a.ended_on ELSE a.end_on END
         WHERE $1 IS NULL OR a.community_id = $1
         GROUP BY a.id",
        help_lines(None)
    )))
    .bind(&scope)
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?
    {
        kept.insert(
            r.get("id"),
            (
                r.get::<i64, _>("services") as u32,
                r.get("served"),
                r.get("last_service"),
            ),
        );
    }
    tx.commit().await.map_err(failed)?;
    let corrupt = || StoreError::Failed("an agreement row does not parse".into());
    rows.iter()
        .map(|r| {
            let id: String = r.get("id");
            let frequency =
                Frequency::from_code(&r.get::<String, _>("frequency")).ok_or_else(corrupt)?;
            let start: NaiveDate = r
                .get::<String, _>("start_on")
                .parse()
                .map_err(|_| corrupt())?;
            let end: NaiveDate = r
                .get::<String, _>("end_on")
                .parse()
                .map_err(|_| corrupt())?;
            let (services, served, last) = kept.remove(&id).unwrap_or((0, 0, None));
            let last_service = last.and_then(|d| d.parse().ok());
            Ok(AgreementView {
                community_name: r.get("community_name"),
                household: HouseholdId::new(r.get::<String, _>("household_id")),
                household_head: r.get("head_name"),
                household_address: r.get("address"),
                household_phone: r.get("phone"),
                pairing: Pairing::from_code(&r.get::<String, _>("pairing")).ok_or_else(corrupt)?,
                content: r.get("content"),
                frequency,
                volunteers: volunteers.remove(&id).unwrap_or_default(),
                start,
                end,
                made_on: local_date(&r.get::<String, _>("created_at")),
                made_by: r.get("made_by"),
                services,
                served: Minutes(served),
                last_service,
                behind: behind_schedule(frequency, start, end, last_service, today),
                id: AgreementId::new(id),
            })
        })
        .collect()
}

/// Checks that every one of `people` is a volunteer of `community`.
pub(super) async fn all_volunteers_of(
    conn: &mut AnyConnection,
    community: &str,
    people: &[PersonId],
    field: Field,
) -> Result<(), StoreError> {
    for person in people {
        let Flag(ok) = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM people WHERE id = $1 AND role = 'volunteer'
               AND community_id = $2)",
        )
        .bind(person.as_str())
        .bind(community)
        .fetch_one(&mut *conn)
        .await
        .map_err(failed)?;
        if !ok {
            return Err(StoreError::Invalid(ValidationError::Invalid(field)));
        }
    }
    Ok(())
}

pub(super) async fn make(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
    agreement: &Agreement,
    actor: &Actor,
    audit_entry: AuditEntry,
) -> Result<AgreementId, StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let community: String = sqlx::query_scalar(
        "SELECT community_id FROM households WHERE id = $1 AND ($2 IS NULL OR community_id = $3)",
    )
    .bind(agreement.household.as_str())
    .bind(scope.map(|c| c.as_str()))
    .bind(scope.map(|c| c.as_str()))
    .fetch_optional(&mut *tx)
    .await
    .map_err(failed)?
    .ok_or(StoreError::NotFound)?;
    let Flag(closed) =
        sqlx::query_scalar("SELECT closed_on IS NOT NULL FROM households WHERE id = $1")
            .bind(agreement.household.as_str())
            .fetch_one(&mut *tx)
            .await
            .map_err(failed)?;
    if closed {
        // A closed file takes no new agreement: reopen it first.
        return Err(StoreError::Invalid(ValidationError::Invalid(
            Field::Household,
        )));
    }
    all_volunteers_of(
        &mut tx,
        &community,
        &agreement.volunteers,
        Field::Volunteers,
    )
    .await?;
    let id = Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO agreements (id, community_id, household_id, pairing, content, frequency,
           start_on, end_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(&community)
    .bind(agreement.household.as_str())
    .bind(agreement.pairing.code())
    .bind(&agreement.content)
    .bind(agreement.frequency.code())
    .bind(agreement.start.to_string())
    .bind(agreement.end.to_string())
    .bind(actor.person.as_str())
    .bind(ts(audit_entry.at))
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    for volunteer in &agreement.volunteers {
        sqlx::query("INSERT INTO agreement_volunteers (agreement_id, person_id) VALUES ($1, $2)")
            .bind(&id)
            .bind(volunteer.as_str())
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
    }
    let mut audit_entry = audit_entry;
    audit_entry.subject = id.clone();
    audit::insert(&mut tx, &audit_entry).await?;
    tx.commit().await.map_err(failed)?;
    Ok(AgreementId::new(id))
}
