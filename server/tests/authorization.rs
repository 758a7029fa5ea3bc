//! The authorization matrix: every server function × every kind of caller, each cell asserted.
//! Callers: signed out, a volunteer of 福康社区, staff of 福康社区, staff of 安宁社区, the admin,
//! and a kiosk of 福康社区. The test also fails when a server function exists that the matrix
//! does not list, so a new one cannot slip in unchecked.

use crate::common;

use std::collections::BTreeSet;

use common::{call, session, spawn_app, TestApp};
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Caller {
    SignedOut,
    Volunteer,
    Staff,
    OtherStaff,
    Admin,
    Kiosk,
}
use Caller::*;
const CALLERS: [Caller; 6] = [SignedOut, Volunteer, Staff, OtherStaff, Admin, Kiosk];

/// What a cell must answer.
#[derive(Clone, Copy, Debug)]
enum Expect {
    Allowed,
    SignedOut,
    Forbidden,
    /// Allowed past the role check, then refused by a ledger rule (e.g. another community).
    Ledger(&'static str),
    /// The public sign-in functions answer a wrong secret the same way for everyone.
    SignInFailed,
    /// Allowed past the role check, but the thing is another community's: not theirs to see.
    NotFound,
}

fn check(function: &str, caller: Caller, expect: Expect, status: u16, body: &Value) {
    let ok = match expect {
        Expect::Allowed => status == 200,
        Expect::SignedOut => body == "SignedOut",
        Expect::Forbidden => body == "Forbidden",
        Expect::SignInFailed => body == "SignInFailed",
        Expect::NotFound => body == "NotFound",
        Expect::Ledger(rule) => body["Ledger"] == rule || body["Ledger"].get(rule).is_some(),
    };
    assert!(
        ok,
        "{function} as {caller:?}: expected {expect:?}, got {status} {body}"
    );
}

struct World {
    app: TestApp,
    fukang: String,
    liu_fang: String,
    /// Another volunteer of 福康社区, whose password the matrix resets (whoever resets a
    /// password may not then check that volunteer's lines or redemptions: not 刘芳's).
    wang_jianguo: String,
    /// A household on file in 福康社区.
    household: String,
}

const VOLUNTEER: &str = "13800010003"; // 刘芳, 福康社区

async fn token(world: &World, caller: Caller) -> Option<String> {
    let app = &world.app;
    Some(match caller {
        SignedOut => return None,
        Volunteer => session(app, VOLUNTEER).await,
        Staff => session(app, "staff1").await,
        OtherStaff => session(app, "staff2").await,
        Admin => session(app, "admin").await,
        Kiosk => {
            let staff = session(app, "staff1").await;
            let res = call(
                app,
                "register_kiosk",
                &[("name", "活动室大屏")],
                Some(&staff),
            )
            .await;
            res.body.as_str().expect("kiosk token").to_string()
        }
    })
}

fn activity_input(world: &World) -> Value {
    serde_json::json!({"kind": "regular", "title": "社区义诊", "date": common::today(),
        "start": "09:00", "end": "11:00", "place": "福康社区活动室", "category": "health",
        "content": "", "attendees": [world.liu_fang]})
}

/// A new open activity of 福康社区 with 刘芳 attending; returns its id.
async fn fresh_activity(world: &World) -> String {
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
async fn fresh_proposal(world: &World) -> String {
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
async fn fresh_certificate(world: &World) -> String {
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
async fn fresh_kiosk(world: &World) -> String {
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
async fn fresh_aid(world: &World) -> String {
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
async fn fresh_item(world: &World, n: u64) -> String {
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
async fn fresh_redemption(world: &World, n: u64) -> String {
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
async fn fresh_line(world: &World, verified: bool) -> String {
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

async fn record(app: &TestApp, token: Option<&str>) -> common::Response {
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
async fn fresh_wish(world: &World, n: u64) -> String {
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
async fn person_of(app: &TestApp, token: Option<&str>) -> String {
    match token {
        Some(t) => call(app, "who_am_i", &[], Some(t)).await.body["person"]
            .as_str()
            .unwrap_or("nobody")
            .to_string(),
        None => "nobody".into(),
    }
}

async fn push_one(app: &TestApp, token: Option<&str>, n: u64) -> (u16, Value) {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_checks_every_caller() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let fukang = call(&app, "who_am_i", &[], Some(&staff)).await.body["community"]
        .as_str()
        .expect("community")
        .to_string();
    let volunteer = session(&app, VOLUNTEER).await;
    let liu_fang = call(&app, "who_am_i", &[], Some(&volunteer)).await.body["person"]
        .as_str()
        .expect("person")
        .to_string();
    let wang = session(&app, "13800010000").await;
    let wang_jianguo = call(&app, "who_am_i", &[], Some(&wang)).await.body["person"]
        .as_str()
        .expect("person")
        .to_string();
    let household = call(&app, "households", &[], Some(&staff)).await.body[0]["id"]
        .as_str()
        .expect("a demo household")
        .to_string();
    let world = World {
        app,
        fukang,
        liu_fang,
        wang_jianguo,
        household,
    };
    let app = &world.app;

    use Expect::*;
    // (function, [signed out, volunteer, staff, other staff, admin, kiosk])
    #[rustfmt::skip]
    let matrix: Vec<(&str, [Expect; 6])> = vec![
        ("overview",            [Allowed,   Allowed,   Allowed,   Allowed,   Allowed,   Allowed]),
        ("categories",          [Allowed,   Allowed,   Allowed,   Allowed,   Allowed,   Allowed]),
        ("sign_in",             [Allowed,   Allowed,   Allowed,   Allowed,   Allowed,   Allowed]),
        ("kiosk_sign_in",       [SignInFailed, SignInFailed, SignInFailed, SignInFailed, SignInFailed, SignInFailed]),
        ("who_am_i",            [Allowed,   Allowed,   Allowed,   Allowed,   Allowed,   Allowed]),
        ("sign_out",            [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Allowed]),
        ("change_password",     [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Forbidden]),
        ("record_service",      [SignedOut, Allowed,   Allowed,   Allowed,   Forbidden, Forbidden]),
        ("my_passbook",         [SignedOut, Allowed,   Allowed,   Allowed,   Forbidden, Forbidden]),
        ("my_time_account",     [SignedOut, Allowed,   Allowed,   Allowed,   Forbidden, Forbidden]),
        ("verification_queue",  [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("queue_line_ids",      [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("verify_record",       [SignedOut, Forbidden, Allowed,   Ledger("OtherCommunity"), Allowed, Forbidden]),
        ("reject_record",       [SignedOut, Forbidden, Allowed,   Ledger("OtherCommunity"), Allowed, Forbidden]),
        ("reverse_record",      [SignedOut, Forbidden, Allowed,   Ledger("OtherCommunity"), Allowed, Forbidden]),
        ("current_points_rule", [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Forbidden]),
        ("set_points_rule",     [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        // Staff have no verified hours of their own in the demo: allowed, then refused by the rule.
        ("request_redemption",  [SignedOut, Allowed,   Ledger("InsufficientPoints"), Ledger("InsufficientPoints"), Forbidden, Forbidden]),
        ("audit_trail",         [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("open_account",        [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("reset_password",      [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("register_kiosk",      [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("add_category",        [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("retire_category",     [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("community_wall",      [SignedOut, Allowed,   Allowed,   Forbidden, Allowed,   Allowed]),
        ("kiosk_wall",          [SignedOut, Allowed,   Allowed,   Forbidden, Allowed,   Allowed]),
        ("post_wish",           [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        // The kiosk's staff mode: only from a kiosk, and only with a staff password (staff1's here).
        ("kiosk_post_wish",     [SignedOut, Forbidden, Forbidden, Forbidden, Forbidden, Allowed]),
        ("wishes_to_review",    [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("decide_wish",         [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        // 福康's waiting period: its staff and the admin; staff of another community may not.
        ("wish_waiting_days",   [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("set_wish_waiting_days", [SignedOut, Forbidden, Allowed, Forbidden, Allowed,   Forbidden]),
        ("service_menu",        [SignedOut, Allowed,   Allowed,   Forbidden, Allowed,   Forbidden]),
        ("household_choices",   [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("sync_push",           [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Forbidden]),
        ("sync_pull",           [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Forbidden]),
        ("sync_reconcile",      [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Forbidden]),
        ("my_file",             [SignedOut, Allowed,   Allowed,   Allowed,   Forbidden, Forbidden]),
        ("passbook_stamp",      [SignedOut, Allowed,   Allowed,   Allowed,   Forbidden, Forbidden]),
        ("volunteers",          [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("volunteer_passbook",  [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("households",          [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("household_file",      [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("register_household",  [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("update_household",    [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("agreements",          [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("make_agreement",      [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("activities",          [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("create_activity",     [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("set_attendees",       [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("close_activity",      [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("review_activity",     [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("activity_invitations", [SignedOut, Allowed,  Allowed,   Allowed,   Forbidden, Forbidden]),
        ("statistics",          [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        // The choice of sub-district: an empty list for a manager of one sub-district (the
        // district's administrator gets the list: `city.rs`).
        ("sub_districts",       [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("issue_certificate",   [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        // The volunteer is 刘芳, to whom the certificate was issued (someone else's: see
        // `a_volunteer_sees_only_their_own_certificates`).
        ("issued_certificate",  [SignedOut, Allowed,   Allowed,   NotFound,  Allowed,   Forbidden]),
        ("my_certificates",     [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Forbidden]),
        // 刘芳's identity card number: staff of 福康社区 only, not even the admin.
        ("volunteer_id_card",   [SignedOut, Forbidden, Allowed,   NotFound,  Forbidden, Forbidden]),
        ("set_id_card",         [SignedOut, Forbidden, Allowed,   NotFound,  Forbidden, Forbidden]),
        ("catalogue",           [SignedOut, Allowed,   Allowed,   Allowed,   Allowed,   Forbidden]),
        ("add_catalogue_item",  [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("retire_catalogue_item", [SignedOut, Forbidden, Forbidden, Forbidden, Allowed, Forbidden]),
        ("redemptions_to_decide", [SignedOut, Forbidden, Allowed, Allowed,   Allowed,   Forbidden]),
        ("decide_redemption",   [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("custody_report",      [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("change_login_phone",  [SignedOut, Allowed,   Allowed,   Allowed,   Forbidden, Forbidden]),
        ("sync_problems",       [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("resolve_quarantined", [SignedOut, Forbidden, NotFound,  NotFound,  NotFound,  Forbidden]),
        ("manage_communities",  [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("add_community",       [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("rename_community",    [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("retire_community",    [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("staff_accounts",      [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("create_staff",        [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("set_role",            [SignedOut, Forbidden, Forbidden, Forbidden, Allowed,   Forbidden]),
        ("set_active",          [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("kiosks",              [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        ("revoke_kiosk",        [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        // Anyone may apply (each cell from its own address: the per-address throttle is tested
        // on its own); staff decide their own community's applications.
        ("apply_for_account",   [Allowed,   Allowed,   Allowed,   Allowed,   Allowed,   Allowed]),
        ("account_applications", [SignedOut, Forbidden, Allowed,  Allowed,   Allowed,   Forbidden]),
        ("approve_application", [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("decline_application", [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("aid_given",           [SignedOut, Forbidden, Allowed,   Allowed,   Allowed,   Forbidden]),
        // 福康's campaign: another community's staff find nothing of theirs in it.
        ("aid_campaign",        [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        // A partner of 福康社区: not for another community's staff to add.
        ("add_partner",         [SignedOut, Forbidden, Allowed,   Forbidden, Allowed,   Forbidden]),
        ("record_aid",          [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("reverse_aid",         [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        // Last: closing the demo household would change the rows above; reopening restores it.
        ("close_household",     [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
        ("reopen_household",    [SignedOut, Forbidden, Allowed,   NotFound,  Allowed,   Forbidden]),
    ];

    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    let listed: BTreeSet<String> = matrix.iter().map(|(f, _)| f.to_string()).collect();
    assert_eq!(
        registered, listed,
        "every server function must be in the matrix"
    );

    let today = common::today();
    let mut phone = 13_700_002_000_u64;
    for (function, row) in &matrix {
        for (caller, expect) in CALLERS.iter().zip(row) {
            let token = token(&world, *caller).await;
            phone += 1;
            let phone_text = phone.to_string();
            let category_code = format!("meals_{phone}");
            let line = match *function {
                "verify_record" | "reject_record" => fresh_line(&world, false).await,
                "reverse_record" => fresh_line(&world, true).await,
                "decide_wish" => fresh_wish(&world, phone).await,
                "close_activity" => fresh_activity(&world).await,
                "review_activity" => fresh_proposal(&world).await,
                "issued_certificate" => fresh_certificate(&world).await,
                "retire_catalogue_item" => fresh_item(&world, phone).await,
                "decide_redemption" => fresh_redemption(&world, phone).await,
                "revoke_kiosk" => fresh_kiosk(&world).await,
                "reverse_aid" | "aid_campaign" => fresh_aid(&world).await,
                "approve_application" | "decline_application" => {
                    common::fresh_application(app, &phone.to_string(), &world.fukang).await
                }
                _ => String::new(),
            };
            let args: Vec<(&str, &str)> = match *function {
                "sign_in" => vec![
                    ("login", "13800010001"),
                    ("password", server::demo::DEMO_PASSWORD),
                ],
                "kiosk_sign_in" => vec![("token", "not-a-kiosk-token")],
                "change_password" => vec![
                    ("current", server::demo::DEMO_PASSWORD),
                    ("new", server::demo::DEMO_PASSWORD),
                ],
                "verify_record" => vec![("id", &line)],
                "reject_record" | "reverse_record" => vec![("id", &line), ("reason", "核对后更正")],
                "set_points_rule" => vec![("per_hour", "1")],
                // The volunteer keeps their number (the matrix signs in with it again).
                "change_login_phone" => vec![
                    (
                        "phone",
                        if *caller == Volunteer {
                            VOLUNTEER
                        } else {
                            phone_text.as_str()
                        },
                    ),
                    ("password", server::demo::DEMO_PASSWORD),
                ],
                "request_redemption" => vec![("points", "0.01"), ("item", "毛巾")],
                "open_account" => vec![
                    ("file[name]", "测试志愿者"),
                    ("file[gender]", "male"),
                    ("file[birth_year]", "1990"),
                    ("file[political_status]", "群众"),
                    ("file[phone]", &phone_text),
                    ("password", "first-password"),
                    ("community", &world.fukang),
                ],
                "reset_password" => vec![
                    ("person", &world.wang_jianguo),
                    ("new", server::demo::DEMO_PASSWORD),
                ],
                "register_kiosk" => vec![("name", "大厅屏幕"), ("community", &world.fukang)],
                "community_wall" | "service_menu" | "household_choices" | "wish_waiting_days" => {
                    vec![("community", &world.fukang)]
                }
                "set_wish_waiting_days" => vec![("days", "60"), ("community", &world.fukang)],
                "kiosk_wall" => vec![
                    ("origin", "http://127.0.0.1:3000"),
                    ("community", &world.fukang),
                ],
                "post_wish" => vec![
                    ("input[poster]", "福康社区居委会"),
                    ("input[need]", "周末帮忙整理活动室"),
                    ("input[category]", "community_help"),
                    ("community", &world.fukang),
                ],
                "decide_wish" => vec![("wish", &line), ("decision", "approve"), ("reason", "")],
                "kiosk_post_wish" => vec![
                    ("login", "staff1"),
                    ("password", server::demo::DEMO_PASSWORD),
                    ("input[poster]", "福康社区居委会"),
                    ("input[need]", "周末帮忙整理活动室"),
                    ("input[category]", "community_help"),
                ],
                "volunteer_passbook" | "volunteer_id_card" => vec![("person", &world.liu_fang)],
                // Removing a number she has none of: harmless when allowed.
                "set_id_card" => vec![("person", &world.liu_fang), ("number", "")],
                "resolve_quarantined" => {
                    vec![
                        ("number", "999999"),
                        ("action", "dismiss"),
                        ("note", "重复提交"),
                    ]
                }
                "household_file" => vec![("household", &world.household)],
                "close_activity" => vec![("activity", &line)],
                "review_activity" => vec![("activity", &line), ("approve", "true")],
                "statistics" => vec![("input[community]", &world.fukang)],
                "issue_certificate" => vec![("person", &world.liu_fang)],
                "issued_certificate" | "retire_catalogue_item" => vec![("id", &line)],
                "add_catalogue_item" => vec![("input[name]", "理发券"), ("input[points]", "5")],
                "decide_redemption" => vec![("id", &line), ("decision", "approve"), ("reason", "")],
                "register_household" | "update_household" => vec![
                    ("household", &world.household),
                    ("input[head]", "马桂兰"),
                    ("input[address]", "福康社区 3号楼 2单元 101"),
                    ("input[members]", "1"),
                    ("input[hardship_type]", "独居老人"),
                    ("input[needs]", "每周上门探望"),
                    ("community", &world.fukang),
                ],
                "add_community" => vec![("name", &category_code)],
                // Harmless when allowed: the same name, a restore, the role and state he has.
                "rename_community" => vec![("community", &world.fukang), ("name", "福康社区")],
                "retire_community" => vec![("community", &world.fukang), ("retired", "false")],
                "create_staff" => vec![
                    ("input[name]", "新同事"),
                    ("input[username]", &category_code),
                    ("input[password]", "staff-first-password"),
                    ("input[community]", &world.fukang),
                ],
                "set_role" => vec![
                    ("person", &world.wang_jianguo),
                    ("role", "volunteer"),
                    ("community", &world.fukang),
                ],
                "set_active" => vec![
                    ("person", &world.wang_jianguo),
                    ("active", "true"),
                    ("reason", ""),
                ],
                "revoke_kiosk" => vec![("kiosk", &line)],
                "reverse_aid" => vec![("aid", &line), ("reason", "登记有误")],
                "aid_campaign" => vec![("campaign", "春节慰问")],
                "add_partner" => vec![
                    ("input[name]", &category_code),
                    ("input[kind]", "company"),
                    ("input[community]", &world.fukang),
                ],
                "record_aid" => vec![
                    ("input[household]", &world.household),
                    ("input[on]", &today),
                    ("input[campaign]", "春节慰问"),
                    ("input[kind]", "money"),
                    ("input[amount]", "500"),
                ],
                // A restore: harmless when allowed.
                "retire_category" => vec![("code", "repair"), ("retired", "false")],
                "close_household" => vec![
                    ("household", &world.household),
                    ("reason", "moved"),
                    ("on", &today),
                    ("note", ""),
                ],
                "reopen_household" => vec![("household", &world.household)],
                "add_category" => vec![
                    ("code", &category_code),
                    ("name_zh", "助餐服务"),
                    ("name_en", "Meals"),
                    ("icon", "🍲"),
                ],
                "sync_pull" => {
                    let expected = person_of(app, token.as_deref()).await;
                    let args = [
                        ("expected", expected.as_str()),
                        ("cursor", "0"),
                        ("limit", "10"),
                    ];
                    let res = call(app, function, &args, token.as_deref()).await;
                    check(function, *caller, *expect, res.status, &res.body);
                    continue;
                }
                "sync_reconcile" => {
                    let expected = person_of(app, token.as_deref()).await;
                    let mut request = reqwest::Client::new()
                        .post(app.url("/api/sync_reconcile"))
                        .json(&serde_json::json!({
                            "expected": expected,
                            "device": "phone-1",
                            "holdings": { "through": 0, "count": 0, "digest": 0 }
                        }));
                    if let Some(t) = token.as_deref() {
                        request = request.header("Cookie", format!("lovebank_session={t}"));
                    }
                    let res = request.send().await.expect("reconcile");
                    let status = res.status().as_u16();
                    let body: serde_json::Value = res.json().await.unwrap_or_default();
                    check(function, *caller, *expect, status, &body);
                    continue;
                }
                "sync_push" => {
                    let (status, body) = push_one(app, token.as_deref(), phone).await;
                    check(function, *caller, *expect, status, &body);
                    continue;
                }
                "record_service" => {
                    let res = record(app, token.as_deref()).await;
                    check(function, *caller, *expect, res.status, &res.body);
                    continue;
                }
                "make_agreement" | "create_activity" | "set_attendees" => {
                    let body = match *function {
                        "make_agreement" => serde_json::json!({"input": {
                            "household": world.household, "pairing": "one_on_one",
                            "content": "每周上门探望", "frequency": "weekly",
                            "volunteers": [world.liu_fang], "start": "2026-01-01", "end": "2026-12-31"}}),
                        "create_activity" => serde_json::json!({"community": world.fukang,
                            "input": activity_input(&world)}),
                        _ => serde_json::json!({"activity": fresh_activity(&world).await,
                            "attendees": [world.liu_fang]}),
                    };
                    let res = common::call_json(app, function, body, token.as_deref()).await;
                    check(function, *caller, *expect, res.status, &res.body);
                    continue;
                }
                "apply_for_account" => {
                    let form = common::application_form(&phone_text, &world.fukang);
                    let address = format!("203.0.113.{}", phone % 200);
                    let res =
                        common::call_from(app, function, &form, token.as_deref(), Some(&address))
                            .await;
                    check(function, *caller, *expect, res.status, &res.body);
                    continue;
                }
                "account_applications" => vec![("status", "pending")],
                "approve_application" => vec![("application", &line)],
                "decline_application" => vec![("application", &line), ("reason", "不在本社区居住")],
                _ => vec![],
            };
            let res = call(app, function, &args, token.as_deref()).await;
            check(function, *caller, *expect, res.status, &res.body);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_reads_its_wall_and_nothing_else() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let token = call(
        &app,
        "register_kiosk",
        &[("name", "社区大屏")],
        Some(&staff),
    )
    .await
    .body;
    let token = token.as_str().expect("token").to_string();
    let res = call(&app, "kiosk_sign_in", &[("token", &token)], None).await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    let cookie = res.cookie.expect("cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Max-Age=315360000"),
        "{cookie}"
    );

    let wall = call(&app, "community_wall", &[], Some(&token)).await;
    let cards = wall.body["cards"].as_array().expect("cards");
    assert_eq!(cards.len(), 3, "福康社区's approved wishes: {cards:?}");
    assert!(cards.iter().all(|c| c["state"] != "awaiting_approval"));
    assert_eq!(cards[0]["state"], "open", "open wishes first");
    assert!(
        cards.iter().all(|c| c.get("phone").is_none()),
        "no contact details on the wall"
    );

    // The screen's wall names the categories, one staff just added included.
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
    let screen = call(
        &app,
        "kiosk_wall",
        &[("origin", "https://lovebank.example")],
        Some(&token),
    )
    .await;
    let names: Vec<&str> = screen.body["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .filter_map(|c| c["name_zh"].as_str())
        .collect();
    assert!(names.contains(&"义务理发"), "{names:?}");
}
