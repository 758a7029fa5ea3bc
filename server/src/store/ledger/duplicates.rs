//! The likely-duplicate check of new service lines: a line that overlaps a pending or verified
//! line of the same volunteer and day is flagged, however late either arrived.

use std::collections::{BTreeSet, HashMap, HashSet};

use app::api::ports::StoreError;
use app::domain::ledger::first_overlap;
use app::domain::record::RecordFlag;
use chrono::NaiveTime;
use sqlx::{Any, AnyConnection, QueryBuilder};

use super::LineRow;
use crate::store::failed;
use crate::store::row::Cells;

/// A line's id and times.
type Span = (String, NaiveTime, NaiveTime);

/// Flags each of `rows` that overlaps a pending or verified line of the same volunteer and
/// day (stored, or earlier in `rows`), and notes the line it likely duplicates.
pub(super) async fn mark_duplicates(
    conn: &mut AnyConnection,
    rows: &mut [LineRow],
) -> Result<(), StoreError> {
    let hm = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").ok();
    let days: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r.volunteer.clone(), r.date.clone()))
        .collect();
    let days: Vec<(String, String)> = days.into_iter().collect();
    let mut same_day: HashMap<(String, String), Vec<Span>> = HashMap::new();
    // Two variables per day: well under SQLite's limit.
    for chunk in days.chunks(4000) {
        let mut query = QueryBuilder::<Any>::new(
            "SELECT r.id, r.volunteer_id, r.service_date, r.start_time, r.end_time
             FROM service_records r WHERE (r.volunteer_id, r.service_date) IN (VALUES ",
        );
        for (i, (volunteer, date)) in chunk.iter().enumerate() {
            if i > 0 {
                query.push(", ");
            }
            query.push("(");
            query.push_bind(volunteer);
            query.push(", ");
            query.push_bind(date);
            query.push(")");
        }
        // Lines rejected or reversed are left out by a second lookup by id, not by NOT EXISTS
        // here: PostgreSQL, without statistics on a table that grew during the day, planned those
        // as a scan per line (400 ms a push).
        query.push(") AND r.reverses IS NULL");
        let found =
            crate::store::engine::numbered(&mut query, crate::store::Engine::of_connection(conn))
                .fetch_all(&mut *conn)
                .await
                .map_err(failed)?;
        let ids: Vec<String> = found.iter().map(|r| r.get("id")).collect();
        let cancelled = cancelled_among(conn, &ids).await?;
        for r in found
            .iter()
            .filter(|r| !cancelled.contains(&r.get::<String, _>("id")))
        {
            let (Some(start), Some(end)) = (
                hm(&r.get::<String, _>("start_time")),
                hm(&r.get::<String, _>("end_time")),
            ) else {
                continue;
            };
            same_day
                .entry((r.get("volunteer_id"), r.get("service_date")))
                .or_default()
                .push((r.get("id"), start, end));
        }
    }
    for row in rows.iter_mut() {
        let (Some(start), Some(end)) = (hm(&row.start), hm(&row.end)) else {
            continue;
        };
        let day = same_day
            .entry((row.volunteer.clone(), row.date.clone()))
            .or_default();
        let others = day.iter().map(|(id, s, e)| (id, *s, *e));
        if let Some(other) = first_overlap(start, end, others) {
            row.duplicate_of = Some(other.clone());
            let code = RecordFlag::LikelyDuplicate.code();
            row.flags = if row.flags.is_empty() {
                code.to_string()
            } else {
                format!("{} {code}", row.flags)
            };
        }
        day.push((row.id.clone(), start, end));
    }
    Ok(())
}

/// Which of these lines no longer count: rejected, or reversed by a later line.
async fn cancelled_among(
    conn: &mut AnyConnection,
    ids: &[String],
) -> Result<HashSet<String>, StoreError> {
    let mut cancelled = HashSet::new();
    // Two variables per line: well under SQLite's limit.
    for chunk in ids.chunks(4000) {
        let mut query = QueryBuilder::<Any>::new(
            "SELECT record_id AS id FROM record_events WHERE kind = 'rejected' AND record_id IN (",
        );
        let mut list = query.separated(", ");
        for id in chunk {
            list.push_bind(id);
        }
        query.push(") UNION ALL SELECT reverses AS id FROM service_records WHERE reverses IN (");
        let mut list = query.separated(", ");
        for id in chunk {
            list.push_bind(id);
        }
        query.push(")");
        let found =
            crate::store::engine::numbered(&mut query, crate::store::Engine::of_connection(conn))
                .fetch_all(&mut *conn)
                .await
                .map_err(failed)?;
        cancelled.extend(found.iter().map(|r| r.get::<String, _>("id")));
    }
    Ok(cancelled)
}
