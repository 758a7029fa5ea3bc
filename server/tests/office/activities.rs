//! Activities closed into one pending line per attendee, with their own times and the witness.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_an_activity_makes_one_pending_line_per_attendee() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let mut attendees = Vec::new();
    for login in &FUKANG[1..] {
        attendees.push(person(&app, login).await);
    }
    let anning = person(&app, ANNING).await;
    let input = |people: &[String]| {
        json!({"input": {"kind": "regular", "title": "重阳节敬老活动", "date": today(),
            "start": "09:00", "end": "11:30", "place": "福康社区活动室", "category": "community_help",
            "content": "包饺子、陪老人聊天", "attendees": people}})
    };
    let mut with_foreigner = attendees.clone();
    with_foreigner.push(anning);
    let refused = call_json(
        &app,
        "create_activity",
        input(&with_foreigner),
        Some(&staff),
    )
    .await;
    assert_eq!(refused.status, 422, "{:?}", refused.body);

    let empty = call_json(&app, "create_activity", input(&[]), Some(&staff)).await;
    let empty = empty.body.as_str().expect("id").to_string();
    let none = call(
        &app,
        "close_activity",
        &[("activity", &empty)],
        Some(&staff),
    )
    .await;
    assert_eq!(none.body, json!({"Activity": "NoAttendees"}));

    let queue_before = common::queue_items(&app, &staff).await;
    let before = queue_before.as_array().map(Vec::len).unwrap_or_default();
    let id = call_json(
        &app,
        "create_activity",
        input(&attendees[..2]),
        Some(&staff),
    )
    .await
    .body;
    let id = id.as_str().expect("activity id").to_string();
    let set = call_json(
        &app,
        "set_attendees",
        json!({"activity": id, "attendees": attendees}),
        Some(&staff),
    )
    .await;
    assert_eq!(set.status, 200, "{:?}", set.body);

    let closed = call(&app, "close_activity", &[("activity", &id)], Some(&staff)).await;
    assert_eq!(closed.body, 3, "{:?}", closed.body);
    let queue = common::queue_items(&app, &staff).await;
    let lines: Vec<&Value> = queue
        .as_array()
        .expect("queue")
        .iter()
        .filter(|q| q["beneficiary"] == "活动：重阳节敬老活动")
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(queue.as_array().map(Vec::len), Some(before + 3));
    assert!(lines.iter().all(|q| q["row"]["line"]["minutes"] == 150));
    let content = "参加活动：重阳节敬老活动。包饺子、陪老人聊天";
    assert!(lines
        .iter()
        .all(|q| q["row"]["line"]["entry"]["content"] == content));
    assert!(
        lines.iter().all(|q| q["row"]["line"]["flags"] == json!([])),
        "staff entered them"
    );

    let again = call(&app, "close_activity", &[("activity", &id)], Some(&staff)).await;
    assert_eq!(again.status, 409);
    assert_eq!(again.body, json!({"Activity": "AlreadyClosed"}));
    let late = call_json(
        &app,
        "set_attendees",
        json!({"activity": id, "attendees": []}),
        Some(&staff),
    )
    .await;
    assert_eq!(late.body, json!({"Activity": "AlreadyClosed"}));

    let list = call(&app, "activities", &[], Some(&staff)).await.body;
    let a = find(&list, "id", &id).expect("listed");
    assert_eq!(a["attendees"].as_array().map(Vec::len), Some(3));
    assert!(a["closed"].is_array(), "closed with date and name: {a}");

    // Each attendee's passbook holds the pending line.
    let book = call(
        &app,
        "my_passbook",
        &[],
        Some(&session(&app, FUKANG[3]).await),
    )
    .await
    .body;
    assert!(book["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .any(|r| r["line"]["entry"]["content"] == content && r["state"]["state"] == "pending"));
}
