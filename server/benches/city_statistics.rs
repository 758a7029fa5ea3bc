//! Benchmark: a city's statistics page over 1,000,000 verified service lines — ten years of
//! 20,000 volunteers in 400 communities (a district of 50 sub-districts' worth) — through the
//! real router as the admin calls it, beside the same figures counted from the lines alone (the
//! reading before the running totals), in the same run on the same data.
//!
//!     cargo bench -p server --bench city_statistics
//!
//! (with `LOVEBANK_TEST_POSTGRES` set, on PostgreSQL; `bash .ci/bench.sh city` runs both.)
//! Prints medians; asserts only that both readings give the same figures.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use app::domain::ids::CommunityId;
use app::domain::statistics::Period;
use chrono::{Datelike, Days, NaiveDate};
use serde_json::Value;

const LINES: usize = 1_000_000;
const COMMUNITIES: usize = 400;
const VOLUNTEERS: usize = 20_000;
const HOUSEHOLDS_PER_COMMUNITY: usize = 10;
const DAYS: u64 = 3_650;
const CATEGORIES: [&str; 4] = ["tutoring", "community_help", "health", "environment"];
/// Rows per multi-row INSERT.
const BATCH: usize = 500;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

fn id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Inserts `rows` into `table` (`columns`, comma-separated), BATCH rows per statement, each row
/// followed by the same `fixed` SQL values for the `fixed_columns`.
async fn insert_rows(
    store: &server::store::SqlStore,
    table: &str,
    columns: &str,
    (fixed_columns, fixed): (&str, &str),
    rows: &[Vec<String>],
) {
    let width = columns.split(',').count();
    // SQLite looks each `$n` up by name among those before it: `?` prepares in linear time.
    let sqlite = store.engine() == server::store::Engine::Sqlite;
    let mut tx = store.pool().begin().await.expect("begin");
    for chunk in rows.chunks(BATCH) {
        let values: Vec<String> = (0..chunk.len())
            .map(|r| {
                let cells: Vec<String> = (1..=width)
                    .map(|c| match sqlite {
                        true => "?".to_string(),
                        false => format!("${}", r * width + c),
                    })
                    .collect();
                format!("({}{fixed})", cells.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO {table} ({columns}{fixed_columns}) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            for cell in row {
                query = query.bind(cell.clone());
            }
        }
        query.execute(&mut *tx).await.expect(table);
    }
    tx.commit().await.expect("commit");
}

/// Writes the city straight into the store's tables; the verifications go in as one statement,
/// so the running totals are kept by their triggers as they would be one decision at a time.
async fn fill(app: &common::TestApp, today: NaiveDate) {
    let pool = app.store.pool();
    let admin: String = sqlx::query_scalar("SELECT id FROM people WHERE role = 'admin'")
        .fetch_one(pool)
        .await
        .expect("admin");
    let at = "2017-01-01T00:00:00.000000Z";
    let communities: Vec<Vec<String>> = (0..COMMUNITIES)
        .map(|c| {
            vec![
                id(),
                format!("第{}街道第{}社区", c / 8 + 1, c % 8 + 1),
                at.to_string(),
            ]
        })
        .collect();
    insert_rows(
        &app.store,
        "communities",
        "id, name, created_at",
        ("", ""),
        &communities,
    )
    .await;
    let volunteers: Vec<Vec<String>> = (0..VOLUNTEERS)
        .map(|v| {
            vec![
                id(),
                communities[v % COMMUNITIES][0].clone(),
                format!("志愿者{v}"),
                ["masses", "party_member", "league_member"][v % 3].to_string(),
                format!("139{v:08}"),
                "2017-01-01".to_string(),
                at.to_string(),
            ]
        })
        .collect();
    insert_rows(
        &app.store,
        "people",
        "id, community_id, name, political_status, phone, joined_on, created_at",
        (", role", ", 'volunteer'"),
        &volunteers,
    )
    .await;
    let households: Vec<Vec<String>> = (0..COMMUNITIES * HOUSEHOLDS_PER_COMMUNITY)
        .map(|h| {
            vec![
                id(),
                communities[h % COMMUNITIES][0].clone(),
                format!("户主{h}"),
                at.to_string(),
            ]
        })
        .collect();
    insert_rows(
        &app.store,
        "households",
        "id, community_id, head_name, created_at",
        (
            ", address, members, hardship_type, needs",
            ", '幸福路1号', 2, '独居老人', '助餐'",
        ),
        &households,
    )
    .await;
    let started = Instant::now();
    let mut lines = Vec::with_capacity(BATCH * 20);
    for i in 0..LINES {
        let v = i % VOLUNTEERS;
        let community = v % COMMUNITIES;
        let date = today - Days::new((i as u64 * 7919) % DAYS);
        // One line in three for a household of the volunteer's community.
        let (kind, beneficiary) = if i % 3 == 0 {
            let h = (i / 3 % HOUSEHOLDS_PER_COMMUNITY) * COMMUNITIES + community;
            ("household", households[h][0].clone())
        } else {
            ("none", String::new())
        };
        lines.push(vec![
            id(),
            volunteers[v][0].clone(),
            communities[community][0].clone(),
            date.to_string(),
            CATEGORIES[i % CATEGORIES.len()].to_string(),
            kind.to_string(),
            beneficiary,
        ]);
        if lines.len() == BATCH * 20 || i + 1 == LINES {
            insert_rows(
                &app.store,
                "service_records",
                "id, volunteer_id, community_id, service_date, category, beneficiary_kind, beneficiary_id",
                (
                    ", start_time, end_time, minutes, place, content, created_at, received_at",
                    ", '09:00', '10:30', 90, '社区服务站', '上门探望', \
                     '2017-01-01T00:00:00.000000Z', '2017-01-01T00:00:00.000000Z'",
                ),
                &lines,
            )
            .await;
            lines.clear();
        }
    }
    println!(
        "wrote {LINES} lines in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let mut tx = pool.begin().await.expect("begin");
    if app.store.engine() == server::store::Engine::Postgres {
        // As the store's write transactions do: its connections plan every statement afresh
        // (for the reports), which in a trigger run a million times costs more than the work.
        sqlx::query("SET LOCAL plan_cache_mode = auto")
            .execute(&mut *tx)
            .await
            .expect("plan cache");
    }
    sqlx::query(
        "INSERT INTO record_events (id, record_id, kind, person_id, at, points)
         SELECT 'v' || r.id, r.id, 'verified', $1, r.received_at, 150 FROM service_records r
         WHERE NOT EXISTS (SELECT 1 FROM record_events e WHERE e.record_id = r.id)",
    )
    .bind(&admin)
    .execute(&mut *tx)
    .await
    .expect("verified");
    tx.commit().await.expect("commit");
    println!(
        "verified them, the running totals kept by their triggers, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    sqlx::query("ANALYZE").execute(pool).await.expect("analyze");
}

async fn median(runs: usize, mut call: impl AsyncFnMut() -> Value) -> (Duration, Value) {
    let mut times = Vec::new();
    let mut last = Value::Null;
    for _ in 0..runs {
        let started = Instant::now();
        last = call().await;
        times.push(started.elapsed());
    }
    times.sort();
    (times[runs / 2], last)
}

async fn run() {
    let app = common::spawn_app().await;
    let today = app::domain::clock::china_today(chrono::Utc::now());
    fill(&app, today).await;
    let admin = common::session(&app, "admin").await;
    let community: String =
        sqlx::query_scalar("SELECT id FROM communities WHERE name = '第7街道第3社区'")
            .fetch_one(app.store.pool())
            .await
            .expect("a community");
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January");
    let ten_years = today - Days::new(DAYS - 1);
    let cases: [(&str, NaiveDate, Option<&str>); 4] = [
        ("the whole city, this year so far", year_start, None),
        ("the whole city, ten years", ten_years, None),
        (
            "one community, this year so far",
            year_start,
            Some(community.as_str()),
        ),
        (
            "one community, ten years",
            ten_years,
            Some(community.as_str()),
        ),
    ];
    println!(
        "{LINES} verified lines, {COMMUNITIES} communities, {VOLUNTEERS} volunteers, {DAYS} days"
    );
    println!("| period | statistics page (running totals), median of 5, HTTP | counted from the lines, median of 3 |");
    for (label, from, scope) in cases {
        let (fast, page) = median(5, async || {
            common::call(
                &app,
                "statistics",
                &[
                    ("input[from]", &from.to_string()),
                    ("input[to]", &today.to_string()),
                    ("input[community]", scope.unwrap_or("")),
                ],
                Some(&admin),
            )
            .await
            .body
        })
        .await;
        let scope_id = scope.map(CommunityId::new);
        let period = Period { from, to: today };
        let (slow, counted) = median(3, async || {
            serde_json::to_value(
                app.store
                    .statistics_from_lines(scope_id.as_ref(), &period)
                    .await
                    .expect("statistics from the lines"),
            )
            .expect("json")
        })
        .await;
        assert_eq!(page["statistics"], counted, "{label}: both readings agree");
        let hours: i64 = page["statistics"]["by_category"]
            .as_array()
            .expect("shares")
            .iter()
            .map(|s| s["minutes"].as_i64().unwrap_or(0))
            .sum::<i64>()
            / 60;
        println!(
            "| {label} ({hours} h, {} active) | {:.0} ms | {:.0} ms |",
            page["statistics"]["volunteers_active"],
            fast.as_secs_f64() * 1000.0,
            slow.as_secs_f64() * 1000.0
        );
    }
}
