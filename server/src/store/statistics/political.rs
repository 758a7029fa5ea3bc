//! The statistics by 政治面貌: who is registered at a period's end, and their verified service
//! in it, from the running totals' whole months and the lines of the edge days.

use crate::store::row::Cells;
use app::api::ports::StoreError;
use app::domain::statistics::by_political;
use sqlx::AnyConnection;

use super::{count, edge_verified, whole_months, whole_years};
use crate::store::failed;

/// Volunteers registered at the period's end and their verified service in it, by 政治面貌,
/// and how many volunteers were active (more lines than reversals) in it.
pub(super) async fn political(
    conn: &mut AnyConnection,
    scope_id: &Option<String>,
    to: &str,
    bounds: &[String; 10],
) -> Result<(Vec<app::domain::statistics::PoliticalFigures>, u32), StoreError> {
    let registered: Vec<(String, u32)> = sqlx::query(
        "SELECT COALESCE(p.political_status, '') AS status, COUNT(*) AS people
         FROM people p WHERE p.role = 'volunteer'
           AND ($1 IS NULL OR p.community_id = $1) AND p.joined_on <= $2
           AND (p.deactivated_on IS NULL OR p.deactivated_on > $2)
         GROUP BY status",
    )
    .bind(scope_id)
    .bind(to)
    .fetch_all(&mut *conn)
    .await
    .map_err(failed)?
    .iter()
    .map(|r| (r.get("status"), count(r, "people")))
    .collect();
    // Per volunteer first, so a volunteer counts as active once, whatever their lines.
    let mut served = sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH {}, per_volunteer AS (
           SELECT s.volunteer_id, CAST(SUM(s.minutes) AS BIGINT) AS minutes,
             CAST(SUM(s.lines) AS BIGINT) AS lines
           FROM (SELECT m.volunteer_id, m.minutes, m.lines FROM volunteer_months m
               WHERE {} AND ($1 IS NULL OR m.community_id = $1)
             UNION ALL
             SELECT y.volunteer_id, y.minutes, y.lines FROM volunteer_years y
               WHERE {} AND ($1 IS NULL OR y.community_id = $1)
             UNION ALL
             SELECT v.volunteer_id, v.minutes, v.lines FROM edge v) AS s
           GROUP BY s.volunteer_id)
         SELECT COALESCE(p.political_status, '') AS status, CAST(SUM(pv.minutes) AS BIGINT) AS minutes,
           CAST(SUM(pv.lines) AS BIGINT) AS lines, CAST(SUM(CASE WHEN pv.lines > 0 THEN 1 ELSE 0 END) AS BIGINT) AS active
         FROM per_volunteer pv JOIN people p ON p.id = pv.volunteer_id
         GROUP BY status",
        edge_verified(2),
        whole_months("m.month", 2),
        whole_years("y.year", 2),
    )))
    .bind(scope_id);
    for bound in bounds {
        served = served.bind(bound);
    }
    let served: Vec<(String, i64, i64, u32)> = served
        .fetch_all(&mut *conn)
        .await
        .map_err(failed)?
        .iter()
        .map(|r| {
            (
                r.get("status"),
                r.get::<i64, _>("minutes"),
                r.get::<i64, _>("lines"),
                count(r, "active"),
            )
        })
        .collect();
    let active = served.iter().map(|(_, _, _, n)| n).sum();
    Ok((by_political(&registered, &served), active))
}
