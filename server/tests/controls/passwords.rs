//! Password checks and sessions: an atomic throttle on every door, bounded hashing, idle office
//! sessions that end, and a phone change that needs the password.

use super::*;

// 5 and 13. Password checks: atomic throttle, every door, bounded hashing.

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_guesses_at_once_get_five_checks_and_hashing_stays_bounded() {
    let app = spawn_app().await;
    let guesses = (0..40).map(|i| {
        let url = app.url("/api/sign_in");
        async move {
            reqwest::Client::new()
                .post(url)
                .form(&[("login", LIU_FANG), ("password", &format!("guess-{i}"))])
                .send()
                .await
                .expect("answer")
                .status()
                .as_u16()
        }
    });
    let statuses = futures_join_all(guesses).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked, 5, "{statuses:?}");
    assert_eq!(throttled, 35, "{statuses:?}");
    assert!(
        app.accounts.peak_hashes_at_once() <= server::accounts::HASHES_AT_ONCE,
        "{} hashes ran at once",
        app.accounts.peak_hashes_at_once()
    );
    // A password change checks a password too: throttled the same way.
    let staff = session(&app, "staff1").await;
    let mut last = 0;
    for i in 0..7 {
        last = call(
            &app,
            "change_password",
            &[
                ("current", &format!("wrong-{i}")),
                ("new", "a-new-passphrase"),
            ],
            Some(&staff),
        )
        .await
        .status;
    }
    assert_eq!(last, 429);
}

async fn futures_join_all<F: std::future::Future<Output = u16> + Send + 'static>(
    all: impl Iterator<Item = F>,
) -> Vec<u16> {
    let handles: Vec<_> = all.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

// 14. Sessions, logins, the audit of failures.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_office_session_ends_and_a_phone_change_needs_the_password() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    sqlx::query("UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00.000000Z'")
        .execute(app.store.pool())
        .await
        .expect("age the sessions");
    assert_eq!(
        call(&app, "who_am_i", &[], Some(&staff)).await.body,
        Value::Null,
        "an office session unused for a day has ended"
    );

    let volunteer = session(&app, LIU_FANG).await;
    let me = call(&app, "who_am_i", &[], Some(&volunteer)).await.body["person"].clone();
    let profile = json!({"phone": "13900139001", "skills": "手语", "preferences": []});
    let res = push(
        &app,
        &volunteer,
        vec![entry("p-1", "phone-f", 1, &me, "profile", profile)],
    )
    .await;
    let receipt = &res.body["receipts"][0][1];
    assert_eq!(receipt["outcome"], "refused", "{}", res.body);
    assert!(receipt["reason"]
        .as_str()
        .unwrap_or_default()
        .contains("NeedsPassword"));
    let res = call(
        &app,
        "change_login_phone",
        &[("phone", "13900139001"), ("password", "wrong")],
        Some(&volunteer),
    )
    .await;
    assert_eq!(res.status, 401);
    let res = call(
        &app,
        "change_login_phone",
        &[("phone", "13900139001"), ("password", DEMO_PASSWORD)],
        Some(&volunteer),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        sign_in(&app, "13900139001", DEMO_PASSWORD).await.status,
        200
    );

    // A password typed into the login field is not kept in the audit trail.
    sign_in(&app, "my-secret-pass-typed-here", "x").await;
    let admin = session(&app, "admin").await;
    let trail = call(&app, "audit_trail", &[], Some(&admin))
        .await
        .body
        .to_string();
    assert!(trail.contains("sign_in_failed"), "{trail}");
    assert!(!trail.contains("my-secret-pass"), "{trail}");
}
