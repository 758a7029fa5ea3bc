//! The device protocol over HTTP: push and pull through the real router, with the failure cases
//! a server alone can show (a reply lost after commit, an old or unknown format, a poison
//! entry, a cloned device, someone else's entries, a late duplicate). See docs/SYNC.md.

mod common;

use app::domain::ids::PersonId;
use app::domain::sync::{DeviceState, Entry, Holdings, PullPage, PushReply, Receipt, Reconciled};
use common::{call, session, spawn_app, TestApp};
use serde_json::json;

const LIU_FANG: &str = "13800010003";

async fn me(app: &TestApp, token: &str) -> PersonId {
    let who = call(app, "who_am_i", &[], Some(token)).await.body;
    PersonId::new(who["person"].as_str().expect("person"))
}

fn service(minutes_from: &str, to: &str) -> String {
    let date = app::domain::clock::china_today(chrono::Utc::now()).to_string();
    json!({
        "date": date, "start": minutes_from, "end": to, "place": "社区服务站",
        "content": "陪老人聊天", "category": "community_help",
        "witness_name": "马桂兰", "witness_phone": "13900020000"
    })
    .to_string()
}

async fn push(app: &TestApp, token: &str, batch: &[Entry]) -> (u16, serde_json::Value) {
    let res = reqwest::Client::new()
        .post(app.url("/api/sync_push"))
        .header("Cookie", format!("lovebank_session={token}"))
        .json(&json!({ "batch": batch }))
        .send()
        .await
        .expect("push");
    let status = res.status().as_u16();
    (status, res.json().await.expect("json"))
}

async fn pull(app: &TestApp, token: &str, cursor: u64, limit: u32) -> PullPage {
    let expected = me(app, token).await;
    let res = call(
        app,
        "sync_pull",
        &[
            ("expected", expected.as_str()),
            ("cursor", &cursor.to_string()),
            ("limit", &limit.to_string()),
        ],
        Some(token),
    )
    .await;
    serde_json::from_value(res.body).expect("page")
}

fn reply(body: serde_json::Value) -> PushReply {
    serde_json::from_value(body).expect("reply")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pushed_batch_lands_once_even_when_replayed_after_a_lost_reply() {
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let author = me(&app, &token).await;
    let mut phone = DeviceState::new("phone-1");
    for (i, (from, to)) in [("08:00", "09:00"), ("09:00", "10:30"), ("14:00", "14:20")]
        .iter()
        .enumerate()
    {
        phone.capture(
            format!("0190c0de-0000-7000-8000-00000000000{i}"),
            author.clone(),
            "service",
            service(from, to),
        );
    }
    let batch = phone.batch(&author, 10);
    let (status, first) = push(&app, &token, &batch).await;
    assert_eq!(status, 200, "{first}");
    let first = reply(first);
    assert_eq!(first.acked_through, 3);
    assert!(first
        .receipts
        .iter()
        .all(|(_, r)| matches!(r, Receipt::Accepted { .. })));

    // The reply was lost; the phone pushes the same batch again.
    let (_, second) = push(&app, &token, &batch).await;
    assert_eq!(
        reply(second),
        first,
        "a replay returns the original receipts"
    );
    let book = call(&app, "my_passbook", &[], Some(&token)).await.body;
    for entry in &batch {
        let copies = book["rows"]
            .as_array()
            .map(|r| r.iter().filter(|row| row["line"]["id"] == entry.id).count());
        assert_eq!(
            copies,
            Some(1),
            "{} is in the passbook exactly once",
            entry.id
        );
    }
    phone.on_push_reply(&batch, &first);
    assert!(phone.outbox.is_empty());
}

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
async fn a_second_device_pulls_the_entries_in_pages_with_a_cursor() {
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let author = me(&app, &token).await;
    let mut phone = DeviceState::new("phone-4");
    for i in 0..7 {
        phone.capture(
            format!("0190c0de-0000-7000-8000-0000000000d{i}"),
            author.clone(),
            "service",
            service("08:00", "08:30"),
        );
    }
    let (_, body) = push(&app, &token, &phone.batch(&author, 100)).await;
    assert_eq!(reply(body).acked_through, 7);

    let tablet_token = session(&app, LIU_FANG).await;
    let mut tablet = DeviceState::new("tablet");
    let mut pages = 0;
    loop {
        let page = pull(&app, &tablet_token, tablet.cursor, 3).await;
        tablet.on_pull_page(tablet.cursor, &page);
        pages += 1;
        if !page.more {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(tablet.view.len(), 7);
    assert!(tablet.view.values().all(|c| c.entry.device == "phone-4"));
    // Someone else sees none of them.
    let stranger = session(&app, "13800010000").await;
    assert!(pull(&app, &stranger, 0, 100).await.changes.is_empty());
}

async fn reconcile(app: &TestApp, token: &str, holdings: &Holdings) -> Reconciled {
    let res = reqwest::Client::new()
        .post(app.url("/api/sync_reconcile"))
        .header("Cookie", format!("lovebank_session={token}"))
        .json(
            &json!({ "expected": me(app, token).await, "device": "phone-5", "holdings": holdings }),
        )
        .send()
        .await
        .expect("reconcile");
    assert_eq!(res.status().as_u16(), 200);
    res.json().await.expect("json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_proves_it_holds_what_the_server_holds_and_a_gap_is_audited() {
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let author = me(&app, &token).await;
    let mut phone = DeviceState::new("phone-5");
    for i in 0..4 {
        phone.capture(
            format!("0190c0de-0000-7000-8000-0000000000e{i}"),
            author.clone(),
            "service",
            service("09:00", "09:45"),
        );
    }
    push(&app, &token, &phone.batch(&author, 100)).await;
    let page = pull(&app, &token, 0, 100).await;
    phone.on_pull_page(phone.cursor, &page);
    let holdings = |view: &std::collections::BTreeMap<String, app::domain::sync::Change>| {
        let mut h = Holdings::new(phone.cursor);
        for c in view.values() {
            h.add(c.change, &c.entry);
        }
        h
    };
    let whole = holdings(&phone.view);
    assert_eq!(whole.count, 4);
    let answer = reconcile(&app, &token, &whole).await;
    assert_eq!(
        answer,
        Reconciled {
            matches: true,
            server_count: 4
        }
    );

    // Site data lost one entry: the server notices and tells staff.
    let mut gapped = phone.view.clone();
    let first = gapped.keys().next().expect("one").clone();
    gapped.remove(&first);
    let answer = reconcile(&app, &token, &holdings(&gapped)).await;
    assert_eq!(
        answer,
        Reconciled {
            matches: false,
            server_count: 4
        }
    );
    let staff = session(&app, "staff1").await;
    let trail = call(
        &app,
        "audit_trail",
        &[("query[machine]", "true")],
        Some(&staff),
    )
    .await
    .body;
    let mismatches: Vec<_> = trail["rows"]
        .as_array()
        .expect("trail")
        .iter()
        .map(|r| &r["entry"])
        .filter(|e| e["action"] == "sync_mismatch")
        .collect();
    assert_eq!(mismatches.len(), 1, "{trail}");
    assert!(
        mismatches[0]["detail"]
            .as_str()
            .unwrap_or("")
            .contains("device holds 3"),
        "{mismatches:?}"
    );
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeats_inside_one_batch_get_one_row_and_the_same_receipt() {
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let author = me(&app, &token).await;
    let mut phone = DeviceState::new("phone-dup");
    let first = phone.capture(
        "0190c0de-0000-7000-8000-0000000000d1".into(),
        author.clone(),
        "service",
        service("08:00", "09:00"),
    );
    // The same id with other content, and another id reusing the first's device number.
    let mut reused_id = first.clone();
    reused_id.seq = 2;
    reused_id.body = service("10:00", "11:00");
    let mut reused_seq = first.clone();
    reused_seq.id = "0190c0de-0000-7000-8000-0000000000d2".into();
    let batch = vec![first.clone(), first.clone(), reused_id, reused_seq];
    let (status, body) = push(&app, &token, &batch).await;
    assert_eq!(status, 200, "{body}");
    let reply = reply(body);
    assert!(matches!(reply.receipts[0].1, Receipt::Accepted { .. }));
    assert_eq!(
        reply.receipts[0].1, reply.receipts[1].1,
        "the repeat gets the same receipt"
    );
    assert!(matches!(reply.receipts[2].1, Receipt::Quarantined { .. }));
    assert_eq!(
        reply.receipts[3].1,
        Receipt::Forked,
        "another entry under a taken number: the device must renumber"
    );
    assert_eq!(reply.acked_through, 2);
    let page = pull(&app, &token, 0, 100).await;
    assert_eq!(page.changes.len(), 1, "one row, never two");
    let book = common::passbook(&app, &token).await;
    let rows = book["rows"].as_array().expect("rows");
    assert_eq!(
        rows.iter()
            .filter(|r| r["line"]["id"] == first.id.as_str())
            .count(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_phones_claim_a_one_to_one_wish_offline_and_exactly_one_holds_it() {
    let app = spawn_app().await;
    let (liu, zhao) = (
        session(&app, LIU_FANG).await,
        session(&app, "13800010006").await,
    );
    let fukang = call(&app, "who_am_i", &[], Some(&liu)).await.body["community"]
        .as_str()
        .expect("community")
        .to_string();
    let wall = call(
        &app,
        "community_wall",
        &[("community", &fukang)],
        Some(&liu),
    )
    .await;
    let tv = wall.body["cards"]
        .as_array()
        .and_then(|w| {
            w.iter()
                .find(|c| c["need"] == "家里的电视机没有信号，想请人帮忙看看")
        })
        .expect("the open one-to-one wish of the demo")
        .clone();
    assert_eq!(
        (tv["state"].as_str(), tv["capacity"].as_i64()),
        (Some("open"), Some(1))
    );
    let wish = tv["id"].as_str().expect("id").to_string();
    let claim = |device: &str, id: &str, author: PersonId, seq: u64| Entry {
        id: id.into(),
        device: device.into(),
        seq,
        author,
        schema: 1,
        kind: "claim".into(),
        body: json!({ "wish": wish }).to_string(),
    };
    // Both phones claimed while offline; they sync one after the other.
    let first = claim("phone-liu", "claim-liu", me(&app, &liu).await, 1);
    let second = claim("phone-zhao", "claim-zhao", me(&app, &zhao).await, 1);
    let (_, won) = push(&app, &liu, std::slice::from_ref(&first)).await;
    let (_, lost) = push(&app, &zhao, std::slice::from_ref(&second)).await;
    let (won, lost) = (reply(won), reply(lost));
    assert!(
        matches!(won.receipts[0].1, Receipt::Accepted { .. }),
        "{won:?}"
    );
    match &lost.receipts[0].1 {
        Receipt::Refused { reason, .. } => {
            assert!(reason.contains("TakenBySomeoneElse"), "{reason}")
        }
        other => panic!("the second claim must be refused with its reason, got {other:?}"),
    }
    assert_eq!(
        lost.acked_through, 1,
        "a refusal is held, not retried forever"
    );

    // A replay of the winner changes nothing; a second claim by the winner is refused as theirs.
    let (_, again) = push(&app, &liu, std::slice::from_ref(&first)).await;
    assert_eq!(reply(again).receipts, won.receipts);
    let (_, twice) = push(
        &app,
        &liu,
        &[claim("phone-liu", "claim-liu-2", me(&app, &liu).await, 2)],
    )
    .await;
    assert!(json!(reply(twice).receipts)
        .to_string()
        .contains("AlreadyYours"));

    let wall = call(
        &app,
        "community_wall",
        &[("community", &fukang)],
        Some(&liu),
    )
    .await;
    let tv = wall.body["cards"]
        .as_array()
        .and_then(|w| w.iter().find(|c| c["id"] == wish.as_str()))
        .expect("still on the wall")
        .clone();
    assert_eq!(
        (tv["state"].as_str(), tv["claims"].as_i64()),
        (Some("claimed"), Some(1))
    );

    // Another community's volunteer cannot claim it (nor learn that it exists).
    let other = session(&app, "13800010001").await;
    let stranger = claim("phone-li", "claim-li", me(&app, &other).await, 1);
    let (_, refused) = push(&app, &other, &[stranger]).await;
    assert!(json!(reply(refused).receipts)
        .to_string()
        .contains("NotFound"));
}

/// Logs a service online, from the form's fields.
async fn record(app: &TestApp, token: &str, form: &serde_json::Value) -> common::Response {
    let fields: Vec<(String, String)> = form
        .as_object()
        .expect("fields")
        .iter()
        .map(|(k, v)| {
            (
                format!("input[{k}]"),
                v.as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let args: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    call(app, "record_service", &args, Some(token)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shift_logged_again_after_it_was_verified_is_flagged_as_a_likely_duplicate() {
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let staff = session(&app, "staff1").await;
    let author = me(&app, &token).await;
    let saturday = (app::domain::clock::china_today(chrono::Utc::now())
        - chrono::Duration::days(3))
    .to_string();
    let form = json!({
        "date": saturday, "start": "09:00", "end": "11:00", "place": "社区服务站",
        "content": "陪老人聊天", "category": "community_help",
        "witness_name": "马桂兰", "witness_phone": "13900020000"
    });
    // Logged on the tablet on Saturday, verified on Monday.
    let res = record(&app, &token, &form).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let first = res.body.as_str().expect("id").to_string();
    let verified = call(&app, "verify_record", &[("id", &first)], Some(&staff)).await;
    assert_eq!(verified.status, 200, "{}", verified.body);
    // The phone, offline since Saturday, syncs the same shift on Wednesday.
    let mut phone = DeviceState::new("phone-late");
    let late = phone.capture(
        "0190c0de-0000-7000-8000-0000000000e1".into(),
        author.clone(),
        "service",
        form.to_string(),
    );
    let (status, body) = push(&app, &token, std::slice::from_ref(&late)).await;
    assert_eq!(status, 200, "{body}");
    let queue = call(&app, "verification_queue", &[], Some(&staff))
        .await
        .body;
    let item = queue
        .as_array()
        .and_then(|q| {
            q.iter()
                .find(|i| i["row"]["line"]["id"] == late.id.as_str())
        })
        .expect("the late line waits for staff");
    assert_eq!(item["row"]["line"]["flags"], json!(["likely_duplicate"]));
    let book = common::passbook(&app, &token).await;
    let row = book["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["line"]["id"] == late.id.as_str()))
        .expect("in the passbook");
    assert_eq!(row["line"]["flags"], json!(["likely_duplicate"]));
    // The verified original is not flagged, and a line of another time that day is not either.
    let mut other = form.clone();
    other["start"] = json!("14:00");
    other["end"] = json!("15:00");
    let res = record(&app, &token, &other).await;
    let queue = call(&app, "verification_queue", &[], Some(&staff))
        .await
        .body;
    let flags = |id: &str| {
        queue
            .as_array()
            .and_then(|q| q.iter().find(|i| i["row"]["line"]["id"] == id))
            .map(|i| i["row"]["line"]["flags"].clone())
    };
    assert_eq!(flags(res.body.as_str().expect("id")), Some(json!([])));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn golden_entries_of_schema_1_are_applied_not_quarantined() {
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let author = me(&app, &token).await;
    let golden: Vec<Entry> = serde_json::from_str(include_str!(
        "../../app/src/domain/command/golden_schema1.json"
    ))
    .expect("fixtures");
    // As if 刘芳's phone of the first release had written them.
    let batch: Vec<Entry> = golden
        .into_iter()
        .map(|e| Entry {
            author: author.clone(),
            ..e
        })
        .collect();
    let (status, body) = push(&app, &token, &batch).await;
    assert_eq!(status, 200, "{body}");
    let reply = reply(body);
    for (id, receipt) in &reply.receipts {
        assert!(
            matches!(receipt, Receipt::Accepted { .. } | Receipt::Refused { .. }),
            "{id} must be read by this release: {receipt:?}"
        );
    }
    // The two service records and the wish went in; the profile names a new login phone (that
    // needs the password, online), the claim and report name a wish this server does not have,
    // and a volunteer does not decide: each refused with its reason, none unreadable.
    let accepted = |i: usize| matches!(reply.receipts[i].1, Receipt::Accepted { .. });
    assert!(accepted(0) && accepted(1) && accepted(4), "{reply:?}");
    assert_eq!(reply.acked_through, 8);
}
