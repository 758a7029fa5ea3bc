//! The ledger over HTTP: logging, verifying, rejecting, reversing, redeeming, the points rule,
//! opening accounts. Demo data: 刘芳 (13800010003) volunteers in 福康社区, whose staff is staff1;
//! staff2 works in 安宁社区.

mod common;

use common::{call, session, sign_in, spawn_app, TestApp};
use serde_json::{json, Value};

const LIU_FANG: &str = "13800010003";

fn today() -> String {
    app::domain::clock::china_today(chrono::Utc::now()).to_string()
}

async fn log_service(app: &TestApp, token: &str, start: &str, end: &str) -> Value {
    let date = today();
    let res = call(
        app,
        "record_service",
        &[
            ("input[date]", &date),
            ("input[start]", start),
            ("input[end]", end),
            ("input[place]", "福康社区 7号楼"),
            ("input[content]", "辅导初二数学"),
            ("input[category]", "tutoring"),
            ("input[beneficiary_kind]", "named"),
            ("input[beneficiary]", "何小明"),
            ("input[witness_name]", "何志明"),
            ("input[witness_phone]", "13900020001"),
        ],
        Some(token),
    )
    .await;
    res.body
}

async fn passbook(app: &TestApp, token: &str) -> Value {
    call(app, "my_passbook", &[], Some(token)).await.body
}

fn row<'a>(book: &'a Value, id: &Value) -> &'a Value {
    book["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["line"]["id"] == *id))
        .expect("the line is in the passbook")
}

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
async fn staff_open_accounts_in_their_community_and_reset_forgotten_passwords() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let form = |phone: &'static str| {
        vec![
            ("file[name]", "周晓梅"),
            ("file[gender]", "female"),
            ("file[birth_year]", "1985"),
            ("file[political_status]", "群众"),
            ("file[phone]", phone),
            ("file[skills]", "理发"),
            ("file[preferences][0]", "community_help"),
            ("password", "first-password"),
        ]
    };
    let res = call(&app, "open_account", &form("13700001234"), Some(&staff)).await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    let person = res.body.as_str().unwrap_or_default().to_string();
    let me = sign_in(&app, "13700001234", "first-password").await;
    assert_eq!(me.body["community_name"], "福康社区");
    assert_eq!(me.body["role"], "volunteer");

    let again = call(&app, "open_account", &form("137 0000 1234"), Some(&staff)).await;
    assert_eq!(again.body, json!({"Invalid": [{"Taken": "Phone"}]}));
    let volunteer = session(&app, LIU_FANG).await;
    let res = call(&app, "open_account", &form("13700005678"), Some(&volunteer)).await;
    assert_eq!(res.body, json!("Forbidden"));

    let other_staff = session(&app, "staff2").await;
    let res = call(
        &app,
        "reset_password",
        &[("person", &person), ("new", "second-password")],
        Some(&other_staff),
    )
    .await;
    assert_eq!(
        res.body,
        json!("Forbidden"),
        "staff manage only their community"
    );
    let res = call(
        &app,
        "reset_password",
        &[("person", &person), ("new", "second-password")],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    assert_eq!(
        sign_in(&app, "13700001234", "first-password").await.body,
        json!("SignInFailed")
    );
    assert_eq!(
        sign_in(&app, "13700001234", "second-password").await.status,
        200
    );
}

#[tokio::test]
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

#[tokio::test]
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
    let queue = call(&app, "verification_queue", &[], Some(&staff))
        .await
        .body;
    let entry = queue
        .as_array()
        .and_then(|q| q.iter().find(|e| e[1]["line"]["id"] == res.body))
        .expect("in the queue");
    assert_eq!(entry[0], "刘芳");
    assert_eq!(
        entry[1]["line"]["flags"],
        json!(["future_date", "no_witness"])
    );
    // Other communities' staff do not see it.
    let other = session(&app, "staff2").await;
    let queue = call(&app, "verification_queue", &[], Some(&other))
        .await
        .body;
    assert!(queue
        .as_array()
        .is_some_and(|q| q.iter().all(|e| e[1]["line"]["id"] != res.body)));
}

#[tokio::test]
async fn staff_add_categories_that_volunteers_can_then_log() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let args = [
        ("code", "elder_meals"),
        ("name_zh", "助餐服务"),
        ("name_en", "Meals for the elderly"),
        ("icon", "🍲"),
    ];
    assert_eq!(
        call(&app, "add_category", &args, Some(&staff)).await.status,
        200
    );
    let again = call(&app, "add_category", &args, Some(&staff)).await;
    assert_eq!(again.body, json!({"Invalid": [{"Taken": "Category"}]}));
    let list = call(&app, "categories", &[], None).await.body;
    let codes: Vec<&str> = list
        .as_array()
        .map(|l| l.iter().filter_map(|c| c["code"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(codes.len(), 9);
    assert_eq!(codes[8], "elder_meals", "added after the eight");
}
