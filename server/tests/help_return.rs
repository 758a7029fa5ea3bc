//! 回报, help in return: a depositor's request reserves hours of their passbook when posted (never
//! more than it holds), shows on the wall as such, is paid when staff verify a helper's service
//! for it, comes back when that service is reversed, and is released when withdrawn.

use crate::common;

use common::{call, decide, push_entry, session, spawn_app, today, TestApp};
use serde_json::{json, Value};

const LIU_FANG: &str = "13800010003"; // 福康社区, the depositor
const WANG: &str = "13800010000"; // 福康社区, the helper

fn refused_with(receipt: &Value, error: &str) {
    assert_eq!(receipt["outcome"], "refused", "{receipt}");
    assert!(receipt.to_string().contains(error), "{receipt}");
}

async fn time(app: &TestApp, token: &str) -> Value {
    let account = call(app, "my_time_account", &[], Some(token)).await;
    assert_eq!(account.status, 200, "{}", account.body);
    account.body
}

async fn verified(app: &TestApp, token: &str) -> i64 {
    let book = call(app, "my_passbook", &[], Some(token)).await;
    book.body["verified"].as_i64().expect("verified")
}

fn minutes(book: &Value, key: &str) -> i64 {
    book["time"][key].as_i64().unwrap_or_default()
}

fn available(book: &Value) -> i64 {
    minutes(book, "earned") - minutes(book, "paid") - minutes(book, "reserved")
}

fn request(id: &str, hours: &str) -> (String, Value) {
    (
        id.to_string(),
        json!({"poster": "刘芳", "need": "腿脚不便，想请人陪同去医院复查", "offer": "",
            "category": "community_help", "capacity": "1", "service": "", "household": "",
            "pay_hours": hours}),
    )
}

async fn approve(app: &TestApp, staff: &str, wish: &str) {
    let res = call(
        app,
        "decide_wish",
        &[("wish", wish), ("decision", "approve"), ("reason", "")],
        Some(staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_reserves_its_hours_and_a_verified_helper_pays_them() {
    let app = spawn_app().await;
    let liu = session(&app, LIU_FANG).await;
    let wang = session(&app, WANG).await;
    let staff = session(&app, "staff1").await;
    let start = time(&app, &liu).await;
    let free = available(&start);
    assert!(
        free >= 60,
        "刘芳 has verified demo hours: {}",
        start["time"]
    );

    // More than the passbook holds is refused, from the phone's outbox too.
    let hours = format!("{}", free / 60 + 1);
    let (id, body) = request("ask-too-much", &hours);
    refused_with(
        &push_entry(&app, &liu, &id, 1, "wish", body).await,
        "NotEnoughTime",
    );
    // One hour is reserved at once.
    let (wish, body) = request("ask-help", "1");
    let receipt = push_entry(&app, &liu, &wish, 2, "wish", body).await;
    assert_eq!(receipt["outcome"], "accepted", "{receipt}");
    let book = time(&app, &liu).await;
    assert_eq!(minutes(&book, "reserved"), 60);
    assert_eq!(available(&book), free - 60);
    assert_eq!(book["reservations"][0]["wish"], wish);
    // The passbook itself shows what is held back (the phone keeps it for offline use).
    let passbook = call(&app, "my_passbook", &[], Some(&liu)).await.body;
    assert_eq!(
        passbook["returns"][0]["kind"], "reserved",
        "{}",
        passbook["returns"]
    );
    assert_eq!(passbook["returns"][0]["minutes"], 60);

    // On the wall, once approved, it is marked as a depositor's request.
    approve(&app, &staff, &wish).await;
    let wall = call(&app, "community_wall", &[], Some(&wang)).await.body;
    let card = wall["cards"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == wish))
        .expect("on the wall");
    assert_eq!(card["pay"], 60);

    // 王建国 claims it, serves, staff verify: the hour is paid from 刘芳's passbook to nobody,
    // and 王建国 earns his own verified time as usual.
    let claimed = push_entry(&app, &wang, "claim-help", 1, "claim", json!({"wish": wish})).await;
    assert_eq!(claimed["outcome"], "accepted", "{claimed}");
    let wang_before = verified(&app, &wang).await;
    let served = call(
        &app,
        "record_service",
        &[
            ("input[date]", &today()),
            ("input[start]", "08:00"),
            ("input[end]", "10:00"),
            ("input[place]", "区中心医院"),
            ("input[content]", "陪同刘芳复查"),
            ("input[category]", "community_help"),
            ("input[beneficiary_kind]", "wish"),
            ("input[beneficiary]", &wish),
            ("input[witness_name]", "刘芳"),
            ("input[witness_phone]", "13800010003"),
        ],
        Some(&wang),
    )
    .await;
    assert_eq!(served.status, 200, "{}", served.body);
    let line = served.body.as_str().expect("line").to_string();
    decide(&app, &staff, "verify_record", &line).await;
    let book = time(&app, &liu).await;
    assert_eq!(
        (minutes(&book, "paid"), minutes(&book, "reserved")),
        (60, 0),
        "{}",
        book["time"]
    );
    assert_eq!(available(&book), free - 60);
    assert_eq!(book["returns"][0]["helper"], "王建国");
    assert_eq!(book["returns"][0]["refunded"], false);
    assert_eq!(
        book["time"]["earned"], start["time"]["earned"],
        "what she gave is unchanged: the certificate's hours stay hers"
    );
    let wang_after = verified(&app, &wang).await;
    assert_eq!(wang_after - wang_before, 120, "the helper's own two hours");
    // Both passbooks show the payment: the requester's as paid to the helper, the helper's on
    // the very line it paid for.
    let paid = call(&app, "my_passbook", &[], Some(&liu)).await.body;
    let notes = paid["returns"].as_array().expect("returns");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(
        (&notes[0]["kind"], &notes[0]["other"]),
        (&json!("paid"), &json!("王建国"))
    );
    let helped = call(&app, "my_passbook", &[], Some(&wang)).await.body;
    let notes = helped["returns"].as_array().expect("returns");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(
        (&notes[0]["kind"], &notes[0]["other"]),
        (&json!("helped"), &json!("刘芳"))
    );
    assert_eq!(notes[0]["line"], line.as_str());
    assert_eq!(notes[0]["minutes"], 60);

    // The line was wrong: reversed, the hour comes back and the open request holds it again.
    decide(&app, &staff, "reverse_record", &line).await;
    let book = time(&app, &liu).await;
    assert_eq!(
        (minutes(&book, "paid"), minutes(&book, "reserved")),
        (0, 60)
    );
    assert_eq!(book["returns"][0]["refunded"], true);

    // Withdrawn: nothing held back any more.
    let gone = push_entry(
        &app,
        &liu,
        "withdraw-help",
        3,
        "withdraw",
        json!({"wish": wish}),
    )
    .await;
    assert_eq!(gone["outcome"], "accepted", "{gone}");
    let book = time(&app, &liu).await;
    assert_eq!(minutes(&book, "reserved"), 0);
    assert_eq!(available(&book), free);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_together_never_take_the_balance_below_zero() {
    let app = spawn_app().await;
    let liu = session(&app, LIU_FANG).await;
    let staff = session(&app, "staff1").await;
    let free = available(&time(&app, &liu).await);
    let all = format!("{}{}", free / 60, if free % 60 >= 30 { ".5" } else { "" });
    let (first, body) = request("ask-all", &all);
    let receipt = push_entry(&app, &liu, &first, 1, "wish", body).await;
    assert_eq!(receipt["outcome"], "accepted", "{receipt}");
    let (second, body) = request("ask-more", "0.5");
    refused_with(
        &push_entry(&app, &liu, &second, 2, "wish", body).await,
        "NotEnoughTime",
    );
    // Declined by staff: the hours are free again, and the second request fits.
    let res = call(
        &app,
        "decide_wish",
        &[
            ("wish", &first),
            ("decision", "decline"),
            ("reason", "请到社区当面登记"),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let (third, body) = request("ask-again", "0.5");
    let receipt = push_entry(&app, &liu, &third, 3, "wish", body).await;
    assert_eq!(receipt["outcome"], "accepted", "{receipt}");

    // Hours are half hours within the range; the office posts for others and pays nothing.
    let (bad, body) = request("ask-odd", "1.2");
    let receipt = push_entry(&app, &liu, &bad, 4, "wish", body).await;
    assert_eq!(receipt["outcome"], "quarantined", "{receipt}");
    let office = call(
        &app,
        "post_wish",
        &[
            ("input[poster]", "福康社区居委会"),
            ("input[need]", "周末帮忙整理活动室"),
            ("input[category]", "community_help"),
            ("input[pay_hours]", "1"),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(office.status, 422, "{}", office.body);
    assert!(office.body.to_string().contains("Pay"), "{}", office.body);
}
