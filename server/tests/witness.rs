//! The witness (见证人) signs on the volunteer's phone, on the spot and offline: the drawing
//! travels in the outbox entry, is kept with the line, reaches the queue for staff to see and
//! marks the passbook line; staff still verify. What cannot be drawn is refused and stores
//! nothing.

use crate::common;

use common::{call, decide, passbook, push_entry, queue_items, session, spawn_app, today};
use serde_json::{json, Value};

const LIU_FANG: &str = "13800010003"; // 福康社区
const SIGNED: &str = "12,40 30,22 48,60 66,30 84,70;100,50 130,48 160,52";

fn service(date: &str, start: &str, end: &str, signature: &str, witness: bool) -> Value {
    let (name, phone) = if witness {
        ("何志明", "13900020001")
    } else {
        ("", "")
    };
    json!({"date": date, "start": start, "end": end, "place": "福康社区 7号楼",
        "content": "陪同老人散步", "category": "community_help", "witness_name": name,
        "witness_phone": phone, "witness_signature": signature})
}

fn line_of<'a>(rows: &'a [Value], id: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["row"]["line"]["id"] == id || r["line"]["id"] == id)
        .unwrap_or_else(|| panic!("line {id} not found"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signature_drawn_offline_is_kept_with_its_line_and_staff_still_verify() {
    let app = spawn_app().await;
    let liu = session(&app, LIU_FANG).await;
    let staff = session(&app, "staff1").await;
    let date = today();

    let receipt = push_entry(
        &app,
        &liu,
        "signed-1",
        1,
        "service",
        service(&date, "08:00", "09:00", SIGNED, true),
    )
    .await;
    assert_eq!(receipt["outcome"], "accepted", "{receipt}");
    let unsigned = push_entry(
        &app,
        &liu,
        "unsigned-1",
        2,
        "service",
        service(&date, "10:00", "11:00", "", true),
    )
    .await;
    assert_eq!(unsigned["outcome"], "accepted", "{unsigned}");

    // The queue carries the drawing with the line; the unsigned line has none.
    let queue = queue_items(&app, &staff).await;
    let queue = queue.as_array().expect("queue");
    let signed = line_of(queue, "signed-1");
    let witness = &signed["row"]["line"]["entry"]["witness"];
    assert_eq!(witness["name"], "何志明", "{signed}");
    assert_eq!(witness["signature"], SIGNED, "{signed}");
    let plain = &line_of(queue, "unsigned-1")["row"]["line"]["entry"]["witness"];
    assert!(plain.get("signature").is_none(), "{plain}");

    // The passbook marks it; staff still verify, and it stays signed.
    let book = passbook(&app, &liu).await;
    let row = line_of(book["rows"].as_array().expect("rows"), "signed-1");
    assert_eq!(row["state"]["state"], "pending", "{row}");
    assert_eq!(row["line"]["entry"]["witness"]["signature"], SIGNED);
    decide(&app, &staff, "verify_record", "signed-1").await;
    let book = passbook(&app, &liu).await;
    let row = line_of(book["rows"].as_array().expect("rows"), "signed-1");
    assert_eq!(row["state"]["state"], "verified", "{row}");
    assert_eq!(row["line"]["entry"]["witness"]["signature"], SIGNED);

    // The file of lines says which witness signed on the spot.
    let csv = reqwest::Client::new()
        .get(app.url(&format!("/export/lines.csv?from={date}&to={date}")))
        .header("Cookie", format!("lovebank_session={staff}"))
        .send()
        .await
        .expect("download")
        .text()
        .await
        .expect("text");
    let marked: Vec<&str> = csv.lines().filter(|l| l.contains("（现场签名）")).collect();
    assert_eq!(marked.len(), 1, "{csv}");
    assert!(marked[0].contains("08:00"), "{csv}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_cannot_be_drawn_or_has_no_witness_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    let liu = session(&app, LIU_FANG).await;
    let date = today();
    let before = passbook(&app, &liu).await["rows"]
        .as_array()
        .map(Vec::len)
        .unwrap_or_default();

    // From the outbox: a dot, a point outside the box, markup, a signature with no witness.
    for (seq, (id, body)) in [
        ("dot", service(&date, "08:00", "09:00", "10,10", true)),
        (
            "outside",
            service(&date, "08:00", "09:00", &format!("{SIGNED} 301,5"), true),
        ),
        (
            "markup",
            service(&date, "08:00", "09:00", "<svg onload=x>", true),
        ),
        ("nobody", service(&date, "08:00", "09:00", SIGNED, false)),
    ]
    .into_iter()
    .enumerate()
    {
        let receipt = push_entry(&app, &liu, id, seq as u64 + 1, "service", body).await;
        assert_eq!(receipt["outcome"], "quarantined", "{id}: {receipt}");
    }
    let receipt = push_entry(
        &app,
        &liu,
        "dot",
        1,
        "service",
        service(&date, "08:00", "09:00", "10,10", true),
    )
    .await;
    assert!(
        receipt.to_string().contains("WitnessSignature"),
        "{receipt}"
    );

    // Online, the same rule with its field, in Chinese.
    let res = call(
        &app,
        "record_service",
        &[
            ("input[date]", date.as_str()),
            ("input[start]", "08:00"),
            ("input[end]", "09:00"),
            ("input[place]", "福康社区 7号楼"),
            ("input[content]", "陪同老人散步"),
            ("input[category]", "community_help"),
            ("input[witness_name]", "何志明"),
            ("input[witness_phone]", "13900020001"),
            ("input[witness_signature]", "1,1 2,2"),
        ],
        Some(&liu),
    )
    .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(
        res.body.to_string().contains("WitnessSignature"),
        "{}",
        res.body
    );
    let error: app::api::ApiError =
        serde_json::from_value(res.body.clone()).expect("a typed error");
    assert_eq!(
        error.message(app::domain::Lang::Zh),
        "签名没有写完整，请见证人在框内重新签名。"
    );

    let after = passbook(&app, &liu).await["rows"]
        .as_array()
        .map(Vec::len)
        .unwrap_or_default();
    assert_eq!(after, before, "nothing was stored");
}
