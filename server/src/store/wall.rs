//! The wish wall as read: a community's public wishes (and a viewer's own awaiting approval)
//! with the counts of the month and year, the wishes staff act on, and the service menu's
//! source — what the volunteers offer.

use crate::store::row::Cells;
use crate::store::Flag;
use app::api::ports::StoreError;
use app::domain::clock::china_today;
use app::domain::ids::{CommunityId, PersonId, WishId};
use app::domain::wall::{Offering, StaffWish, WallCounts, WallView};
use app::domain::wish::{waiting_long, WishCard, WishState, DEFAULT_WAITING_DAYS};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Utc};
use sqlx::any::AnyRow;
// The formatted SQL only joins constant text; every value is bound.
use sqlx::{AnyPool, AssertSqlSafe};

use super::{failed, ts};

/// The columns of a card; `?1` is the viewer (or NULL).
const CARD_COLUMNS: &str = "w.id, w.community_id, w.poster_name, w.need, w.offer, w.category,
    w.capacity, w.created_at, w.service, w.posted_by = $1 AS posted_by_me, w.pay_minutes,
    EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id AND e.kind = 'approved') AS approved,
    EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id AND e.kind = 'fulfilled') AS fulfilled,
    EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id AND e.kind = 'withdrawn') AS withdrawn,
    (SELECT COUNT(*) FROM wish_places e WHERE e.wish_id = w.id) AS claims,
    EXISTS (SELECT 1 FROM wish_places e WHERE e.wish_id = w.id AND e.person_id = $1) AS claimed_by_me,
    EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id AND e.kind = 'released') AS released,
    EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id AND e.kind = 'withdrawn' AND e.person_id = w.posted_by) AS withdrawn_by_poster,
    (SELECT MIN(e.at) FROM wish_events e WHERE e.wish_id = w.id AND e.kind = 'approved') AS approved_at,
    (SELECT k.wish_waiting_days FROM communities k WHERE k.id = w.community_id) AS waiting_days,
    EXISTS (SELECT 1 FROM wish_reports r WHERE r.wish_id = w.id) AS reported,
    COALESCE((SELECT e.note FROM wish_events e WHERE e.wish_id = w.id AND e.kind = 'withdrawn' LIMIT 1), '') AS decline_reason";

fn card(r: &AnyRow, now: DateTime<Utc>) -> Result<WishCard, StoreError> {
    let capacity = u32::try_from(r.get::<i64, _>("capacity")).unwrap_or(1);
    let claims = u32::try_from(r.get::<i64, _>("claims")).unwrap_or(0);
    let fulfilled: bool = r.get("fulfilled");
    let state = WishState::from_facts(
        r.get("approved"),
        claims,
        capacity,
        fulfilled,
        r.get("withdrawn"),
    );
    let posted: String = r.get("created_at");
    let waiting_long = r
        .get::<Option<String>, _>("approved_at")
        .and_then(|at| DateTime::parse_from_rfc3339(&at).ok())
        .is_some_and(|approved| {
            let days = r.get::<Option<i64>, _>("waiting_days").unwrap_or(60);
            waiting_long(
                state,
                approved.with_timezone(&Utc),
                now,
                u32::try_from(days).unwrap_or(DEFAULT_WAITING_DAYS),
            )
        });
    Ok(WishCard {
        id: WishId::new(r.get::<String, _>("id")),
        community: CommunityId::new(r.get::<String, _>("community_id")),
        poster: r.get("poster_name"),
        need: r.get("need"),
        offer: r.get("offer"),
        category: r.get("category"),
        capacity,
        claims,
        state,
        posted_at: DateTime::parse_from_rfc3339(&posted)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| StoreError::Failed("unreadable wish timestamp".into()))?,
        service: r.get("service"),
        claimed_by_me: r
            .get::<Option<Flag>, _>("claimed_by_me")
            .map(bool::from)
            .unwrap_or(false),
        posted_by_me: r
            .get::<Option<Flag>, _>("posted_by_me")
            .map(bool::from)
            .unwrap_or(false),
        reported: r.get::<bool, _>("reported") && !fulfilled,
        decline_reason: r.get("decline_reason"),
        waiting_long,
        reopened: state == WishState::Open && r.get::<bool, _>("released"),
        withdrawn_by_poster: r
            .get::<Option<Flag>, _>("withdrawn_by_poster")
            .map(bool::from)
            .unwrap_or(false),
        pay: r
            .get::<Option<i64>, _>("pay_minutes")
            .map(app::domain::Minutes),
    })
}

/// Midnight at the start of `date` in China, as the store's timestamp text.
fn china_midnight(date: NaiveDate) -> String {
    let china = FixedOffset::east_opt(8 * 3600).expect("UTC+8");
    let local = date.and_hms_opt(0, 0, 0).expect("midnight");
    china
        .from_local_datetime(&local)
        .single()
        .map(|t| ts(t.with_timezone(&Utc)))
        .unwrap_or_default()
}

pub(super) async fn wall(
    pool: &AnyPool,
    community: &CommunityId,
    viewer: Option<&PersonId>,
    now: DateTime<Utc>,
) -> Result<WallView, StoreError> {
    let viewer = viewer.map(|p| p.as_str().to_string());
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {CARD_COLUMNS} FROM wishes w WHERE w.community_id = $2 ORDER BY w.created_at DESC, w.id DESC"
    )))
    .bind(&viewer)
    .bind(community.as_str())
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    let mut cards = Vec::new();
    for r in &rows {
        let card = card(r, now)?;
        if card.state.is_public() || card.posted_by_me {
            cards.push(card);
        }
    }
    let today = china_today(now);
    let month_start = today.with_day(1).unwrap_or(today);
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let count = |kind: &'static str, since: String| {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(DISTINCT e.wish_id) FROM wish_events e JOIN wishes w ON w.id = e.wish_id
             WHERE w.community_id = $1 AND e.kind = $2 AND e.at >= $3",
        )
        .bind(community.as_str())
        .bind(kind)
        .bind(since)
        .fetch_one(pool)
    };
    let claimed = count("claimed", china_midnight(month_start))
        .await
        .map_err(failed)?;
    let fulfilled = count("fulfilled", china_midnight(year_start))
        .await
        .map_err(failed)?;
    let community_name: Option<String> =
        sqlx::query_scalar("SELECT name FROM communities WHERE id = $1")
            .bind(community.as_str())
            .fetch_optional(pool)
            .await
            .map_err(failed)?;
    let open = cards.iter().filter(|c| c.state == WishState::Open).count();
    Ok(WallView {
        community_name: community_name.ok_or(StoreError::NotFound)?,
        counts: WallCounts {
            open: u32::try_from(open).unwrap_or(u32::MAX),
            claimed_this_month: u32::try_from(claimed).unwrap_or(0),
            fulfilled_this_year: u32::try_from(fulfilled).unwrap_or(0),
        },
        cards,
    })
}

pub(super) async fn wishes_for_staff(
    pool: &AnyPool,
    community: Option<&CommunityId>,
    now: DateTime<Utc>,
) -> Result<Vec<StaffWish>, StoreError> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {CARD_COLUMNS}, c.name AS community_name, h.head_name,
           (SELECT group_concat(p.name, '、') FROM wish_places e JOIN people p ON p.id = e.person_id
              WHERE e.wish_id = w.id) AS claimers,
           (SELECT group_concat(p.name, '、') FROM wish_reports r JOIN people p ON p.id = r.person_id
              WHERE r.wish_id = w.id) AS reporters
         FROM wishes w JOIN communities c ON c.id = w.community_id
           LEFT JOIN households h ON h.id = w.household_id
         WHERE ($2 IS NULL OR w.community_id = $2)
         ORDER BY w.created_at, w.id"
    )))
    .bind(None::<String>)
    .bind(community.map(|c| c.as_str().to_string()))
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    let names = |r: &AnyRow, column: &str| -> Vec<String> {
        r.get::<Option<String>, _>(column)
            .map(|s| s.split('、').map(str::to_string).collect())
            .unwrap_or_default()
    };
    let mut wishes = Vec::new();
    for r in &rows {
        let card = card(r, now)?;
        let to_act_on = match card.state {
            WishState::AwaitingApproval => true,
            WishState::Open | WishState::Claimed => card.claims > 0 || card.waiting_long,
            WishState::Fulfilled | WishState::Withdrawn => false,
        };
        if to_act_on {
            wishes.push(StaffWish {
                community_name: r.get("community_name"),
                household_head: r.get("head_name"),
                claimers: names(r, "claimers"),
                reported_by: names(r, "reporters"),
                card,
            });
        }
    }
    Ok(wishes)
}

pub(super) async fn offerings(
    pool: &AnyPool,
    community: &CommunityId,
) -> Result<Vec<Offering>, StoreError> {
    let rows = sqlx::query(
        "SELECT skills, preferences FROM people WHERE community_id = $1 AND role = 'volunteer' ORDER BY id",
    )
    .bind(community.as_str())
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    Ok(rows
        .iter()
        .map(|r| Offering {
            skills: r.get("skills"),
            preferences: serde_json::from_str(&r.get::<String, _>("preferences"))
                .unwrap_or_default(),
        })
        .collect())
}

pub(super) async fn household_choices(
    pool: &AnyPool,
    community: &CommunityId,
) -> Result<Vec<(String, String)>, StoreError> {
    sqlx::query_as::<_, (String, String)>(
        "SELECT id, head_name FROM households WHERE community_id = $1 AND closed_on IS NULL
         ORDER BY head_name, id",
    )
    .bind(community.as_str())
    .fetch_all(pool)
    .await
    .map_err(failed)
}
