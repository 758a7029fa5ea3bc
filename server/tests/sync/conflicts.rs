//! Two devices or two moments disagree: a one-to-one wish claimed by two phones offline, a shift
//! logged again after it was verified, a phone clock days off or a push just after midnight.

use super::*;

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
    let queue = common::queue_items(&app, &staff).await;
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
    let queue = common::queue_items(&app, &staff).await;
    let flags = |id: &str| {
        queue
            .as_array()
            .and_then(|q| q.iter().find(|i| i["row"]["line"]["id"] == id))
            .map(|i| i["row"]["line"]["flags"].clone())
    };
    assert_eq!(flags(res.body.as_str().expect("id")), Some(json!([])));
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
