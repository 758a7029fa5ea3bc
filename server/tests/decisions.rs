//! Staff decisions captured at the office without a network (entry kind `decision`): applied at
//! the sync by the same rules as the online buttons, refusals kept as receipts.

use crate::common;

use common::{log_service, passbook, push_entry, row, session, spawn_app, TestApp};
use serde_json::{json, Value};

async fn push_decision(app: &TestApp, token: &str, id: &str, seq: u64, body: Value) -> Value {
    push_entry(app, token, id, seq, "decision", body).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decisions_made_offline_apply_with_the_online_rules() {
    let app = spawn_app().await;
    let volunteer = session(&app, "13800010003").await; // 福康社区
    let staff = session(&app, "staff1").await; // 福康社区
    let other = session(&app, "staff2").await; // 安宁社区
    let first = log_service(&app, &volunteer, "08:00", "09:00").await;
    let second = log_service(&app, &volunteer, "10:00", "11:00").await;
    let (first, second) = (
        first.as_str().expect("id").to_string(),
        second.as_str().expect("id").to_string(),
    );

    // Another community's staff: refused by the ledger rule, kept as a receipt.
    let refused = push_decision(
        &app,
        &other,
        "d-other",
        1,
        json!({"line": first, "verdict": "verify"}),
    )
    .await;
    assert!(refused.to_string().contains("OtherCommunity"), "{refused}");
    // A volunteer cannot decide.
    let volunteer_says = push_decision(
        &app,
        &volunteer,
        "d-vol",
        1,
        json!({"line": first, "verdict": "verify"}),
    )
    .await;
    assert!(
        volunteer_says.to_string().contains("Forbidden"),
        "{volunteer_says}"
    );
    // A rejection without a reason never applies.
    let bare = push_decision(
        &app,
        &staff,
        "d-bare",
        1,
        json!({"line": second, "verdict": "reject"}),
    )
    .await;
    assert_eq!(bare["outcome"], "quarantined", "{bare}");

    let verified = push_decision(
        &app,
        &staff,
        "d-1",
        2,
        json!({"line": first, "verdict": "verify"}),
    )
    .await;
    assert_eq!(verified["outcome"], "accepted", "{verified}");
    let rejected = push_decision(
        &app,
        &staff,
        "d-2",
        3,
        json!({"line": second, "verdict": "reject", "reason": "时间与另一条重复"}),
    )
    .await;
    assert_eq!(rejected["outcome"], "accepted", "{rejected}");
    // A second decision on a decided line: refused, as online.
    let twice = push_decision(
        &app,
        &staff,
        "d-3",
        4,
        json!({"line": first, "verdict": "reject", "reason": "x"}),
    )
    .await;
    assert!(twice.to_string().contains("AlreadyDecided"), "{twice}");

    let book = passbook(&app, &volunteer).await;
    let (a, b) = (row(&book, &json!(first)), row(&book, &json!(second)));
    assert_eq!(a["state"]["state"], "verified", "{a}");
    assert_eq!(b["state"]["state"], "rejected", "{b}");
    let queue = common::queue_items(&app, &staff).await.to_string();
    assert!(!queue.contains(&first) && !queue.contains(&second));
}
