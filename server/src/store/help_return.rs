//! 回报 on SQLite: a person's time account (given, paid, reserved), paying a depositor's request
//! when a helper's line for it is verified, and the refund when that line is reversed.

use crate::store::row::Cells;
use app::api::ports::StoreError;
use app::domain::help_return::{
    Reservation, ReturnAccountView, ReturnNote, ReturnNoteKind, ReturnPayment, TimeAccount,
};
use app::domain::ids::{PersonId, RecordId};
use app::domain::Minutes;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;
use uuid::Uuid;

use super::{failed, ts};

/// A paid row of a wish that no refund cancelled.
const STANDING_PAYMENT: &str = "EXISTS (SELECT 1 FROM help_payments p
    WHERE p.wish_id = w.id AND p.kind = 'paid'
      AND NOT EXISTS (SELECT 1 FROM help_payments q
        WHERE q.record_id = p.record_id AND q.kind = 'refunded'))";

/// The person's open requests with the hours each holds back: posted with a payment, neither
/// withdrawn nor declined, not paid.
async fn reservations(
    conn: &mut AnyConnection,
    person: &PersonId,
) -> Result<Vec<Reservation>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT w.id, w.need, w.pay_minutes FROM wishes w
         WHERE w.posted_by = $1 AND w.pay_minutes IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM wish_events x WHERE x.wish_id = w.id
             AND x.kind = 'withdrawn')
           AND NOT {STANDING_PAYMENT}
         ORDER BY w.created_at, w.id"
    )))
    .bind(person.as_str())
    .fetch_all(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(rows
        .iter()
        .map(|r| Reservation {
            wish: r.get("id"),
            need: r.get("need"),
            minutes: Minutes(r.get("pay_minutes")),
        })
        .collect())
}

/// Payments for the person's requests, newest first.
async fn payments(
    conn: &mut AnyConnection,
    person: &PersonId,
) -> Result<Vec<ReturnPayment>, StoreError> {
    let rows = sqlx::query(
        "SELECT p.wish_id, w.need, h.name AS helper, p.minutes, p.at,
           EXISTS (SELECT 1 FROM help_payments q WHERE q.record_id = p.record_id
             AND q.kind = 'refunded') AS refunded
         FROM help_payments p JOIN wishes w ON w.id = p.wish_id
           JOIN service_records r ON r.id = p.record_id JOIN people h ON h.id = r.volunteer_id
         WHERE p.requester_id = $1 AND p.kind = 'paid'
         ORDER BY p.at DESC, p.id DESC",
    )
    .bind(person.as_str())
    .fetch_all(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(rows
        .iter()
        .map(|r| ReturnPayment {
            wish: r.get("wish_id"),
            need: r.get("need"),
            helper: r.get("helper"),
            minutes: Minutes(r.get("minutes")),
            on: super::help_given::local_date(&r.get::<String, _>("at")),
            refunded: r.get::<bool, _>("refunded"),
        })
        .collect())
}

/// 回报 for the passbook: the person's reservations and payments, then the lines of theirs a
/// depositor's request paid for.
pub(super) async fn notes(
    conn: &mut AnyConnection,
    person: &PersonId,
) -> Result<Vec<ReturnNote>, StoreError> {
    let mut notes: Vec<ReturnNote> = reservations(conn, person)
        .await?
        .into_iter()
        .map(|r| ReturnNote {
            kind: ReturnNoteKind::Reserved,
            need: r.need,
            minutes: r.minutes,
            other: String::new(),
            line: None,
            refunded: false,
        })
        .collect();
    let rows = sqlx::query(
        "SELECT p.record_id, w.need, p.minutes, p.requester_id = $1 AS paid,
           CASE WHEN p.requester_id = $1 THEN h.name ELSE q.name END AS other,
           EXISTS (SELECT 1 FROM help_payments x WHERE x.record_id = p.record_id
             AND x.kind = 'refunded') AS refunded
         FROM help_payments p JOIN wishes w ON w.id = p.wish_id
           JOIN service_records r ON r.id = p.record_id
           JOIN people h ON h.id = r.volunteer_id JOIN people q ON q.id = p.requester_id
         WHERE p.kind = 'paid' AND (p.requester_id = $1 OR r.volunteer_id = $1)
         ORDER BY p.at DESC, p.id DESC",
    )
    .bind(person.as_str())
    .fetch_all(&mut *conn)
    .await
    .map_err(failed)?;
    notes.extend(rows.iter().map(|r| ReturnNote {
        kind: if r.get::<bool, _>("paid") {
            ReturnNoteKind::Paid
        } else {
            ReturnNoteKind::Helped
        },
        need: r.get("need"),
        minutes: Minutes(r.get("minutes")),
        other: r.get("other"),
        line: Some(r.get("record_id")),
        refunded: r.get::<bool, _>("refunded"),
    }));
    Ok(notes)
}

/// The person's time: `earned` is their verified time after reversals (the passbook's total).
pub(super) async fn account(
    conn: &mut AnyConnection,
    person: &PersonId,
    earned: Minutes,
) -> Result<(TimeAccount, Vec<Reservation>, Vec<ReturnPayment>), StoreError> {
    let reserved = reservations(conn, person).await?;
    let paid = payments(conn, person).await?;
    let account = TimeAccount {
        earned,
        paid: paid.iter().filter(|p| !p.refunded).map(|p| p.minutes).sum(),
        reserved: reserved.iter().map(|r| r.minutes).sum(),
    };
    Ok((account, reserved, paid))
}

/// The person's account with its requests and payments, from one read transaction.
pub(super) async fn view(
    pool: &sqlx::AnyPool,
    person: &PersonId,
) -> Result<ReturnAccountView, StoreError> {
    let mut tx = crate::store::engine::begin_read(pool).await?;
    let earned = earned(&mut tx, person).await?;
    let (time, reservations, returns) = account(&mut tx, person, earned).await?;
    tx.commit().await.map_err(failed)?;
    Ok(ReturnAccountView {
        time,
        reservations,
        returns,
    })
}

/// What the person may still offer for a new request.
pub(super) async fn available(
    conn: &mut AnyConnection,
    person: &PersonId,
) -> Result<Minutes, StoreError> {
    let earned = earned(conn, person).await?;
    Ok(account(conn, person, earned).await?.0.available())
}

/// Their verified time after reversals (the passbook's total).
async fn earned(conn: &mut AnyConnection, person: &PersonId) -> Result<Minutes, StoreError> {
    let earned: i64 = sqlx::query_scalar(
        "SELECT COALESCE(CAST(SUM(CASE WHEN r.kind = 'reversal' THEN -r.minutes ELSE r.minutes END) AS BIGINT), 0)
         FROM service_records r JOIN record_events e ON e.record_id = r.id AND e.kind = 'verified'
         WHERE r.volunteer_id = $1",
    )
    .bind(person.as_str())
    .fetch_one(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(Minutes(earned))
}

/// Line `record` was just verified: if it is a helper's service for a depositor's request not
/// yet paid (and not the requester's own line), the request's hours are paid now.
pub(super) async fn pay_for(
    conn: &mut AnyConnection,
    record: &RecordId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO help_payments (id, wish_id, requester_id, record_id, kind, minutes, at)
         SELECT $1, w.id, w.posted_by, r.id, 'paid', w.pay_minutes, $2
         FROM service_records r JOIN wishes w ON r.beneficiary_kind = 'wish'
           AND w.id = r.beneficiary_id
         WHERE r.id = $3 AND r.kind = 'service' AND w.pay_minutes IS NOT NULL
           AND w.posted_by IS NOT NULL AND w.posted_by <> r.volunteer_id
           AND NOT {STANDING_PAYMENT}"
    )))
    .bind(Uuid::now_v7().to_string())
    .bind(ts(at))
    .bind(record.as_str())
    .execute(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(())
}

/// Line `record` was reversed: what it paid comes back to the requester (once).
pub(super) async fn refund_for(
    conn: &mut AnyConnection,
    record: &RecordId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO help_payments (id, wish_id, requester_id, record_id, kind, minutes, at)
         SELECT $1, p.wish_id, p.requester_id, p.record_id, 'refunded', p.minutes, $2
         FROM help_payments p
         WHERE p.record_id = $3 AND p.kind = 'paid'
           AND NOT EXISTS (SELECT 1 FROM help_payments q WHERE q.record_id = $3
             AND q.kind = 'refunded')",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(ts(at))
    .bind(record.as_str())
    .execute(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(())
}
