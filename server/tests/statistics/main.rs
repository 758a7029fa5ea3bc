//! Every statistic against figures computed by hand on a fixed data set: lines dated in 2023
//! and 2024 (the demo data lives in the last weeks, so those years hold only what this test
//! writes), then this year's wishes counted before and after.

use crate::common;

mod this_year;

use common::{
    call, decide, fukang_helped, push_entry, record_line as line, session, spawn_app, today,
    wish_for_household, TestApp,
};
use serde_json::{json, Value};

const LIU_FANG: &str = "13800010003"; // 福康社区
const CHEN: &str = "13800010006"; // 福康社区
const ANNING: &str = "13800010001"; // 安宁社区

async fn household(app: &TestApp, staff: &str, head: &str) -> String {
    let res = call(
        app,
        "register_household",
        &[
            ("input[head]", head),
            ("input[address]", "社区 1号楼"),
            ("input[members]", "1"),
            ("input[hardship_type]", "独居老人"),
            ("input[needs]", "上门探望"),
        ],
        Some(staff),
    )
    .await;
    res.body.as_str().expect("household").to_string()
}

async fn stats(app: &TestApp, token: &str, from: &str, to: &str, community: &str) -> Value {
    let res = call(
        app,
        "statistics",
        &[
            ("input[from]", from),
            ("input[to]", to),
            ("input[community]", community),
        ],
        Some(token),
    )
    .await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    res.body["statistics"].clone()
}

fn minutes(shares: &Value) -> Vec<(String, i64, i64)> {
    shares
        .as_array()
        .expect("shares")
        .iter()
        .map(|s| {
            (
                s["label"].as_str().unwrap_or_default().to_string(),
                s["minutes"].as_i64().unwrap_or_default(),
                s["lines"].as_i64().unwrap_or_default(),
            )
        })
        .collect()
}

fn total(shares: &Value) -> i64 {
    minutes(shares).iter().map(|(_, m, _)| m).sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_statistic_matches_the_hand_count() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let staff2 = session(&app, "staff2").await;
    let admin = session(&app, "admin").await;
    let (liu, chen, anning) = (
        session(&app, LIU_FANG).await,
        session(&app, CHEN).await,
        session(&app, ANNING).await,
    );
    let h1 = household(&app, &staff, "统计户一").await;
    let h2 = household(&app, &staff2, "统计户二").await;

    // 福康社区, 2024: a (120, tutoring, h1) and b (90, community help, h1) verified; c (60) verified
    // (and reversed later: the reversal is booked on the day of the correction, so 2024 keeps
    // what was reported for it); d (120, environment) verified; e rejected; f pending.
    let a = line(
        &app,
        &liu,
        "2024-03-05",
        ("09:00", "11:00"),
        "tutoring",
        Some(&h1),
    )
    .await;
    let b = line(
        &app,
        &liu,
        "2024-03-20",
        ("14:00", "15:30"),
        "community_help",
        Some(&h1),
    )
    .await;
    let c = line(
        &app,
        &chen,
        "2024-07-01",
        ("08:00", "09:00"),
        "tutoring",
        Some(&h1),
    )
    .await;
    let d = line(
        &app,
        &chen,
        "2024-07-02",
        ("08:00", "10:00"),
        "environment",
        None,
    )
    .await;
    let e = line(
        &app,
        &chen,
        "2024-08-01",
        ("10:00", "10:30"),
        "tutoring",
        Some(&h1),
    )
    .await;
    line(
        &app,
        &liu,
        "2024-09-09",
        ("10:00", "10:45"),
        "tutoring",
        Some(&h1),
    )
    .await;
    // 安宁社区, 2024: g (60, health, h2) verified. 福康社区, 2023: h (60) verified.
    let g = line(
        &app,
        &anning,
        "2024-05-05",
        ("09:00", "10:00"),
        "health",
        Some(&h2),
    )
    .await;
    let h = line(
        &app,
        &liu,
        "2023-12-31",
        ("09:00", "10:00"),
        "tutoring",
        None,
    )
    .await;
    for id in [&a, &b, &c, &d, &h] {
        decide(&app, &staff, "verify_record", id).await;
    }
    decide(&app, &staff2, "verify_record", &g).await;
    decide(&app, &staff, "reject_record", &e).await;
    let this_year = total(&stats(&app, &staff, "", "", "").await["by_category"]);
    decide(&app, &staff, "reverse_record", &c).await;
    assert_eq!(
        total(&stats(&app, &staff, "", "", "").await["by_category"]),
        this_year - 60,
        "the correction counts on its own date"
    );
    let agreement = common::call_json(
        &app,
        "make_agreement",
        json!({"input": {"household": h1, "pairing": "one_on_one", "content": "每周探望",
            "frequency": "weekly", "volunteers": [call(&app, "who_am_i", &[], Some(&liu)).await.body["person"]],
            "start": "2024-01-01", "end": "2024-06-30"}}),
        Some(&staff),
    )
    .await;
    assert_eq!(agreement.status, 200, "{:?}", agreement.body);

    let st = stats(&app, &staff, "2024-01-01", "2024-12-31", "").await;
    assert_eq!(st["community"], "福康社区");
    assert_eq!(
        minutes(&st["by_category"]),
        [
            ("义务家教".to_string(), 180, 2),
            ("社区环保".to_string(), 120, 1),
            ("社区帮困".to_string(), 90, 1)
        ],
        "verified lines only: the rejected and the pending are not counted"
    );
    let months = minutes(&st["by_month"]);
    assert_eq!(months.len(), 12, "every month of the year, quiet ones too");
    assert_eq!(months[2], ("2024-03".to_string(), 210, 2));
    assert_eq!(months[6], ("2024-07".to_string(), 180, 2));
    assert_eq!(
        minutes(&st["by_community"]),
        [("福康社区".to_string(), 390, 4)]
    );
    for shares in ["by_category", "by_month", "by_community"] {
        assert_eq!(
            total(&st[shares]),
            390,
            "{shares} adds up to the verified time"
        );
    }
    assert_eq!(st["volunteers_active"], 2, "刘芳 and 陈");
    assert_eq!(
        st["households_helped"], 1,
        "h1 had verified help, the rejected and pending do not count"
    );
    assert_eq!(
        st["volunteers_registered"], 0,
        "the demo volunteers joined after 2024"
    );
    assert_eq!(st["volunteers_joined"], 0);
    assert_eq!(
        (
            st["pairings_one_on_one"].clone(),
            st["pairings_many_on_one"].clone()
        ),
        (json!(1), json!(0))
    );
    assert_eq!(
        (
            st["wishes_posted"].clone(),
            st["wishes_claimed"].clone(),
            st["wishes_fulfilled"].clone()
        ),
        (json!(0), json!(0), json!(0))
    );

    // By 政治面貌: 刘芳 and 赵磊 are both 共青团员; every status is listed, the empty ones too.
    let political = |st: &Value| -> Vec<(String, i64, i64, i64)> {
        st["by_political"]
            .as_array()
            .expect("by_political")
            .iter()
            .map(|p| {
                (
                    p["status"].as_str().unwrap_or_default().to_string(),
                    p["registered"].as_i64().unwrap_or_default(),
                    p["active"].as_i64().unwrap_or_default(),
                    p["minutes"].as_i64().unwrap_or_default(),
                )
            })
            .collect()
    };
    let by_status = political(&st);
    assert_eq!(by_status.len(), 6, "{by_status:?}");
    assert_eq!(by_status[2], ("共青团员".to_string(), 0, 2, 390));
    assert_eq!(
        by_status.iter().map(|p| p.3).sum::<i64>(),
        390,
        "every verified minute is under one status"
    );

    // Half a year: only March's lines.
    let spring = stats(&app, &staff, "2024-01-01", "2024-06-30", "").await;
    assert_eq!(total(&spring["by_category"]), 210);
    assert_eq!(spring["volunteers_active"], 1);

    // The admin, all communities; and one community named.
    let all = stats(&app, &admin, "2024-01-01", "2024-12-31", "").await;
    assert_eq!(all["community"], Value::Null);
    assert_eq!(
        minutes(&all["by_community"]),
        [
            ("福康社区".to_string(), 390, 4),
            ("安宁社区".to_string(), 60, 1)
        ]
    );
    assert_eq!(total(&all["by_category"]), 450);
    let all_by_status = political(&all);
    assert_eq!(
        all_by_status[0],
        ("中共党员".to_string(), 0, 1, 60),
        "李秀英 of 安宁社区"
    );
    assert_eq!(all_by_status[2].3, 390);
    // This year, everyone registered is under their status: the parts add up to the whole.
    let now = stats(&app, &admin, "", "", "").await;
    assert_eq!(
        political(&now).iter().map(|p| p.1).sum::<i64>(),
        now["volunteers_registered"].as_i64().expect("registered"),
    );
    assert_eq!(
        political(&now)[0].1,
        4,
        "王建国, 李秀英, 周强 and 徐刚 are party members"
    );
    assert_eq!(all["households_helped"], 2);
    assert_eq!(all["volunteers_active"], 3);
    let fukang = call(&app, "who_am_i", &[], Some(&staff)).await.body["community"].clone();
    let named = stats(
        &app,
        &admin,
        "2024-01-01",
        "2024-12-31",
        fukang.as_str().unwrap_or_default(),
    )
    .await;
    assert_eq!(total(&named["by_category"]), 390);

    // Yearly figures: 2023 and 2024 exactly, and each year equals the year's statistics.
    let years = st["yearly"].as_array().expect("yearly").clone();
    let year = |y: i64| {
        years
            .iter()
            .find(|r| r["year"] == y)
            .cloned()
            .expect("year present")
    };
    assert_eq!(
        year(2023),
        json!({"year": 2023, "volunteers_active": 1, "households_helped": 0, "wishes_fulfilled": 0, "hours": 60})
    );
    assert_eq!(
        year(2024),
        json!({"year": 2024, "volunteers_active": 2, "households_helped": 1, "wishes_fulfilled": 0, "hours": 390})
    );

    // Staff never see another community's figures.
    let anning_id = call(&app, "who_am_i", &[], Some(&staff2)).await.body["community"].clone();
    let refused = call(
        &app,
        "statistics",
        &[("input[community]", anning_id.as_str().unwrap_or_default())],
        Some(&staff),
    )
    .await;
    assert_eq!(refused.body, "Forbidden");
    let bad = call(
        &app,
        "statistics",
        &[("input[from]", "2024-05-01"), ("input[to]", "2024-04-01")],
        Some(&staff),
    )
    .await;
    assert_eq!(bad.status, 422, "{:?}", bad.body);
}
