//! The facts the bank's controls (`domain::controls`) decide on, read inside the transaction
//! that would make the change: who entered a line, who opened the account and set its
//! password, the volunteer's verified lines of a day, a redemption's endorsement.

use crate::store::row::Cells;
use app::api::ports::StoreError;
use app::domain::controls::{Custody, CustodyRow};
use app::domain::ids::{PersonId, RecordId};
use app::domain::record::ServiceEntry;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::{AnyConnection, AnyPool};

use super::failed;

fn at(text: Option<String>) -> Option<DateTime<Utc>> {
    text.and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// Who opened `volunteer`'s account and who last set its password, with when.
pub(super) async fn custody(
    conn: &mut AnyConnection,
    volunteer: &PersonId,
) -> Result<Custody, StoreError> {
    let row = sqlx::query(
        "SELECT opened_by, opened_at, password_set_by, password_set_at FROM people WHERE id = $1",
    )
    .bind(volunteer.as_str())
    .fetch_optional(&mut *conn)
    .await
    .map_err(failed)?;
    let Some(r) = row else {
        return Ok(Custody::default());
    };
    let pair = |who: Option<String>, when: Option<String>| Some((PersonId::new(who?), at(when)?));
    Ok(Custody {
        opened: pair(r.get("opened_by"), r.get("opened_at")),
        password_set: pair(r.get("password_set_by"), r.get("password_set_at")),
    })
}

/// Who entered line `id` (the volunteer, or staff for an activity's attendees).
pub(super) async fn recorded_by(
    conn: &mut AnyConnection,
    id: &RecordId,
) -> Result<PersonId, StoreError> {
    let who: Option<String> =
        sqlx::query_scalar("SELECT recorded_by FROM service_records WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(failed)?;
    who.map(PersonId::new).ok_or(StoreError::NotFound)
}

/// The volunteer's verified, unreversed service lines of `date` (other than `except`), as the
/// day check needs them: times and minutes.
pub(super) async fn verified_that_day(
    conn: &mut AnyConnection,
    volunteer: &PersonId,
    date: NaiveDate,
    except: &RecordId,
    template: &ServiceEntry,
) -> Result<Vec<ServiceEntry>, StoreError> {
    let rows = sqlx::query(
        "SELECT r.start_time, r.end_time, r.minutes FROM service_records r
         JOIN record_events e ON e.record_id = r.id AND e.kind = 'verified'
         WHERE r.volunteer_id = $1 AND r.service_date = $2 AND r.kind = 'service' AND r.id <> $3
           AND NOT EXISTS (SELECT 1 FROM service_records x WHERE x.reverses = r.id)",
    )
    .bind(volunteer.as_str())
    .bind(date.to_string())
    .bind(except.as_str())
    .fetch_all(&mut *conn)
    .await
    .map_err(failed)?;
    let time = |t: String| NaiveTime::parse_from_str(&t, "%H:%M").ok();
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(ServiceEntry {
                date,
                start: time(r.get("start_time"))?,
                end: time(r.get("end_time"))?,
                minutes: app::domain::Minutes(r.get("minutes")),
                ..template.clone()
            })
        })
        .collect())
}

/// Who endorsed (first approved) redemption `id`, if anyone.
pub(super) async fn endorsed_by(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<PersonId>, StoreError> {
    let who: Option<String> = sqlx::query_scalar(
        "SELECT person_id FROM redemption_endorsements WHERE redemption_id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(who.map(PersonId::new))
}

/// The admin's check of the controls, most verifications of held accounts first.
pub(super) async fn report(pool: &AnyPool) -> Result<Vec<CustodyRow>, StoreError> {
    let rows = sqlx::query(
        "SELECT * FROM (SELECT s.name, COALESCE(c.name, '') AS community,
           (SELECT COUNT(*) FROM people v WHERE v.opened_by = s.id) AS opened,
           (SELECT COUNT(*) FROM record_events e
              JOIN service_records r ON r.id = e.record_id AND r.kind = 'service'
              WHERE e.person_id = s.id AND e.kind = 'verified') AS verified,
           (SELECT COUNT(*) FROM record_events e
              JOIN service_records r ON r.id = e.record_id AND r.kind = 'service'
              JOIN people v ON v.id = r.volunteer_id
              WHERE e.person_id = s.id AND e.kind = 'verified'
                AND (v.opened_by = s.id OR v.password_set_by = s.id)) AS verified_held,
           (SELECT COUNT(*) FROM redemption_events e
              JOIN redemptions d ON d.id = e.redemption_id
              JOIN people v ON v.id = d.volunteer_id
              WHERE e.person_id = s.id AND e.kind = 'approved'
                AND (v.opened_by = s.id OR v.password_set_by = s.id)) AS approved_held
         FROM people s LEFT JOIN communities c ON c.id = s.community_id
         WHERE s.role IN ('staff', 'admin')) AS custody
         ORDER BY verified_held + approved_held DESC, verified DESC, name",
    )
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    let count = |r: &sqlx::any::AnyRow, c: &str| r.get::<i64, _>(c).max(0) as u32;
    Ok(rows
        .iter()
        .map(|r| CustodyRow {
            name: r.get("name"),
            community: r.get("community"),
            opened: count(r, "opened"),
            verified: count(r, "verified"),
            verified_held: count(r, "verified_held"),
            approved_held: count(r, "approved_held"),
        })
        .collect())
}
