//! The device protocol over HTTP, through the real router: pushes and pulls with the failure
//! cases a server alone can show, what staff see of the sync, tabs that follow the session, and a
//! restore from an older backup. .docs/SYNC.md lists each failure case and its test.

use crate::common;
mod conflicts;
mod delivery;
mod refusals;
mod restore;
mod session;
mod staff;

use app::domain::ids::PersonId;
use app::domain::sync::{DeviceState, Entry, Holdings, PullPage, PushReply, Receipt, Reconciled};
use common::{call, call_json, session, spawn_app, TestApp};
use serde_json::json;

const LIU_FANG: &str = "13800010003";

async fn me(app: &TestApp, token: &str) -> PersonId {
    let who = call(app, "who_am_i", &[], Some(token)).await.body;
    PersonId::new(who["person"].as_str().expect("person"))
}

/// The signed-in person of `token`, as the store's caller.
async fn actor(app: &TestApp, token: &str) -> app::domain::person::Actor {
    let me: app::domain::account::Me =
        serde_json::from_value(call(app, "who_am_i", &[], Some(token)).await.body).expect("me");
    app::domain::person::Actor {
        person: me.person,
        role: me.role,
        community: me.community,
    }
}

/// A service record's body for today, as the log form writes it.
fn service_in(category: &str, start: &str, end: &str) -> String {
    let date = app::domain::clock::china_today(chrono::Utc::now()).to_string();
    json!({
        "date": date, "start": start, "end": end, "place": "社区服务站",
        "content": "陪老人聊天", "category": category,
        "witness_name": "马桂兰", "witness_phone": "13900020000"
    })
    .to_string()
}

fn service(start: &str, end: &str) -> String {
    service_in("community_help", start, end)
}

/// A push as an old client sends it (no `captured`), answered with its status and raw body.
async fn push(app: &TestApp, token: &str, batch: &[Entry]) -> (u16, serde_json::Value) {
    let res = call_json(app, "sync_push", json!({ "batch": batch }), Some(token)).await;
    (res.status, res.body)
}

/// A push as today's runner sends it, reporting how far the device has captured.
async fn push_from(app: &TestApp, token: &str, batch: &[Entry], captured: u64) -> PushReply {
    let res = call_json(
        app,
        "sync_push",
        json!({ "batch": batch, "captured": captured }),
        Some(token),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    serde_json::from_value(res.body).expect("reply")
}

async fn pull(app: &TestApp, token: &str, cursor: u64, limit: u32) -> PullPage {
    let expected = me(app, token).await;
    let res = call(
        app,
        "sync_pull",
        &[
            ("expected", expected.as_str()),
            ("cursor", &cursor.to_string()),
            ("limit", &limit.to_string()),
        ],
        Some(token),
    )
    .await;
    serde_json::from_value(res.body).expect("page")
}

fn reply(body: serde_json::Value) -> PushReply {
    serde_json::from_value(body).expect("reply")
}

/// The device's proof of what it holds, answered by the server.
async fn reconcile(app: &TestApp, token: &str, device: &str, held: &Holdings) -> Reconciled {
    let res = call_json(
        app,
        "sync_reconcile",
        json!({"expected": me(app, token).await, "device": device, "holdings": held}),
        Some(token),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    serde_json::from_value(res.body).expect("answer")
}
