//! The authorization matrix: every server function × every kind of caller, each cell asserted.
//! Callers: signed out, a volunteer of 福康社区, staff of 福康社区, staff of 安宁社区, the admin,
//! and a kiosk of 福康社区. The test also fails when a server function exists that the matrix
//! does not list, so a new one cannot slip in unchecked.

use crate::common;

mod fixtures;
mod kiosk;
mod matrix;

use std::collections::BTreeSet;

use common::{call, session, spawn_app, TestApp};
use fixtures::*;
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

    let matrix = matrix::matrix();

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
