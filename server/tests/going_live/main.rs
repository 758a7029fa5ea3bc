//! A real sub-district from an empty database: `server init`, the admin's communities and staff
//! accounts, staff's kiosks and volunteers who leave — all from the browser's server functions,
//! nobody editing the database.

use crate::common;

mod init_once;

use common::{call, sign_in, spawn_app_over, token_of, TestApp};
use serde_json::{json, Value};
use server::init::{init, InitRequest};
use server::store::SqlStore;

const ADMIN_PASSWORD: &str = "first-admin-password";

/// An initialised, empty sub-district served on port 0.
async fn fresh_sub_district() -> TestApp {
    let data = tempfile::tempdir().expect("temp dir");
    let url = common::fresh_database_url(data.path(), "live.db").await;
    let store = SqlStore::open(&url).await.expect("open");
    init(
        &store,
        &InitRequest {
            sub_district: "新华路街道",
            admin_name: "王主任",
            admin_login: "admin",
            admin_password: ADMIN_PASSWORD,
        },
    )
    .await
    .expect("init");
    spawn_app_over(data, store).await
}

async fn session_with(app: &TestApp, login: &str, password: &str) -> String {
    let res = sign_in(app, login, password).await;
    assert_eq!(res.status, 200, "sign-in of {login}: {:?}", res.body);
    token_of(&res.cookie.expect("cookie"))
}

fn id_of(body: &Value) -> String {
    body.as_str().expect("an id").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_day_of_a_sub_district_from_the_browser() {
    let app = fresh_sub_district().await;
    let health = reqwest::get(app.url("/healthz")).await.expect("health");
    assert_eq!(health.status(), 200);
    let health: Value = health.json().await.expect("json");
    assert_eq!(health["initialised"], true);
    assert_eq!(health["schema"], health["expected_schema"]);

    let admin = session_with(&app, "admin", ADMIN_PASSWORD).await;
    // Communities: add two, a name used once only, rename one.
    let xinhua = id_of(
        &call(&app, "add_community", &[("name", "新华社区")], Some(&admin))
            .await
            .body,
    );
    let other = id_of(
        &call(&app, "add_community", &[("name", "临时社区")], Some(&admin))
            .await
            .body,
    );
    let twice = call(&app, "add_community", &[("name", "新华社区")], Some(&admin)).await;
    assert_eq!(twice.body, json!({"Invalid": [{"Taken": "Community"}]}));
    let empty = call(&app, "add_community", &[("name", "  ")], Some(&admin)).await;
    assert_eq!(empty.body, json!({"Invalid": [{"Required": "Community"}]}));
    let renamed = call(
        &app,
        "rename_community",
        &[("community", &other), ("name", "光明社区")],
        Some(&admin),
    )
    .await;
    assert_eq!(renamed.status, 200, "{:?}", renamed.body);

    // A staff member for 新华社区, who signs in with the first password.
    let staff_form = |username: &'static str| {
        vec![
            ("input[name]", "李娜"),
            ("input[username]", username),
            ("input[password]", "staff-first-password"),
            ("input[community]", xinhua.as_str()),
        ]
    };
    let made = call(&app, "create_staff", &staff_form("lina"), Some(&admin)).await;
    assert_eq!(made.status, 200, "{:?}", made.body);
    let li_na = id_of(&made.body);
    let taken = call(&app, "create_staff", &staff_form("LiNa"), Some(&admin)).await;
    assert_eq!(taken.body, json!({"Invalid": [{"Taken": "Username"}]}));
    let staff = session_with(&app, "lina", "staff-first-password").await;
    let who = call(&app, "who_am_i", &[], Some(&staff)).await.body;
    assert_eq!(who["role"], "staff");
    assert_eq!(who["community_name"], "新华社区");
    let staff_list = call(&app, "staff_accounts", &[], Some(&admin)).await.body;
    assert_eq!(staff_list.as_array().map(Vec::len), Some(2), "{staff_list}");
    assert_eq!(
        call(&app, "staff_accounts", &[], Some(&staff)).await.body,
        json!("Forbidden")
    );

    // The staff member opens a volunteer's account.
    let opened = call(
        &app,
        "open_account",
        &[
            ("file[name]", "赵大爷"),
            ("file[gender]", "male"),
            ("file[birth_year]", "1950"),
            ("file[political_status]", "群众"),
            ("file[phone]", "13900001111"),
            ("password", "volunteer-password"),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(opened.status, 200, "{:?}", opened.body);
    let zhao = id_of(&opened.body);
    let volunteer = session_with(&app, "13900001111", "volunteer-password").await;

    // A kiosk: registered, listed, showing the wall, then revoked: the screen is told so.
    let token = id_of(
        &call(
            &app,
            "register_kiosk",
            &[("name", "居委会大厅")],
            Some(&staff),
        )
        .await
        .body,
    );
    assert_eq!(
        call(&app, "community_wall", &[], Some(&token)).await.status,
        200
    );
    let list = call(&app, "kiosks", &[], Some(&staff)).await.body;
    assert_eq!(list[0]["name"], "居委会大厅");
    assert_eq!(list[0]["revoked_at"], Value::Null);
    let kiosk = list[0]["id"].as_str().expect("kiosk id").to_string();
    let revoked = call(&app, "revoke_kiosk", &[("kiosk", &kiosk)], Some(&staff)).await;
    assert_eq!(revoked.status, 200, "{:?}", revoked.body);
    let wall = call(&app, "community_wall", &[], Some(&token)).await;
    assert_eq!(wall.body, json!("KioskRevoked"));
    assert_eq!(wall.status, 401);
    let list = call(&app, "kiosks", &[], Some(&staff)).await.body;
    assert_ne!(list[0]["revoked_at"], Value::Null);

    // The volunteer moves away: deactivated with a reason, the session ends, sign-in is refused
    // plainly (after the right password only); reactivated, they sign in again.
    let no_reason = call(
        &app,
        "set_active",
        &[("person", &zhao), ("active", "false"), ("reason", " ")],
        Some(&staff),
    )
    .await;
    assert_eq!(no_reason.body, json!({"Invalid": [{"Required": "Reason"}]}));
    let gone = call(
        &app,
        "set_active",
        &[
            ("person", &zhao),
            ("active", "false"),
            ("reason", "迁出本社区"),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(gone.status, 200, "{:?}", gone.body);
    assert_eq!(
        call(&app, "my_passbook", &[], Some(&volunteer)).await.body,
        json!("SignedOut"),
        "the deactivated volunteer's session ended"
    );
    assert_eq!(
        sign_in(&app, "13900001111", "volunteer-password")
            .await
            .body,
        json!("AccountClosed")
    );
    assert_eq!(
        sign_in(&app, "13900001111", "wrong-password").await.body,
        json!("SignInFailed"),
        "a stranger learns nothing"
    );
    let book = call(
        &app,
        "volunteer_passbook",
        &[("person", &zhao)],
        Some(&staff),
    )
    .await;
    assert_eq!(
        book.status, 200,
        "their passbook stays readable: {:?}",
        book.body
    );
    let back = call(
        &app,
        "set_active",
        &[("person", &zhao), ("active", "true"), ("reason", "")],
        Some(&staff),
    )
    .await;
    assert_eq!(back.status, 200, "{:?}", back.body);
    session_with(&app, "13900001111", "volunteer-password").await;

    // Staff of one community do not touch another's people.
    let stranger = call(
        &app,
        "set_active",
        &[("person", &li_na), ("active", "false"), ("reason", "离职")],
        Some(&staff),
    )
    .await;
    assert_eq!(stranger.body, json!("NotFound"));

    // Moving staff to another community, then taking the role away: they keep a passbook.
    let moved = call(
        &app,
        "set_role",
        &[("person", &li_na), ("role", "staff"), ("community", &other)],
        Some(&admin),
    )
    .await;
    assert_eq!(moved.status, 200, "{:?}", moved.body);
    assert_eq!(
        call(&app, "who_am_i", &[], Some(&staff)).await.body["person"],
        Value::Null,
        "a change of role ends the sessions"
    );
    let staff = session_with(&app, "lina", "staff-first-password").await;
    assert_eq!(
        call(&app, "who_am_i", &[], Some(&staff)).await.body["community_name"],
        "光明社区"
    );
    let demoted = call(
        &app,
        "set_role",
        &[
            ("person", &li_na),
            ("role", "volunteer"),
            ("community", &other),
        ],
        Some(&admin),
    )
    .await;
    assert_eq!(demoted.status, 200, "{:?}", demoted.body);
    let former = session_with(&app, "lina", "staff-first-password").await;
    assert_eq!(
        call(&app, "verification_queue", &[], Some(&former))
            .await
            .body,
        json!("Forbidden")
    );
    assert_eq!(
        call(&app, "my_passbook", &[], Some(&former)).await.status,
        200
    );

    // The last administrator cannot lose the role, nor be deactivated.
    let me = call(&app, "who_am_i", &[], Some(&admin)).await.body["person"]
        .as_str()
        .expect("admin id")
        .to_string();
    let lockout = call(
        &app,
        "set_role",
        &[("person", &me), ("role", "staff"), ("community", &xinhua)],
        Some(&admin),
    )
    .await;
    assert_eq!(lockout.body, json!({"Administration": "LastAdmin"}));
    let lockout = call(
        &app,
        "set_active",
        &[("person", &me), ("active", "false"), ("reason", "退休")],
        Some(&admin),
    )
    .await;
    assert_eq!(lockout.body, json!({"Administration": "LastAdmin"}));

    // A retired community keeps its history but takes nothing new.
    let retired = call(
        &app,
        "retire_community",
        &[("community", &other), ("retired", "true")],
        Some(&admin),
    )
    .await;
    assert_eq!(retired.status, 200, "{:?}", retired.body);
    let kiosk_there = call(
        &app,
        "register_kiosk",
        &[("name", "大屏"), ("community", &other)],
        Some(&admin),
    )
    .await;
    assert_eq!(
        kiosk_there.body,
        json!({"Administration": "RetiredCommunity"})
    );
    let rows = call(&app, "manage_communities", &[], Some(&admin))
        .await
        .body;
    let names: Vec<(&str, bool)> = rows
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| (r["name"].as_str().unwrap_or(""), r["retired"] == true))
        .collect();
    assert_eq!(names, [("新华社区", false), ("光明社区", true)]);

    // Every one of these changes is in the audit trail.
    let trail = call(&app, "audit_trail", &[], Some(&admin)).await.body;
    let actions: Vec<&str> = trail["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["entry"]["action"].as_str())
        .collect();
    for action in [
        "add_community",
        "rename_community",
        "create_staff",
        "revoke_kiosk",
        "deactivate",
        "reactivate",
        "set_role",
        "retire_community",
        "sign_in_deactivated",
    ] {
        assert!(
            actions.contains(&action),
            "{action} missing from {actions:?}"
        );
    }

    // The trail exports with the page's filters: what 李娜 did, not what the admin did.
    let csv = reqwest::Client::new()
        .get(app.url(&format!(
            "/export/audit.csv?who={}",
            app::domain::text::percent_encode("李娜")
        )))
        .header("Cookie", format!("lovebank_session={admin}"))
        .send()
        .await
        .expect("export");
    assert_eq!(csv.status(), 200);
    let text = csv.text().await.expect("csv");
    assert!(
        text.contains("revoke_kiosk") && text.contains("李娜"),
        "{text}"
    );
    assert!(!text.contains("add_community"), "{text}");
    let refused = reqwest::Client::new()
        .get(app.url("/export/audit.csv"))
        .header("Cookie", format!("lovebank_session={volunteer}"))
        .send()
        .await
        .expect("export");
    assert_eq!(refused.status(), 401, "the volunteer's session ended");
}
