//! The statistics of a period, counted in SQL from the ledger's lines and the wishes' facts.
//! Verified time counts a line once verified and takes it back with its reversal; a household
//! is helped by a verified line for it (or for a wish posted for it) that was not reversed.
//!
//! The whole years and months of a period are read from running totals that triggers keep in the
//! same transaction as each fact (migration 0022: `verified_months`, `volunteer_months`,
//! `volunteer_years`, `household_help_months`, `household_help_years`); only the days at its
//! edges are counted from the lines, so the cost follows the number of people and months, not
//! the length of the ledger. `Reading::LinesOnly` counts the whole period from the lines, the
//! definition the totals are checked against.

use crate::store::row::Cells;
use std::collections::HashMap;

use app::api::ports::StoreError;
use app::domain::ids::CommunityId;
use app::domain::statistics::{Period, Share, Statistics};
use app::domain::statistics_parts::PeriodParts;
use app::domain::Minutes;
use chrono::{Days, NaiveTime, TimeZone, Utc};
use sqlx::AnyPool;

use super::help_given::{help_lines_on, HELP_GIVEN};
use super::{failed, ts};

mod political;
mod yearly;
use political::political;
use yearly::yearly;

/// Verified lines of the scope ($1) on the edge days of a period, as signed minutes and lines.
/// Every statement numbers the period's ten bounds from `$p` (see `part_bounds`).
fn edge_verified(p: usize) -> String {
    format!(
        "edge AS (
  SELECT r.volunteer_id, r.community_id, r.service_date, r.category,
    CASE WHEN r.kind = 'reversal' THEN -r.minutes ELSE r.minutes END AS minutes,
    CASE WHEN r.kind = 'reversal' THEN -1 ELSE 1 END AS lines
  FROM service_records r JOIN record_events e ON e.record_id = r.id AND e.kind = 'verified'
  WHERE ($1 IS NULL OR r.community_id = $1) AND {}
)",
        edge_days("r.service_date", p)
    )
}

/// `month` ("YYYY-MM") in one of the period's runs of whole months (`$p`..`$p+3`).
fn whole_months(column: &str, p: usize) -> String {
    format!(
        "({column} BETWEEN ${p} AND ${} OR {column} BETWEEN ${} AND ${})",
        p + 1,
        p + 2,
        p + 3
    )
}

/// `year` ("YYYY") in the period's whole years (`$p+4`, `$p+5`).
fn whole_years(column: &str, p: usize) -> String {
    format!("{column} BETWEEN ${} AND ${}", p + 4, p + 5)
}

/// `month` ("YYYY-MM") in the period's whole years: for the monthly totals, which have no yearly
/// twin (there are few of them per month whatever the number of people).
fn months_of_whole_years(column: &str, p: usize) -> String {
    format!(
        "{column} BETWEEN (${} || '-01') AND (${} || '-12')",
        p + 4,
        p + 5
    )
}

/// `column` on one of the period's edge days (`$p+6`..`$p+9`).
fn edge_days(column: &str, p: usize) -> String {
    format!(
        "({column} BETWEEN ${} AND ${} OR {column} BETWEEN ${} AND ${})",
        p + 6,
        p + 7,
        p + 8,
        p + 9
    )
}

/// How a period is read: whole years and months from the running totals, or every day from the
/// lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    RunningTotals,
    LinesOnly,
}

/// The ten values behind `whole_months`, `whole_years` and `edge_days`, in that order: an empty
/// range (first after last) where the period has none.
fn part_bounds(period: &Period, reading: Reading) -> [String; 10] {
    let parts = match reading {
        Reading::RunningTotals => period.parts(),
        Reading::LinesOnly => PeriodParts {
            whole_years: None,
            whole_months: Vec::new(),
            edge_days: vec![(period.from, period.to)],
        },
    };
    let pair = |runs: &mut dyn Iterator<Item = (String, String)>, none: (&str, &str)| {
        runs.next()
            .unwrap_or_else(|| (none.0.to_string(), none.1.to_string()))
    };
    let mut months = parts.whole_months.into_iter();
    let (m1, m2) = pair(&mut months, ("9999-12", "0000-01"));
    let (m3, m4) = pair(&mut months, ("9999-12", "0000-01"));
    let (y1, y2) = pair(&mut parts.whole_years.into_iter(), ("9999", "0000"));
    let mut days = parts
        .edge_days
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()));
    let (d1, d2) = pair(&mut days, ("9999-12-31", "0000-01-01"));
    let (d3, d4) = pair(&mut days, ("9999-12-31", "0000-01-01"));
    [m1, m2, m3, m4, y1, y2, d1, d2, d3, d4]
}

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
    reading: Reading,
) -> Result<Statistics, StoreError> {
    let scope_id = scope.map(|c| c.as_str().to_string());
    let bounds = part_bounds(period, reading);
    // One snapshot: a decision committed while the page is counted shows in every figure or in
    // none, so the breakdowns always add up to the headline figures.
    let mut tx = super::engine::begin_read(pool).await?;
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let since = china_midnight(period.from);
    let until = china_midnight(period.to + Days::new(1));

    let community = match &scope_id {
        Some(id) => Some(
            sqlx::query_scalar::<_, String>("SELECT name FROM communities WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(failed)?
                .ok_or(StoreError::NotFound)?,
        ),
        None => None,
    };

    // Households helped: whole months from the running totals, edge days from the lines.
    let help = help_lines_on(&edge_days("r.service_date", 6));
    let mut figures = sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH {help}, {HELP_GIVEN},
         acts AS (SELECT m.household_id, m.way FROM household_help_months m
             WHERE {} AND m.acts > 0
           UNION ALL
           SELECT y.household_id, y.way FROM household_help_years y
             WHERE {} AND y.acts > 0
           UNION ALL
           SELECT g.household_id, g.way FROM help_given g WHERE {}),
         given AS (SELECT a.household_id, a.way FROM acts a
           JOIN households h ON h.id = a.household_id
           WHERE $1 IS NULL OR h.community_id = $1)
         SELECT
           (SELECT COUNT(*) FROM people p WHERE p.role = 'volunteer'
              AND ($1 IS NULL OR p.community_id = $1) AND p.joined_on <= $3
              AND (p.deactivated_on IS NULL OR p.deactivated_on > $3)) AS registered,
           (SELECT COUNT(*) FROM people p WHERE p.role = 'volunteer'
              AND ($1 IS NULL OR p.community_id = $1) AND p.joined_on BETWEEN $2 AND $3) AS joined,
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
              AND ($1 IS NULL OR a.community_id = $1) AND a.start_on <= $3 AND CASE WHEN a.ended_on < a.end_on THEN a.ended_on ELSE a.end_on END >= $2) AS many_on_one",
        whole_months("m.month", 6),
        whole_years("y.year", 6),
        edge_days("g.day", 6),
    )))
    .bind(&scope_id)
    .bind(&from)
    .bind(&to)
    .bind(&since)
    .bind(&until);
    for bound in &bounds {
        figures = figures.bind(bound);
    }
    let figures = figures.fetch_one(&mut *tx).await.map_err(failed)?;

    // The period's verified totals read once, then added up along each of the three breakdowns
    // in SQL: a few hundred rows come back whatever the number of communities and months.
    let mut groups = sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH {},
         g AS MATERIALIZED (SELECT m.category, m.month, m.community_id, m.minutes, m.lines
             FROM verified_months m
             WHERE ({} OR {}) AND ($1 IS NULL OR m.community_id = $1)
           UNION ALL
           SELECT v.category, substr(v.service_date, 1, 7), v.community_id, v.minutes, v.lines
           FROM edge v)
         SELECT 'category' AS axis, t.category AS key, COALESCE(k.name_zh, t.category) AS label,
           k.name_en AS label_en, COALESCE(k.sort_order, 1000000) AS category_order,
           CAST(NULL AS TEXT) AS community_order, t.minutes, t.lines
         FROM (SELECT category, CAST(SUM(minutes) AS BIGINT) AS minutes,
             CAST(SUM(lines) AS BIGINT) AS lines FROM g GROUP BY category) AS t
           LEFT JOIN categories k ON k.code = t.category
         UNION ALL
         SELECT 'month', month, month, NULL, NULL, NULL, CAST(SUM(minutes) AS BIGINT),
           CAST(SUM(lines) AS BIGINT)
         FROM g GROUP BY month
         UNION ALL
         SELECT 'community', c.id, c.name, NULL, NULL, c.created_at, t.minutes, t.lines
         FROM (SELECT community_id, CAST(SUM(minutes) AS BIGINT) AS minutes,
             CAST(SUM(lines) AS BIGINT) AS lines FROM g GROUP BY community_id) AS t
           JOIN communities c ON c.id = t.community_id",
        edge_verified(2),
        whole_months("m.month", 2),
        months_of_whole_years("m.month", 2),
    )))
    .bind(&scope_id);
    for bound in &bounds {
        groups = groups.bind(bound);
    }
    let groups = groups.fetch_all(&mut *tx).await.map_err(failed)?;
    let mut by_category = Breakdown::default();
    let mut counted_months = Breakdown::default();
    let mut by_community = Breakdown::default();
    for r in &groups {
        let (minutes, lines) = (r.get::<i64, _>("minutes"), r.get::<i64, _>("lines"));
        let (key, label): (String, String) = (r.get("key"), r.get("label"));
        match r.get::<String, _>("axis").as_str() {
            "category" => by_category.add(
                key,
                (label, r.get("label_en")),
                format!("{:012}", r.get::<i64, _>("category_order")),
                minutes,
                lines,
            ),
            "month" => counted_months.add(key.clone(), (label, None), key, minutes, lines),
            _ => by_community.add(key, (label, None), r.get("community_order"), minutes, lines),
        }
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

    let (by_political, volunteers_active) = political(&mut tx, &scope_id, &to, &bounds).await?;
    let yearly = yearly(&mut tx, &scope_id, reading).await?;
    tx.commit().await.map_err(failed)?;
    Ok(Statistics {
        period: period.clone(),
        community,
        volunteers_registered: count(&figures, "registered"),
        volunteers_joined: count(&figures, "joined"),
        volunteers_active,
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
        by_sub_district: Vec::new(),
    })
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
