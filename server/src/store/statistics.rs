//! The statistics of a period, counted in SQL from the ledger's lines and the wishes' facts.
//! Verified time counts a line once verified and takes it back with its reversal; a household
//! is helped by a verified line for it (or for a wish posted for it) that was not reversed.

use crate::store::row::Cells;
use std::collections::HashMap;

use app::api::ports::StoreError;
use app::domain::ids::CommunityId;
use app::domain::statistics::{by_political, Period, Share, Statistics, YearFigures};
use app::domain::Minutes;
use chrono::{Days, NaiveTime, TimeZone, Utc};
use sqlx::AnyPool;

use super::help_given::{help_lines, HELP_GIVEN};
use super::{failed, ts};

/// Verified lines of the scope (?1), all dates, as signed minutes and lines.
const VERIFIED: &str = "verified AS (
  SELECT r.volunteer_id, r.community_id, r.service_date, r.category,
    CASE WHEN r.kind = 'reversal' THEN -r.minutes ELSE r.minutes END AS minutes,
    CASE WHEN r.kind = 'reversal' THEN -1 ELSE 1 END AS lines
  FROM service_records r JOIN record_events e ON e.record_id = r.id AND e.kind = 'verified'
  WHERE $1 IS NULL OR r.community_id = $1
)";

/// The UTC instant a China date begins, as stored timestamps are written.
fn china_midnight(date: chrono::NaiveDate) -> String {
    let local = date.and_time(NaiveTime::MIN) - chrono::Duration::hours(8);
    ts(Utc.from_utc_datetime(&local))
}

fn count(row: &sqlx::any::AnyRow, column: &str) -> u32 {
    row.get::<i64, _>(column).max(0) as u32
}

pub(super) async fn statistics(
    pool: &AnyPool,
    scope: Option<&CommunityId>,
    period: &Period,
) -> Result<Statistics, StoreError> {
    let scope_id = scope.map(|c| c.as_str().to_string());
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let since = china_midnight(period.from);
    let until = china_midnight(period.to + Days::new(1));

    let community = match &scope_id {
        Some(id) => Some(
            sqlx::query_scalar::<_, String>("SELECT name FROM communities WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await
                .map_err(failed)?
                .ok_or(StoreError::NotFound)?,
        ),
        None => None,
    };

    let help = help_lines(None);
    let figures = sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH {VERIFIED}, {help}, {HELP_GIVEN},
         given AS (SELECT g.household_id, g.way FROM help_given g
           JOIN households h ON h.id = g.household_id
           WHERE g.day BETWEEN $2 AND $3 AND ($1 IS NULL OR h.community_id = $1))
         SELECT
           (SELECT COUNT(*) FROM people p WHERE p.role = 'volunteer'
              AND ($1 IS NULL OR p.community_id = $1) AND p.joined_on <= $3
              AND (p.deactivated_on IS NULL OR p.deactivated_on > $3)) AS registered,
           (SELECT COUNT(*) FROM people p WHERE p.role = 'volunteer'
              AND ($1 IS NULL OR p.community_id = $1) AND p.joined_on BETWEEN $2 AND $3) AS joined,
           (SELECT COUNT(*) FROM (SELECT v.volunteer_id FROM verified v
              WHERE v.service_date BETWEEN $2 AND $3
              GROUP BY v.volunteer_id HAVING CAST(SUM(v.lines) AS BIGINT) > 0) AS active_volunteers) AS active,
           (SELECT COUNT(DISTINCT household_id) FROM given) AS helped,
           (SELECT COUNT(DISTINCT household_id) FROM given WHERE way = 'service') AS helped_by_service,
           (SELECT COUNT(DISTINCT household_id) FROM given WHERE way = 'wish') AS helped_by_wish,
           (SELECT COUNT(DISTINCT household_id) FROM given WHERE way = 'aid') AS helped_by_aid,
           (SELECT COALESCE(CAST(SUM(a.amount_fen) AS BIGINT), 0) FROM aid_gifts a
              WHERE a.kind = 'money' AND a.reverses IS NULL
                AND NOT EXISTS (SELECT 1 FROM aid_gifts v WHERE v.reverses = a.id)
                AND a.given_on BETWEEN $2 AND $3 AND ($1 IS NULL OR a.community_id = $1))
             AS aid_fen,
           (SELECT COUNT(*) FROM wishes w WHERE ($1 IS NULL OR w.community_id = $1)
              AND w.created_at >= $4 AND w.created_at < $5) AS posted,
           (SELECT COUNT(DISTINCT e.wish_id) FROM wish_events e JOIN wishes w ON w.id = e.wish_id
              WHERE e.kind = 'claimed' AND ($1 IS NULL OR w.community_id = $1)
                AND e.at >= $4 AND e.at < $5) AS claimed,
           (SELECT COUNT(DISTINCT e.wish_id) FROM wish_events e JOIN wishes w ON w.id = e.wish_id
              WHERE e.kind = 'fulfilled' AND ($1 IS NULL OR w.community_id = $1)
                AND e.at >= $4 AND e.at < $5) AS fulfilled,
           (SELECT COUNT(*) FROM agreements a WHERE a.pairing = 'one_on_one'
              AND ($1 IS NULL OR a.community_id = $1) AND a.start_on <= $3 AND CASE WHEN a.ended_on < a.end_on THEN a.ended_on ELSE a.end_on END >= $2) AS one_on_one,
           (SELECT COUNT(*) FROM agreements a WHERE a.pairing = 'many_on_one'
              AND ($1 IS NULL OR a.community_id = $1) AND a.start_on <= $3 AND CASE WHEN a.ended_on < a.end_on THEN a.ended_on ELSE a.end_on END >= $2) AS many_on_one"
    )))
    .bind(&scope_id)
    .bind(&from)
    .bind(&to)
    .bind(&since)
    .bind(&until)
    .fetch_one(pool)
    .await
    .map_err(failed)?;

    // One pass over the period's verified lines, grouped by category, month and community at
    // once; the three breakdowns are added up from those groups here.
    let groups = sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH {VERIFIED}
         SELECT v.category, COALESCE(k.name_zh, v.category) AS category_label,
           k.name_en AS category_label_en,
           COALESCE(k.sort_order, 1000000) AS category_order,
           substr(v.service_date, 1, 7) AS month,
           c.id AS community, c.name AS community_label, c.created_at AS community_order,
           CAST(SUM(v.minutes) AS BIGINT) AS minutes, CAST(SUM(v.lines) AS BIGINT) AS lines
         FROM verified v JOIN communities c ON c.id = v.community_id
           LEFT JOIN categories k ON k.code = v.category
         WHERE v.service_date BETWEEN $2 AND $3
         GROUP BY v.category, k.name_zh, k.name_en, k.sort_order, month, c.id, c.name, c.created_at"
    )))
    .bind(&scope_id)
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    let mut by_category = Breakdown::default();
    let mut counted_months = Breakdown::default();
    let mut by_community = Breakdown::default();
    for r in &groups {
        let (minutes, lines) = (r.get::<i64, _>("minutes"), r.get::<i64, _>("lines"));
        by_category.add(
            r.get("category"),
            (r.get("category_label"), r.get("category_label_en")),
            format!("{:012}", r.get::<i64, _>("category_order")),
            minutes,
            lines,
        );
        let month: String = r.get("month");
        counted_months.add(month.clone(), (month.clone(), None), month, minutes, lines);
        by_community.add(
            r.get("community"),
            (r.get("community_label"), None),
            r.get("community_order"),
            minutes,
            lines,
        );
    }
    // The biggest category first; communities in the order they were set up.
    let mut by_category = by_category.shares();
    by_category.sort_by(|a, b| b.1.minutes.0.cmp(&a.1.minutes.0).then(a.0.cmp(&b.0)));
    let by_category = by_category.into_iter().map(|(_, s)| s).collect();
    let mut by_community = by_community.shares();
    by_community.sort_by(|a, b| a.0.cmp(&b.0));
    let by_community = by_community.into_iter().map(|(_, s)| s).collect();
    // Every month of the period, the quiet ones too: a report shows the gap.
    let mut by_month_found: HashMap<String, Share> = counted_months
        .shares()
        .into_iter()
        .map(|(_, s)| (s.key.clone(), s))
        .collect();
    let by_month = period
        .months()
        .into_iter()
        .map(|m| {
            by_month_found.remove(&m).unwrap_or(Share {
                label: m.clone(),
                label_en: None,
                key: m,
                minutes: Minutes(0),
                lines: 0,
            })
        })
        .collect();

    let by_political = political(pool, &scope_id, &from, &to).await?;
    let yearly = yearly(pool, &scope_id).await?;
    Ok(Statistics {
        period: period.clone(),
        community,
        volunteers_registered: count(&figures, "registered"),
        volunteers_joined: count(&figures, "joined"),
        volunteers_active: count(&figures, "active"),
        households_helped: count(&figures, "helped"),
        households_helped_by_service: count(&figures, "helped_by_service"),
        households_helped_by_wish: count(&figures, "helped_by_wish"),
        households_helped_by_aid: count(&figures, "helped_by_aid"),
        aid_money: app::domain::aid::Fen(figures.get::<i64, _>("aid_fen")),
        wishes_posted: count(&figures, "posted"),
        wishes_claimed: count(&figures, "claimed"),
        wishes_fulfilled: count(&figures, "fulfilled"),
        pairings_one_on_one: count(&figures, "one_on_one"),
        pairings_many_on_one: count(&figures, "many_on_one"),
        by_category,
        by_month,
        by_community,
        by_political,
        yearly,
    })
}

/// Volunteers registered at the period's end and their verified service in it, by 政治面貌.
async fn political(
    pool: &AnyPool,
    scope_id: &Option<String>,
    from: &str,
    to: &str,
) -> Result<Vec<app::domain::statistics::PoliticalFigures>, StoreError> {
    let registered: Vec<(String, u32)> = sqlx::query(
        "SELECT COALESCE(p.political_status, '') AS status, COUNT(*) AS people
         FROM people p WHERE p.role = 'volunteer'
           AND ($1 IS NULL OR p.community_id = $1) AND p.joined_on <= $2
           AND (p.deactivated_on IS NULL OR p.deactivated_on > $2)
         GROUP BY status",
    )
    .bind(scope_id)
    .bind(to)
    .fetch_all(pool)
    .await
    .map_err(failed)?
    .iter()
    .map(|r| (r.get("status"), count(r, "people")))
    .collect();
    // Per volunteer first, so a volunteer counts as active once, whatever their lines.
    let served: Vec<(String, i64, i64, u32)> = sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH {VERIFIED}, per_volunteer AS (
           SELECT v.volunteer_id, CAST(SUM(v.minutes) AS BIGINT) AS minutes, CAST(SUM(v.lines) AS BIGINT) AS lines
           FROM verified v WHERE v.service_date BETWEEN $2 AND $3 GROUP BY v.volunteer_id)
         SELECT COALESCE(p.political_status, '') AS status, CAST(SUM(pv.minutes) AS BIGINT) AS minutes,
           CAST(SUM(pv.lines) AS BIGINT) AS lines, CAST(SUM(CASE WHEN pv.lines > 0 THEN 1 ELSE 0 END) AS BIGINT) AS active
         FROM per_volunteer pv JOIN people p ON p.id = pv.volunteer_id
         GROUP BY status"
    )))
    .bind(scope_id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
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
    Ok(by_political(&registered, &served))
}

/// A key's Chinese label and its English one where there is one.
type Labels = (String, Option<String>);

/// Minutes and lines added up per key, with the key's labels and the text it sorts by.
#[derive(Default)]
struct Breakdown(HashMap<String, (Labels, String, i64, i64)>);

impl Breakdown {
    fn add(&mut self, key: String, label: Labels, order: String, minutes: i64, lines: i64) {
        let entry = self.0.entry(key).or_insert((label, order, 0, 0));
        entry.2 += minutes;
        entry.3 += lines;
    }

    /// The shares with anything in them (a reversal can bring one back to nothing), each with
    /// its sort text, then its key so that ties keep one order.
    fn shares(self) -> Vec<((String, String), Share)> {
        self.0
            .into_iter()
            .filter(|(_, (_, _, minutes, lines))| *minutes != 0 || *lines > 0)
            .map(|(key, ((label, label_en), order, minutes, lines))| {
                (
                    (order, key.clone()),
                    Share {
                        key,
                        label,
                        label_en,
                        minutes: Minutes(minutes),
                        lines: lines.max(0) as u32,
                    },
                )
            })
            .collect()
    }
}

/// The figures of every year with any, oldest first.
async fn yearly(pool: &AnyPool, scope_id: &Option<String>) -> Result<Vec<YearFigures>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH {VERIFIED}, {}, {HELP_GIVEN},
         hours AS (SELECT substr(service_date, 1, 4) AS year, CAST(SUM(minutes) AS BIGINT) AS minutes
           FROM verified GROUP BY year),
         active AS (SELECT year, COUNT(*) AS n FROM (
             SELECT substr(service_date, 1, 4) AS year, volunteer_id FROM verified
             GROUP BY year, volunteer_id HAVING CAST(SUM(lines) AS BIGINT) > 0) AS by_volunteer
             GROUP BY year),
         helped AS (SELECT substr(g.day, 1, 4) AS year, COUNT(DISTINCT g.household_id) AS n
           FROM help_given g JOIN households h ON h.id = g.household_id
           WHERE ($1 IS NULL OR h.community_id = $1) GROUP BY year),
         fulfilled AS (SELECT substr(datetime(e.at, '+8 hours'), 1, 4) AS year,
             COUNT(DISTINCT e.wish_id) AS n
           FROM wish_events e JOIN wishes w ON w.id = e.wish_id
           WHERE e.kind = 'fulfilled' AND ($1 IS NULL OR w.community_id = $1) GROUP BY year),
         years AS (SELECT year FROM hours UNION SELECT year FROM helped UNION SELECT year FROM fulfilled)
         SELECT y.year, COALESCE(a.n, 0) AS active, COALESCE(hl.n, 0) AS helped,
           COALESCE(f.n, 0) AS fulfilled, COALESCE(h.minutes, 0) AS minutes
         FROM years y LEFT JOIN hours h ON h.year = y.year LEFT JOIN active a ON a.year = y.year
           LEFT JOIN helped hl ON hl.year = y.year LEFT JOIN fulfilled f ON f.year = y.year
         ORDER BY y.year",
        help_lines(None)
    )))
    .bind(scope_id)
    .fetch_all(pool)
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
