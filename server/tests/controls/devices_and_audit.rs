//! A device id is its owner's, and a flood of sync events does not bury people's actions in the
//! audit trail.

use super::*;

// 3. Devices belong to people.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_id_is_its_first_pushers_and_cannot_be_borrowed() {
    let app = spawn_app().await;
    let mine = session(&app, LIU_FANG).await;
    let other = session(&app, "13800010000").await;
    let me = call(&app, "who_am_i", &[], Some(&mine)).await.body["person"].clone();
    let them = call(&app, "who_am_i", &[], Some(&other)).await.body["person"].clone();
    let day = days_ago(5);
    let body = service_body(&day, "09:00", "10:00");
    let res = push(
        &app,
        &mine,
        vec![entry("e-1", "phone-a", 1, &me, "service", body.clone())],
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    // Someone else sends entries 2 and 3 under my device id: refused, nothing stored.
    let res = push(
        &app,
        &other,
        vec![
            entry("x-2", "phone-a", 2, &them, "service", body.clone()),
            entry("x-3", "phone-a", 3, &them, "service", body.clone()),
        ],
    )
    .await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(res.body, json!("DeviceTaken"));
    // My real entry 2 is accepted, not quarantined as a reused number.
    let res = push(
        &app,
        &mine,
        vec![entry("e-2", "phone-a", 2, &me, "service", body)],
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        res.body["receipts"][0][1]["outcome"], "accepted",
        "{}",
        res.body
    );
    assert_eq!(res.body["acked_through"], 2);
}

// 6. The audit trail cannot be flooded.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_sync_events_does_not_bury_peoples_actions() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let volunteer = session(&app, LIU_FANG).await;
    let line = log_on(&app, &volunteer, &days_ago(7), "09:00", "10:00").await;
    assert_eq!(
        call(&app, "verify_record", &[("id", &line)], Some(&staff))
            .await
            .status,
        200
    );
    let flooder = call(&app, "who_am_i", &[], Some(&volunteer)).await.body["person"].clone();
    for n in 0..210 {
        call_json(
            &app,
            "sync_reconcile",
            json!({"expected": flooder, "device": "phone-flood", "holdings": {"through": 0, "count": n + 1, "digest": n}}),
            Some(&volunteer),
        )
        .await;
    }
    let people = call(&app, "audit_trail", &[], Some(&staff)).await.body;
    let actions: Vec<&str> = people["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["entry"]["action"].as_str().unwrap_or_default())
        .collect();
    assert!(actions.contains(&"verify_record"), "{actions:?}");
    assert!(!actions.contains(&"sync_mismatch"), "{actions:?}");
    let machine = call(
        &app,
        "audit_trail",
        &[("query[machine]", "true")],
        Some(&staff),
    )
    .await
    .body;
    let mismatches = machine["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["entry"]["action"] == "sync_mismatch")
        .count();
    assert_eq!(mismatches, 1, "once an hour per device: {machine}");
    // Paging: a filter by action, one page after another, nothing twice.
    let filtered = call(
        &app,
        "audit_trail",
        &[("query[action]", "verify_record")],
        Some(&staff),
    )
    .await
    .body;
    assert_eq!(
        filtered["rows"].as_array().map(Vec::len),
        Some(1),
        "{filtered}"
    );
    let all = call(&app, "audit_trail", &[], Some(&staff)).await.body;
    if all["more"] == true {
        let last = all["rows"].as_array().and_then(|r| r.last()).expect("row")["seq"].to_string();
        let next = call(
            &app,
            "audit_trail",
            &[("query[before]", &last)],
            Some(&staff),
        )
        .await
        .body;
        assert!(next["rows"][0]["seq"].as_i64() < all["rows"][0]["seq"].as_i64());
    }
}
