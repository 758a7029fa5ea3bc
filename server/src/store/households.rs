//! Household files (建档立卡) and the help each household received: service lines for it (or for
//! a wish posted for it), its wishes and its agreements.

use crate::store::row::Cells;
use app::api::ports::StoreError;
use app::domain::agreement::Pairing;
use app::domain::aid::{Fen, Gift};
use app::domain::audit::AuditEntry;
use app::domain::household::{
    HelpItem, HelpKind, HouseholdFile, HouseholdHistory, HouseholdSummary,
};
use app::domain::household_closure::{ClosureReason, HouseholdClosure};
use app::domain::ids::{CommunityId, HouseholdId};
use app::domain::{Lang, Minutes};
use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool};
use uuid::Uuid;

use super::{audit, failed, ts};

use super::help_given::{help_lines, local_date};

pub(super) async fn summaries(
    conn: &mut AnyConnection,
    scope: Option<&CommunityId>,
    only: Option<&HouseholdId>,
    today: NaiveDate,
) -> Result<Vec<HouseholdSummary>, StoreError> {
    // The help is added up once for all households (a GROUP BY, then a join), never once per
    // household: the table must stay quick with hundreds of files and a large ledger.
    let help = help_lines(only.map(|_| "$2"));
    let sql = format!(
        "WITH {help},
         help_totals AS (SELECT household_id, COUNT(*) AS services, CAST(SUM(minutes) AS BIGINT) AS served,
             MAX(service_date) AS last_service
           FROM help_lines GROUP BY household_id)
         SELECT h.id, c.name AS community_name, h.head_name, h.address, h.members,
           h.hardship_type, h.needs, h.phone, h.created_at, h.closed_on, h.closed_reason,
           h.closed_note,
           COALESCE(t.services, 0) AS services, COALESCE(t.served, 0) AS served,
           t.last_service,
           (SELECT COUNT(*) FROM wishes w WHERE w.household_id = h.id) AS wishes,
           (SELECT COUNT(*) FROM agreements a WHERE a.household_id = h.id
              AND a.start_on <= $3 AND CASE WHEN a.ended_on < a.end_on THEN a.ended_on ELSE a.end_on END >= $3) AS agreements,
           (SELECT MAX(a.start_on) FROM agreements a WHERE a.household_id = h.id
              AND a.start_on <= $3) AS last_agreement,
           (SELECT MAX(w.created_at) FROM wishes w WHERE w.household_id = h.id) AS last_wish
         FROM households h JOIN communities c ON c.id = h.community_id
           LEFT JOIN help_totals t ON t.household_id = h.id
         WHERE ($1 IS NULL OR h.community_id = $1) AND ($2 IS NULL OR h.id = $2)
         ORDER BY h.head_name, h.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.map(|c| c.as_str().to_string()))
        .bind(only.map(|h| h.as_str().to_string()))
        .bind(today.to_string())
        .fetch_all(&mut *conn)
        .await
        .map_err(failed)?;
    Ok(rows.iter().map(summary_from_row).collect())
}

fn summary_from_row(r: &AnyRow) -> HouseholdSummary {
    let date = |column: &str| {
        r.get::<Option<String>, _>(column)
            .and_then(|d| d.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()))
    };
    let last_wish = r
        .get::<Option<String>, _>("last_wish")
        .map(|t| local_date(&t));
    let last_help = [date("last_service"), date("last_agreement"), last_wish]
        .into_iter()
        .flatten()
        .max();
    HouseholdSummary {
        id: HouseholdId::new(r.get::<String, _>("id")),
        community_name: r.get("community_name"),
        head: r.get("head_name"),
        address: r.get("address"),
        members: r.get::<i64, _>("members").clamp(0, 255) as u8,
        hardship_type: r.get("hardship_type"),
        needs: r.get("needs"),
        phone: r.get("phone"),
        registered_on: local_date(&r.get::<String, _>("created_at")),
        services: r.get::<i64, _>("services") as u32,
        served: Minutes(r.get("served")),
        wishes: r.get::<i64, _>("wishes") as u32,
        agreements: r.get::<i64, _>("agreements") as u32,
        last_help,
        closed: closure_from_row(r),
    }
}

fn closure_from_row(r: &AnyRow) -> Option<HouseholdClosure> {
    Some(HouseholdClosure {
        reason: ClosureReason::from_code(&r.get::<Option<String>, _>("closed_reason")?)?,
        on: r.get::<Option<String>, _>("closed_on")?.parse().ok()?,
        note: r.get("closed_note"),
    })
}

pub(super) async fn history(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
    household: &HouseholdId,
    today: NaiveDate,
) -> Result<HouseholdHistory, StoreError> {
    // One snapshot for the file and its help, read serially (see `begin_small_read`).
    let mut tx = crate::store::engine::begin_small_read(pool).await?;
    let household = summaries(&mut tx, scope, Some(household), today)
        .await?
        .into_iter()
        .next()
        .ok_or(StoreError::NotFound)?;
    let id = household.id.as_str().to_string();
    let mut help = Vec::new();
    let services = sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH {}
         SELECT l.service_date, l.content, l.minutes, l.verified, p.name
         FROM help_lines l JOIN people p ON p.id = l.volunteer_id",
        help_lines(Some("$1"))
    )))
    .bind(&id)
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?;
    for r in &services {
        help.push(HelpItem {
            date: r
                .get::<String, _>("service_date")
                .parse()
                .unwrap_or_default(),
            kind: HelpKind::Service,
            text: r.get("content"),
            who: r.get("name"),
            minutes: Some(Minutes(r.get("minutes"))),
            done: r.get::<bool, _>("verified"),
        });
    }
    let wishes = sqlx::query(
        "SELECT w.created_at, w.need,
           (SELECT group_concat(p.name, '、') FROM wish_places e JOIN people p ON p.id = e.person_id
              WHERE e.wish_id = w.id) AS claimers,
           EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id AND e.kind = 'fulfilled')
             AS fulfilled
         FROM wishes w WHERE w.household_id = $1",
    )
    .bind(&id)
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?;
    for r in &wishes {
        help.push(HelpItem {
            date: local_date(&r.get::<String, _>("created_at")),
            kind: HelpKind::Wish,
            text: r.get("need"),
            who: r.get::<Option<String>, _>("claimers").unwrap_or_default(),
            minutes: None,
            done: r.get::<bool, _>("fulfilled"),
        });
    }
    let agreements = sqlx::query(
        "SELECT a.start_on, CASE WHEN a.ended_on < a.end_on THEN a.ended_on ELSE a.end_on END AS end_on, a.pairing, a.content,
           (SELECT group_concat(p.name, '、') FROM agreement_volunteers v
              JOIN people p ON p.id = v.person_id WHERE v.agreement_id = a.id) AS volunteers
         FROM agreements a WHERE a.household_id = $1",
    )
    .bind(&id)
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?;
    for r in &agreements {
        let pairing = Pairing::from_code(&r.get::<String, _>("pairing"))
            .map(|p| p.label(Lang::Zh))
            .unwrap_or_default();
        let end: String = r.get("end_on");
        help.push(HelpItem {
            date: r.get::<String, _>("start_on").parse().unwrap_or_default(),
            kind: HelpKind::Agreement,
            text: format!("{pairing}：{}（至{end}）", r.get::<String, _>("content")),
            who: r.get::<Option<String>, _>("volunteers").unwrap_or_default(),
            minutes: None,
            done: end < today.to_string(),
        });
    }
    // Aid that stands (a gift taken back by a reversal is left out, as every figure does).
    let aid = sqlx::query(
        "SELECT a.given_on, a.campaign, a.kind, a.amount_fen, a.goods, a.goods_count,
           p.name AS partner
         FROM aid_gifts a LEFT JOIN partners p ON p.id = a.partner_id
         WHERE a.household_id = $1 AND a.reverses IS NULL
           AND NOT EXISTS (SELECT 1 FROM aid_gifts v WHERE v.reverses = a.id)",
    )
    .bind(&id)
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?;
    for r in &aid {
        let gift = match r.get::<String, _>("kind").as_str() {
            "money" => Gift::Money(Fen(r.get::<Option<i64>, _>("amount_fen").unwrap_or(0))),
            _ => Gift::Goods {
                what: r.get::<Option<String>, _>("goods").unwrap_or_default(),
                count: r.get::<Option<i64>, _>("goods_count").unwrap_or(0).max(0) as u32,
            },
        };
        help.push(HelpItem {
            date: r.get::<String, _>("given_on").parse().unwrap_or_default(),
            kind: HelpKind::Aid,
            text: format!(
                "{}：{}",
                r.get::<String, _>("campaign"),
                gift.describe(Lang::Zh)
            ),
            who: r.get::<Option<String>, _>("partner").unwrap_or_default(),
            minutes: None,
            done: true,
        });
    }
    tx.commit().await.map_err(failed)?;
    help.sort_by_key(|h| std::cmp::Reverse(h.date));
    Ok(HouseholdHistory { household, help })
}

pub(super) async fn register(
    pool: &AnyPool,
    community: &CommunityId,
    file: &HouseholdFile,
    audit_entry: AuditEntry,
) -> Result<HouseholdId, StoreError> {
    let id = Uuid::now_v7().to_string();
    let mut tx = crate::store::engine::begin_write(pool).await?;
    super::people::require_community(&mut tx, community).await?;
    sqlx::query(
        "INSERT INTO households (id, community_id, head_name, address, members, hardship_type,
           needs, phone, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(community.as_str())
    .bind(file.head.as_str())
    .bind(file.address.as_str())
    .bind(i64::from(file.members))
    .bind(&file.hardship_type)
    .bind(file.needs.as_str())
    .bind(file.phone.as_ref().map(|p| p.as_str()).unwrap_or_default())
    .bind(ts(audit_entry.at))
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    let mut audit_entry = audit_entry;
    audit_entry.subject = id.clone();
    audit::insert(&mut tx, &audit_entry).await?;
    tx.commit().await.map_err(failed)?;
    Ok(HouseholdId::new(id))
}

pub(super) async fn update(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
    household: &HouseholdId,
    file: &HouseholdFile,
    audit_entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let changed = sqlx::query(
        "UPDATE households SET head_name = $1, address = $2, members = $3, hardship_type = $4,
           needs = $5, phone = $6, updated_at = $7
         WHERE id = $8 AND ($9 IS NULL OR community_id = $10)",
    )
    .bind(file.head.as_str())
    .bind(file.address.as_str())
    .bind(i64::from(file.members))
    .bind(&file.hardship_type)
    .bind(file.needs.as_str())
    .bind(file.phone.as_ref().map(|p| p.as_str()).unwrap_or_default())
    .bind(ts(audit_entry.at))
    .bind(household.as_str())
    .bind(scope.map(|c| c.as_str()))
    .bind(scope.map(|c| c.as_str()))
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    if changed.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    audit::insert(&mut tx, &audit_entry).await?;
    tx.commit().await.map_err(failed)
}

pub(super) async fn set_closure(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
    household: &HouseholdId,
    closure: Option<&HouseholdClosure>,
    audit_entry: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let community: String = sqlx::query_scalar(
        "SELECT community_id FROM households WHERE id = $1 AND ($2 IS NULL OR community_id = $2)",
    )
    .bind(household.as_str())
    .bind(scope.map(|c| c.as_str().to_string()))
    .fetch_optional(&mut *tx)
    .await
    .map_err(failed)?
    .ok_or(StoreError::NotFound)?;
    let mut entry = audit_entry;
    match closure {
        Some(c) => {
            sqlx::query(
                "UPDATE households SET closed_on = $1, closed_reason = $2, closed_note = $3 WHERE id = $4",
            )
            .bind(c.on.to_string())
            .bind(c.reason.code())
            .bind(&c.note)
            .bind(household.as_str())
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
            // Its agreements are no longer in force from that day: their last day is the day
            // before (those already over keep their own end).
            let last_day = c.on.pred_opt().unwrap_or(c.on);
            sqlx::query(
                "UPDATE agreements SET ended_on = $1
                 WHERE household_id = $2 AND ended_on IS NULL AND end_on > $1",
            )
            .bind(last_day.to_string())
            .bind(household.as_str())
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
            entry.detail = format!("{} {} {}", c.reason.code(), c.on, c.note);
        }
        None => {
            sqlx::query(
                "UPDATE households SET closed_on = NULL, closed_reason = NULL, closed_note = ''
                 WHERE id = $1",
            )
            .bind(household.as_str())
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        }
    }
    entry.subject = household.to_string();
    entry.community = Some(CommunityId::new(community));
    audit::insert(&mut tx, &entry).await?;
    tx.commit().await.map_err(failed)
}
