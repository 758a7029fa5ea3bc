//! Self-organised activities (自主活动): a volunteer proposes one from the phone (an outbox entry),
//! staff approve it before it happens or decline it with a reason, the community's volunteers see
//! it as an invitation and join from their phones, and staff close it with the attendance — the
//! organiser is the witness on every attendee's line.

use crate::common;

use common::{call, push_entry, queue_items, session, spawn_app, TestApp};
use serde_json::{json, Value};

const LIU_FANG: &str = "13800010003"; // 福康社区, the organiser
const WANG: &str = "13800010000"; // 福康社区
const ANNING: &str = "13800010001"; // 安宁社区

fn day(offset_days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8 + 24 * offset_days))
        .date_naive()
        .to_string()
}

fn proposal(title: &str, date: &str) -> Value {
    json!({"title": title, "date": date, "start": "09:00", "end": "10:30",
        "place": "福康社区3号楼院", "category": "environment",
        "content": "邀请本楼院的志愿者一起清扫落叶"})
}

fn refused_with(receipt: &Value, error: &str) {
    assert_eq!(receipt["outcome"], "refused", "{receipt}");
    assert!(receipt.to_string().contains(error), "{receipt}");
}

async fn office_view(app: &TestApp, staff: &str, id: &str) -> Value {
    let list = call(app, "activities", &[], Some(staff)).await;
    assert_eq!(list.status, 200, "{}", list.body);
    list.body
        .as_array()
        .and_then(|all| all.iter().find(|a| a["id"] == id).cloned())
        .unwrap_or(Value::Null)
}

async fn invitation(app: &TestApp, token: &str, id: &str) -> Option<Value> {
    let list = call(app, "activity_invitations", &[], Some(token)).await;
    assert_eq!(list.status, 200, "{}", list.body);
    list.body
        .as_array()
        .and_then(|all| all.iter().find(|i| i["activity"]["id"] == id).cloned())
}

async fn review(app: &TestApp, staff: &str, id: &str, approve: bool, reason: &str) -> Value {
    let approve = approve.to_string();
    let res = call(
        app,
        "review_activity",
        &[("activity", id), ("approve", &approve), ("reason", reason)],
        Some(staff),
    )
    .await;
    json!({"status": res.status, "body": res.body})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proposal_is_approved_joined_and_closed_with_the_organiser_as_witness() {
    let app = spawn_app().await;
    let (liu, wang) = (session(&app, LIU_FANG).await, session(&app, WANG).await);
    let anning = session(&app, ANNING).await;
    let (staff, staff2) = (session(&app, "staff1").await, session(&app, "staff2").await);
    let id = "019d0000-0000-7000-8000-00000000ac01";

    let receipt = push_entry(
        &app,
        &liu,
        id,
        1,
        "propose",
        proposal("3号楼院落清扫", &day(1)),
    )
    .await;
    assert_eq!(receipt["outcome"], "accepted", "{receipt}");
    // The same entry again (a retried sync) changes nothing.
    let again = push_entry(
        &app,
        &liu,
        id,
        1,
        "propose",
        proposal("3号楼院落清扫", &day(1)),
    )
    .await;
    assert_eq!(again["outcome"], "accepted", "{again}");

    let proposed = office_view(&app, &staff, id).await;
    assert_eq!(proposed["status"], "proposed", "{proposed}");
    assert_eq!(proposed["kind"], "self_organised");
    assert_eq!(proposed["proposed_by"][1], "刘芳");
    assert!(
        proposed["witness"]
            .as_str()
            .expect("a witness")
            .starts_with("刘芳 "),
        "{proposed}"
    );
    assert_eq!(proposed["attendees"].as_array().map(Vec::len), Some(1));

    // Not an invitation before staff approve; the proposer sees it as theirs.
    assert!(invitation(&app, &wang, id).await.is_none());
    let mine = invitation(&app, &liu, id)
        .await
        .expect("the proposer's own");
    assert_eq!(
        (mine["mine"].as_bool(), mine["joined"].as_bool()),
        (Some(true), Some(true))
    );
    let early = push_entry(
        &app,
        &wang,
        "join-early",
        1,
        "join",
        json!({"activity": id}),
    )
    .await;
    refused_with(&early, "NotApproved");
    let closing = call(&app, "close_activity", &[("activity", id)], Some(&staff)).await;
    assert!(
        closing.body.to_string().contains("NotApproved"),
        "{}",
        closing.body
    );

    // Another community's staff cannot see it; its own approve it, once.
    let other = review(&app, &staff2, id, true, "").await;
    assert_eq!(other["body"], "NotFound", "{other}");
    let approved = review(&app, &staff, id, true, "").await;
    assert_eq!(approved["status"], 200, "{approved}");
    let twice = review(&app, &staff, id, false, "重复").await;
    assert!(twice.to_string().contains("AlreadyReviewed"), "{twice}");

    // Now every volunteer of 福康 is invited; joining twice is joining once; 安宁 is not invited.
    let invited = invitation(&app, &wang, id).await.expect("invited");
    assert_eq!(invited["joined"], false);
    for seq in [2, 3] {
        let joined = push_entry(
            &app,
            &wang,
            &format!("join-{seq}"),
            seq,
            "join",
            json!({"activity": id}),
        )
        .await;
        assert_eq!(joined["outcome"], "accepted", "{joined}");
    }
    assert_eq!(
        invitation(&app, &wang, id).await.expect("invited")["joined"],
        true
    );
    assert!(invitation(&app, &anning, id).await.is_none());
    let stranger = push_entry(
        &app,
        &anning,
        "join-anning",
        1,
        "join",
        json!({"activity": id}),
    )
    .await;
    refused_with(&stranger, "NotFound");

    // Closed by staff: one pending line each, witnessed by the organiser.
    let closed = call(&app, "close_activity", &[("activity", id)], Some(&staff)).await;
    assert_eq!(
        (closed.status, closed.body.clone()),
        (200, json!(2)),
        "{}",
        closed.body
    );
    let queue = queue_items(&app, &staff).await;
    let lines: Vec<&Value> = queue
        .as_array()
        .expect("queue")
        .iter()
        .filter(|q| q["row"]["line"]["entry"]["beneficiary"]["id"] == id)
        .collect();
    assert_eq!(lines.len(), 2, "{queue}");
    for line in &lines {
        let witness = &line["row"]["line"]["entry"]["witness"];
        assert_eq!(witness["name"], "刘芳", "{line}");
        assert_eq!(line["row"]["line"]["minutes"], 90);
    }
    let late = push_entry(&app, &wang, "join-late", 4, "join", json!({"activity": id})).await;
    refused_with(&late, "AlreadyClosed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declined_or_late_or_malformed_proposal_never_takes_place() {
    let app = spawn_app().await;
    let (liu, wang) = (session(&app, LIU_FANG).await, session(&app, WANG).await);
    let staff = session(&app, "staff1").await;

    // A day that has passed: staff could not approve it before it happened.
    let late = push_entry(
        &app,
        &liu,
        "019d0000-0000-7000-8000-00000000ac02",
        1,
        "propose",
        proposal("补办活动", &day(-1)),
    )
    .await;
    refused_with(&late, "DatePassed");
    // No building or courtyard named: its form breaks the rules.
    let mut nowhere = proposal("无地点活动", &day(2));
    nowhere["place"] = json!("");
    let bad = push_entry(
        &app,
        &liu,
        "019d0000-0000-7000-8000-00000000ac03",
        2,
        "propose",
        nowhere,
    )
    .await;
    assert_eq!(bad["outcome"], "quarantined", "{bad}");

    let id = "019d0000-0000-7000-8000-00000000ac04";
    let receipt = push_entry(
        &app,
        &liu,
        id,
        3,
        "propose",
        proposal("楼道里烧烤", &day(2)),
    )
    .await;
    assert_eq!(receipt["outcome"], "accepted", "{receipt}");
    // Declining needs a reason the proposer reads.
    let bare = review(&app, &staff, id, false, "").await;
    assert_eq!(bare["status"], 422, "{bare}");
    let declined = review(
        &app,
        &staff,
        id,
        false,
        "楼道内不能使用明火，请改在社区广场。",
    )
    .await;
    assert_eq!(declined["status"], 200, "{declined}");
    let mine = invitation(&app, &liu, id)
        .await
        .expect("still listed for the proposer");
    assert_eq!(mine["activity"]["status"], "declined");
    assert_eq!(
        mine["activity"]["review_reason"],
        "楼道内不能使用明火，请改在社区广场。"
    );
    assert!(invitation(&app, &wang, id).await.is_none());
    let join = push_entry(
        &app,
        &wang,
        "join-declined",
        1,
        "join",
        json!({"activity": id}),
    )
    .await;
    refused_with(&join, "NotApproved");
    let closing = call(&app, "close_activity", &[("activity", id)], Some(&staff)).await;
    assert!(
        closing.body.to_string().contains("NotApproved"),
        "{}",
        closing.body
    );
    let approve_after = review(&app, &staff, id, true, "").await;
    assert!(
        approve_after.to_string().contains("AlreadyReviewed"),
        "{approve_after}"
    );

    // Staff approve before it happens: once its day has gone by undecided, it can only be
    // declined.
    let missed = "019d0000-0000-7000-8000-00000000ac05";
    let receipt = push_entry(
        &app,
        &liu,
        missed,
        4,
        "propose",
        proposal("楼院义剪", &day(1)),
    )
    .await;
    assert_eq!(receipt["outcome"], "accepted", "{receipt}");
    sqlx::query("UPDATE activities SET held_on = $1 WHERE id = $2")
        .bind(day(-1))
        .bind(missed)
        .execute(app.store.pool())
        .await
        .expect("the day goes by");
    let late_approval = review(&app, &staff, missed, true, "").await;
    assert!(
        late_approval.to_string().contains("DatePassed"),
        "{late_approval}"
    );
    let declined = review(&app, &staff, missed, false, "活动日期已过。").await;
    assert_eq!(declined["status"], 200, "{declined}");
}
