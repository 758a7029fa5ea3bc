//! What staff see of the sync and can do about it: silent phones with undelivered entries and
//! quarantined entries re-applied or dismissed.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_phone_with_undelivered_entries_shows_to_staff_with_the_volunteers_name() {
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let staff = session(&app, "staff1").await;
    let other_staff = session(&app, "staff2").await;
    let author = me(&app, &token).await;
    let mut phone = DeviceState::new("0190c0de-0000-7000-8000-00000000f0f0");
    for (i, start) in [
        "08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00",
    ]
    .iter()
    .enumerate()
    {
        let end = format!("{}:30", &start[..2]);
        phone.capture(
            format!("0190c0de-0000-7000-8000-0000000f00{i:02}"),
            author.clone(),
            "service",
            service_in("community_help", start, &end),
        );
    }
    // Five of seven arrive; then the phone's storage is wiped and it never syncs again.
    let first_five: Vec<Entry> = phone.outbox.values().take(5).cloned().collect();
    let reply = push_from(&app, &token, &first_five, 7).await;
    assert_eq!(reply.acked_through, 5);
    let problems = call(&app, "sync_problems", &[], Some(&staff)).await.body;
    assert_eq!(problems["silent"], json!([]), "it synced a moment ago");
    sqlx::query(
        "UPDATE sync_devices SET last_seen_at = '2026-01-01T00:00:00.000000Z' WHERE device_id = $1",
    )
    .bind(&phone.device)
    .execute(app.store.pool())
    .await
    .expect("age the device");
    let problems = call(&app, "sync_problems", &[], Some(&staff)).await.body;
    let silent = problems["silent"].as_array().expect("silent");
    assert_eq!(silent.len(), 1, "{problems}");
    assert_eq!(silent[0]["name"], "刘芳");
    assert_eq!(
        (
            silent[0]["captured"].as_u64(),
            silent[0]["received"].as_u64()
        ),
        (Some(7), Some(5))
    );
    // Another community's staff do not see 刘芳's phone.
    let theirs = call(&app, "sync_problems", &[], Some(&other_staff))
        .await
        .body;
    assert_eq!(theirs["silent"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_reapply_a_quarantined_entry_once_its_cause_is_fixed_or_dismiss_it_with_a_reason() {
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let staff = session(&app, "staff1").await;
    let other_staff = session(&app, "staff2").await;
    let author = me(&app, &token).await;
    let mut phone = DeviceState::new("0190c0de-0000-7000-8000-00000000f1f1");
    // A category the phone knew and the server does not (yet).
    let gardening = phone.capture(
        "0190c0de-0000-7000-8000-0000000f1001".into(),
        author.clone(),
        "service",
        service_in("gardening", "08:00", "09:00"),
    );
    let nonsense = phone.capture(
        "0190c0de-0000-7000-8000-0000000f1002".into(),
        author.clone(),
        "service",
        service_in("community_help", "11:00", "10:00"),
    );
    let batch = phone.batch(&author, 10);
    let reply = push_from(&app, &token, &batch, 2).await;
    assert!(reply
        .receipts
        .iter()
        .all(|(_, r)| matches!(r, Receipt::Quarantined { .. })));
    assert_eq!(reply.acked_through, 2, "set aside, not blocking");

    let problems = call(&app, "sync_problems", &[], Some(&staff)).await.body;
    let listed = problems["quarantined"].as_array().expect("list").clone();
    assert_eq!(listed.len(), 2, "{problems}");
    let number = |id: &str| {
        listed
            .iter()
            .find(|q| q["entry"] == id)
            .and_then(|q| q["number"].as_i64())
            .expect("listed")
            .to_string()
    };
    let (garden_no, nonsense_no) = (number(&gardening.id), number(&nonsense.id));
    assert_eq!(listed[0]["name"], "刘芳");
    let theirs = call(&app, "sync_problems", &[], Some(&other_staff))
        .await
        .body;
    assert_eq!(theirs["quarantined"], json!([]));

    let resolve = |number: String, action: &'static str, note: &'static str, token: String| {
        let app = &app;
        async move {
            call(
                app,
                "resolve_quarantined",
                &[("number", &number), ("action", action), ("note", note)],
                Some(&token),
            )
            .await
        }
    };
    // Re-applied while the cause stands: refused with the reason, nothing changes.
    let early = resolve(garden_no.clone(), "reapply", "", staff.clone()).await;
    assert_eq!(early.status, 422, "{}", early.body);
    // The category is added; now the entry goes in, as 刘芳's, once.
    let added = call(
        &app,
        "add_category",
        &[
            ("code", "gardening"),
            ("name_zh", "园艺"),
            ("name_en", "Gardening"),
            ("icon", "🌱"),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(added.status, 200, "{}", added.body);
    let elsewhere = resolve(garden_no.clone(), "reapply", "", other_staff.clone()).await;
    assert_eq!(
        elsewhere.body,
        json!("NotFound"),
        "not another community's to touch"
    );
    let done = resolve(garden_no.clone(), "reapply", "类别已添加", staff.clone()).await;
    assert_eq!(done.status, 200, "{}", done.body);
    let twice = resolve(garden_no.clone(), "reapply", "", staff.clone()).await;
    assert_eq!(twice.status, 422, "once only: {}", twice.body);
    let book = common::passbook(&app, &token).await;
    let lines = book["rows"].as_array().expect("rows");
    assert_eq!(
        lines
            .iter()
            .filter(|r| r["line"]["id"] == gardening.id.as_str())
            .count(),
        1,
        "the re-applied line is in 刘芳's passbook"
    );
    // The phone sees it come back through its pull.
    let page = call(
        &app,
        "sync_pull",
        &[
            ("expected", author.as_str()),
            ("cursor", "0"),
            ("limit", "100"),
        ],
        Some(&token),
    )
    .await
    .body;
    assert!(page["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .any(|c| c["entry"]["id"] == gardening.id.as_str()));

    // The other is dismissed, with a reason (required).
    let bare = resolve(nonsense_no.clone(), "dismiss", "", staff.clone()).await;
    assert_eq!(bare.status, 422, "a dismissal says why");
    let dismissed = resolve(
        nonsense_no.clone(),
        "dismiss",
        "结束时间早于开始时间，已电话核实为误填",
        staff.clone(),
    )
    .await;
    assert_eq!(dismissed.status, 200, "{}", dismissed.body);
    let problems = call(&app, "sync_problems", &[], Some(&staff)).await.body;
    let outcomes: Vec<&str> = problems["quarantined"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|q| q["resolution"]["action"].as_str())
        .collect();
    assert_eq!(outcomes.len(), 2);
    let trail = call(&app, "audit_trail", &[], Some(&staff)).await.body;
    let actions: Vec<&str> = trail["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["entry"]["action"].as_str())
        .collect();
    assert!(actions.contains(&"quarantine_reapplied"), "{actions:?}");
    assert!(actions.contains(&"quarantine_dismissed"), "{actions:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restored_phone_that_moved_to_a_new_id_does_not_leave_a_false_alarm() {
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let staff = session(&app, "staff1").await;
    let author = me(&app, &token).await;
    let mut phone = DeviceState::new("0190c0de-0000-7000-8000-00000000f6f6");
    for (n, start) in ["08:00", "09:00"].iter().enumerate() {
        phone.capture(
            format!("0190c0de-0000-7000-8000-0000000f600{n}"),
            author.clone(),
            "service",
            service_in("community_help", start, &format!("{}:30", &start[..2])),
        );
    }
    let backup = phone.clone();
    let batch = phone.batch(&author, 10);
    push_from(&app, &token, &batch, 2).await;
    // Restored from a backup of before its first capture, it captures seven: its numbers 1 and 2
    // stand for other entries on the server. Its first push (three of the seven, saying it has
    // captured seven) is told so.
    let mut restored = backup;
    restored.last_seq = 0;
    restored.outbox.clear();
    for n in 0..7u32 {
        let start = format!("{:02}:00", 10 + n);
        restored.capture(
            format!("0190c0de-0000-7000-8000-0000000f610{n}"),
            author.clone(),
            "service",
            service_in("community_help", &start, &format!("{:02}:30", 10 + n)),
        );
    }
    let batch = restored.batch(&author, 3);
    let reply = push_from(&app, &token, &batch, 7).await;
    assert!(
        restored.on_push_reply(&batch, &reply),
        "numbers 1 and 2 are taken: a fork"
    );
    restored.take_new_device("0190c0de-0000-7000-8000-00000000f7f7");
    let batch = restored.batch(&author, 10);
    assert_eq!(batch.len(), 6, "the third went in under the old id");
    let reply = push_from(&app, &token, &batch, 6).await;
    assert_eq!(reply.acked_through, 6);
    sqlx::query("UPDATE sync_devices SET last_seen_at = '2026-01-01T00:00:00.000000Z'")
        .execute(app.store.pool())
        .await
        .expect("a day later");
    let problems = call(&app, "sync_problems", &[], Some(&staff)).await.body;
    assert_eq!(
        problems["silent"],
        json!([]),
        "everything arrived: {problems}"
    );
}
