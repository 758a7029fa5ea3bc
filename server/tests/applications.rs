//! Applying online (开户申请) through the real router: a resident applies, is told plainly where
//! the application stands when they try to sign in, and signs in once staff approve it.

use crate::common;

use common::{
    application_form, call, call_from, fresh_application, session, sign_in, spawn_app, TestApp,
};
use serde_json::Value;

const PASSWORD: &str = "my-own-password";

async fn fukang(app: &TestApp) -> String {
    let overview = call(app, "overview", &[], None).await.body;
    overview["communities"]
        .as_array()
        .and_then(|all| all.iter().find(|c| c["name"] == "福康社区"))
        .and_then(|c| c["id"].as_str())
        .expect("福康社区")
        .to_string()
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    use app::api::ports::Store;
    let filter = app::domain::audit::AuditFilter::default();
    let page = app
        .store
        .audit_trail(None, &filter, 200)
        .await
        .expect("trail");
    page.rows.into_iter().map(|r| r.entry.action).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_applies_waits_is_approved_and_signs_in_with_their_own_password() {
    let app = spawn_app().await;
    let community = fukang(&app).await;
    let phone = "13912345678";
    let res = call_from(
        &app,
        "apply_for_account",
        &application_form("139 1234 5678", &community),
        None,
        Some("198.51.100.1"),
    )
    .await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    assert_eq!(res.body, "福康社区", "the page says who decides");

    // Before a decision: the right password is told it waits, a wrong one learns nothing.
    let waiting = sign_in(&app, phone, PASSWORD).await;
    assert_eq!(waiting.status, 401);
    assert_eq!(
        waiting.body["Application"]["Pending"]["community"], "福康社区",
        "{:?}",
        waiting.body
    );
    let wrong = sign_in(&app, phone, "not-the-password").await;
    assert_eq!(wrong.body, "SignInFailed");

    // The same phone cannot apply twice while the first waits.
    let again = call_from(
        &app,
        "apply_for_account",
        &application_form(phone, &community),
        None,
        Some("198.51.100.2"),
    )
    .await;
    assert_eq!(
        again.body["Application"], "AlreadyApplied",
        "{:?}",
        again.body
    );

    // Staff of 福康社区 see it with the whole file; staff of another community do not.
    let staff = session(&app, "staff1").await;
    let list = call(&app, "account_applications", &[], Some(&staff))
        .await
        .body;
    let row = list
        .as_array()
        .and_then(|all| all.iter().find(|a| a["phone"] == phone))
        .expect("listed")
        .clone();
    assert_eq!(row["occupation"], "护士");
    assert_eq!(row["hobbies"], "唱歌、广场舞");
    assert_eq!(row["status"], "pending");
    let id = row["id"].as_str().expect("id").to_string();
    let other = session(&app, "staff2").await;
    let theirs = call(&app, "account_applications", &[], Some(&other))
        .await
        .body;
    assert!(
        theirs
            .as_array()
            .expect("list")
            .iter()
            .all(|a| a["id"] != id.as_str()),
        "another community's staff do not see it"
    );
    let refused = call(
        &app,
        "approve_application",
        &[("application", &id)],
        Some(&other),
    )
    .await;
    assert_eq!(refused.body, "NotFound");

    let approved = call(
        &app,
        "approve_application",
        &[("application", &id)],
        Some(&staff),
    )
    .await;
    assert_eq!(approved.status, 200, "{:?}", approved.body);
    let twice = call(
        &app,
        "approve_application",
        &[("application", &id)],
        Some(&staff),
    )
    .await;
    assert_eq!(twice.body["Application"], "AlreadyDecided");

    // Now the applicant signs in with the password they chose, and their file is theirs.
    let res = sign_in(&app, phone, PASSWORD).await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    assert_eq!(res.body["role"], "volunteer");
    let token = common::token_of(&res.cookie.expect("cookie"));
    let file = call(&app, "my_file", &[], Some(&token)).await.body;
    assert_eq!(file["name"], "王小梅");
    assert_eq!(file["occupation"], "护士");
    assert_eq!(file["community_name"], "福康社区");
    let actions = audit_actions(&app).await;
    for action in [
        "apply_for_account",
        "sign_in_application",
        "approve_application",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action} not audited");
    }
    // The approver never knew the password: the custody rule does not hold them back.
    let custody: Option<String> =
        sqlx::query_scalar("SELECT opened_by FROM people WHERE phone = $1")
            .bind(phone)
            .fetch_one(app.store.pool())
            .await
            .expect("person");
    assert_eq!(custody, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declined_applicant_reads_the_reason_and_may_apply_again() {
    let app = spawn_app().await;
    let community = fukang(&app).await;
    let phone = "13912340001";
    let id = fresh_application(&app, phone, &community).await;
    let staff = session(&app, "staff1").await;
    let blank = call(
        &app,
        "decline_application",
        &[("application", &id), ("reason", "  ")],
        Some(&staff),
    )
    .await;
    assert_eq!(blank.status, 422, "a reason is required: {:?}", blank.body);
    let declined = call(
        &app,
        "decline_application",
        &[("application", &id), ("reason", "不在本社区居住")],
        Some(&staff),
    )
    .await;
    assert_eq!(declined.status, 200, "{:?}", declined.body);
    let told = sign_in(&app, phone, PASSWORD).await;
    assert_eq!(
        told.body["Application"]["Declined"]["reason"], "不在本社区居住",
        "{:?}",
        told.body
    );
    let listed = call(
        &app,
        "account_applications",
        &[("status", "declined")],
        Some(&staff),
    )
    .await
    .body;
    assert_eq!(listed[0]["reason"], "不在本社区居住");
    assert!(listed[0]["decided_by"]
        .as_str()
        .is_some_and(|n| !n.is_empty()));
    // A second try, corrected, is a new application.
    let again = fresh_application(&app, phone, &community).await;
    assert_ne!(again, id);
    let pending = sign_in(&app, phone, PASSWORD).await;
    assert!(
        pending.body["Application"]["Pending"].is_object(),
        "{:?}",
        pending.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_a_taken_phone_and_a_flood_are_refused_and_save_nothing() {
    let app = spawn_app().await;
    let community = fukang(&app).await;
    let count = |app: &TestApp| {
        let pool = app.store.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM applications")
                .fetch_one(&pool)
                .await
                .expect("count")
        }
    };

    // Every bad field at once, each named.
    let bad = call_from(
        &app,
        "apply_for_account",
        &[
            ("file[name]", ""),
            ("file[gender]", "x"),
            ("file[birth_year]", "1800"),
            ("file[phone]", "123"),
            ("file[occupation]", &"职".repeat(51)),
            ("password", "short"),
            ("community", ""),
        ],
        None,
        Some("198.51.100.50"),
    )
    .await;
    assert_eq!(bad.status, 422);
    let fields: Vec<Value> = bad.body["Invalid"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            e.as_object()
                .and_then(|o| o.values().next())
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    for field in [
        "Name",
        "Gender",
        "Phone",
        "Occupation",
        "Password",
        "Community",
    ] {
        assert!(
            bad.body.to_string().contains(field),
            "{field} not named in {:?} ({fields:?})",
            bad.body
        );
    }
    // A phone that is an account's login: refused with the reason.
    let taken = call_from(
        &app,
        "apply_for_account",
        &application_form("13800010003", &community),
        None,
        Some("198.51.100.51"),
    )
    .await;
    assert_eq!(
        taken.body["Invalid"][0]["Taken"], "Phone",
        "{:?}",
        taken.body
    );
    // A community that does not exist.
    let nowhere = call_from(
        &app,
        "apply_for_account",
        &application_form("13912340002", "no-such-community"),
        None,
        Some("198.51.100.52"),
    )
    .await;
    assert_eq!(nowhere.status, 422, "{:?}", nowhere.body);
    assert_eq!(count(&app).await, 0, "nothing saved");

    // One address: five applications, then it must wait, and nothing more is filed.
    for n in 0..5 {
        let phone = format!("1391234010{n}");
        let res = call_from(
            &app,
            "apply_for_account",
            &application_form(&phone, &community),
            None,
            Some("192.0.2.77"),
        )
        .await;
        assert_eq!(res.status, 200, "application {n}: {:?}", res.body);
    }
    let flooded = call_from(
        &app,
        "apply_for_account",
        &application_form("13912340199", &community),
        None,
        Some("192.0.2.77"),
    )
    .await;
    assert_eq!(flooded.status, 429, "{:?}", flooded.body);
    assert!(flooded.body["TooManyAttempts"]["retry_after_secs"].as_u64() > Some(0));
    assert_eq!(count(&app).await, 5);
    // Another address is not held back by that one.
    fresh_application(&app, "13912340200", &community).await;
    assert_eq!(count(&app).await, 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_community_holds_at_most_a_hundred_waiting_applications() {
    let app = spawn_app().await;
    let community = fukang(&app).await;
    let limit = app::domain::application::PENDING_PER_COMMUNITY;
    // Filled directly: what a hundred senders from a hundred addresses would leave.
    for n in 0..limit {
        sqlx::query(
            "INSERT INTO applications (id, community_id, name, gender, birth_year,
               political_status, phone, password_hash, submitted_at)
             VALUES ($1, $2, '某人', 'male', 1970, '群众', $3, 'x', '2026-12-01T00:00:00.000000Z')",
        )
        .bind(format!("flood-{n}"))
        .bind(&community)
        .bind(format!("1370000{n:04}"))
        .execute(app.store.pool())
        .await
        .expect("insert");
    }
    let full = call_from(
        &app,
        "apply_for_account",
        &application_form("13912349999", &community),
        None,
        Some("198.51.100.99"),
    )
    .await;
    assert_eq!(full.body["Application"], "QueueFull", "{:?}", full.body);
    let staff = session(&app, "staff1").await;
    let listed = call(
        &app,
        "account_applications",
        &[("status", "pending")],
        Some(&staff),
    )
    .await
    .body;
    assert_eq!(listed.as_array().map(Vec::len), Some(limit as usize));
}
