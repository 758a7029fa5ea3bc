//! The ledger over HTTP: logging, verifying, rejecting, reversing, redeeming, the points rule,
//! opening accounts. Demo data: 刘芳 (13800010003) volunteers in 福康社区, whose staff is staff1;
//! staff2 works in 安宁社区.

use crate::common;

use common::{call, log_service, passbook, row, session, spawn_app};
use serde_json::json;

const LIU_FANG: &str = "13800010003";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logged_service_is_pending_until_staff_of_its_community_verify_it() {
    let app = spawn_app().await;
    let volunteer = session(&app, LIU_FANG).await;
    let before = passbook(&app, &volunteer).await;

    let id = log_service(&app, &volunteer, "09:00", "10:30").await;
    assert!(id.is_string(), "{id:?}");
    let book = passbook(&app, &volunteer).await;
    assert_eq!(row(&book, &id)["state"]["state"], "pending");
    assert_eq!(
        book["pending"].as_i64(),
        before["pending"].as_i64().map(|p| p + 90)
    );
    assert_eq!(
        book["verified"], before["verified"],
        "pending hours do not count"
    );

    let other_staff = session(&app, "staff2").await;
    let res = call(
        &app,
        "verify_record",
        &[("id", id.as_str().unwrap_or_default())],
        Some(&other_staff),
    )
    .await;
    assert_eq!(res.body, json!({"Ledger": "OtherCommunity"}));
    let res = call(
        &app,
        "verify_record",
        &[("id", id.as_str().unwrap_or_default())],
        Some(&volunteer),
    )
    .await;
    assert_eq!(res.body, json!("Forbidden"), "a volunteer never verifies");

    let staff = session(&app, "staff1").await;
    let res = call(
        &app,
        "verify_record",
        &[("id", id.as_str().unwrap_or_default())],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    let book = passbook(&app, &volunteer).await;
    let line = row(&book, &id);
    assert_eq!(line["state"]["state"], "verified");
    assert_eq!(
        line["state"]["points"], 150,
        "1 point an hour, in hundredths"
    );
    assert_eq!(
        book["verified"].as_i64(),
        before["verified"].as_i64().map(|v| v + 90)
    );
    assert_eq!(
        book["earned"].as_i64(),
        before["earned"].as_i64().map(|v| v + 150)
    );
    let last = book["rows"]
        .as_array()
        .and_then(|r| r.last())
        .expect("rows");
    assert_eq!(
        last["cumulative"], book["verified"],
        "the cumulative duration runs to the total"
    );

    let again = call(
        &app,
        "verify_record",
        &[("id", id.as_str().unwrap_or_default())],
        Some(&staff),
    )
    .await;
    assert_eq!(again.body, json!({"Ledger": "AlreadyDecided"}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_every_field_error_and_saves_nothing() {
    let app = spawn_app().await;
    let volunteer = session(&app, LIU_FANG).await;
    let before = passbook(&app, &volunteer).await;
    let res = call(
        &app,
        "record_service",
        &[
            ("input[date]", "2026-02-30"),
            ("input[start]", "10:00"),
            ("input[end]", "09:00"),
            ("input[place]", ""),
            ("input[content]", "<script>alert(1)</script>"),
            ("input[category]", "cooking"),
            ("input[witness_name]", "某人"),
        ],
        Some(&volunteer),
    )
    .await;
    let errors = res.body["Invalid"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{:?}", res.body));
    let expected = [
        json!({"Invalid": "Date"}),
        json!("EndNotAfterStart"),
        json!({"Required": "Place"}),
        json!({"Invalid": "Category"}),
        json!({"Required": "WitnessPhone"}),
    ];
    for e in expected {
        assert!(errors.contains(&e), "{e} missing from {errors:?}");
    }
    assert_eq!(
        passbook(&app, &volunteer).await,
        before,
        "nothing was saved"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_line_stays_with_its_reason_and_markup_is_kept_as_text() {
    let app = spawn_app().await;
    let volunteer = session(&app, LIU_FANG).await;
    let staff = session(&app, "staff1").await;
    let id = log_service(&app, &volunteer, "14:00", "15:00").await;
    let id = id.as_str().unwrap_or_default();
    let empty = call(
        &app,
        "reject_record",
        &[("id", id), ("reason", "  ")],
        Some(&staff),
    )
    .await;
    assert_eq!(empty.body, json!({"Invalid": [{"Required": "Reason"}]}));
    let reason = "见证人电话打不通 <b>请补充</b>";
    let res = call(
        &app,
        "reject_record",
        &[("id", id), ("reason", reason)],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    let book = passbook(&app, &volunteer).await;
    let line = row(&book, &json!(id));
    assert_eq!(line["state"]["state"], "rejected");
    assert_eq!(line["state"]["reason"], reason);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_correction_is_a_reversal_line_and_both_lines_stay() {
    let app = spawn_app().await;
    let volunteer = session(&app, LIU_FANG).await;
    let staff = session(&app, "staff1").await;
    let id = log_service(&app, &volunteer, "08:00", "12:00").await;
    let id = id.as_str().unwrap_or_default().to_string();
    call(&app, "verify_record", &[("id", &id)], Some(&staff)).await;
    let verified = passbook(&app, &volunteer).await;

    let pending_one = log_service(&app, &volunteer, "13:00", "13:30").await;
    let res = call(
        &app,
        "reverse_record",
        &[
            ("id", pending_one.as_str().unwrap_or_default()),
            ("reason", "录入错误"),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(res.body, json!({"Ledger": "NotVerified"}));

    let res = call(
        &app,
        "reverse_record",
        &[("id", &id), ("reason", "重复登记，冲正")],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    let reversal = res.body.clone();
    let book = passbook(&app, &volunteer).await;
    assert_eq!(
        row(&book, &json!(id))["state"]["state"],
        "verified",
        "the original stays"
    );
    let back = row(&book, &reversal);
    assert_eq!(back["line"]["kind"]["kind"], "reversal");
    assert_eq!(back["line"]["kind"]["of"], json!(id));
    assert_eq!(back["line"]["minutes"], -240);
    assert_eq!(back["state"]["points"], -400);
    assert_eq!(
        book["verified"].as_i64(),
        verified["verified"].as_i64().map(|v| v - 240)
    );
    assert_eq!(
        book["earned"].as_i64(),
        verified["earned"].as_i64().map(|v| v - 400)
    );

    let twice = call(
        &app,
        "reverse_record",
        &[("id", &id), ("reason", "再次冲正")],
        Some(&staff),
    )
    .await;
    assert_eq!(twice.body, json!({"Ledger": "AlreadyReversed"}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_dates_and_missing_witnesses_reach_the_queue_flagged_not_dropped() {
    let app = spawn_app().await;
    let volunteer = session(&app, LIU_FANG).await;
    let future = (app::domain::clock::china_today(chrono::Utc::now()) + chrono::Duration::days(10))
        .to_string();
    let res = call(
        &app,
        "record_service",
        &[
            ("input[date]", &future),
            ("input[start]", "09:00"),
            ("input[end]", "09:45"),
            ("input[place]", "社区广场"),
            ("input[content]", "捡拾垃圾"),
            ("input[category]", "environment"),
        ],
        Some(&volunteer),
    )
    .await;
    assert_eq!(res.status, 200, "accepted, not refused: {:?}", res.body);
    let staff = session(&app, "staff1").await;
    let queue = common::queue_items(&app, &staff).await;
    let entry = queue
        .as_array()
        .and_then(|q| q.iter().find(|e| e["row"]["line"]["id"] == res.body))
        .expect("in the queue");
    assert_eq!(entry["volunteer_name"], "刘芳");
    assert_eq!(
        entry["row"]["line"]["flags"],
        json!(["future_date", "no_witness"])
    );
    // Other communities' staff do not see it.
    let other = session(&app, "staff2").await;
    let queue = common::queue_items(&app, &other).await;
    assert!(queue
        .as_array()
        .is_some_and(|q| q.iter().all(|e| e["row"]["line"]["id"] != res.body)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_passbook_stamp_moves_with_every_change_and_only_then() {
    let app = spawn_app().await;
    let volunteer = session(&app, "13800010003").await;
    let stamp = |token: String| {
        let app = &app;
        async move {
            let res = call(app, "passbook_stamp", &[], Some(&token)).await;
            assert_eq!(res.status, 200, "{:?}", res.body);
            res.body.as_str().expect("text").to_string()
        }
    };
    let first = stamp(volunteer.clone()).await;
    assert_eq!(stamp(volunteer.clone()).await, first, "nothing changed");
    let line = log_service(&app, &volunteer, "07:00", "08:00").await;
    let logged = stamp(volunteer.clone()).await;
    assert_ne!(logged, first, "a new line");
    let staff = session(&app, "staff1").await;
    let verified = call(
        &app,
        "verify_record",
        &[("id", line.as_str().unwrap_or_default())],
        Some(&staff),
    )
    .await;
    assert_eq!(verified.status, 200, "{:?}", verified.body);
    let decided = stamp(volunteer.clone()).await;
    assert_ne!(decided, logged, "a decision");
    let redeemed = call(
        &app,
        "request_redemption",
        &[("points", "0.5"), ("item", "毛巾")],
        Some(&volunteer),
    )
    .await;
    assert_eq!(redeemed.status, 200, "{:?}", redeemed.body);
    let redeemed = stamp(volunteer.clone()).await;
    assert_ne!(redeemed, decided, "a redemption");
    // A category staff add (or retire) reaches phones with the same stamp.
    let added = call(
        &app,
        "add_category",
        &[
            ("code", "haircut"),
            ("name_zh", "义务理发"),
            ("name_en", "Haircuts"),
            ("icon", "💇"),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(added.status, 200, "{:?}", added.body);
    let with_category = stamp(volunteer.clone()).await;
    assert_ne!(with_category, redeemed, "a new category");
    call(
        &app,
        "retire_category",
        &[("code", "haircut"), ("retired", "true")],
        Some(&staff),
    )
    .await;
    assert_ne!(
        stamp(volunteer.clone()).await,
        with_category,
        "a retired category"
    );
}
