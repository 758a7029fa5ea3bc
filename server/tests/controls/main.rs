//! The bank's controls, tried as an attacker and an auditor would: one person cannot mint and
//! spend points alone, no input crashes the server or reaches a database constraint as a 5xx, a
//! device id is its owner's, passwords cannot be guessed in parallel, the audit trail cannot be
//! flooded, other sites cannot post, slow clients cannot hold the server, and pages carry their
//! security headers. Each test failed on the code before these controls.

use crate::common;

mod bad_input;
mod devices_and_audit;
mod fuzz;
mod http_edges;
mod maker_checker;
mod passwords;

use std::time::{Duration, Instant};

use common::{call, call_json, session, sign_in, spawn_app, token_of, TestApp};
use serde_json::{json, Value};
use server::demo::DEMO_PASSWORD;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const LIU_FANG: &str = "13800010003"; // 福康社区

fn days_ago(n: i64) -> String {
    (app::domain::clock::china_today(chrono::Utc::now()) - chrono::Duration::days(n)).to_string()
}

async fn log_on(app: &TestApp, token: &str, date: &str, start: &str, end: &str) -> String {
    let res = call(
        app,
        "record_service",
        &[
            ("input[date]", date),
            ("input[start]", start),
            ("input[end]", end),
            ("input[place]", "社区服务站"),
            ("input[content]", "整理图书角"),
            ("input[category]", "education"),
        ],
        Some(token),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body.as_str().expect("line id").to_string()
}

async fn open_account(app: &TestApp, staff: &str, phone: &str, password: &str) -> String {
    // Staff open in their own community; the admin names 福康社区 (staff1's).
    let fukang = call(app, "who_am_i", &[], Some(&session(app, "staff1").await))
        .await
        .body["community"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let res = call(
        app,
        "open_account",
        &[
            ("file[name]", "赵新"),
            ("file[gender]", "male"),
            ("file[birth_year]", "1990"),
            ("file[political_status]", "群众"),
            ("file[phone]", phone),
            ("password", password),
            ("community", &fukang),
        ],
        Some(staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body.as_str().expect("person id").to_string()
}

fn entry(id: &str, device: &str, seq: u64, author: &Value, kind: &str, body: Value) -> Value {
    json!({"id": id, "device": device, "seq": seq, "author": author, "schema": 1,
        "kind": kind, "body": body.to_string()})
}

fn service_body(date: &str, start: &str, end: &str) -> Value {
    json!({"date": date, "start": start, "end": end, "place": "社区服务站",
        "content": "陪老人聊天", "category": "community_help"})
}

async fn push(app: &TestApp, token: &str, batch: Vec<Value>) -> common::Response {
    call_json(app, "sync_push", json!({ "batch": batch }), Some(token)).await
}
