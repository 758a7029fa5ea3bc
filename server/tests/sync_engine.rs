//! What staff see of the sync and can do about it: a phone that captured entries the server
//! never received and fell silent, quarantined entries re-applied or dismissed, and tabs that
//! must follow the session; a server restored from an older backup gets every entry back.

mod common;

use app::domain::ids::PersonId;
use app::domain::sync::{DeviceState, Entry, Holdings, PullPage, PushReply, Receipt, Reconciled};
use common::{call, call_json, session, spawn_app, TestApp};
use serde_json::json;

const LIU_FANG: &str = "13800010003";

async fn me(app: &TestApp, token: &str) -> PersonId {
    let who = call(app, "who_am_i", &[], Some(token)).await.body;
    PersonId::new(who["person"].as_str().expect("person"))
}

fn service(category: &str, start: &str, end: &str) -> String {
    let date = app::domain::clock::china_today(chrono::Utc::now()).to_string();
    json!({
        "date": date, "start": start, "end": end, "place": "社区服务站",
        "content": "陪老人聊天", "category": category,
        "witness_name": "马桂兰", "witness_phone": "13900020000"
    })
    .to_string()
}

async fn push(app: &TestApp, token: &str, batch: &[Entry], captured: u64) -> PushReply {
    let res = call_json(
        app,
        "sync_push",
        json!({ "batch": batch, "captured": captured }),
        Some(token),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    serde_json::from_value(res.body).expect("reply")
}

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
            service("community_help", start, &end),
        );
    }
    // Five of seven arrive; then the phone's storage is wiped and it never syncs again.
    let first_five: Vec<Entry> = phone.outbox.values().take(5).cloned().collect();
    let reply = push(&app, &token, &first_five, 7).await;
    assert_eq!(reply.acked_through, 5);
    let problems = call(&app, "sync_problems", &[], Some(&staff)).await.body;
    assert_eq!(problems["silent"], json!([]), "it synced a moment ago");
    sqlx::query(
        "UPDATE sync_devices SET last_seen_at = '2026-01-01T00:00:00.000000Z' WHERE device_id = ?",
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
        service("gardening", "08:00", "09:00"),
    );
    let nonsense = phone.capture(
        "0190c0de-0000-7000-8000-0000000f1002".into(),
        author.clone(),
        "service",
        service("community_help", "11:00", "10:00"),
    );
    let batch = phone.batch(&author, 10);
    let reply = push(&app, &token, &batch, 2).await;
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
        service("community_help", "08:00", "09:00"),
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

/// A device's whole sync, as the browser's runner does it: push what waits, pull every page,
/// prove the holdings, and follow the proof's plan.
async fn sync(app: &TestApp, token: &str, phone: &mut DeviceState) -> Reconciled {
    use app::domain::sync::plan::{plan_proof, ProofPlan};
    let person = me(app, token).await;
    loop {
        let batch = phone.batch(&person, 200);
        if batch.is_empty() {
            break;
        }
        let reply = push(app, token, &batch, phone.last_seq).await;
        phone.on_push_reply(&batch, &reply);
    }
    let mut rebuilt = false;
    loop {
        pull_all(app, token, &person, phone).await;
        let held = holdings(phone);
        let answer = reconcile(app, token, &person, &held).await;
        match plan_proof(&held, &answer, rebuilt) {
            ProofPlan::Matches | ProofPlan::Report => return answer,
            plan => {
                if plan == ProofPlan::Resend {
                    let mine: Vec<Entry> = phone.view.values().map(|c| c.entry.clone()).collect();
                    for batch in mine.chunks(200) {
                        push(app, token, batch, phone.last_seq).await;
                    }
                }
                phone.view.clear();
                phone.cursor = 0;
                rebuilt = true;
            }
        }
    }
}

async fn pull_all(app: &TestApp, token: &str, person: &PersonId, phone: &mut DeviceState) {
    loop {
        let cursor = phone.cursor.to_string();
        let page = call(
            app,
            "sync_pull",
            &[
                ("expected", person.as_str()),
                ("cursor", &cursor),
                ("limit", "3"),
            ],
            Some(token),
        )
        .await
        .body;
        let page: PullPage = serde_json::from_value(page).expect("page");
        phone.on_pull_page(phone.cursor, &page);
        if !page.more {
            break;
        }
    }
}

fn holdings(phone: &DeviceState) -> Holdings {
    let mut held = Holdings::new(phone.cursor);
    for change in phone.view.values() {
        held.add(change.change, &change.entry);
    }
    held
}

async fn reconcile(app: &TestApp, token: &str, person: &PersonId, held: &Holdings) -> Reconciled {
    let res = call_json(
        app,
        "sync_reconcile",
        json!({"expected": person, "device": "phone", "holdings": held}),
        Some(token),
    )
    .await;
    serde_json::from_value(res.body).expect("answer")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_restore_to_an_older_backup_every_entry_comes_back_exactly_once() {
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let author = me(&app, &token).await;
    let mut phone = DeviceState::new("0190c0de-0000-7000-8000-00000000f3f3");
    let mut captured = Vec::new();
    let mut log = |phone: &mut DeviceState, n: u32| {
        let start = format!("{:02}:00", 6 + n);
        let end = format!("{:02}:30", 6 + n);
        let entry = phone.capture(
            format!("0190c0de-0000-7000-8000-0000000f30{n:02}"),
            author.clone(),
            "service",
            service("community_help", &start, &end),
        );
        captured.push(entry.id);
    };
    for n in 0..3 {
        log(&mut phone, n);
    }
    assert!(sync(&app, &token, &mut phone).await.matches);

    // The nightly backup, taken while the server runs.
    let backups = tempfile::tempdir().expect("dir");
    let copy = backups.path().join("lovebank-backup.db");
    let url = format!(
        "sqlite://{}",
        app.store.pool().connect_options().get_filename().display()
    );
    server::sqlite::SqliteStore::backup(&url, &copy)
        .await
        .expect("backup");
    assert!(
        server::sqlite::SqliteStore::backup(&url, &copy)
            .await
            .is_err(),
        "never overwrites"
    );

    // More work the next morning, acknowledged by the server…
    for n in 3..6 {
        log(&mut phone, n);
    }
    assert!(sync(&app, &token, &mut phone).await.matches);
    assert!(phone.outbox.is_empty(), "the phone let go of all six");

    // …then the disk fails and the server is restored from last night's backup.
    let restored_dir = tempfile::tempdir().expect("dir");
    std::fs::copy(&copy, restored_dir.path().join("lovebank.db")).expect("restore");
    let restored = common::spawn_app_on(restored_dir, "lovebank.db").await;
    let token = session(&restored, LIU_FANG).await;
    let answer = sync(&restored, &token, &mut phone).await;
    assert!(answer.matches, "back to matches by itself: {answer:?}");
    let page: PullPage = serde_json::from_value(
        call(
            &restored,
            "sync_pull",
            &[
                ("expected", author.as_str()),
                ("cursor", "0"),
                ("limit", "1000"),
            ],
            Some(&token),
        )
        .await
        .body,
    )
    .expect("page");
    for id in &captured {
        let copies = page.changes.iter().filter(|c| &c.entry.id == id).count();
        assert_eq!(copies, 1, "{id} is on the restored server exactly once");
    }
    let book = common::passbook(&restored, &token).await;
    for id in &captured {
        let lines = book["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .filter(|r| r["line"]["id"] == id.as_str())
            .count();
        assert_eq!(lines, 1, "{id} is in the passbook once");
    }
}

/// The signed-in person of `token`, as the store's caller.
async fn actor(app: &TestApp, token: &str) -> app::domain::person::Actor {
    let me: app::domain::account::Me =
        serde_json::from_value(call(app, "who_am_i", &[], Some(token)).await.body).expect("me");
    app::domain::person::Actor {
        person: me.person,
        role: me.role,
        community: me.community,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_clock_days_off_or_a_push_just_after_midnight_in_china_flags_dates_and_drops_nothing(
) {
    use app::api::ports::Store;
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let who = actor(&app, &token).await;
    // 16:30 UTC on 30 November is 00:30 on 1 December in China.
    let at: chrono::DateTime<chrono::Utc> = "2026-11-30T16:30:00Z".parse().expect("instant");
    let form = |date: &str| {
        json!({
            "date": date, "start": "00:05", "end": "00:25", "place": "社区服务站",
            "content": "夜间陪护", "category": "community_help",
            "witness_name": "马桂兰", "witness_phone": "13900020000"
        })
        .to_string()
    };
    let mut phone = DeviceState::new("0190c0de-0000-7000-8000-00000000f4f4");
    // Tomorrow in China — within the day of tolerance, but two days after the UTC date, so a
    // server that took UTC's date would flag it — and a date from a phone 3 days ahead.
    let today = phone.capture(
        "0190c0de-0000-7000-8000-0000000f4001".into(),
        who.person.clone(),
        "service",
        form("2026-12-02"),
    );
    let ahead = phone.capture(
        "0190c0de-0000-7000-8000-0000000f4002".into(),
        who.person.clone(),
        "service",
        form("2026-12-04"),
    );
    let audit = app::domain::audit::AuditEntry {
        at,
        actor: Some(who.person.clone()),
        role: Some(who.role),
        community: who.community.clone(),
        action: "sync_push".into(),
        subject: String::new(),
        detail: String::new(),
        device: "phone".into(),
    };
    let reply = app
        .store
        .push(&who, &phone.batch(&who.person, 10), 2, audit)
        .await
        .expect("push");
    assert!(
        reply
            .receipts
            .iter()
            .all(|(_, r)| matches!(r, Receipt::Accepted { .. })),
        "neither is dropped: {reply:?}"
    );
    let book = app.store.passbook(&who.person).await.expect("passbook");
    let flags = |id: &str| {
        book.rows
            .iter()
            .find(|r| r.line.id.as_str() == id)
            .map(|r| r.line.flags.clone())
            .expect("in the passbook")
    };
    use app::domain::record::RecordFlag;
    assert!(
        !flags(&today.id).contains(&RecordFlag::FutureDate),
        "a day after China's today is within tolerance"
    );
    assert!(
        flags(&ahead.id).contains(&RecordFlag::FutureDate),
        "three days ahead is flagged"
    );
    // The cursor is the server's change number, whatever the phone's clock says.
    let page = app.store.pull(&who.person, 0, 10).await.expect("pull");
    assert_eq!(page.next, page.changes.last().expect("changes").change);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_pulled_while_three_phones_push_skip_nothing_and_repeat_nothing() {
    use app::api::ports::Store;
    let app = std::sync::Arc::new(spawn_app().await);
    let token = session(&app, LIU_FANG).await;
    let who = actor(&app, &token).await;
    let mut pushers = Vec::new();
    for phone_no in 0..3u32 {
        let (app, token, person) = (app.clone(), token.clone(), who.person.clone());
        pushers.push(tokio::spawn(async move {
            let mut phone =
                DeviceState::new(format!("0190c0de-0000-7000-8000-0000000f5{phone_no:03}"));
            let mut ids = Vec::new();
            for n in 0..60u32 {
                let minute = n % 50;
                let e = phone.capture(
                    format!("0190c0de-0000-7000-8000-00000{phone_no}f5{n:04}"),
                    person.clone(),
                    "service",
                    service(
                        "community_help",
                        &format!("0{}:{minute:02}", 6 + phone_no),
                        &format!("0{}:{:02}", 6 + phone_no, minute + 5),
                    ),
                );
                ids.push(e.id);
                if n % 6 == 5 {
                    let batch = phone.batch(&person, 10);
                    let reply = push(&app, &token, &batch, phone.last_seq).await;
                    phone.on_push_reply(&batch, &reply);
                }
            }
            ids
        }));
    }
    // A fourth device pulls small pages the whole time.
    let mut seen: Vec<(u64, String)> = Vec::new();
    let mut cursor = 0u64;
    let mut pushed = Vec::new();
    let mut drained_after_done = false;
    loop {
        let page = app.store.pull(&who.person, cursor, 7).await.expect("pull");
        seen.extend(page.changes.iter().map(|c| (c.change, c.entry.id.clone())));
        cursor = page.next;
        if page.more {
            continue;
        }
        if pushers.iter().all(|p| p.is_finished()) {
            if drained_after_done {
                break;
            }
            drained_after_done = true;
        }
        tokio::task::yield_now().await;
    }
    for p in pushers {
        pushed.extend(p.await.expect("pusher"));
    }
    let changes: Vec<u64> = seen.iter().map(|(c, _)| *c).collect();
    assert!(
        changes.windows(2).all(|w| w[0] < w[1]),
        "in order, no repeats"
    );
    let mut ids: Vec<String> = seen.into_iter().map(|(_, id)| id).collect();
    ids.sort();
    pushed.sort();
    assert_eq!(ids, pushed, "every pushed entry pulled exactly once");
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
            service("community_help", start, &format!("{}:30", &start[..2])),
        );
    }
    let backup = phone.clone();
    let batch = phone.batch(&author, 10);
    push(&app, &token, &batch, 2).await;
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
            service("community_help", &start, &format!("{:02}:30", 10 + n)),
        );
    }
    let batch = restored.batch(&author, 3);
    let reply = push(&app, &token, &batch, 7).await;
    assert!(
        restored.on_push_reply(&batch, &reply),
        "numbers 1 and 2 are taken: a fork"
    );
    restored.take_new_device("0190c0de-0000-7000-8000-00000000f7f7");
    let batch = restored.batch(&author, 10);
    assert_eq!(batch.len(), 6, "the third went in under the old id");
    let reply = push(&app, &token, &batch, 6).await;
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
