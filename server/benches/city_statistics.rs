//! Benchmark: a city's statistics page over 1,000,000 verified service lines — ten years of
//! 20,000 volunteers in 400 communities (a district of 50 sub-districts' worth) — through the
//! real router as the admin calls it, beside the same figures counted from the lines alone (the
//! reading before the running totals), in the same run on the same data.
//!
//!     cargo bench -p server --bench city_statistics
//!
//! (with `LOVEBANK_TEST_POSTGRES` set, on PostgreSQL; `bash .ci/bench.sh city` runs both.) Then
//! the same lines as a district of 50 sub-districts in one install, each in its own database, as
//! the district's administrator reads them added up (`CITY_DISTRICT_ONLY=1`: that part alone).
//! Prints medians; asserts only that both readings give the same figures.

mod city_data;
#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use app::domain::ids::CommunityId;
use app::domain::statistics::Period;
use chrono::{Datelike, Days, NaiveDate};
use city_data::{fill, Size, DAYS};
use serde_json::Value;

const LINES: usize = 1_000_000;
const COMMUNITIES: usize = 400;
const VOLUNTEERS: usize = 20_000;
/// The district run: the same city as 50 sub-districts, each in its own database.
const SUB_DISTRICTS: usize = 50;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

/// The statistics page of `from`..`to` as `token`'s holder asks for it over HTTP, with one more
/// field of the form (`community`, or `sub_district`).
async fn statistics_page(
    app: &common::TestApp,
    token: &str,
    from: NaiveDate,
    to: NaiveDate,
    (field, value): (&str, &str),
) -> Value {
    let field = format!("input[{field}]");
    common::call(
        app,
        "statistics",
        &[
            ("input[from]", &from.to_string()),
            ("input[to]", &to.to_string()),
            (&field, value),
        ],
        Some(token),
    )
    .await
    .body
}

/// The verified hours a statistics page shows.
fn hours(page: &Value) -> i64 {
    page["statistics"]["by_category"]
        .as_array()
        .expect("shares")
        .iter()
        .map(|s| s["minutes"].as_i64().unwrap_or(0))
        .sum::<i64>()
        / 60
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
    let today = app::domain::clock::china_today(chrono::Utc::now());
    // `CITY_DISTRICT_ONLY=1`: the district of 50 sub-districts alone.
    if std::env::var_os("CITY_DISTRICT_ONLY").is_none() {
        one_install(today).await;
    }
    district(today).await;
}

/// The city as one sub-district's install of 400 communities.
async fn one_install(today: NaiveDate) {
    let app = common::spawn_app().await;
    let whole = Size {
        lines: LINES,
        communities: COMMUNITIES,
        volunteers: VOLUNTEERS,
    };
    fill(&app.store, today, whole, false).await;
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
            statistics_page(
                &app,
                &admin,
                from,
                today,
                ("community", scope.unwrap_or("")),
            )
            .await
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
        let hours = hours(&page);
        println!(
            "| {label} ({hours} h, {} active) | {:.0} ms | {:.0} ms |",
            page["statistics"]["volunteers_active"],
            fast.as_secs_f64() * 1000.0,
            slow.as_secs_f64() * 1000.0
        );
    }
}

/// The same city as 50 sub-districts of one install, each in a database of its own (a file
/// beside the home one, or a schema), as the district's administrator reads it: every
/// sub-district's statistics added up (`input[sub_district]=all`), beside the same roll-up of
/// each sub-district's figures counted from its lines alone.
async fn district(today: NaiveDate) {
    use server::store::{HostedSubDistrict, SqlStore};
    let data = tempfile::tempdir().expect("temp dir");
    let home_url = common::fresh_database_url(data.path(), "lovebank.db").await;
    let home = SqlStore::open(&home_url).await.expect("home");
    let password = "bench-password-1";
    let found = async |store: &SqlStore, name: &str, login: &str| {
        server::init::init(
            store,
            &server::init::InitRequest {
                sub_district: name,
                admin_name: "管理员",
                admin_login: login,
                admin_password: password,
            },
        )
        .await
        .expect("founded");
    };
    found(&home, "江岸区", "district").await;
    let name_of = |n: usize| format!("第{}街道", n + 1);
    let each = Size {
        lines: LINES / SUB_DISTRICTS,
        communities: COMMUNITIES / SUB_DISTRICTS,
        volunteers: VOLUNTEERS / SUB_DISTRICTS,
    };
    let started = Instant::now();
    let codes: Vec<String> = (0..SUB_DISTRICTS).map(|n| format!("sd{n:02}")).collect();
    for (n, code) in codes.iter().enumerate() {
        let store = SqlStore::open_sub_district(&home_url, code)
            .await
            .expect("a sub-district");
        found(&store, &name_of(n), "admin").await;
        fill(&store, today, each, true).await;
        sqlx::query("ANALYZE")
            .execute(store.pool())
            .await
            .expect("analyze");
        store.close().await;
        home.host_sub_district(&HostedSubDistrict {
            code: code.clone(),
            host: format!("{code}.localhost"),
            name: code.clone(),
        })
        .await
        .expect("listed");
    }
    println!(
        "a district of {SUB_DISTRICTS} sub-districts, each in its own database with {} lines, {} \
         communities and {} volunteers: filled in {:.1} s",
        each.lines,
        each.communities,
        each.volunteers,
        started.elapsed().as_secs_f64()
    );
    let app = common::spawn_app_with(data, home, Some(&home_url)).await;
    let signed_in = common::sign_in(&app, "district", password).await;
    let admin = common::token_of(&signed_in.cookie.expect("the district's session"));
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January");
    let ten_years = today - Days::new(DAYS - 1);
    println!("| period | the district's page (all sub-districts added up), median of 5, HTTP | each sub-district counted from its lines, added up |");
    for (label, from) in [
        ("all 50 sub-districts, this year so far", year_start),
        ("all 50 sub-districts, ten years", ten_years),
    ] {
        let (fast, page) = median(5, async || {
            statistics_page(&app, &admin, from, today, ("sub_district", "all")).await
        })
        .await;
        let period = Period { from, to: today };
        let (slow, counted) = median(1, async || {
            let mut parts = vec![(
                "江岸区".to_string(),
                app.store
                    .statistics_from_lines(None, &period)
                    .await
                    .expect("the district's own"),
            )];
            for (n, code) in codes.iter().enumerate() {
                let store = SqlStore::open_sub_district(&home_url, code)
                    .await
                    .expect("a sub-district");
                parts.push((
                    name_of(n),
                    store
                        .statistics_from_lines(None, &period)
                        .await
                        .expect("from the lines"),
                ));
                store.close().await;
            }
            serde_json::to_value(app::domain::city::roll_up(&period, parts)).expect("json")
        })
        .await;
        assert_eq!(page["statistics"], counted, "{label}: both readings agree");
        println!(
            "| {label} ({} h, {} active) | {:.0} ms | {:.0} ms |",
            hours(&page),
            page["statistics"]["volunteers_active"],
            fast.as_secs_f64() * 1000.0,
            slow.as_secs_f64() * 1000.0
        );
    }
}
