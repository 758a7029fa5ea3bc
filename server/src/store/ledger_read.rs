//! Reading the ledger back: rows into domain values, passbooks, the verification queue.

use crate::store::row::Cells;
use app::api::ports::StoreError;
use app::domain::ids::{CommunityId, HouseholdId, PersonId, RecordId, WishId};
use app::domain::ledger::{
    LedgerError, LedgerLine, LineKind, LineState, Passbook, PassbookRow, QueueItem, Redemption,
    RedemptionState,
};
use app::domain::points::{Points, PointsRule};
use app::domain::record::{Beneficiary, RecordFlag, ServiceEntry, Witness};
use app::domain::signature::Signature;
use app::domain::text::{Content, PersonName, Phone, Place, WitnessName};
use app::domain::Minutes;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool};

use super::failed;

/// The columns every line query reads (a macro so queries stay `&'static str`, as sqlx wants).
macro_rules! line_columns {
    () => {
        "r.id, r.volunteer_id, r.community_id, r.service_date, r.start_time,
    r.end_time, r.minutes, r.place, r.content, r.category, r.beneficiary_kind, r.beneficiary_id,
    r.beneficiary_name, r.witness_name, r.witness_phone, r.witness_signature, r.kind, r.reverses,
    r.reason, r.received_at, r.flags,
    e.kind AS decision, e.person_id AS decided_by, e.at AS decided_at, e.reason AS decision_reason,
    e.points AS points"
    };
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Failed(format!("unreadable {what} in the ledger"))
}

fn time(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| corrupt("timestamp"))
}

/// A stored row back into domain values. The values were validated on the way in, so a
/// failure here means the database was changed behind the app's back.
fn line_from_row(r: &AnyRow) -> Result<(LedgerLine, LineState), StoreError> {
    let beneficiary_id: Option<String> = r.get("beneficiary_id");
    let beneficiary_name: String = r.get("beneficiary_name");
    let beneficiary = match (
        r.get::<String, _>("beneficiary_kind").as_str(),
        beneficiary_id,
    ) {
        ("household", Some(id)) => Beneficiary::Household(HouseholdId::new(id)),
        ("wish", Some(id)) => Beneficiary::Wish(WishId::new(id)),
        ("activity", Some(id)) => Beneficiary::Activity(id),
        _ if !beneficiary_name.is_empty() => Beneficiary::Named(
            PersonName::parse(&beneficiary_name).map_err(|_| corrupt("beneficiary"))?,
        ),
        _ => Beneficiary::None,
    };
    let witness_name: String = r.get("witness_name");
    let witness = if witness_name.is_empty() {
        Witness::None
    } else {
        Witness::Named {
            name: WitnessName::parse(&witness_name).map_err(|_| corrupt("witness"))?,
            phone: Phone::parse(&r.get::<String, _>("witness_phone"))
                .map_err(|_| corrupt("witness phone"))?,
            signature: match r.get::<String, _>("witness_signature") {
                s if s.is_empty() => None,
                s => Some(Signature::parse(&s).map_err(|_| corrupt("witness signature"))?),
            },
        }
    };
    let minutes: i64 = r.get("minutes");
    let entry = ServiceEntry {
        date: NaiveDate::parse_from_str(&r.get::<String, _>("service_date"), "%Y-%m-%d")
            .map_err(|_| corrupt("date"))?,
        start: NaiveTime::parse_from_str(&r.get::<String, _>("start_time"), "%H:%M")
            .map_err(|_| corrupt("time"))?,
        end: NaiveTime::parse_from_str(&r.get::<String, _>("end_time"), "%H:%M")
            .map_err(|_| corrupt("time"))?,
        minutes: Minutes(minutes),
        place: Place::parse(&r.get::<String, _>("place")).map_err(|_| corrupt("place"))?,
        content: Content::parse(&r.get::<String, _>("content")).map_err(|_| corrupt("content"))?,
        category: r.get("category"),
        beneficiary,
        witness,
    };
    let kind = match (
        r.get::<String, _>("kind").as_str(),
        r.get::<Option<String>, _>("reverses"),
    ) {
        ("reversal", Some(of)) => LineKind::Reversal {
            of: RecordId::new(of),
            reason: r.get::<Option<String>, _>("reason").unwrap_or_default(),
        },
        _ => LineKind::Service,
    };
    let signed = if matches!(kind, LineKind::Reversal { .. }) {
        -minutes
    } else {
        minutes
    };
    let line = LedgerLine {
        id: RecordId::new(r.get::<String, _>("id")),
        volunteer: PersonId::new(r.get::<String, _>("volunteer_id")),
        community: CommunityId::new(r.get::<String, _>("community_id")),
        kind,
        entry,
        minutes: Minutes(signed),
        accepted_at: time(&r.get::<String, _>("received_at"))?,
        flags: r
            .get::<String, _>("flags")
            .split_whitespace()
            .filter_map(RecordFlag::from_code)
            .collect(),
    };
    let state = match r.get::<Option<String>, _>("decision").as_deref() {
        Some("verified") => LineState::Verified {
            by: PersonId::new(r.get::<String, _>("decided_by")),
            at: time(&r.get::<String, _>("decided_at"))?,
            points: Points(r.get("points")),
        },
        Some("rejected") => LineState::Rejected {
            by: PersonId::new(r.get::<String, _>("decided_by")),
            at: time(&r.get::<String, _>("decided_at"))?,
            reason: r.get("decision_reason"),
        },
        _ => LineState::Pending,
    };
    Ok((line, state))
}

pub(super) async fn load_line(
    conn: &mut AnyConnection,
    id: &RecordId,
) -> Result<(LedgerLine, LineState, bool), StoreError> {
    let sql = concat!(
        "SELECT ",
        line_columns!(),
        ", EXISTS (SELECT 1 FROM service_records x WHERE x.reverses = r.id) AS reversed
         FROM service_records r LEFT JOIN record_events e ON e.record_id = r.id WHERE r.id = $1"
    );
    let row = sqlx::query(sql)
        .bind(id.as_str())
        .fetch_optional(&mut *conn)
        .await
        .map_err(failed)?;
    let row = row.ok_or(StoreError::Ledger(LedgerError::UnknownLine))?;
    let (line, state) = line_from_row(&row)?;
    Ok((line, state, row.get::<bool, _>("reversed")))
}

async fn volunteer_lines(
    conn: &mut AnyConnection,
    volunteer: &PersonId,
) -> Result<Vec<(LedgerLine, LineState)>, StoreError> {
    let sql = concat!(
        "SELECT ",
        line_columns!(),
        " FROM service_records r LEFT JOIN record_events e ON e.record_id = r.id
         WHERE r.volunteer_id = $1"
    );
    let rows = sqlx::query(sql)
        .bind(volunteer.as_str())
        .fetch_all(&mut *conn)
        .await
        .map_err(failed)?;
    rows.iter().map(line_from_row).collect()
}

async fn redemptions(
    conn: &mut AnyConnection,
    volunteer: &PersonId,
) -> Result<Vec<Redemption>, StoreError> {
    let rows = sqlx::query(
        "SELECT d.id, d.points, d.item, d.requested_at, e.kind, e.reason FROM redemptions d
         LEFT JOIN redemption_events e ON e.redemption_id = d.id WHERE d.volunteer_id = $1",
    )
    .bind(volunteer.as_str())
    .fetch_all(&mut *conn)
    .await
    .map_err(failed)?;
    rows.iter()
        .map(|r| {
            Ok(Redemption {
                id: r.get("id"),
                volunteer: volunteer.clone(),
                points: Points(r.get("points")),
                item: r.get("item"),
                at: time(&r.get::<String, _>("requested_at"))?,
                state: match r.get::<Option<String>, _>("kind").as_deref() {
                    Some("approved") => RedemptionState::Approved,
                    Some("refused") => RedemptionState::Refused {
                        reason: r.get("reason"),
                    },
                    _ => RedemptionState::Requested,
                },
            })
        })
        .collect()
}

pub(super) async fn passbook_in(
    conn: &mut AnyConnection,
    volunteer: &PersonId,
) -> Result<Passbook, StoreError> {
    let lines = volunteer_lines(conn, volunteer).await?;
    let redemptions = redemptions(conn, volunteer).await?;
    let mut book = Passbook::build(lines, &redemptions);
    book.returns = super::help_return::notes(conn, volunteer).await?;
    Ok(book)
}

/// The passbook's tables are append-only, so counting their rows for the volunteer tells
/// whether anything changed — cheaply, from indexes, without building the passbook.
pub(super) async fn passbook_stamp(
    pool: &AnyPool,
    volunteer: &PersonId,
) -> Result<String, StoreError> {
    let row = sqlx::query(
        "SELECT
           (SELECT COUNT(*) FROM service_records WHERE volunteer_id = $1) AS lines,
           (SELECT COUNT(*) FROM record_events e JOIN service_records r ON r.id = e.record_id
              WHERE r.volunteer_id = $1) AS decisions,
           (SELECT COUNT(*) FROM redemptions WHERE volunteer_id = $1) AS redemptions,
           (SELECT COUNT(*) FROM redemption_events x JOIN redemptions d ON d.id = x.redemption_id
              WHERE d.volunteer_id = $1) AS outcomes,
           (SELECT COUNT(*) FROM help_payments WHERE requester_id = $1)
             + (SELECT COUNT(*) FROM wishes w LEFT JOIN wish_events x ON x.wish_id = w.id
                WHERE w.posted_by = $1 AND w.pay_minutes IS NOT NULL) AS returns",
    )
    .bind(volunteer.as_str())
    .fetch_one(pool)
    .await
    .map_err(failed)?;
    Ok(format!(
        "{}:{}:{}:{}:{}",
        row.get::<i64, _>("lines"),
        row.get::<i64, _>("decisions"),
        row.get::<i64, _>("redemptions"),
        row.get::<i64, _>("outcomes"),
        row.get::<i64, _>("returns")
    ))
}

pub(super) async fn passbook(pool: &AnyPool, volunteer: &PersonId) -> Result<Passbook, StoreError> {
    // One read transaction: lines and redemptions from the same snapshot.
    let mut tx = crate::store::engine::begin_read(pool).await?;
    let book = passbook_in(&mut tx, volunteer).await?;
    tx.commit().await.map_err(failed)?;
    Ok(book)
}

pub(super) async fn points_rule_in(conn: &mut AnyConnection) -> Result<PointsRule, StoreError> {
    let row =
        sqlx::query("SELECT per_hour, per_category FROM points_rules ORDER BY seq DESC LIMIT 1")
            .fetch_optional(conn)
            .await
            .map_err(failed)?;
    let Some(row) = row else {
        return Ok(PointsRule::default());
    };
    let per_category: std::collections::BTreeMap<String, i64> =
        serde_json::from_str(&row.get::<String, _>("per_category"))
            .map_err(|_| corrupt("points rule"))?;
    Ok(PointsRule {
        per_hour: Points(row.get("per_hour")),
        per_category: per_category
            .into_iter()
            .map(|(k, v)| (k, Points(v)))
            .collect(),
    })
}

pub(super) async fn pending(
    pool: &AnyPool,
    community: Option<&CommunityId>,
) -> Result<Vec<QueueItem>, StoreError> {
    let sql = concat!(
        "SELECT ",
        line_columns!(),
        ", p.name AS volunteer_name,
         COALESCE(h.head_name, w.need, '活动：' || a.title, r.beneficiary_name, '') AS beneficiary_label
         FROM service_records r
         JOIN people p ON p.id = r.volunteer_id
         LEFT JOIN households h ON r.beneficiary_kind = 'household' AND h.id = r.beneficiary_id
         LEFT JOIN wishes w ON r.beneficiary_kind = 'wish' AND w.id = r.beneficiary_id
         LEFT JOIN activities a ON r.beneficiary_kind = 'activity' AND a.id = r.beneficiary_id
         LEFT JOIN record_events e ON e.record_id = r.id
         WHERE e.id IS NULL AND ($1 IS NULL OR r.community_id = $1)
         ORDER BY r.received_at, r.id"
    );
    let rows = sqlx::query(sql)
        .bind(community.map(|c| c.as_str().to_string()))
        .fetch_all(pool)
        .await
        .map_err(failed)?;
    rows.iter()
        .map(|r| {
            let (line, state) = line_from_row(r)?;
            Ok(QueueItem {
                volunteer_name: r.get("volunteer_name"),
                beneficiary: r.get("beneficiary_label"),
                row: PassbookRow {
                    line,
                    state,
                    cumulative: Minutes(0),
                },
            })
        })
        .collect()
}
