//! The statistics read a period's whole months from running totals that triggers keep beside
//! each fact, and only its edge days from the ledger's lines. Here every figure, for many
//! periods and each scope, is checked against the same figures counted from the lines alone,
//! after a ledger written through the real server functions over four years: lines verified,
//! rejected, left pending and taken back, wishes confirmed fulfilled, aid given and taken back.

use crate::common;

use app::domain::ids::CommunityId;
use app::domain::statistics::Period;
use chrono::{Days, NaiveDate};
use common::{call, decide, record_line, session, spawn_app, wish_for_household, TestApp};
use serde_json::Value;

const LIU_FANG: &str = "13800010003"; // 福康社区
const CHEN: &str = "13800010006"; // 福康社区
const ANNING: &str = "13800010001"; // 安宁社区
const CATEGORIES: [&str; 3] = ["community_help", "tutoring", "health"];

/// A small deterministic generator, so a failure names the same ledger every run.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % sides
    }
}

async fn household(app: &TestApp, staff: &str, head: &str) -> String {
    let res = call(
        app,
        "register_household",
        &[
            ("input[head]", head),
            ("input[address]", "社区 2号楼"),
            ("input[members]", "2"),
            ("input[hardship_type]", "独居老人"),
            ("input[needs]", "上门探望"),
        ],
        Some(staff),
    )
    .await;
    res.body.as_str().expect("household").to_string()
}

async fn community_of(app: &TestApp, staff: &str) -> String {
    call(app, "who_am_i", &[], Some(staff)).await.body["community"]
        .as_str()
        .expect("community")
        .to_string()
}

async fn give_aid(app: &TestApp, staff: &str, household: &str, on: NaiveDate) -> String {
    let res = call(
        app,
        "record_aid",
        &[
            ("input[household]", household),
            ("input[on]", &on.to_string()),
            ("input[campaign]", "春节慰问"),
            ("input[kind]", "money"),
            ("input[amount]", "200"),
        ],
        Some(staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body.as_str().expect("aid id").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_figure_from_the_running_totals_equals_the_count_from_the_lines() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await; // 福康
    let staff2 = session(&app, "staff2").await; // 安宁
    let admin = session(&app, "admin").await;
    let fukang = community_of(&app, &staff).await;
    let anning = community_of(&app, &staff2).await;
    let fukang_homes = [
        household(&app, &staff, "总计户一").await,
        household(&app, &staff, "总计户二").await,
    ];
    let anning_homes = [
        household(&app, &staff2, "总计户三").await,
        household(&app, &staff2, "总计户四").await,
    ];
    let volunteers = [
        (session(&app, LIU_FANG).await, &staff, &fukang_homes),
        (session(&app, CHEN).await, &staff, &fukang_homes),
        (session(&app, ANNING).await, &staff2, &anning_homes),
    ];
    let mut dice = Dice(0x5eed_2026);

    // Lines on strictly later days (so no two overlap), from early 2022 into this year, with
    // several on month ends and starts; each verified, rejected, left pending, or verified and
    // then taken back (the reversal is dated today, as the ledger dates it).
    let mut day = NaiveDate::from_ymd_opt(2022, 1, 1).expect("a date");
    for i in 0..48 {
        day = day + Days::new(1 + dice.roll(36));
        let (volunteer, decider, homes) = &volunteers[dice.roll(3) as usize];
        let beneficiary = match dice.roll(3) {
            0 => None,
            n => Some(homes[n as usize - 1].as_str()),
        };
        let start = format!("{:02}:00", 7 + i % 12);
        let end = format!("{:02}:30", 7 + i % 12);
        let id = record_line(
            &app,
            volunteer,
            &day.to_string(),
            (&start, &end),
            CATEGORIES[dice.roll(3) as usize],
            beneficiary,
        )
        .await;
        match dice.roll(4) {
            0 => {}
            1 => decide(&app, decider, "reject_record", &id).await,
            2 => decide(&app, decider, "verify_record", &id).await,
            _ => {
                decide(&app, decider, "verify_record", &id).await;
                decide(&app, decider, "reverse_record", &id).await;
            }
        }
    }

    // Wishes for households, two confirmed fulfilled (today), one only claimed.
    for (seq, (home, fulfil)) in [
        (&fukang_homes[0], true),
        (&fukang_homes[1], false),
        (&fukang_homes[1], true),
    ]
    .into_iter()
    .enumerate()
    {
        let seq = seq as u64 + 1;
        let key = format!("totals-claim-{seq}");
        wish_for_household(&app, &staff, &volunteers[0].0, home, (&key, seq), fulfil).await;
    }

    // Aid on past days; one gift taken back.
    let kept = give_aid(
        &app,
        &staff2,
        &anning_homes[0],
        NaiveDate::from_ymd_opt(2024, 1, 31).expect("a date"),
    )
    .await;
    let wrong = give_aid(
        &app,
        &staff2,
        &anning_homes[1],
        NaiveDate::from_ymd_opt(2024, 2, 1).expect("a date"),
    )
    .await;
    assert_ne!(kept, wrong);
    let res = call(
        &app,
        "reverse_aid",
        &[("aid", &wrong), ("reason", "重复登记")],
        Some(&staff2),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);

    let today = app::domain::clock::china_today(chrono::Utc::now());
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date");
    let mut periods: Vec<(NaiveDate, NaiveDate)> = vec![
        (date("2022-01-01"), date("2022-12-31")),
        (date("2023-01-01"), date("2023-12-31")),
        (date("2024-01-01"), date("2024-12-31")),
        (date("2022-03-15"), date("2024-02-10")),
        (date("2024-01-31"), date("2024-03-01")),
        (date("2024-02-01"), date("2024-02-29")),
        (date("2024-02-02"), date("2024-02-28")),
        (date("2022-01-01"), today),
        (today, today),
    ];
    for _ in 0..24 {
        let from = date("2021-12-01") + Days::new(dice.roll(1_850));
        let to = from + Days::new(dice.roll(900));
        periods.push((from, to.min(today)));
    }
    let mut compared = 0;
    for (from, to) in periods.into_iter().filter(|(f, t)| f <= t) {
        for (scope, token) in [
            (None, &admin),
            (Some(&fukang), &staff),
            (Some(&anning), &staff2),
        ] {
            let res = call(
                &app,
                "statistics",
                &[
                    ("input[from]", from.to_string().as_str()),
                    ("input[to]", &to.to_string()),
                    ("input[community]", ""),
                ],
                Some(token),
            )
            .await;
            assert_eq!(res.status, 200, "{}", res.body);
            let community = scope.map(|c: &String| CommunityId::new(c.clone()));
            let from_lines = app
                .store
                .statistics_from_lines(community.as_ref(), &Period { from, to })
                .await
                .expect("the statistics from the lines");
            let from_lines: Value = serde_json::to_value(&from_lines).expect("json");
            assert_eq!(
                res.body["statistics"], from_lines,
                "{from} to {to}, community {scope:?}"
            );
            compared += 1;
        }
    }
    assert!(compared >= 60, "{compared} periods compared");

    // The figures are not empty: the ledger above reaches the statistics.
    let all = call(
        &app,
        "statistics",
        &[
            ("input[from]", "2022-01-01"),
            ("input[to]", &today.to_string()),
            ("input[community]", ""),
        ],
        Some(&admin),
    )
    .await
    .body;
    assert!(
        all["statistics"]["volunteers_active"]
            .as_i64()
            .unwrap_or_default()
            >= 2,
        "{all}"
    );
    assert!(
        all["statistics"]["households_helped"]
            .as_i64()
            .unwrap_or_default()
            >= 2,
        "{all}"
    );
}
