//! Changes to wishes: posting, claims, reports of fulfilment and staff decisions. Each reads the
//! wish's facts and checks the rule in the same `BEGIN IMMEDIATE` transaction that records the
//! new fact, so of two phones that claimed a one-to-one wish offline, exactly one holds it when
//! both have synced.

use crate::store::row::Cells;
use crate::store::Flag;
use app::api::ports::{StoreError, WishDecision};
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, PersonId, WishId};
use app::domain::person::Actor;
use app::domain::wish::{
    check_claim, check_release, check_withdraw, holds_place, ClaimError, WishEvent, WishEventKind,
    WishState,
};
use app::domain::wish_post::WishDraft;
use app::domain::{Field, ValidationError};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool};
use uuid::Uuid;

use super::{audit, failed, ts};

/// Why a claim (or a report) did not become a fact.
pub(super) enum ClaimRefusal {
    /// No such wish in the claimer's community (another community's wish is not theirs to see).
    Unknown,
    Rule(ClaimError),
}

/// A wish's community, number of places and facts so far.
struct Facts {
    community: String,
    capacity: u32,
    /// Who posted it (a volunteer from the phone, or staff from the office).
    posted_by: Option<String>,
    events: Vec<WishEvent>,
}

impl Facts {
    fn state(&self) -> WishState {
        WishState::derive(&self.events, self.capacity)
    }

    fn claimed_by(&self, person: &PersonId) -> bool {
        holds_place(&self.events, person)
    }
}

async fn facts(conn: &mut AnyConnection, wish: &str) -> Result<Option<Facts>, StoreError> {
    let row = sqlx::query("SELECT community_id, capacity, posted_by FROM wishes WHERE id = $1")
        .bind(wish)
        .fetch_optional(&mut *conn)
        .await
        .map_err(failed)?;
    let Some(row) = row else {
        return Ok(None);
    };
    let events = sqlx::query("SELECT kind, person_id, at FROM wish_events WHERE wish_id = $1")
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
    Ok(Some(Facts {
        community: row.get("community_id"),
        capacity: u32::try_from(row.get::<i64, _>("capacity")).unwrap_or(1),
        posted_by: row.get("posted_by"),
        events,
    }))
}

/// The wish's facts if it is in the actor's community.
async fn own_facts(
    conn: &mut AnyConnection,
    actor: &Actor,
    wish: &str,
) -> Result<Option<Facts>, StoreError> {
    Ok(facts(conn, wish)
        .await?
        .filter(|f| actor.community.as_ref().map(|c| c.as_str()) == Some(f.community.as_str())))
}

async fn add_event(
    conn: &mut AnyConnection,
    wish: &str,
    kind: &str,
    person: &PersonId,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO wish_events (id, wish_id, kind, person_id, at, note) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(wish)
    .bind(kind)
    .bind(person.as_str())
    .bind(ts(now))
    .bind(note)
    .execute(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(())
}

fn entry(actor: &Actor, action: &str, wish: &str, device: &str, now: DateTime<Utc>) -> AuditEntry {
    AuditEntry {
        at: now,
        actor: Some(actor.person.clone()),
        role: Some(actor.role),
        community: actor.community.clone(),
        action: action.into(),
        subject: wish.into(),
        detail: String::new(),
        device: device.into(),
    }
}

/// What a volunteer (or staff member, for themself) does to a wish from the wall.
#[derive(Clone, Copy)]
pub(super) enum WallAct {
    /// Take a place on it.
    Claim,
    /// Give their place back.
    Release,
    /// Withdraw it: only its poster.
    Withdraw,
}

/// Records `actor`'s `act` on `wish` if the rules allow it now: the rule is read from the wish's
/// facts in the caller's transaction, then the new fact and its audit row are written.
pub(super) async fn act(
    conn: &mut AnyConnection,
    actor: &Actor,
    act: WallAct,
    wish: &str,
    device: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), ClaimRefusal>, StoreError> {
    let Some(facts) = own_facts(conn, actor, wish).await? else {
        return Ok(Err(ClaimRefusal::Unknown));
    };
    let (rule, kind, action) = match act {
        WallAct::Claim => (
            check_claim(&facts.events, facts.capacity, &actor.person),
            "claimed",
            "claim_wish",
        ),
        WallAct::Release => (
            check_release(&facts.events, facts.capacity, &actor.person),
            "released",
            "release_wish",
        ),
        WallAct::Withdraw => {
            let is_poster = facts.posted_by.as_deref() == Some(actor.person.as_str());
            (
                check_withdraw(&facts.events, facts.capacity, is_poster),
                "withdrawn",
                "withdraw_own_wish",
            )
        }
    };
    if let Err(refused) = rule {
        return Ok(Err(ClaimRefusal::Rule(refused)));
    }
    add_event(conn, wish, kind, &actor.person, "", now).await?;
    audit::insert(conn, &entry(actor, action, wish, device, now)).await?;
    Ok(Ok(()))
}

/// Records a claimer's report that `wish` is fulfilled by their service record `record`
/// (whose ownership the caller checked). Reporting twice is harmless.
pub(super) async fn report_fulfilled(
    conn: &mut AnyConnection,
    actor: &Actor,
    report: &str,
    wish: &str,
    record: &str,
    device: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), ClaimRefusal>, StoreError> {
    let Some(facts) = own_facts(conn, actor, wish).await? else {
        return Ok(Err(ClaimRefusal::Unknown));
    };
    match facts.state() {
        WishState::Fulfilled | WishState::Withdrawn => {
            return Ok(Err(ClaimRefusal::Rule(ClaimError::Closed)))
        }
        _ if !facts.claimed_by(&actor.person) => {
            return Ok(Err(ClaimRefusal::Rule(ClaimError::NotClaimer)))
        }
        _ => {}
    }
    sqlx::query(
        "INSERT INTO wish_reports (id, wish_id, person_id, record_id, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(report)
    .bind(wish)
    .bind(actor.person.as_str())
    .bind(record)
    .bind(ts(now))
    .execute(&mut *conn)
    .await
    .map_err(failed)?;
    let mut audit = entry(actor, "report_wish_fulfilled", wish, device, now);
    audit.detail = format!("record {record}");
    audit::insert(conn, &audit).await?;
    Ok(Ok(()))
}

/// Stores a new wish with id `id` in `community`, posted by `actor`; staff posts are approved
/// in the same transaction.
#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_wish(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: &str,
    community: &CommunityId,
    draft: &WishDraft,
    approved: bool,
    device: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if let Some(household) = &draft.household {
        let Flag(ours) = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM households WHERE id = $1 AND community_id = $2)",
        )
        .bind(household)
        .bind(community.as_str())
        .fetch_one(&mut *conn)
        .await
        .map_err(failed)?;
        if !ours {
            return Err(StoreError::NotFound);
        }
    }
    super::people::require_community(conn, community).await?;
    // 回报: the hours offered are reserved now, so they must be there (with every other open
    // request's held back).
    if let Some(pay) = draft.pay {
        if draft.household.is_some()
            || super::help_return::available(conn, &actor.person).await? < pay
        {
            return Err(StoreError::Wish(ClaimError::NotEnoughTime));
        }
    }
    sqlx::query(
        "INSERT INTO wishes (id, community_id, household_id, poster_name, need, offer, category,
           capacity, created_at, posted_by, service, pay_minutes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(id)
    .bind(community.as_str())
    .bind(&draft.household)
    .bind(&draft.poster)
    .bind(&draft.need)
    .bind(&draft.offer)
    .bind(&draft.category)
    .bind(i64::from(draft.capacity))
    .bind(ts(now))
    .bind(actor.person.as_str())
    .bind(&draft.service)
    .bind(draft.pay.map(|m| m.0))
    .execute(&mut *conn)
    .await
    .map_err(failed)?;
    if approved {
        add_event(conn, id, "approved", &actor.person, "", now).await?;
    }
    let mut audit = entry(actor, "post_wish", id, device, now);
    audit.community = Some(community.clone());
    audit::insert(conn, &audit).await?;
    Ok(())
}

/// Posts a wish from the office in its own transaction.
pub(super) async fn post_wish(
    pool: &AnyPool,
    actor: &Actor,
    community: &CommunityId,
    draft: &WishDraft,
    approved: bool,
    audit: AuditEntry,
) -> Result<WishId, StoreError> {
    // From the office or a kiosk a wish is posted for someone else: it pays nothing.
    if draft.pay.is_some() {
        return Err(StoreError::Invalid(ValidationError::Invalid(Field::Pay)));
    }
    let id = Uuid::now_v7().to_string();
    let mut tx = crate::store::engine::begin_write(pool).await?;
    insert_wish(
        &mut tx,
        actor,
        &id,
        community,
        draft,
        approved,
        &audit.device,
        audit.at,
    )
    .await?;
    tx.commit().await.map_err(failed)?;
    Ok(WishId::new(id))
}

/// Applies a staff decision to a wish of `scope` (`None`: any community).
pub(super) async fn decide(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
    wish: &WishId,
    decision: &WishDecision,
    audit: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let facts = facts(&mut tx, wish.as_str())
        .await?
        .filter(|f| scope.is_none_or(|c| c.as_str() == f.community))
        .ok_or(StoreError::NotFound)?;
    let staff = audit.actor.clone().ok_or(StoreError::NotFound)?;
    let claims = facts
        .events
        .iter()
        .filter(|e| e.kind == WishEventKind::Claimed)
        .count();
    let (kind, note) = match (decision, facts.state()) {
        (WishDecision::Approve, WishState::AwaitingApproval) => ("approved", ""),
        (WishDecision::Decline(reason), WishState::AwaitingApproval) => {
            ("withdrawn", reason.as_str())
        }
        (WishDecision::Approve | WishDecision::Decline(_), _) => {
            return Err(StoreError::Wish(ClaimError::AlreadyDecided))
        }
        (WishDecision::ConfirmFulfilled, WishState::AwaitingApproval) => {
            return Err(StoreError::Wish(ClaimError::NotApproved))
        }
        (WishDecision::ConfirmFulfilled, WishState::Fulfilled | WishState::Withdrawn) => {
            return Err(StoreError::Wish(ClaimError::Closed))
        }
        (WishDecision::ConfirmFulfilled, _) if claims == 0 => {
            return Err(StoreError::Wish(ClaimError::NoClaimer))
        }
        (WishDecision::ConfirmFulfilled, _) => ("fulfilled", ""),
        (WishDecision::Withdraw(_), WishState::AwaitingApproval) => {
            return Err(StoreError::Wish(ClaimError::NotApproved))
        }
        (WishDecision::Withdraw(_), WishState::Fulfilled | WishState::Withdrawn) => {
            return Err(StoreError::Wish(ClaimError::Closed))
        }
        (WishDecision::Withdraw(reason), _) => ("withdrawn", reason.as_str()),
    };
    add_event(&mut tx, wish.as_str(), kind, &staff, note, audit.at).await?;
    let mut audit = audit;
    audit.community = Some(CommunityId::new(facts.community));
    audit::insert(&mut tx, &audit).await?;
    tx.commit().await.map_err(failed)?;
    Ok(())
}
