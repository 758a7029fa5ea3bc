//! Benchmark: the office's reports on a large ledger — 100,000 verified service lines over three
//! years across the demo's three communities and their 300-odd households — through the real
//! router, as staff and the admin call them.
//!
//!     cargo bench -p server --bench office_reports
//!
//! Prints the median of five calls of each; asserts only that the figures add up (a benchmark,
//! not a timed test).

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use serde_json::Value;
use sqlx::Row;

const LINES: usize = 100_000;
/// Households on file per community, besides the demo's: a sub-district keeps hundreds.
const HOUSEHOLDS_PER_COMMUNITY: usize = 100;
const CATEGORIES: [&str; 4] = ["tutoring", "community_help", "health", "environment"];

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

/// Writes the lines straight into the store's tables (the push path is measured elsewhere).
async fn fill(app: &common::TestApp) {
    let pool = app.store.pool();
    let people = sqlx::query("SELECT id, community_id FROM people WHERE role = 'volunteer'")
        .fetch_all(pool)
        .await
        .expect("volunteers");
    let staff: String = sqlx::query_scalar("SELECT id FROM people WHERE role = 'admin'")
        .fetch_one(pool)
        .await
        .expect("admin");
    let communities: Vec<String> = sqlx::query_scalar("SELECT id FROM communities")
        .fetch_all(pool)
        .await
        .expect("communities");
    for community in &communities {
        for n in 0..HOUSEHOLDS_PER_COMMUNITY {
            sqlx::query(
                "INSERT INTO households (id, community_id, head_name, address, members,
                   hardship_type, needs, created_at)
                 VALUES ($1, $2, $3, '幸福路1号', 2, '独居老人', '助餐', '2024-01-01T00:00:00.000000Z')",
            )
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(community)
            .bind(format!("户主{n}"))
            .execute(pool)
            .await
            .expect("household");
        }
    }
    // Each line goes to a household of its volunteer's community.
    let households: Vec<(String, String)> =
        sqlx::query_as("SELECT id, community_id FROM households")
            .fetch_all(pool)
            .await
            .expect("households");
    let today = app::domain::clock::china_today(chrono::Utc::now());
    let mut tx = pool.begin().await.expect("begin");
    for i in 0..LINES {
        let person = &people[i % people.len()];
        let community: String = person.get("community_id");
        let id = uuid::Uuid::now_v7().to_string();
        let date = today - chrono::Duration::days((i % 1000) as i64);
        sqlx::query(
            "INSERT INTO service_records (id, volunteer_id, community_id, service_date, start_time,
               end_time, minutes, place, content, category, beneficiary_kind, beneficiary_id,
               created_at, received_at)
             VALUES ($1, $2, $3, $4, '09:00', '10:30', 90, '社区服务站', '上门探望', $5, 'household', $6,
               '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')",
        )
        .bind(&id)
        .bind(person.get::<String, _>("id"))
        .bind(person.get::<String, _>("community_id"))
        .bind(date.to_string())
        .bind(CATEGORIES[i % CATEGORIES.len()])
        .bind(
            households
                .iter()
                .filter(|(_, c)| *c == community)
                .nth(i % HOUSEHOLDS_PER_COMMUNITY)
                .map(|(h, _)| h)
                .expect("a household of the community"),
        )
        .execute(&mut *tx)
        .await
        .expect("line");
        sqlx::query(
            "INSERT INTO record_events (id, record_id, kind, person_id, at, points)
             VALUES ($1, $2, 'verified', $3, '2026-01-01T00:00:00.000000Z', 150)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(&id)
        .bind(&staff)
        .execute(&mut *tx)
        .await
        .expect("verified");
    }
    tx.commit().await.expect("commit");
    sqlx::query("ANALYZE").execute(pool).await.expect("analyze");
}

async fn median(mut call: impl AsyncFnMut() -> Value) -> (Duration, Value) {
    let mut times = Vec::new();
    let mut last = Value::Null;
    for _ in 0..5 {
        let started = Instant::now();
        last = call().await;
        times.push(started.elapsed());
    }
    times.sort();
    (times[2], last)
}

async fn run() {
    let app = common::spawn_app().await;
    let started = Instant::now();
    fill(&app).await;
    println!(
        "filled {LINES} verified lines in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let admin = common::session(&app, "admin").await;
    let staff = common::session(&app, "staff1").await;
    let from = (app::domain::clock::china_today(chrono::Utc::now()) - chrono::Duration::days(1000))
        .to_string();
    let client = reqwest::Client::new();
    let report = |token: String, from: String| {
        let app = &app;
        async move {
            common::call(app, "statistics", &[("input[from]", &from)], Some(&token))
                .await
                .body
        }
    };

    let (all, body) = median(async || report(admin.clone(), from.clone()).await).await;
    let st = &body["statistics"];
    let total: i64 = st["by_category"]
        .as_array()
        .expect("shares")
        .iter()
        .map(|s| s["minutes"].as_i64().unwrap_or(0))
        .sum();
    let by_month: i64 = st["by_month"]
        .as_array()
        .expect("shares")
        .iter()
        .map(|s| s["minutes"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(total, by_month, "the breakdowns add up");
    assert!(total >= (LINES as i64) * 90);
    let (one, _) = median(async || report(staff.clone(), from.clone()).await).await;
    let (year, _) = median(async || report(admin.clone(), String::new()).await).await;
    let (people, _) = median(async || {
        common::call(&app, "volunteers", &[], Some(&admin))
            .await
            .body
    })
    .await;
    let (homes, _) = median(async || {
        common::call(&app, "households", &[], Some(&admin))
            .await
            .body
    })
    .await;
    let one_household: String = sqlx::query_scalar("SELECT id FROM households LIMIT 1")
        .fetch_one(app.store.pool())
        .await
        .expect("a household");
    let (household_file, _) = median(async || {
        common::call(
            &app,
            "household_file",
            &[("household", &one_household)],
            Some(&admin),
        )
        .await
        .body
    })
    .await;
    let (agreements, _) = median(async || {
        common::call(&app, "agreements", &[], Some(&admin))
            .await
            .body
    })
    .await;
    let download = |path: String| {
        let (client, app, admin) = (&client, &app, &admin);
        async move {
            let res = client
                .get(app.url(&path))
                .header("Cookie", format!("lovebank_session={admin}"))
                .send()
                .await
                .expect("export");
            Value::from(res.bytes().await.expect("bytes").len())
        }
    };
    let (xlsx, size) =
        median(async || download(format!("/export/statistics.xlsx?from={from}")).await).await;
    let (volunteers_xlsx, _) =
        median(async || download("/export/volunteers.xlsx".into()).await).await;

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("median of 5 calls over HTTP, {LINES} verified lines over 1,000 days:");
    println!(
        "  statistics, admin, whole sub-district, 1,000 days: {:>7.0} ms",
        ms(all)
    );
    println!(
        "  statistics, staff, one community, 1,000 days:      {:>7.0} ms",
        ms(one)
    );
    println!(
        "  statistics, admin, this year:                      {:>7.0} ms",
        ms(year)
    );
    println!(
        "  volunteers' table (admin):                         {:>7.0} ms",
        ms(people)
    );
    println!(
        "  households with their help (admin):                {:>7.0} ms",
        ms(homes)
    );
    println!(
        "  one household's file and help (admin):             {:>7.0} ms",
        ms(household_file)
    );
    println!(
        "  agreements with their services (admin):           {:>7.0} ms",
        ms(agreements)
    );
    println!(
        "  export statistics.xlsx ({size} bytes):             {:>7.0} ms",
        ms(xlsx)
    );
    println!(
        "  export volunteers.xlsx:                            {:>7.0} ms",
        ms(volunteers_xlsx)
    );
}
