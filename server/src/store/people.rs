use crate::store::row::Cells;
use crate::store::Flag;
use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::{
    Actor, BeneficiaryChoice, ContactChange, FileView, Gender, Role, VolunteerFile,
};
use app::domain::volunteer_table::VolunteerSummary;
use app::domain::{Field, Minutes, ValidationError};
use sqlx::{AnyConnection, AnyPool};
use uuid::Uuid;

use super::{audit, failed, ts};

pub(super) async fn create_volunteer(
    pool: &AnyPool,
    file: &VolunteerFile,
    community: &CommunityId,
    password_hash: &str,
    entry: AuditEntry,
) -> Result<PersonId, StoreError> {
    // IMMEDIATE: the phone check and the insert see the same state, no other writer between.
    let mut tx = crate::store::engine::begin_write(pool).await?;
    require_community(&mut tx, community).await?;
    // Whoever opens the account chose its first password.
    let opener = entry.actor.clone();
    let id = insert_volunteer(
        &mut tx,
        file,
        community,
        password_hash,
        opener.as_ref(),
        PasswordChosenBy::Opener,
        entry.at,
    )
    .await?;
    let mut entry = entry;
    entry.subject = id.to_string();
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)?;
    Ok(id)
}

/// Who chose a new account's first password: the staff member who opened it (and so could act
/// as the volunteer for a while), or the volunteer themself (an online application).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum PasswordChosenBy {
    Opener,
    Owner,
}

/// Adds a volunteer with `file`, inside the caller's transaction, after checking the phone is
/// free. `opened_by` is the staff member who opened the account (`None` for demo data).
pub(super) async fn insert_volunteer(
    conn: &mut AnyConnection,
    file: &VolunteerFile,
    community: &CommunityId,
    password_hash: &str,
    opened_by: Option<&PersonId>,
    password_by: PasswordChosenBy,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<PersonId, StoreError> {
    require_free_phone(conn, file.phone.as_str(), None).await?;
    let id = PersonId::new(Uuid::now_v7().to_string());
    let today = app::domain::clock::china_today(at);
    let password_set_by = match password_by {
        PasswordChosenBy::Opener => opened_by.map(|p| p.as_str().to_string()),
        PasswordChosenBy::Owner => Some(id.to_string()),
    };
    sqlx::query(
        "INSERT INTO people (id, role, community_id, name, gender, birth_year, political_status, phone,
           password_hash, skills, preferences, occupation, hobbies, joined_on, created_at,
           opened_by, opened_at, password_set_by, password_set_at)
         VALUES ($1, 'volunteer', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(id.as_str())
    .bind(community.as_str())
    .bind(file.name.as_str())
    .bind(file.gender.code())
    .bind(file.birth_year.year())
    .bind(file.political_status.zh())
    .bind(file.phone.as_str())
    .bind(password_hash)
    .bind(file.skills.as_str())
    .bind(serde_json::to_string(&file.preferences).map_err(|e| StoreError::Failed(e.to_string()))?)
    .bind(file.occupation.as_str())
    .bind(file.hobbies.as_str())
    .bind(today.to_string())
    .bind(ts(at))
    .bind(opened_by.map(|p| p.as_str().to_string()))
    .bind(ts(at))
    .bind(password_set_by)
    .bind(ts(at))
    .execute(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(id)
}

/// Refuses an unknown community with a field error (instead of a foreign-key failure).
pub(super) async fn require_community(
    conn: &mut AnyConnection,
    community: &CommunityId,
) -> Result<(), StoreError> {
    let retired: Option<bool> = sqlx::query_scalar::<_, Flag>(
        "SELECT retired_at IS NOT NULL FROM communities WHERE id = $1",
    )
    .bind(community.as_str())
    .fetch_optional(conn)
    .await
    .map_err(failed)?
    .map(bool::from);
    if retired == Some(true) {
        return Err(StoreError::Administration(
            app::domain::administration::AdministrationError::RetiredCommunity,
        ));
    }
    if retired.is_some() {
        Ok(())
    } else {
        Err(StoreError::Invalid(ValidationError::Invalid(
            Field::Community,
        )))
    }
}

pub(super) async fn person_scope(
    pool: &AnyPool,
    person: &PersonId,
) -> Result<Option<Actor>, StoreError> {
    let row = sqlx::query("SELECT role, community_id FROM people WHERE id = $1")
        .bind(person.as_str())
        .fetch_optional(pool)
        .await
        .map_err(failed)?;
    Ok(row.and_then(|r| {
        Some(Actor {
            person: person.clone(),
            role: Role::from_code(&r.get::<String, _>("role"))?,
            community: r
                .get::<Option<String>, _>("community_id")
                .map(CommunityId::new),
        })
    }))
}

pub(super) async fn file(
    pool: &AnyPool,
    person: &PersonId,
) -> Result<Option<FileView>, StoreError> {
    let row = sqlx::query(
        "SELECT p.id, p.name, p.gender, p.birth_year, p.political_status, p.phone, p.skills,
           p.preferences, p.occupation, p.hobbies, p.joined_on, c.name AS community_name,
           (SELECT number FROM id_cards WHERE person_id = p.id) AS id_card
         FROM people p LEFT JOIN communities c ON c.id = p.community_id WHERE p.id = $1",
    )
    .bind(person.as_str())
    .fetch_optional(pool)
    .await
    .map_err(failed)?;
    let Some(r) = row else { return Ok(None) };
    // Wishes the person holds a place on (and did not see withdrawn), then households they
    // served.
    let choices = sqlx::query(
        "SELECT 'wish' AS kind, w.id, w.need AS label, MAX(e.at) AS latest FROM wishes w
           JOIN wish_events e ON e.wish_id = w.id AND e.kind = 'claimed' AND e.person_id = $1
           JOIN wish_places h ON h.wish_id = w.id AND h.person_id = $1
           WHERE NOT EXISTS (SELECT 1 FROM wish_events x WHERE x.wish_id = w.id AND x.kind = 'withdrawn')
           GROUP BY w.id
         UNION ALL
         SELECT 'household', h.id, h.head_name, MAX(r.service_date) FROM households h
           JOIN service_records r ON r.beneficiary_kind = 'household' AND r.beneficiary_id = h.id
           WHERE r.volunteer_id = $1
           GROUP BY h.id
         ORDER BY 1 DESC, 4 DESC LIMIT 50",
    )
    .bind(person.as_str())
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    let beneficiaries = choices
        .iter()
        .map(|c| BeneficiaryChoice {
            kind: c.get("kind"),
            id: c.get("id"),
            label: c.get("label"),
        })
        .collect();
    Ok(Some(FileView {
        person: PersonId::new(r.get::<String, _>("id")),
        name: r.get("name"),
        gender: r
            .get::<Option<String>, _>("gender")
            .and_then(|g| Gender::from_code(&g)),
        birth_year: r.get::<Option<i64>, _>("birth_year").map(|y| y as i32),
        political_status: r
            .get::<Option<String>, _>("political_status")
            .unwrap_or_default(),
        phone: r.get::<Option<String>, _>("phone").unwrap_or_default(),
        skills: r.get("skills"),
        preferences: serde_json::from_str(&r.get::<String, _>("preferences")).unwrap_or_default(),
        community_name: r.get("community_name"),
        occupation: r.get("occupation"),
        hobbies: r.get("hobbies"),
        joined_on: r.get("joined_on"),
        id_card_masked: r
            .get::<Option<String>, _>("id_card")
            .map(|n| app::domain::id_card::mask(&n)),
        beneficiaries,
    }))
}

/// Changes a person's contact, skills and preferences, inside the caller's transaction. A phone
/// number someone else has is refused (it is also a login).
/// Refuses a phone number someone (other than `except`) has: it is their login.
pub(super) async fn require_free_phone(
    conn: &mut AnyConnection,
    phone: &str,
    except: Option<&PersonId>,
) -> Result<(), StoreError> {
    let Flag(taken) = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM people WHERE phone = $1 AND ($2 IS NULL OR id <> $2))",
    )
    .bind(phone)
    .bind(except.map(PersonId::as_str))
    .fetch_one(conn)
    .await
    .map_err(failed)?;
    if taken {
        Err(StoreError::Invalid(ValidationError::Taken(Field::Phone)))
    } else {
        Ok(())
    }
}

/// Sets a person's phone (their login) after their password was confirmed.
pub(super) async fn change_login_phone(
    pool: &AnyPool,
    person: &PersonId,
    phone: &app::domain::text::Phone,
    entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    require_free_phone(&mut tx, phone.as_str(), Some(person)).await?;
    sqlx::query("UPDATE people SET phone = $1 WHERE id = $2")
        .bind(phone.as_str())
        .bind(person.as_str())
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}

/// Applies a contact change. The phone is the login: a change that names another phone is
/// refused unless `login_confirmed` (the online door that checked the password).
pub(super) async fn change_contact(
    conn: &mut AnyConnection,
    person: &PersonId,
    change: &ContactChange,
    login_confirmed: bool,
) -> Result<(), StoreError> {
    let current: Option<Option<String>> =
        sqlx::query_scalar("SELECT phone FROM people WHERE id = $1")
            .bind(person.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(failed)?;
    let current = current.ok_or(StoreError::NotFound)?;
    if !login_confirmed && current.as_deref() != Some(change.phone.as_str()) {
        return Err(StoreError::Invalid(ValidationError::NeedsPassword(
            Field::Phone,
        )));
    }
    require_free_phone(&mut *conn, change.phone.as_str(), Some(person)).await?;
    sqlx::query("UPDATE people SET phone = $1, skills = $2, preferences = $3 WHERE id = $4")
        .bind(change.phone.as_str())
        .bind(change.skills.as_str())
        .bind(
            serde_json::to_string(&change.preferences)
                .map_err(|e| StoreError::Failed(e.to_string()))?,
        )
        .bind(person.as_str())
        .execute(&mut *conn)
        .await
        .map_err(failed)?;
    Ok(())
}

/// The volunteers of one community (or all, for the admin), by name, with their verified time.
pub(super) async fn volunteers(
    pool: &AnyPool,
    community: Option<&CommunityId>,
    year: i32,
) -> Result<Vec<VolunteerSummary>, StoreError> {
    // Verified time counts a line once verified, a reversal takes it back; "this year" goes by
    // the service date, as the passbook prints it.
    let rows = sqlx::query(
        "WITH verified AS (
           SELECT r.volunteer_id, r.service_date,
             CASE WHEN r.kind = 'reversal' THEN -r.minutes ELSE r.minutes END AS minutes
           FROM service_records r JOIN record_events e ON e.record_id = r.id AND e.kind = 'verified'
         )
         SELECT p.id, p.name, p.phone, c.name AS community_name, p.gender, p.birth_year,
           p.political_status, p.skills, p.preferences, p.occupation, p.hobbies, p.joined_on,
           p.deactivated_at IS NOT NULL AS gone, p.deactivation_reason,
           COALESCE((SELECT CAST(SUM(v.minutes) AS BIGINT) FROM verified v WHERE v.volunteer_id = p.id), 0) AS verified,
           COALESCE((SELECT CAST(SUM(v.minutes) AS BIGINT) FROM verified v WHERE v.volunteer_id = p.id
             AND substr(v.service_date, 1, 4) = $2), 0) AS verified_this_year,
           (SELECT MAX(r.service_date) FROM service_records r
             WHERE r.volunteer_id = p.id AND r.kind = 'service'
               AND NOT EXISTS (SELECT 1 FROM record_events x WHERE x.record_id = r.id AND x.kind = 'rejected')
           ) AS last_service
         FROM people p JOIN communities c ON c.id = p.community_id
         WHERE p.role = 'volunteer' AND ($1 IS NULL OR p.community_id = $1)
         ORDER BY c.name, p.name, p.id",
    )
    .bind(community.map(|c| c.as_str().to_string()))
    .bind(format!("{year:04}"))
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    Ok(rows
        .iter()
        .map(|r| VolunteerSummary {
            person: PersonId::new(r.get::<String, _>("id")),
            name: r.get("name"),
            phone: r.get::<Option<String>, _>("phone").unwrap_or_default(),
            community_name: r.get("community_name"),
            gender: r
                .get::<Option<String>, _>("gender")
                .and_then(|g| Gender::from_code(&g)),
            birth_year: r.get::<Option<i64>, _>("birth_year").map(|y| y as i32),
            political_status: r
                .get::<Option<String>, _>("political_status")
                .unwrap_or_default(),
            skills: r.get("skills"),
            occupation: r.get("occupation"),
            hobbies: r.get("hobbies"),
            preferences: serde_json::from_str(&r.get::<String, _>("preferences"))
                .unwrap_or_default(),
            joined_on: r.get("joined_on"),
            verified: Minutes(r.get("verified")),
            verified_this_year: Minutes(r.get("verified_this_year")),
            last_service: r
                .get::<Option<String>, _>("last_service")
                .and_then(|d| d.parse().ok()),
            deactivated: r
                .get::<bool, _>("gone")
                .then(|| r.get("deactivation_reason")),
        })
        .collect())
}
