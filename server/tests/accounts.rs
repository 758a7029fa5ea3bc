//! Sign-in, sessions, passwords and the audit trail, over HTTP against the real router.

use crate::common;

use common::{call, sign_in, spawn_app, token_of};
use server::demo::DEMO_PASSWORD;

const VOLUNTEER_PHONE: &str = "13800010000"; // 王建国, 福康社区

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_volunteer_signs_in_with_their_phone_and_gets_an_httponly_session() {
    let app = spawn_app().await;
    let res = sign_in(&app, "138 0001 0000", DEMO_PASSWORD).await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    assert_eq!(res.body["name"], "王建国");
    assert_eq!(res.body["role"], "volunteer");
    assert_eq!(res.body["community_name"], "福康社区");
    let cookie = res.cookie.expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing in {cookie}"
        );
    }
    let token = token_of(&cookie);
    assert_eq!(token.len(), 64);

    let me = call(&app, "who_am_i", &[], Some(&token)).await;
    assert_eq!(me.body["name"], "王建国");
    let nobody = call(&app, "who_am_i", &[], None).await;
    assert_eq!(nobody.body, serde_json::Value::Null);
    let forged = call(&app, "who_am_i", &[], Some(&"0".repeat(64))).await;
    assert_eq!(forged.body, serde_json::Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_sign_in_by_username_in_any_case() {
    let app = spawn_app().await;
    let res = sign_in(&app, " Staff1 ", DEMO_PASSWORD).await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    assert_eq!(res.body["role"], "staff");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_and_an_unknown_account_look_the_same() {
    let app = spawn_app().await;
    let wrong = sign_in(&app, VOLUNTEER_PHONE, "wrong-password").await;
    let unknown = sign_in(&app, "13999999999", "wrong-password").await;
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.body, serde_json::json!("SignInFailed"));
    assert!(wrong.cookie.is_none() && unknown.cookie.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_are_slowed_down_even_for_the_right_password() {
    let app = spawn_app().await;
    for _ in 0..server::throttle::FREE_ATTEMPTS {
        let res = sign_in(&app, VOLUNTEER_PHONE, "guess").await;
        assert_eq!(res.body, serde_json::json!("SignInFailed"));
    }
    let res = sign_in(&app, VOLUNTEER_PHONE, DEMO_PASSWORD).await;
    let wait = res.body["TooManyAttempts"]["retry_after_secs"].as_u64();
    assert!(matches!(wait, Some(1..=30)), "{:?}", res.body);
    assert!(res.cookie.is_none());
    // Other accounts are not affected.
    assert_eq!(
        sign_in(&app, "13800010001", DEMO_PASSWORD).await.status,
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    let token = token_of(
        &sign_in(&app, VOLUNTEER_PHONE, DEMO_PASSWORD)
            .await
            .cookie
            .expect("cookie"),
    );
    let out = call(&app, "sign_out", &[], Some(&token)).await;
    assert_eq!(out.status, 200);
    assert!(out.cookie.expect("cleared").contains("Max-Age=0"));
    let me = call(&app, "who_am_i", &[], Some(&token)).await;
    assert_eq!(
        me.body,
        serde_json::Value::Null,
        "the old token no longer works"
    );
    let again = call(&app, "sign_out", &[], Some(&token)).await;
    assert_eq!(again.body, serde_json::json!("SignedOut"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_checks_the_old_one_and_closes_other_sessions() {
    let app = spawn_app().await;
    let here = token_of(
        &sign_in(&app, VOLUNTEER_PHONE, DEMO_PASSWORD)
            .await
            .cookie
            .expect("cookie"),
    );
    let elsewhere = token_of(
        &sign_in(&app, VOLUNTEER_PHONE, DEMO_PASSWORD)
            .await
            .cookie
            .expect("cookie"),
    );

    let wrong = call(
        &app,
        "change_password",
        &[("current", "nope"), ("new", "a-new-passphrase")],
        Some(&here),
    )
    .await;
    assert_eq!(wrong.body, serde_json::json!("SignInFailed"));
    let short = call(
        &app,
        "change_password",
        &[("current", DEMO_PASSWORD), ("new", "short")],
        Some(&here),
    )
    .await;
    assert_eq!(
        short.body["Invalid"][0]["TooShort"]["min"], 8,
        "{:?}",
        short.body
    );
    let signed_out = call(
        &app,
        "change_password",
        &[("current", DEMO_PASSWORD), ("new", "a-new-passphrase")],
        None,
    )
    .await;
    assert_eq!(signed_out.body, serde_json::json!("SignedOut"));

    let ok = call(
        &app,
        "change_password",
        &[("current", DEMO_PASSWORD), ("new", "a-new-passphrase")],
        Some(&here),
    )
    .await;
    assert_eq!(ok.status, 200, "{:?}", ok.body);
    assert_eq!(
        call(&app, "who_am_i", &[], Some(&here)).await.body["name"],
        "王建国",
        "this session stays"
    );
    assert_eq!(
        call(&app, "who_am_i", &[], Some(&elsewhere)).await.body,
        serde_json::Value::Null
    );
    assert_eq!(
        sign_in(&app, VOLUNTEER_PHONE, DEMO_PASSWORD).await.body,
        serde_json::json!("SignInFailed")
    );
    assert_eq!(
        sign_in(&app, VOLUNTEER_PHONE, "a-new-passphrase")
            .await
            .status,
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_trail_records_who_did_what_from_which_device() {
    use app::api::ports::Store;
    let app = spawn_app().await;
    sign_in(&app, VOLUNTEER_PHONE, "wrong").await;
    let token = token_of(
        &sign_in(&app, VOLUNTEER_PHONE, DEMO_PASSWORD)
            .await
            .cookie
            .expect("cookie"),
    );
    call(&app, "sign_out", &[], Some(&token)).await;
    let page = app
        .store
        .audit_trail(None, &app::domain::audit::AuditFilter::default(), 10)
        .await
        .expect("trail");
    let trail: Vec<_> = page.rows.into_iter().map(|r| r.entry).collect();
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["sign_out", "sign_in", "sign_in_failed"]);
    assert!(trail.iter().all(|e| e.device == "integration-test/1.0"));
    assert_eq!(
        trail[1].community.as_ref().map(|c| c.as_str().len()),
        Some(36),
        "the volunteer's community"
    );
    assert!(
        sqlx::query("DELETE FROM audit_log")
            .execute(app.store.pool())
            .await
            .is_err(),
        "the audit trail cannot be deleted"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_carry_their_http_status() {
    let app = spawn_app().await;
    let wrong = sign_in(&app, VOLUNTEER_PHONE, "wrong-password").await;
    assert_eq!(wrong.status, 401);
    for _ in 0..server::throttle::FREE_ATTEMPTS {
        sign_in(&app, "13800010005", "guess").await;
    }
    let throttled = sign_in(&app, "13800010005", "guess").await;
    assert_eq!(throttled.status, 429);
    let retry: u64 = throttled.headers["retry-after"]
        .to_str()
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!((1..=30).contains(&retry), "Retry-After: {retry}");
    let signed_out = call(&app, "my_passbook", &[], None).await;
    assert_eq!(signed_out.status, 401);
    let token = token_of(
        &sign_in(&app, VOLUNTEER_PHONE, DEMO_PASSWORD)
            .await
            .cookie
            .expect("cookie"),
    );
    let forbidden = call(&app, "verification_queue", &[], Some(&token)).await;
    assert_eq!(forbidden.status, 403);
    let invalid = call(
        &app,
        "change_password",
        &[("current", DEMO_PASSWORD), ("new", "short")],
        Some(&token),
    )
    .await;
    assert_eq!(invalid.status, 422);
    let refused = call(
        &app,
        "request_redemption",
        &[("points", "99999"), ("item", "大米")],
        Some(&token),
    )
    .await;
    assert_eq!(refused.status, 409);
    assert_eq!(call(&app, "who_am_i", &[], Some(&token)).await.status, 200);
}

/// Two sign-ins that read the clock, then queue for the lock the count is kept under: the one that
/// read it first may count second. Within the free attempts it must not be told to wait (two app
/// servers signing one person in at the same moment did exactly that).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attempt_counted_after_a_later_one_is_not_told_to_wait() {
    use app::api::ports::Store;
    let app = spawn_app().await;
    let earlier = chrono::Utc::now();
    let later = earlier + chrono::Duration::milliseconds(40);
    let key = server::throttle::login_key("staff1");
    let first = app.store.begin_attempt(&key, later).await.expect("store");
    let second = app.store.begin_attempt(&key, earlier).await.expect("store");
    assert_eq!((first, second), (Ok(()), Ok(())));
}
