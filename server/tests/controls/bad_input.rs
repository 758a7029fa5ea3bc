//! Hostile and odd values: far dates, panics, values that would break a constraint, padding,
//! ids no link could name, phone numbers however typed. Each is a typed refusal, never a 5xx.

use super::*;

// 2. Dates and panics.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn far_dates_are_refused_not_a_dropped_connection() {
    let app = spawn_app().await;
    let admin = session(&app, "admin").await;
    for to in ["+262142-12-31", "262142-12-31", "9999-12-31", "1900-01-01"] {
        let res = call(
            &app,
            "statistics",
            &[("input[from]", "2026-01-01"), ("input[to]", to)],
            Some(&admin),
        )
        .await;
        assert_eq!(res.status, 422, "{to}: {}", res.body);
        let res = reqwest::Client::new()
            .get(app.url(&format!(
                "/export/statistics.csv?from=2026-01-01&to={}",
                to.replace('+', "%2B")
            )))
            .header("Cookie", format!("lovebank_session={admin}"))
            .send()
            .await
            .expect("an answer, not a dropped connection");
        assert!(res.status().is_client_error(), "{to}: {}", res.status());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_in_a_handler_is_a_logged_500_not_a_dropped_connection() {
    use axum::routing::get;
    let router = axum::Router::new()
        .route(
            "/boom",
            get(|| async {
                let v: Vec<u8> = std::hint::black_box(Vec::new());
                v[7].to_string()
            }),
        )
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            server::api_status::panic_answer,
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(server::serve::serve(
        listener,
        router,
        std::future::pending(),
    ));
    let res = reqwest::get(format!("http://{address}/boom"))
        .await
        .expect("an answer");
    assert_eq!(res.status(), 500);
    assert_eq!(res.text().await.expect("body"), "\"Unavailable\"");
}

// 4. Client values never reach a constraint as a 5xx.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_that_would_break_a_constraint_are_typed_refusals() {
    let app = spawn_app().await;
    let volunteer = session(&app, LIU_FANG).await;
    let me = call(&app, "who_am_i", &[], Some(&volunteer)).await.body["person"].clone();
    let day = days_ago(6);
    // A sequence number beyond what a device can have.
    let res = push(
        &app,
        &volunteer,
        vec![entry(
            "big-1",
            "phone-b",
            1 << 63,
            &me,
            "service",
            service_body(&day, "09:00", "10:00"),
        )],
    )
    .await;
    assert_eq!(res.status, 422, "{}", res.body);
    // A wish whose id is an existing wish's: that entry is refused, the others are kept.
    let wish = json!({"poster": "刘芳", "need": "帮忙换灯泡", "category": "repair",
        "capacity": "1", "household": ""});
    let res = push(
        &app,
        &volunteer,
        vec![
            entry("w-first", "phone-b", 1, &me, "wish", wish.clone()),
            entry(
                "s-after",
                "phone-b",
                2,
                &me,
                "service",
                service_body(&day, "11:00", "12:00"),
            ),
        ],
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let other = session(&app, "13800010000").await;
    let them = call(&app, "who_am_i", &[], Some(&other)).await.body["person"].clone();
    let res = push(
        &app,
        &other,
        vec![
            entry(
                "s-before",
                "phone-c",
                1,
                &them,
                "service",
                service_body(&day, "08:00", "09:00"),
            ),
            entry("w-first", "phone-c", 2, &them, "wish", wish),
            entry(
                "s-next",
                "phone-c",
                3,
                &them,
                "service",
                service_body(&day, "13:00", "14:00"),
            ),
        ],
    )
    .await;
    assert_eq!(res.status, 200, "the batch is answered: {}", res.body);
    let outcomes: Vec<&str> = res.body["receipts"]
        .as_array()
        .expect("receipts")
        .iter()
        .map(|r| r[1]["outcome"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(outcomes[0], "accepted");
    assert_ne!(outcomes[1], "accepted", "{}", res.body);
    assert_eq!(outcomes[2], "accepted", "{}", res.body);
    assert_eq!(res.body["acked_through"], 3);

    // The admin naming a community that does not exist.
    let admin = session(&app, "admin").await;
    let res = call(
        &app,
        "register_household",
        &[
            ("input[head]", "马桂兰"),
            ("input[address]", "3号楼"),
            ("input[members]", "1"),
            ("input[hardship_type]", "独居老人"),
            ("input[needs]", "探望"),
            ("community", "no-such-community"),
        ],
        Some(&admin),
    )
    .await;
    assert_eq!(res.status, 422, "{}", res.body);
    let res = call_json(
        &app,
        "create_activity",
        json!({"input": {"kind": "regular", "title": "义诊", "date": day,
            "start": "09:00", "end": "10:00", "place": "活动室", "category": "health",
            "content": "", "attendees": []}, "community": "no-such-community"}),
        Some(&admin),
    )
    .await;
    assert_eq!(res.status, 422, "{}", res.body);
}

// 8. No padding stored forever.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_padded_entry_is_refused_and_nothing_of_it_is_kept() {
    let app = spawn_app().await;
    let volunteer = session(&app, LIU_FANG).await;
    let me = call(&app, "who_am_i", &[], Some(&volunteer)).await.body["person"].clone();
    let mut body = service_body(&days_ago(9), "09:00", "10:00");
    body["padding"] = json!("x".repeat(1024 * 1024));
    let res = push(
        &app,
        &volunteer,
        vec![entry("pad-1", "phone-p", 1, &me, "service", body)],
    )
    .await;
    assert_eq!(res.status, 422, "{}", res.body);
    let kept: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM sync_entries WHERE id = 'pad-1')
              + (SELECT COUNT(*) FROM sync_quarantine WHERE id = 'pad-1')",
    )
    .fetch_one(app.store.pool())
    .await
    .expect("count");
    assert_eq!(kept, 0);
}

// 11 and 12. One id shape; one phone form.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_id_no_link_could_name_is_refused() {
    let app = spawn_app().await;
    let volunteer = session(&app, LIU_FANG).await;
    let me = call(&app, "who_am_i", &[], Some(&volunteer)).await.body["person"].clone();
    let wish =
        json!({"poster": "刘芳", "need": "帮忙换灯泡", "category": "repair", "capacity": "1"});
    for id in ["<b>x</b>", "a/b", "../../x"] {
        let res = push(
            &app,
            &volunteer,
            vec![entry(id, "phone-w", 1, &me, "wish", wish.clone())],
        )
        .await;
        assert_eq!(res.status, 422, "{id}: {}", res.body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_volunteer_with_a_landline_signs_in_however_it_is_typed() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    open_account(&app, &staff, "010-62345678", "landline-pass").await;
    open_account(&app, &staff, "0931-8123456 转 12", "extension-pass").await;
    for typed in ["010-62345678", "01062345678", "010 6234 5678"] {
        let res = sign_in(&app, typed, "landline-pass").await;
        assert_eq!(res.status, 200, "{typed}: {}", res.body);
    }
    for typed in ["0931-8123456-12", "0931 8123456 ext 12", "09318123456#12"] {
        let res = sign_in(&app, typed, "extension-pass").await;
        assert_eq!(res.status, 200, "{typed}: {}", res.body);
    }
}
