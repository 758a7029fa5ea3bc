//! Claims on wishes, applied inside a push's transaction: the wish's facts are read and the rule
//! checked in the same `BEGIN IMMEDIATE` transaction that records the claim, so of two phones
//! that claimed a one-to-one wish offline, exactly one holds it when both have synced.

use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::ids::PersonId;
use app::domain::person::Actor;
use app::domain::wish::{check_claim, ClaimError, WishEvent, WishEventKind};
use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

use super::{audit, failed, ts};

/// Why a claim did not become a fact.
pub(super) enum ClaimRefusal {
    /// No such wish in the claimer's community (another community's wish is not theirs to see).
    Unknown,
    Rule(ClaimError),
}

/// Records `actor`'s claim on `wish` if the rules allow it now.
pub(super) async fn claim(
    conn: &mut SqliteConnection,
    actor: &Actor,
    wish: &str,
    device: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), ClaimRefusal>, StoreError> {
    let row = sqlx::query("SELECT community_id, capacity FROM wishes WHERE id = ?")
        .bind(wish)
        .fetch_optional(&mut *conn)
        .await
        .map_err(failed)?;
    let Some(row) = row else {
        return Ok(Err(ClaimRefusal::Unknown));
    };
    let community: String = row.get("community_id");
    if actor.community.as_ref().map(|c| c.as_str()) != Some(community.as_str()) {
        return Ok(Err(ClaimRefusal::Unknown));
    }
    let capacity = u32::try_from(row.get::<i64, _>("capacity")).unwrap_or(1);
    let events: Vec<WishEvent> =
        sqlx::query("SELECT kind, person_id, at FROM wish_events WHERE wish_id = ?")
            .bind(wish)
            .fetch_all(&mut *conn)
            .await
            .map_err(failed)?
            .iter()
            .filter_map(|r| {
                Some(WishEvent {
                    kind: WishEventKind::from_code(&r.get::<String, _>("kind"))?,
                    person: r.get::<Option<String>, _>("person_id").map(PersonId::new),
                    at: DateTime::parse_from_rfc3339(&r.get::<String, _>("at"))
                        .ok()?
                        .with_timezone(&Utc),
                })
            })
            .collect();
    if let Err(refused) = check_claim(&events, capacity, &actor.person) {
        return Ok(Err(ClaimRefusal::Rule(refused)));
    }
    sqlx::query(
        "INSERT INTO wish_events (id, wish_id, kind, person_id, at) VALUES (?, ?, 'claimed', ?, ?)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(wish)
    .bind(actor.person.as_str())
    .bind(ts(now))
    .execute(&mut *conn)
    .await
    .map_err(failed)?;
    audit::insert(
        conn,
        &AuditEntry {
            at: now,
            actor: Some(actor.person.clone()),
            role: Some(actor.role),
            community: actor.community.clone(),
            action: "claim_wish".into(),
            subject: wish.into(),
            detail: String::new(),
            device: device.into(),
        },
    )
    .await?;
    Ok(Ok(()))
}
