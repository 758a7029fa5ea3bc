//! What the server refuses, and how nothing is lost by it: a poison entry, a newer format, a
//! reused id, someone else's entries, a taken login.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poison_entry_is_quarantined_and_a_newer_format_waits_neither_blocks_the_rest() {
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let author = me(&app, &token).await;
    let mut phone = DeviceState::new("phone-2");
    phone.capture(
        "0190c0de-0000-7000-8000-0000000000a1".into(),
        author.clone(),
        "service",
        service("08:00", "09:00"),
    );
    phone.capture(
        "0190c0de-0000-7000-8000-0000000000a2".into(),
        author.clone(),
        "service",
        service("10:00", "09:00"),
    );
    phone.capture(
        "0190c0de-0000-7000-8000-0000000000a3".into(),
        author.clone(),
        "teleport",
        "{}".into(),
    );
    let mut future = phone.capture(
        "0190c0de-0000-7000-8000-0000000000a4".into(),
        author.clone(),
        "service",
        service("11:00", "12:00"),
    );
    future.schema = 99;
    phone.outbox.insert(future.seq, future);
    phone.capture(
        "0190c0de-0000-7000-8000-0000000000a5".into(),
        author.clone(),
        "service",
        service("13:00", "14:00"),
    );

    let batch = phone.batch(&author, 10);
    let (status, body) = push(&app, &token, &batch).await;
    assert_eq!(status, 200, "{body}");
    let r = reply(body);
    assert_eq!(
        r.acked_through, 3,
        "number 4 waits for an upgrade of the server"
    );
    let outcome = |i: usize| &r.receipts[i].1;
    assert!(matches!(outcome(0), Receipt::Accepted { .. }));
    assert!(
        matches!(outcome(1), Receipt::Quarantined { reason } if reason.contains("EndNotAfterStart")),
        "{:?}",
        outcome(1)
    );
    assert!(
        matches!(outcome(2), Receipt::Quarantined { reason } if reason.contains("unknown kind"))
    );
    assert!(
        matches!(outcome(3), Receipt::Deferred { reason } if reason.contains("schema 99")),
        "{:?}",
        outcome(3)
    );
    assert!(
        matches!(outcome(4), Receipt::Accepted { .. }),
        "the entry behind it is taken"
    );
    phone.on_push_reply(&batch, &r);
    assert_eq!(phone.outbox.len(), 1, "the newer entry stays on the phone");
    assert_eq!(phone.quarantined.len(), 2, "kept on the phone to export");
    // Offered again later, it is answered the same (not quarantined, not lost).
    let again = phone.outbox.values().cloned().collect::<Vec<_>>();
    let (_, body) = push(&app, &token, &again).await;
    assert!(matches!(
        reply(body).receipts[0].1,
        Receipt::Deferred { .. }
    ));
    // Pushing them again gives the same answers and no second quarantine row.
    let (_, again) = push(
        &app,
        &token,
        &[phone.quarantined.values().next().cloned().expect("one")],
    )
    .await;
    assert!(matches!(
        reply(again).receipts[0].1,
        Receipt::Quarantined { .. }
    ));
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sync_quarantine")
        .fetch_one(app.store.pool())
        .await
        .expect("count");
    assert_eq!(rows, 2, "the newer format is not quarantined");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reused_id_is_quarantined_and_a_cloned_phone_renumbers_never_overwriting() {
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let author = me(&app, &token).await;
    let mut phone = DeviceState::new("phone-3");
    let original = phone.capture(
        "0190c0de-0000-7000-8000-0000000000b1".into(),
        author.clone(),
        "service",
        service("08:00", "09:00"),
    );
    push(&app, &token, std::slice::from_ref(&original)).await;

    let mut edited = original.clone();
    edited.body = service("08:00", "18:00");
    let (_, body) = push(&app, &token, &[edited]).await;
    assert!(
        matches!(&reply(body).receipts[0].1, Receipt::Quarantined { reason } if reason.contains("other content"))
    );

    let mut restored = DeviceState::new("phone-3");
    let fork = restored.capture(
        "0190c0de-0000-7000-8000-0000000000b2".into(),
        author.clone(),
        "service",
        service("10:00", "11:00"),
    );
    let (_, body) = push(&app, &token, std::slice::from_ref(&fork)).await;
    let answer = reply(body);
    assert_eq!(answer.receipts[0].1, Receipt::Forked, "number 1 is taken");
    assert!(restored.on_push_reply(&[fork], &answer), "told to renumber");
    restored.take_new_device("phone-3-restored");
    let (_, body) = push(&app, &token, &restored.batch(&author, 10)).await;
    let answer = reply(body);
    assert!(
        matches!(answer.receipts[0].1, Receipt::Accepted { .. }),
        "{answer:?}"
    );
    assert_eq!(answer.acked_through, 1);

    let book = call(&app, "my_passbook", &[], Some(&token)).await.body;
    let line = book["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["line"]["id"] == original.id))
        .expect("line");
    assert_eq!(line["line"]["minutes"], 60, "the original stands");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_pushes_someone_elses_entries_and_kiosks_and_strangers_cannot_push() {
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let other = session(&app, "13800010000").await;
    let other_person = me(&app, &other).await;
    let mut phone = DeviceState::new("shared");
    phone.capture(
        "0190c0de-0000-7000-8000-0000000000c1".into(),
        other_person,
        "service",
        service("08:00", "09:00"),
    );
    let batch = phone.outbox.values().cloned().collect::<Vec<_>>();
    // A tab that missed a change of session: told so, nothing stored.
    let (status, body) = push(&app, &token, &batch).await;
    assert_eq!((status, body), (401, json!("SignedOut")));
    let res = reqwest::Client::new()
        .post(app.url("/api/sync_push"))
        .json(&json!({ "batch": batch }))
        .send()
        .await
        .expect("push");
    assert_eq!(res.status().as_u16(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_change_from_the_phone_updates_the_file_and_a_new_login_is_refused_not_lost() {
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let author = me(&app, &token).await;
    let mut phone = DeviceState::new("phone-profile");
    let change = |phone: &str| {
        json!({ "phone": phone, "skills": "英语辅导、手语", "preferences": ["education", "education"] })
            .to_string()
    };
    // 1: skills and preferences, same phone; 2: another phone number (the login: it needs the
    // password, online); 3: not a phone number.
    phone.capture("p-1".into(), author.clone(), "profile", change(LIU_FANG));
    phone.capture(
        "p-2".into(),
        author.clone(),
        "profile",
        change("13800010000"),
    );
    phone.capture("p-3".into(), author.clone(), "profile", change("12"));
    let (status, body) = push(&app, &token, &phone.batch(&author, 10)).await;
    assert_eq!(status, 200, "{body}");
    let reply = reply(body);
    assert_eq!(
        reply.acked_through, 3,
        "every entry is held, none blocks another"
    );
    assert!(matches!(reply.receipts[0].1, Receipt::Accepted { .. }));
    match &reply.receipts[1].1 {
        Receipt::Refused { reason, .. } => assert!(reason.contains("NeedsPassword"), "{reason}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(matches!(reply.receipts[2].1, Receipt::Quarantined { .. }));

    let file = call(&app, "my_file", &[], Some(&token)).await;
    assert_eq!(file.status, 200, "{}", file.body);
    assert_eq!(
        file.body["phone"], LIU_FANG,
        "the refused change did not apply"
    );
    assert_eq!(file.body["skills"], "英语辅导、手语");
    assert_eq!(file.body["preferences"], json!(["education"]));
    // The login changes online, with the password; a number someone else has is refused.
    let taken = call(
        &app,
        "change_login_phone",
        &[
            ("phone", "13800010000"),
            ("password", server::demo::DEMO_PASSWORD),
        ],
        Some(&token),
    )
    .await;
    assert_eq!(taken.body, json!({"Invalid": [{"Taken": "Phone"}]}));
    let moved = call(
        &app,
        "change_login_phone",
        &[
            ("phone", "13900139000"),
            ("password", server::demo::DEMO_PASSWORD),
        ],
        Some(&token),
    )
    .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let again = common::sign_in(&app, "13900139000", server::demo::DEMO_PASSWORD).await;
    assert_eq!(again.status, 200, "{}", again.body);
}
