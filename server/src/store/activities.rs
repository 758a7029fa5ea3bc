//! Activities (活动) and their attendance. Closing one writes a pending service line for each
//! attendee (their own times if they came late or left early, the activity's witness) and marks
//! the activity closed in the same `BEGIN IMMEDIATE` transaction: two staff pressing "close" at
//! once make one set of lines, not two.

use crate::store::row::Cells;
use std::collections::HashMap;

use app::api::ports::StoreError;
use app::domain::activity::{
    attendee_times, Activity, ActivityError, ActivityKind, ActivityView, Attendee, AttendeeTimes,
    AttendeeTimesInput,
};
use app::domain::activity_proposal::ActivityStatus;
use app::domain::audit::AuditEntry;
use app::domain::ids::{ActivityId, CommunityId, PersonId, RecordId};
use app::domain::person::{Actor, Role};
use app::domain::record::Witness;
use app::domain::{Field, Minutes};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::{AnyConnection, AnyPool};
use uuid::Uuid;

use super::agreements::all_volunteers_of;
use super::help_given::local_date;
use super::ledger::{insert_lines, LineRow};
use super::{audit, failed, ts};

pub(super) async fn list(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
) -> Result<Vec<ActivityView>, StoreError> {
    let scope = scope.map(|c| c.as_str().to_string());
    let rows = sqlx::query(
        "SELECT a.id, c.name AS community_name, a.kind, a.title, a.content, a.held_on,
           a.start_time, a.end_time, a.place, a.category, a.witness_name, a.witness_phone,
           a.series_id, a.closed_at, p.name AS closed_by, a.status, a.proposed_by,
           pp.name AS proposer_name, a.review_reason
         FROM activities a JOIN communities c ON c.id = a.community_id
         LEFT JOIN people p ON p.id = a.closed_by
         LEFT JOIN people pp ON pp.id = a.proposed_by
         WHERE $1 IS NULL OR a.community_id = $1
         ORDER BY a.held_on DESC, a.start_time DESC, a.id",
    )
    .bind(&scope)
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    let mut attendees: HashMap<String, Vec<Attendee>> = HashMap::new();
    for r in sqlx::query(
        "SELECT t.activity_id, p.id, p.name, t.arrived, t.left_at FROM activity_attendees t
           JOIN activities a ON a.id = t.activity_id JOIN people p ON p.id = t.person_id
         WHERE $1 IS NULL OR a.community_id = $1
         ORDER BY p.name, p.id",
    )
    .bind(&scope)
    .fetch_all(pool)
    .await
    .map_err(failed)?
    {
        attendees
            .entry(r.get("activity_id"))
            .or_default()
            .push(Attendee {
                person: PersonId::new(r.get::<String, _>("id")),
                name: r.get("name"),
                own_times: r
                    .get::<Option<String>, _>("arrived")
                    .zip(r.get::<Option<String>, _>("left_at")),
            });
    }
    let corrupt = || StoreError::Failed("an activity row does not parse".into());
    rows.iter()
        .map(|r| {
            let id: String = r.get("id");
            let start: String = r.get("start_time");
            let end: String = r.get("end_time");
            let minutes = match (
                NaiveTime::parse_from_str(&start, "%H:%M"),
                NaiveTime::parse_from_str(&end, "%H:%M"),
            ) {
                (Ok(s), Ok(e)) => Minutes((e - s).num_minutes()),
                _ => return Err(corrupt()),
            };
            let closed = r.get::<Option<String>, _>("closed_at").map(|at| {
                (
                    local_date(&at),
                    r.get::<Option<String>, _>("closed_by").unwrap_or_default(),
                )
            });
            Ok(ActivityView {
                community_name: r.get("community_name"),
                kind: ActivityKind::from_code(&r.get::<String, _>("kind")).ok_or_else(corrupt)?,
                title: r.get("title"),
                content: r.get("content"),
                date: r
                    .get::<String, _>("held_on")
                    .parse::<NaiveDate>()
                    .map_err(|_| corrupt())?,
                start,
                end,
                minutes,
                place: r.get("place"),
                category: r.get("category"),
                witness: format!(
                    "{} {}",
                    r.get::<String, _>("witness_name"),
                    r.get::<String, _>("witness_phone")
                )
                .trim()
                .to_string(),
                weekly: r.get::<Option<String>, _>("series_id").is_some(),
                attendees: attendees.remove(&id).unwrap_or_default(),
                closed,
                status: ActivityStatus::from_code(&r.get::<String, _>("status"))
                    .ok_or_else(corrupt)?,
                proposed_by: r
                    .get::<Option<String>, _>("proposed_by")
                    .map(|p| (PersonId::new(p), r.get("proposer_name"))),
                review_reason: r.get("review_reason"),
                id: ActivityId::new(id),
            })
        })
        .collect()
}

async fn insert_attendees(
    conn: &mut AnyConnection,
    activity: &str,
    attendees: &[PersonId],
    times: &[AttendeeTimes],
) -> Result<(), StoreError> {
    let hhmm = |t: chrono::NaiveTime| t.format("%H:%M").to_string();
    for person in attendees {
        let own = times.iter().find(|t| t.person == *person);
        sqlx::query(
            "INSERT INTO activity_attendees (activity_id, person_id, arrived, left_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(activity)
        .bind(person.as_str())
        .bind(own.map(|t| hhmm(t.arrived)))
        .bind(own.map(|t| hhmm(t.left)))
        .execute(&mut *conn)
        .await
        .map_err(failed)?;
    }
    Ok(())
}

pub(super) async fn create(
    pool: &AnyPool,
    community: &CommunityId,
    activity: &Activity,
    actor: &Actor,
    audit_entry: AuditEntry,
) -> Result<ActivityId, StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    super::people::require_community(&mut tx, community).await?;
    all_volunteers_of(
        &mut tx,
        community.as_str(),
        &activity.attendees,
        Field::Attendees,
    )
    .await?;
    let (witness_name, witness_phone) = match &activity.witness {
        Witness::Named { name, phone, .. } => (name.as_str(), phone.as_str()),
        Witness::None => ("", ""),
    };
    let dates = activity.dates();
    let mut first: Option<String> = None;
    for date in &dates {
        let id = Uuid::now_v7().to_string();
        // A weekly series: every date points at the first (which points at itself).
        let series = (dates.len() > 1).then(|| first.clone().unwrap_or_else(|| id.clone()));
        sqlx::query(
            "INSERT INTO activities (id, community_id, kind, title, held_on, start_time, end_time,
               place, category, content, witness_name, witness_phone, series_id, created_by,
               created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(&id)
        .bind(community.as_str())
        .bind(activity.kind.code())
        .bind(&activity.title)
        .bind(date.to_string())
        .bind(activity.start.format("%H:%M").to_string())
        .bind(activity.end.format("%H:%M").to_string())
        .bind(&activity.place)
        .bind(&activity.category)
        .bind(&activity.content)
        .bind(witness_name)
        .bind(witness_phone)
        .bind(&series)
        .bind(actor.person.as_str())
        .bind(ts(audit_entry.at))
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
        // Those ticked on the form attended the first date; each later one gets its own.
        if first.is_none() {
            insert_attendees(&mut tx, &id, &activity.attendees, &[]).await?;
            first = Some(id);
        }
    }
    let id = first.ok_or_else(|| StoreError::Failed("an activity without a date".into()))?;
    let mut audit_entry = audit_entry;
    audit_entry.subject = id.clone();
    if dates.len() > 1 {
        audit_entry.detail = format!(
            "weekly, {} dates until {}",
            dates.len(),
            dates[dates.len() - 1]
        );
    }
    audit::insert(&mut tx, &audit_entry).await?;
    tx.commit().await.map_err(failed)?;
    Ok(ActivityId::new(id))
}

/// The community of an activity still open in `scope`, and its start and end.
async fn open_in_scope(
    conn: &mut AnyConnection,
    scope: Option<&CommunityId>,
    activity: &ActivityId,
) -> Result<(String, NaiveTime, NaiveTime), StoreError> {
    let row = sqlx::query(
        "SELECT community_id, closed_at, start_time, end_time, status FROM activities
         WHERE id = $1 AND ($2 IS NULL OR community_id = $3)",
    )
    .bind(activity.as_str())
    .bind(scope.map(|c| c.as_str()))
    .bind(scope.map(|c| c.as_str()))
    .fetch_optional(&mut *conn)
    .await
    .map_err(failed)?
    .ok_or(StoreError::NotFound)?;
    if row.get::<Option<String>, _>("closed_at").is_some() {
        return Err(StoreError::Activity(ActivityError::AlreadyClosed));
    }
    // A declined proposal never takes place; a pending one may have its attendance prepared.
    if row.get::<String, _>("status") == ActivityStatus::Declined.code() {
        return Err(StoreError::Activity(ActivityError::NotApproved));
    }
    let time = |column: &str| {
        NaiveTime::parse_from_str(&row.get::<String, _>(column), "%H:%M")
            .map_err(|_| StoreError::Failed("an activity row does not parse".into()))
    };
    Ok((
        row.get("community_id"),
        time("start_time")?,
        time("end_time")?,
    ))
}

pub(super) async fn set_attendees(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
    activity: &ActivityId,
    attendees: &[PersonId],
    times: &[AttendeeTimesInput],
    audit_entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let (community, start, end) = open_in_scope(&mut tx, scope, activity).await?;
    let times = attendee_times(times, attendees, start, end).map_err(StoreError::Invalid)?;
    all_volunteers_of(&mut tx, &community, attendees, Field::Attendees).await?;
    sqlx::query("DELETE FROM activity_attendees WHERE activity_id = $1")
        .bind(activity.as_str())
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    insert_attendees(&mut tx, activity.as_str(), attendees, &times).await?;
    audit::insert(&mut tx, &audit_entry).await?;
    tx.commit().await.map_err(failed)
}

pub(super) async fn close(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
    activity: &ActivityId,
    actor: &Actor,
    at: DateTime<Utc>,
    audit_entry: AuditEntry,
) -> Result<u32, StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let (community, _, _) = open_in_scope(&mut tx, scope, activity).await?;
    let r = sqlx::query(
        "SELECT kind, title, content, held_on, start_time, end_time, place, category,
           witness_name, witness_phone, status
         FROM activities WHERE id = $1",
    )
    .bind(activity.as_str())
    .fetch_one(&mut *tx)
    .await
    .map_err(failed)?;
    let attendees = sqlx::query(
        "SELECT person_id, arrived, left_at FROM activity_attendees WHERE activity_id = $1",
    )
    .bind(activity.as_str())
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?;
    // Staff approve a proposal before it happens, and close only what they approved.
    if r.get::<String, _>("status") != ActivityStatus::Approved.code() {
        return Err(StoreError::Activity(ActivityError::NotApproved));
    }
    if attendees.is_empty() {
        return Err(StoreError::Activity(ActivityError::NoAttendees));
    }
    let corrupt = || StoreError::Failed("an activity row does not parse".into());
    let time = |column: &str| NaiveTime::parse_from_str(&r.get::<String, _>(column), "%H:%M");
    let (start, end) = (
        time("start_time").map_err(|_| corrupt())?,
        time("end_time").map_err(|_| corrupt())?,
    );
    let witness = app::domain::record::parse_witness(
        &r.get::<String, _>("witness_name"),
        &r.get::<String, _>("witness_phone"),
    )
    .map_err(|_| corrupt())?;
    let stored = Activity {
        kind: ActivityKind::from_code(&r.get::<String, _>("kind")).ok_or_else(corrupt)?,
        title: r.get("title"),
        content: r.get("content"),
        date: r
            .get::<String, _>("held_on")
            .parse()
            .map_err(|_| corrupt())?,
        start,
        end,
        minutes: Minutes((end - start).num_minutes()),
        place: r.get("place"),
        category: r.get("category"),
        attendees: Vec::new(),
        witness,
        repeat_until: None,
    };
    let community = CommunityId::new(community);
    let rows = attendees
        .iter()
        .map(|a| {
            let person = PersonId::new(a.get::<String, _>("person_id"));
            let own = match (
                a.get::<Option<String>, _>("arrived"),
                a.get::<Option<String>, _>("left_at"),
            ) {
                (Some(arrived), Some(left)) => Some(AttendeeTimes {
                    person: person.clone(),
                    arrived: NaiveTime::parse_from_str(&arrived, "%H:%M").map_err(|_| corrupt())?,
                    left: NaiveTime::parse_from_str(&left, "%H:%M").map_err(|_| corrupt())?,
                }),
                _ => None,
            };
            let line = stored
                .line(activity, own.as_ref())
                .map_err(StoreError::Invalid)?;
            let volunteer = Actor {
                person,
                role: Role::Volunteer,
                community: Some(community.clone()),
            };
            let id = RecordId::new(Uuid::now_v7().to_string());
            LineRow::new(&volunteer, &id, &line, &[], at).map(|row| row.recorded_by(&actor.person))
        })
        .collect::<Result<Vec<_>, _>>()?;
    insert_lines(&mut tx, &rows).await?;
    sqlx::query("UPDATE activities SET closed_by = $1, closed_at = $2 WHERE id = $3")
        .bind(actor.person.as_str())
        .bind(ts(at))
        .bind(activity.as_str())
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    audit::insert(&mut tx, &audit_entry).await?;
    tx.commit().await.map_err(failed)?;
    Ok(rows.len() as u32)
}
