//! The statistics' year-by-year table.

use crate::store::row::Cells;
use app::api::ports::StoreError;
use app::domain::statistics::YearFigures;
use app::domain::Minutes;
use sqlx::AnyConnection;

use super::{count, Reading};
use crate::store::failed;
use crate::store::help_given::{help_lines, HELP_GIVEN};

/// The figures of every year with any, oldest first. Years are whole months: hours, active
/// volunteers and households helped all from the running totals, or all from the lines; the
/// fulfilled wishes (few) from their facts either way.
pub(super) async fn yearly(
    conn: &mut AnyConnection,
    scope_id: &Option<String>,
    reading: Reading,
) -> Result<Vec<YearFigures>, StoreError> {
    let sources = match reading {
        Reading::RunningTotals => "hours AS (SELECT substr(m.month, 1, 4) AS year,
             CAST(SUM(m.minutes) AS BIGINT) AS minutes
           FROM verified_months m WHERE $1 IS NULL OR m.community_id = $1 GROUP BY year),
         active AS (SELECT year, COUNT(*) AS n FROM (
             SELECT y.year, y.volunteer_id FROM volunteer_years y
             WHERE $1 IS NULL OR y.community_id = $1
             GROUP BY y.year, y.volunteer_id HAVING CAST(SUM(y.lines) AS BIGINT) > 0) AS by_volunteer
             GROUP BY year),
         helped AS (SELECT y.year, COUNT(DISTINCT y.household_id) AS n
           FROM household_help_years y JOIN households h ON h.id = y.household_id
           WHERE y.acts > 0 AND ($1 IS NULL OR h.community_id = $1) GROUP BY y.year)"
            .to_string(),
        Reading::LinesOnly => format!(
            "verified AS (
           SELECT r.volunteer_id, r.service_date,
             CASE WHEN r.kind = 'reversal' THEN -r.minutes ELSE r.minutes END AS minutes,
             CASE WHEN r.kind = 'reversal' THEN -1 ELSE 1 END AS lines
           FROM service_records r JOIN record_events e ON e.record_id = r.id AND e.kind = 'verified'
           WHERE $1 IS NULL OR r.community_id = $1),
         {}, {HELP_GIVEN},
         hours AS (SELECT substr(service_date, 1, 4) AS year, CAST(SUM(minutes) AS BIGINT) AS minutes
           FROM verified GROUP BY year),
         active AS (SELECT year, COUNT(*) AS n FROM (
             SELECT substr(service_date, 1, 4) AS year, volunteer_id FROM verified
             GROUP BY year, volunteer_id HAVING CAST(SUM(lines) AS BIGINT) > 0) AS by_volunteer
             GROUP BY year),
         helped AS (SELECT substr(g.day, 1, 4) AS year, COUNT(DISTINCT g.household_id) AS n
           FROM help_given g JOIN households h ON h.id = g.household_id
           WHERE ($1 IS NULL OR h.community_id = $1) GROUP BY year)",
            help_lines(None)
        ),
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH {sources},
         fulfilled AS (SELECT substr(datetime(e.at, '+8 hours'), 1, 4) AS year,
             COUNT(DISTINCT e.wish_id) AS n
           FROM wish_events e JOIN wishes w ON w.id = e.wish_id
           WHERE e.kind = 'fulfilled' AND ($1 IS NULL OR w.community_id = $1) GROUP BY year),
         years AS (SELECT year FROM hours UNION SELECT year FROM helped UNION SELECT year FROM fulfilled)
         SELECT y.year, COALESCE(a.n, 0) AS active, COALESCE(hl.n, 0) AS helped,
           COALESCE(f.n, 0) AS fulfilled, COALESCE(h.minutes, 0) AS minutes
         FROM years y LEFT JOIN hours h ON h.year = y.year LEFT JOIN active a ON a.year = y.year
           LEFT JOIN helped hl ON hl.year = y.year LEFT JOIN fulfilled f ON f.year = y.year
         ORDER BY y.year"
    )))
    .bind(scope_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(failed)?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(YearFigures {
                year: r.get::<String, _>("year").parse().ok()?,
                volunteers_active: count(r, "active"),
                households_helped: count(r, "helped"),
                wishes_fulfilled: count(r, "fulfilled"),
                hours: Minutes(r.get("minutes")),
            })
        })
        .collect())
}
