//! Activities as the seed runs them: the witness (见证人) on every attendee's line, and an
//! attendee who came late or left early paid their own minutes, not the whole afternoon.

use crate::common;

use common::{call, call_json, person_id as person, session, spawn_app, today};
use serde_json::{json, Value};

const FUKANG: [&str; 3] = ["13800010003", "13800010006", "13800010009"];

fn activity(attendees: &[String], witness_name: &str, witness_phone: &str) -> Value {
    json!({"input": {"kind": "self_organised", "title": "楼院清洁日", "date": today(),
        "start": "09:00", "end": "11:30", "place": "福康社区3号楼", "category": "community_help",
        "content": "", "attendees": attendees,
        "witness_name": witness_name, "witness_phone": witness_phone}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_arrival_is_paid_their_own_minutes_and_the_witness_is_on_every_line() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let mut people = Vec::new();
    for login in FUKANG {
        people.push(person(&app, login).await);
    }
    let half = call_json(
        &app,
        "create_activity",
        activity(&people, "王秀英", ""),
        Some(&staff),
    )
    .await;
    assert_eq!(
        half.status, 422,
        "a witness without a phone: {:?}",
        half.body
    );

    let id = call_json(
        &app,
        "create_activity",
        activity(&people, "王秀英", "139 0000 2222"),
        Some(&staff),
    )
    .await;
    assert_eq!(id.status, 200, "{:?}", id.body);
    let id = id.body.as_str().expect("id").to_string();

    // Times outside the activity, backwards, or for someone who was not there are refused,
    // and the attendance stays as it was.
    for (who, arrived, left) in [
        (people[0].as_str(), "08:30", ""),
        (people[0].as_str(), "10:00", "09:30"),
        (people[0].as_str(), "", "12:00"),
        ("someone-else", "10:00", ""),
    ] {
        let refused = call_json(
            &app,
            "set_attendees",
            json!({"activity": id, "attendees": people,
                "times": [{"person": who, "arrived": arrived, "left": left}]}),
            Some(&staff),
        )
        .await;
        assert_eq!(
            refused.status, 422,
            "{who} {arrived}–{left}: {:?}",
            refused.body
        );
    }

    // One came at 09:45, one left at 10:30, one stayed throughout.
    let set = call_json(
        &app,
        "set_attendees",
        json!({"activity": id, "attendees": people, "times": [
            {"person": people[0], "arrived": "09:45", "left": ""},
            {"person": people[1], "arrived": "", "left": "10:30"},
        ]}),
        Some(&staff),
    )
    .await;
    assert_eq!(set.status, 200, "{:?}", set.body);

    let list = call(&app, "activities", &[], Some(&staff)).await.body;
    let listed = list
        .as_array()
        .expect("list")
        .iter()
        .find(|a| a["id"] == id.as_str())
        .expect("listed");
    assert_eq!(listed["witness"], "王秀英 13900002222");
    let own = |p: &str| {
        listed["attendees"]
            .as_array()
            .expect("attendees")
            .iter()
            .find(|a| a["person"] == p)
            .map(|a| a["own_times"].clone())
            .expect("attendee")
    };
    assert_eq!(own(&people[0]), json!(["09:45", "11:30"]));
    assert_eq!(own(&people[1]), json!(["09:00", "10:30"]));
    assert_eq!(own(&people[2]), Value::Null);

    let closed = call(&app, "close_activity", &[("activity", &id)], Some(&staff)).await;
    assert_eq!(closed.body, 3, "{:?}", closed.body);
    let queue = common::queue_items(&app, &staff).await;
    let minutes_of = |p: &str| {
        queue
            .as_array()
            .expect("queue")
            .iter()
            .find(|q| q["beneficiary"] == "活动：楼院清洁日" && q["row"]["line"]["volunteer"] == p)
            .map(|q| q["row"]["line"].clone())
            .unwrap_or_else(|| panic!("{p} has no line: {queue}"))
    };
    let lines: Vec<Value> = people.iter().map(|p| minutes_of(p)).collect();
    let minutes: Vec<&Value> = lines.iter().map(|l| &l["minutes"]).collect();
    assert_eq!(minutes, [&json!(105), &json!(90), &json!(150)]);
    for line in &lines {
        let witness = line["entry"]["witness"].to_string();
        assert!(
            witness.contains("王秀英") && witness.contains("13900002222"),
            "the activity's witness on every line: {witness}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_regular_activity_scheduled_weekly_is_one_activity_per_date_each_with_its_own_attendance()
{
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let volunteer = person(&app, FUKANG[0]).await;
    let first = chrono::NaiveDate::parse_from_str(&today(), "%Y-%m-%d").expect("today");
    let last = first + chrono::Days::new(21);
    let mut input = activity(std::slice::from_ref(&volunteer), "", "");
    input["input"]["kind"] = json!("regular");
    input["input"]["title"] = json!("居民学校书法课");
    input["input"]["repeat_until"] = json!(last.to_string());

    let mut once_only = input.clone();
    once_only["input"]["kind"] = json!("self_organised");
    let refused = call_json(&app, "create_activity", once_only, Some(&staff)).await;
    assert_eq!(refused.status, 422, "{:?}", refused.body);

    let made = call_json(&app, "create_activity", input, Some(&staff)).await;
    assert_eq!(made.status, 200, "{:?}", made.body);
    let first_id = made.body.as_str().expect("id").to_string();

    let list = call(&app, "activities", &[], Some(&staff)).await.body;
    let series: Vec<&Value> = list
        .as_array()
        .expect("list")
        .iter()
        .filter(|a| a["title"] == "居民学校书法课")
        .collect();
    let mut dates: Vec<&str> = series
        .iter()
        .map(|a| a["date"].as_str().expect("date"))
        .collect();
    dates.sort();
    let expected: Vec<String> = (0..4)
        .map(|w| (first + chrono::Days::new(7 * w)).to_string())
        .collect();
    assert_eq!(dates, expected, "four Saturdays, say: one a week");
    assert!(series.iter().all(|a| a["weekly"] == true));
    for a in &series {
        let ticked = a["attendees"].as_array().map(Vec::len);
        let is_first = a["id"] == first_id.as_str();
        assert_eq!(
            ticked,
            Some(usize::from(is_first)),
            "the form's attendees came to the first date only"
        );
    }

    // Closing the first date leaves the others open.
    let closed = call(
        &app,
        "close_activity",
        &[("activity", &first_id)],
        Some(&staff),
    )
    .await;
    assert_eq!(closed.body, 1, "{:?}", closed.body);
    let list = call(&app, "activities", &[], Some(&staff)).await.body;
    let still_open = list
        .as_array()
        .expect("list")
        .iter()
        .filter(|a| a["title"] == "居民学校书法课" && a["closed"].is_null())
        .count();
    assert_eq!(still_open, 3);
}
