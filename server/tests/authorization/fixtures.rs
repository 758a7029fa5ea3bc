//! What the matrix acts on: a fresh line, wish, activity, certificate... for each cell, so no
//! cell depends on what another did.

use super::*;

pub(super) fn activity_input(world: &World) -> Value {
    serde_json::json!({"kind": "regular", "title": "社区义诊", "date": common::today(),
        "start": "09:00", "end": "11:00", "place": "福康社区活动室", "category": "health",
        "content": "", "attendees": [world.liu_fang]})
}

/// A new open activity of 福康社区 with 刘芳 attending; returns its id.
pub(super) async fn fresh_activity(world: &World) -> String {
    let staff = session(&world.app, "staff1").await;
    let res = common::call_json(
        &world.app,
        "create_activity",
        serde_json::json!({"input": activity_input(world)}),
        Some(&staff),
    )
    .await;
    res.body.as_str().expect("activity id").to_string()
}

/// A self-organised activity 刘芳 proposed from her phone (for tomorrow); returns its id.
pub(super) async fn fresh_proposal(world: &World) -> String {
    let liu = session(&world.app, "13800010003").await;
    let id = uuid::Uuid::now_v7().to_string();
    let tomorrow = (chrono::Utc::now() + chrono::Duration::hours(32)).date_naive();
    let seq = (uuid::Uuid::now_v7().as_u128() % 1_000_000) as u64 + 1;
    let receipt = common::push_entry(
        &world.app,
        &liu,
        &id,
        seq,
        "propose",
        serde_json::json!({"title": "楼院读书会", "date": tomorrow.to_string(), "start": "19:00",
            "end": "20:00", "place": "福康社区5号楼院", "category": "education", "content": ""}),
    )
    .await;
    assert_eq!(receipt["outcome"], "accepted", "{receipt}");
    id
}

/// A certificate staff of 福康社区 issued for 刘芳; returns its id.
pub(super) async fn fresh_certificate(world: &World) -> String {
    let staff = session(&world.app, "staff1").await;
    let res = call(
        &world.app,
        "issue_certificate",
        &[("person", &world.liu_fang)],
        Some(&staff),
    )
    .await;
    res.body["id"].as_str().expect("certificate id").to_string()
}

/// A kiosk staff of 福康社区 registered; returns its id (not its token).
pub(super) async fn fresh_kiosk(world: &World) -> String {
    let staff = session(&world.app, "staff1").await;
    call(
        &world.app,
        "register_kiosk",
        &[("name", "新大屏")],
        Some(&staff),
    )
    .await;
    let list = call(&world.app, "kiosks", &[], Some(&staff)).await.body;
    list[0]["id"].as_str().expect("kiosk id").to_string()
}

/// A gift of money (春节慰问) to the demo household, recorded by 福康's staff; returns its id.
pub(super) async fn fresh_aid(world: &World) -> String {
    let staff = session(&world.app, "staff1").await;
    let res = call(
        &world.app,
        "record_aid",
        &[
            ("input[household]", &world.household),
            ("input[on]", &common::today()),
            ("input[campaign]", "春节慰问"),
            ("input[kind]", "money"),
            ("input[amount]", "500"),
        ],
        Some(&staff),
    )
    .await;
    res.body.as_str().expect("aid id").to_string()
}

/// A catalogue item the admin added; returns its id.
pub(super) async fn fresh_item(world: &World, n: u64) -> String {
    let admin = session(&world.app, "admin").await;
    let name = format!("物品{n}");
    let res = call(
        &world.app,
        "add_catalogue_item",
        &[("input[name]", &name), ("input[points]", "1")],
        Some(&admin),
    )
    .await;
    res.body.as_str().expect("item id").to_string()
}

/// A redemption of 0.01 points 刘芳 asked for; returns its id.
pub(super) async fn fresh_redemption(world: &World, n: u64) -> String {
    let app = &world.app;
    let volunteer = session(app, VOLUNTEER).await;
    let item = format!("matrix-{n}");
    let res = call(
        app,
        "request_redemption",
        &[("points", "0.01"), ("item", &item)],
        Some(&volunteer),
    )
    .await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    let staff = session(app, "staff1").await;
    let list = call(app, "redemptions_to_decide", &[], Some(&staff))
        .await
        .body;
    list.as_array()
        .and_then(|all| all.iter().find(|r| r["item"] == item.as_str()))
        .and_then(|r| r["id"].as_str())
        .expect("the request is listed")
        .to_string()
}

/// A new pending line of 刘芳, and (if `verified`) verified by the admin.
pub(super) async fn fresh_line(world: &World, verified: bool) -> String {
    let app = &world.app;
    let volunteer = session(app, VOLUNTEER).await;
    let id = record(app, Some(&volunteer))
        .await
        .body
        .as_str()
        .expect("line id")
        .to_string();
    if verified {
        let admin = session(app, "admin").await;
        assert_eq!(
            call(app, "verify_record", &[("id", &id)], Some(&admin))
                .await
                .status,
            200
        );
    }
    id
}

pub(super) async fn record(app: &TestApp, token: Option<&str>) -> common::Response {
    // A day of its own for each line: two verified lines of one volunteer may not overlap.
    static DAYS_BACK: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
    let back = DAYS_BACK.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % 300;
    let date = (app::domain::clock::china_today(chrono::Utc::now()) - chrono::Duration::days(back))
        .to_string();
    call(
        app,
        "record_service",
        &[
            ("input[date]", &date),
            ("input[start]", "09:00"),
            ("input[end]", "10:00"),
            ("input[place]", "社区服务站"),
            ("input[content]", "整理图书角"),
            ("input[category]", "education"),
        ],
        token,
    )
    .await
}

/// A wish 刘芳 posted from her phone, awaiting approval; returns its id.
pub(super) async fn fresh_wish(world: &World, n: u64) -> String {
    let app = &world.app;
    let volunteer = session(app, VOLUNTEER).await;
    let id = format!("matrix-wish-{n}");
    let body =
        serde_json::json!({"poster": "刘芳", "need": "想学用智能手机", "category": "education"})
            .to_string();
    let entry = serde_json::json!({"id": id, "device": format!("wish-device-{n}"), "seq": 1,
        "author": world.liu_fang, "schema": 1, "kind": "wish", "body": body});
    let res = reqwest::Client::new()
        .post(app.url("/api/sync_push"))
        .header("Cookie", format!("lovebank_session={volunteer}"))
        .json(&serde_json::json!({ "batch": [entry] }))
        .send()
        .await
        .expect("push");
    let reply: Value = res.json().await.expect("reply");
    assert!(
        reply.to_string().contains("\"accepted\""),
        "the wish was not accepted: {reply}"
    );
    id
}

/// Pushes one service entry by the caller (JSON, as the offline ledger does).
/// Who the token's session is ("nobody" without one): the person a tab of theirs expects.
pub(super) async fn person_of(app: &TestApp, token: Option<&str>) -> String {
    match token {
        Some(t) => call(app, "who_am_i", &[], Some(t)).await.body["person"]
            .as_str()
            .unwrap_or("nobody")
            .to_string(),
        None => "nobody".into(),
    }
}

pub(super) async fn push_one(app: &TestApp, token: Option<&str>, n: u64) -> (u16, Value) {
    let author = person_of(app, token).await;
    let date = app::domain::clock::china_today(chrono::Utc::now()).to_string();
    let body = serde_json::json!({"date": date, "start": "09:00", "end": "10:00", "place": "站",
        "content": "服务", "category": "education"})
    .to_string();
    let entry = serde_json::json!({"id": format!("matrix-{n}"), "device": format!("device-{n}"), "seq": 1,
        "author": author, "schema": 1, "kind": "service", "body": body});
    let mut request = reqwest::Client::new()
        .post(app.url("/api/sync_push"))
        .json(&serde_json::json!({ "batch": [entry] }));
    if let Some(t) = token {
        request = request.header("Cookie", format!("lovebank_session={t}"));
    }
    let res = request.send().await.expect("push");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}
