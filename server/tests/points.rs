//! Points over HTTP: redemptions never overdraw, the admin's rule applies from then on, and the
//! sub-district's figures stay the sum of the passbooks.

use crate::common;

use common::{call, log_service, passbook, row, session, spawn_app};
use serde_json::json;

const LIU_FANG: &str = "13800010003";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redemptions_never_take_the_balance_below_zero() {
    let app = spawn_app().await;
    let volunteer = session(&app, LIU_FANG).await;
    let balance = {
        let b = passbook(&app, &volunteer).await;
        b["earned"].as_i64().unwrap_or_default() - b["spent"].as_i64().unwrap_or_default()
    };
    assert!(balance > 0, "the demo volunteer has verified hours");
    let too_much = format!("{}.{:02}", (balance + 1) / 100, (balance + 1) % 100);
    let res = call(
        &app,
        "request_redemption",
        &[("points", &too_much), ("item", "大米一袋")],
        Some(&volunteer),
    )
    .await;
    assert_eq!(res.body["Ledger"]["InsufficientPoints"]["balance"], balance);
    let all = format!("{}.{:02}", balance / 100, balance % 100);
    let res = call(
        &app,
        "request_redemption",
        &[("points", &all), ("item", "大米一袋")],
        Some(&volunteer),
    )
    .await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    let res = call(
        &app,
        "request_redemption",
        &[("points", "0.01"), ("item", "毛巾")],
        Some(&volunteer),
    )
    .await;
    assert_eq!(res.body["Ledger"]["InsufficientPoints"]["balance"], 0);
    let res = call(
        &app,
        "request_redemption",
        &[("points", "-5"), ("item", "毛巾")],
        Some(&volunteer),
    )
    .await;
    assert_eq!(res.body, json!({"Invalid": [{"Invalid": "Points"}]}));
    let book = passbook(&app, &volunteer).await;
    assert_eq!(book["earned"], book["spent"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_sets_the_points_rule_for_lines_verified_from_then_on() {
    let app = spawn_app().await;
    let volunteer = session(&app, LIU_FANG).await;
    let staff = session(&app, "staff1").await;
    let admin = session(&app, "admin").await;
    let before = passbook(&app, &volunteer).await;

    let res = call(&app, "set_points_rule", &[("per_hour", "2")], Some(&staff)).await;
    assert_eq!(res.body, json!("Forbidden"));
    let res = call(
        &app,
        "set_points_rule",
        &[("per_hour", "1000")],
        Some(&admin),
    )
    .await;
    assert_eq!(
        res.body,
        json!({"Invalid": [{"OutOfRange": {"field": "Points", "min": 0, "max": 100}}]})
    );
    let res = call(&app, "set_points_rule", &[("per_hour", "2")], Some(&admin)).await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    let rule = call(&app, "current_points_rule", &[], Some(&volunteer)).await;
    assert_eq!(rule.body["per_hour"], 200);

    let id = log_service(&app, &volunteer, "16:00", "17:00").await;
    call(
        &app,
        "verify_record",
        &[("id", id.as_str().unwrap_or_default())],
        Some(&staff),
    )
    .await;
    let book = passbook(&app, &volunteer).await;
    assert_eq!(row(&book, &id)["state"]["points"], 200);
    assert_eq!(
        book["earned"].as_i64(),
        before["earned"].as_i64().map(|e| e + 200),
        "earlier lines keep their points"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_still_equals_the_sum_of_the_lines_after_reversals() {
    use app::api::ports::Store;
    let app = spawn_app().await;
    let volunteer = session(&app, LIU_FANG).await;
    let staff = session(&app, "staff1").await;
    let id = log_service(&app, &volunteer, "10:00", "11:00").await;
    let id = id.as_str().unwrap_or_default().to_string();
    call(&app, "verify_record", &[("id", &id)], Some(&staff)).await;
    call(
        &app,
        "reverse_record",
        &[("id", &id), ("reason", "冲正")],
        Some(&staff),
    )
    .await;
    let overview = app.store.overview().await.expect("overview");
    let mut by_lines = 0;
    for login in [
        "13800010000",
        "13800010001",
        "13800010002",
        LIU_FANG,
        "13800010004",
        "13800010005",
        "13800010006",
        "13800010007",
        "13800010008",
        "13800010009",
        "13800010010",
        "13800010011",
    ] {
        let token = session(&app, login).await;
        by_lines += passbook(&app, &token).await["verified"]
            .as_i64()
            .unwrap_or_default();
    }
    assert_eq!(overview.total_verified().0, by_lines);
}
