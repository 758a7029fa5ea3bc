//! Self-organised activities proposed from a phone: the proposal (an outbox command), staff's
//! approval or refusal, joining one from a phone (an outbox command), and a phone's list of its
//! community's invitations and its own proposals. Closing is the staff's, as for any activity.

use crate::store::row::Cells;
use app::api::ports::StoreError;
use app::domain::activity::{Activity, ActivityError, ActivityKind};
use app::domain::activity_proposal::{is_ahead, ActivityStatus, Invitation};
use app::domain::audit::AuditEntry;
use app::domain::ids::{ActivityId, CommunityId};
use app::domain::person::Actor;
use app::domain::text::Reason;
use chrono::NaiveDate;
use sqlx::{AnyConnection, AnyPool};

use super::{activities, audit, failed, ts};

/// Why a phone's command about an activity was refused: the typed rule, or nothing of that id
/// in the caller's community.
pub(super) enum ActivityRefusal {
    Unknown,
    Rule(ActivityError),
}

/// Stores a volunteer's proposal `id` (the entry's id) as a self-organised activity awaiting
/// staff, in the proposer's community. The proposer attends it and, as its organiser, is the
/// witness on every attendee's line. Applying the same entry again changes nothing.
pub(super) async fn propose(
    conn: &mut AnyConnection,
    actor: &Actor,
    community: &CommunityId,
    id: &str,
    activity: &Activity,
    today: NaiveDate,
    audit_entry: &AuditEntry,
) -> Result<Result<(), ActivityRefusal>, StoreError> {
    let existing = sqlx::query("SELECT proposed_by FROM activities WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(failed)?;
    if let Some(row) = existing {
        let same =
            row.get::<Option<String>, _>("proposed_by").as_deref() == Some(actor.person.as_str());
        return Ok(if same {
            Ok(())
        } else {
            Err(ActivityRefusal::Unknown)
        });
    }
    if !is_ahead(activity.date, today) {
        return Ok(Err(ActivityRefusal::Rule(ActivityError::DatePassed)));
    }
    let organiser = sqlx::query("SELECT name, phone FROM people WHERE id = $1")
        .bind(actor.person.as_str())
        .fetch_one(&mut *conn)
        .await
        .map_err(failed)?;
    sqlx::query(
        "INSERT INTO activities (id, community_id, kind, title, held_on, start_time, end_time,
           place, category, content, witness_name, witness_phone, status, proposed_by,
           created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'proposed', $13, $14, $15)",
    )
    .bind(id)
    .bind(community.as_str())
    .bind(ActivityKind::SelfOrganised.code())
    .bind(&activity.title)
    .bind(activity.date.to_string())
    .bind(activity.start.format("%H:%M").to_string())
    .bind(activity.end.format("%H:%M").to_string())
    .bind(&activity.place)
    .bind(&activity.category)
    .bind(&activity.content)
    .bind(organiser.get::<String, _>("name"))
    .bind(organiser.get::<String, _>("phone"))
    .bind(actor.person.as_str())
    .bind(actor.person.as_str())
    .bind(ts(audit_entry.at))
    .execute(&mut *conn)
    .await
    .map_err(failed)?;
    attend(conn, id, actor, audit_entry).await
}

/// The actor attends `activity` (once, however often asked), with the audit row saying why.
async fn attend(
    conn: &mut AnyConnection,
    activity: &str,
    actor: &Actor,
    audit_entry: &AuditEntry,
) -> Result<Result<(), ActivityRefusal>, StoreError> {
    sqlx::query(
        "INSERT INTO activity_attendees (activity_id, person_id) VALUES ($1, $2)
         ON CONFLICT (activity_id, person_id) DO NOTHING",
    )
    .bind(activity)
    .bind(actor.person.as_str())
    .execute(&mut *conn)
    .await
    .map_err(failed)?;
    audit::insert(conn, audit_entry).await?;
    Ok(Ok(()))
}

/// Adds the caller to an approved activity of their community that is still to come. Joining
/// twice is joining once.
pub(super) async fn join(
    conn: &mut AnyConnection,
    actor: &Actor,
    activity: &str,
    today: NaiveDate,
    audit_entry: &AuditEntry,
) -> Result<Result<(), ActivityRefusal>, StoreError> {
    let Some(community) = &actor.community else {
        return Ok(Err(ActivityRefusal::Unknown));
    };
    let Some(row) = sqlx::query(
        "SELECT status, closed_at, held_on FROM activities WHERE id = $1 AND community_id = $2",
    )
    .bind(activity)
    .bind(community.as_str())
    .fetch_optional(&mut *conn)
    .await
    .map_err(failed)?
    else {
        return Ok(Err(ActivityRefusal::Unknown));
    };
    let refuse = |e| Ok(Err(ActivityRefusal::Rule(e)));
    if row.get::<Option<String>, _>("closed_at").is_some() {
        return refuse(ActivityError::AlreadyClosed);
    }
    if row.get::<String, _>("status") != ActivityStatus::Approved.code() {
        return refuse(ActivityError::NotApproved);
    }
    let held_on: NaiveDate = row
        .get::<String, _>("held_on")
        .parse()
        .map_err(|_| StoreError::Failed("an activity row does not parse".into()))?;
    if !is_ahead(held_on, today) {
        return refuse(ActivityError::DatePassed);
    }
    attend(conn, activity, actor, audit_entry).await
}

/// Staff approve a proposal of `scope` before its day, or decline it with a reason the proposer
/// reads. Once.
pub(super) async fn review(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
    activity: &ActivityId,
    decline: Option<&Reason>,
    today: NaiveDate,
    actor: &Actor,
    audit_entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let row = sqlx::query(
        "SELECT status, held_on FROM activities
         WHERE id = $1 AND ($2 IS NULL OR community_id = $2)",
    )
    .bind(activity.as_str())
    .bind(scope.map(|c| c.as_str()))
    .fetch_optional(&mut *tx)
    .await
    .map_err(failed)?
    .ok_or(StoreError::NotFound)?;
    if row.get::<String, _>("status") != ActivityStatus::Proposed.code() {
        return Err(StoreError::Activity(ActivityError::AlreadyReviewed));
    }
    // Approved before it happens: a day already past can only be declined.
    let held_on = row.get::<String, _>("held_on").parse::<NaiveDate>().ok();
    if decline.is_none() && held_on.is_none_or(|d| !is_ahead(d, today)) {
        return Err(StoreError::Activity(ActivityError::DatePassed));
    }
    let (status, reason) = match decline {
        Some(reason) => (ActivityStatus::Declined, reason.as_str()),
        None => (ActivityStatus::Approved, ""),
    };
    sqlx::query(
        "UPDATE activities SET status = $1, reviewed_by = $2, review_reason = $3 WHERE id = $4",
    )
    .bind(status.code())
    .bind(actor.person.as_str())
    .bind(reason)
    .bind(activity.as_str())
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    audit::insert(&mut tx, &audit_entry).await?;
    tx.commit().await.map_err(failed)
}

/// What a volunteer's phone lists: the approved activities of their community still to come,
/// and their own proposals however they stand, soonest first.
pub(super) async fn invitations(
    pool: &AnyPool,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<Invitation>, StoreError> {
    let Some(community) = &actor.community else {
        return Ok(Vec::new());
    };
    let mut list: Vec<Invitation> = activities::list(pool, Some(community))
        .await?
        .into_iter()
        .filter_map(|activity| {
            let mine = activity
                .proposed_by
                .as_ref()
                .is_some_and(|(p, _)| *p == actor.person);
            let invited = activity.status == ActivityStatus::Approved
                && activity.closed.is_none()
                && activity.date >= today;
            let joined = activity.attendees.iter().any(|a| a.person == actor.person);
            (mine || invited).then_some(Invitation {
                activity,
                joined,
                mine,
            })
        })
        .collect();
    list.sort_by(|a, b| {
        (a.activity.date, &a.activity.start).cmp(&(b.activity.date, &b.activity.start))
    });
    Ok(list)
}
