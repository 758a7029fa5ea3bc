//! Tabs follow the session: a tab that missed a change of session touches nothing.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tab_that_missed_a_change_of_session_is_told_signed_out_and_touches_nothing() {
    let app = spawn_app().await;
    let a = session(&app, LIU_FANG).await;
    let person_a = me(&app, &a).await;
    // Another tab signed A out and B in: the browser's cookie is B's now.
    let b = session(&app, "13800010000").await;
    let person_b = me(&app, &b).await;
    // The stale tab pulls for A with B's cookie.
    let pulled = call(
        &app,
        "sync_pull",
        &[
            ("expected", person_a.as_str()),
            ("cursor", "0"),
            ("limit", "10"),
        ],
        Some(&b),
    )
    .await;
    assert_eq!((pulled.status, pulled.body), (401, json!("SignedOut")));
    for function in ["my_passbook", "my_file", "passbook_stamp"] {
        let res = call(&app, function, &[("expected", person_a.as_str())], Some(&b)).await;
        assert_eq!(res.body, json!("SignedOut"), "{function}");
        let own = call(&app, function, &[("expected", person_b.as_str())], Some(&b)).await;
        assert_eq!(own.status, 200, "{function} for the session's own person");
    }
    let reconciled = call_json(
        &app,
        "sync_reconcile",
        json!({"expected": person_a, "device": "d", "holdings": {"through": 0, "count": 0, "digest": 0}}),
        Some(&b),
    )
    .await;
    assert_eq!(reconciled.body, json!("SignedOut"));
    // An entry it captured as A is not taken under B's session.
    let mut phone = DeviceState::new("0190c0de-0000-7000-8000-00000000f2f2");
    phone.capture(
        "0190c0de-0000-7000-8000-0000000f2001".into(),
        person_a.clone(),
        "service",
        service_in("community_help", "08:00", "09:00"),
    );
    let res = call_json(
        &app,
        "sync_push",
        json!({ "batch": phone.batch(&person_a, 10), "captured": 1 }),
        Some(&b),
    )
    .await;
    assert_eq!((res.status, res.body), (401, json!("SignedOut")));
    let b_book = common::passbook(&app, &b).await;
    assert!(b_book["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .all(|r| r["line"]["id"] != "0190c0de-0000-7000-8000-0000000f2001"));
}
