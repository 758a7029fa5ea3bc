//! The staff office against the real server: household files and the help they show,
//! agreements and the lines that keep them, activities closed into pending lines, and exports.

use crate::common;

use common::{call, call_json, person_id as person, session, spawn_app, today, TestApp};
use serde_json::{json, Value};

/// 福康社区's demo volunteers (index % 3 == 0) and one of 安宁社区.
const FUKANG: [&str; 4] = ["13800010000", "13800010003", "13800010006", "13800010009"];
const ANNING: &str = "13800010001";

async fn register(app: &TestApp, staff: &str, head: &str, members: &str) -> common::Response {
    call(
        app,
        "register_household",
        &[
            ("input[head]", head),
            ("input[address]", "福康社区 5号楼 1单元 302"),
            ("input[members]", members),
            ("input[hardship_type]", "独居老人"),
            ("input[needs]", "每周上门探望，代购药品"),
            ("input[phone]", "13900030001"),
        ],
        Some(staff),
    )
    .await
}

/// A service line of the holder of `token` for `household`, dated `date`.
async fn serve(app: &TestApp, token: &str, household: &str, date: &str) -> String {
    serve_for(app, token, "household", household, date).await
}

/// A service line of the holder of `token` for a beneficiary of `kind` (household, wish).
async fn serve_for(
    app: &TestApp,
    token: &str,
    kind: &str,
    beneficiary: &str,
    date: &str,
) -> String {
    let res = call(
        app,
        "record_service",
        &[
            ("input[date]", date),
            ("input[start]", "14:00"),
            ("input[end]", "15:30"),
            ("input[place]", "福康社区 5号楼"),
            ("input[content]", "上门探望，代购药品"),
            ("input[category]", "community_help"),
            ("input[beneficiary_kind]", kind),
            ("input[beneficiary]", beneficiary),
            ("input[witness_name]", "王建国"),
            ("input[witness_phone]", "13900030002"),
        ],
        Some(token),
    )
    .await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    res.body.as_str().expect("line id").to_string()
}

fn find<'a>(list: &'a Value, key: &str, value: &str) -> Option<&'a Value> {
    list.as_array()?.iter().find(|v| v[key] == value)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn households_are_registered_updated_and_show_the_help_they_received() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;

    let refused = register(&app, &staff, "", "0").await;
    assert_eq!(refused.status, 422, "{:?}", refused.body);
    let fields: Vec<&Value> = refused.body["Invalid"]
        .as_array()
        .expect("errors")
        .iter()
        .collect();
    assert_eq!(fields.len(), 2, "head and members: {fields:?}");

    let id = register(&app, &staff, "赵秀英", "1").await.body;
    let id = id.as_str().expect("household id").to_string();
    let list = call(&app, "households", &[], Some(&staff)).await.body;
    let row = find(&list, "id", &id).expect("listed");
    assert_eq!(row["services"], 0);
    assert_eq!(row["phone"], "13900030001");
    assert_eq!(row["registered_on"], today());

    let volunteer = session(&app, FUKANG[1]).await;
    let line = serve(&app, &volunteer, &id, &today()).await;
    let file = call(&app, "household_file", &[("household", &id)], Some(&staff)).await;
    assert_eq!(file.status, 200, "{:?}", file.body);
    assert_eq!(file.body["household"]["services"], 1);
    assert_eq!(file.body["household"]["served"], 90);
    assert_eq!(file.body["help"][0]["kind"], "service");
    assert_eq!(
        file.body["help"][0]["done"], false,
        "pending until verified"
    );
    assert_eq!(file.body["help"][0]["who"], "刘芳");

    assert_eq!(
        call(&app, "verify_record", &[("id", &line)], Some(&staff))
            .await
            .status,
        200
    );
    let file = call(&app, "household_file", &[("household", &id)], Some(&staff)).await;
    assert_eq!(file.body["help"][0]["done"], true);

    // A rejected line is no help: it leaves the count.
    let other = serve(&app, &volunteer, &id, &today()).await;
    let rejected = call(
        &app,
        "reject_record",
        &[("id", &other), ("reason", "重复登记")],
        Some(&staff),
    )
    .await;
    assert_eq!(rejected.status, 200);
    let file = call(&app, "household_file", &[("household", &id)], Some(&staff)).await;
    assert_eq!(file.body["household"]["services"], 1);

    // Service for a wish the office posted for the household is help for it too: in its file
    // and in the table (the two are counted by different queries).
    let wish = call(
        &app,
        "post_wish",
        &[
            ("input[poster]", "福康社区居委会"),
            ("input[need]", "代购降压药"),
            ("input[category]", "community_help"),
            ("input[capacity]", "1"),
            ("input[household]", &id),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(wish.status, 200, "{:?}", wish.body);
    let wish = wish.body.as_str().expect("wish id").to_string();
    serve_for(&app, &volunteer, "wish", &wish, &today()).await;
    let file = call(&app, "household_file", &[("household", &id)], Some(&staff)).await;
    assert_eq!(file.body["household"]["services"], 2);
    assert_eq!(file.body["household"]["served"], 180);
    assert_eq!(file.body["household"]["wishes"], 1);
    let kinds: Vec<&str> = file.body["help"]
        .as_array()
        .expect("help")
        .iter()
        .filter_map(|h| h["kind"].as_str())
        .collect();
    assert_eq!(
        (
            kinds.iter().filter(|k| **k == "service").count(),
            kinds.iter().filter(|k| **k == "wish").count()
        ),
        (2, 1),
        "{kinds:?}"
    );
    let list = call(&app, "households", &[], Some(&staff)).await.body;
    let row = find(&list, "id", &id).expect("listed");
    assert_eq!(
        (row["services"].clone(), row["served"].clone()),
        (2.into(), 180.into())
    );

    let update = |who: String, address: &'static str| {
        let app = &app;
        let id = id.clone();
        async move {
            call(
                app,
                "update_household",
                &[
                    ("household", id.as_str()),
                    ("input[head]", "赵秀英"),
                    ("input[address]", address),
                    ("input[members]", "2"),
                    ("input[hardship_type]", "独居老人"),
                    ("input[needs]", "每周上门探望"),
                ],
                Some(&who),
            )
            .await
        }
    };
    assert_eq!(
        update(staff.clone(), "福康社区 6号楼 101").await.status,
        200
    );
    let other_staff = session(&app, "staff2").await;
    let foreign = update(other_staff.clone(), "别处").await;
    assert_eq!(
        foreign.body, "NotFound",
        "another community's file is not theirs"
    );
    let list = call(&app, "households", &[], Some(&staff)).await.body;
    let row = find(&list, "id", &id).expect("listed");
    assert_eq!(row["address"], "福康社区 6号楼 101");
    assert_eq!(row["members"], 2);
    let theirs = call(&app, "households", &[], Some(&other_staff)).await.body;
    assert!(find(&theirs, "id", &id).is_none());
    let trail = call(&app, "audit_trail", &[], Some(&staff)).await.body;
    assert!(
        trail.to_string().contains("update_household"),
        "the change is in the audit trail"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_many_on_one_agreement_counts_the_lines_that_keep_it() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let household = register(&app, &staff, "钱玉兰", "1").await.body;
    let household = household.as_str().expect("id").to_string();
    let (liu, chen) = (person(&app, FUKANG[1]).await, person(&app, FUKANG[2]).await);
    let anning = person(&app, ANNING).await;
    let start = (chrono::NaiveDate::parse_from_str(&today(), "%Y-%m-%d").expect("date")
        - chrono::Days::new(30))
    .to_string();
    let agreement = |pairing: &str, volunteers: Vec<&String>| {
        json!({"input": {"household": household, "pairing": pairing,
            "content": "每周上门探望，陪同就医", "frequency": "weekly", "volunteers": volunteers,
            "start": start, "end": "2099-12-31"}})
    };

    let bad = call_json(
        &app,
        "make_agreement",
        agreement("one_on_one", vec![&liu, &chen]),
        Some(&staff),
    )
    .await;
    assert_eq!(
        bad.status, 422,
        "one-on-one takes one volunteer: {:?}",
        bad.body
    );
    let foreign = call_json(
        &app,
        "make_agreement",
        agreement("many_on_one", vec![&liu, &anning]),
        Some(&staff),
    )
    .await;
    assert_eq!(
        foreign.status, 422,
        "a volunteer of another community: {:?}",
        foreign.body
    );
    let made = call_json(
        &app,
        "make_agreement",
        agreement("many_on_one", vec![&liu, &chen]),
        Some(&staff),
    )
    .await;
    assert_eq!(made.status, 200, "{:?}", made.body);
    let id = made.body.as_str().expect("agreement id").to_string();

    let list = call(&app, "agreements", &[], Some(&staff)).await.body;
    let a = find(&list, "id", &id).expect("listed");
    assert_eq!(a["volunteers"].as_array().map(Vec::len), Some(2));
    assert_eq!(a["pairing"], "many_on_one");
    assert_eq!(
        a["behind"], true,
        "no visit in 30 days of a weekly agreement"
    );
    assert_eq!(a["services"], 0);

    // A visit by one of its volunteers keeps it; a visit by someone else is not its service.
    serve(&app, &session(&app, FUKANG[2]).await, &household, &today()).await;
    serve(&app, &session(&app, FUKANG[3]).await, &household, &today()).await;
    let list = call(&app, "agreements", &[], Some(&staff)).await.body;
    let a = find(&list, "id", &id).expect("listed");
    assert_eq!(a["behind"], false);
    assert_eq!(a["services"], 1, "only its volunteers' lines: {a}");
    assert_eq!(a["served"], 90);
    assert_eq!(a["last_service"], today());

    let history = call(
        &app,
        "household_file",
        &[("household", &household)],
        Some(&staff),
    )
    .await
    .body;
    assert!(history["help"]
        .as_array()
        .expect("help")
        .iter()
        .any(|h| h["kind"] == "agreement"));
    assert_eq!(history["household"]["agreements"], 1);
    let elsewhere = call(
        &app,
        "agreements",
        &[],
        Some(&session(&app, "staff2").await),
    )
    .await
    .body;
    assert!(find(&elsewhere, "id", &id).is_none());
}

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

async fn download(app: &TestApp, path: &str, token: Option<&str>) -> (u16, String, Vec<u8>) {
    let mut request = reqwest::Client::new().get(app.url(path));
    if let Some(t) = token {
        request = request.header("Cookie", format!("lovebank_session={t}"));
    }
    let res = request.send().await.expect("download");
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, kind, res.bytes().await.expect("bytes").to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_hold_the_rows_the_caller_may_see() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let (status, kind, bytes) = download(&app, "/export/volunteers.csv", Some(&staff)).await;
    assert_eq!(status, 200);
    assert_eq!(kind, "text/csv; charset=utf-8");
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(
        text.starts_with("\u{feff}姓名,性别,"),
        "a BOM, then Chinese headers"
    );
    let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 1 + 4, "福康社区's four volunteers: {lines:?}");
    assert!(lines[1..].iter().all(|l| l.contains("福康社区")));

    // The page's filters travel with the link: only those searched for.
    let (_, _, bytes) = download(
        &app,
        "/export/volunteers.csv?search=%E5%88%98%E8%8A%B3",
        Some(&staff),
    )
    .await;
    let text = String::from_utf8(bytes).expect("utf-8");
    assert_eq!(text.trim_end().split("\r\n").count(), 2, "{text}");
    assert!(text.contains("刘芳"));

    // The households' table too: the hardship filter chosen on the page.
    let (_, _, bytes) = download(
        &app,
        "/export/households.csv?hardship=%E4%BD%8E%E4%BF%9D%E5%AE%B6%E5%BA%AD",
        Some(&staff),
    )
    .await;
    let text = String::from_utf8(bytes).expect("utf-8");
    let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[1].contains("何志明") && lines[1].contains("低保家庭"));

    let (status, kind, bytes) = download(&app, "/export/households.xlsx", Some(&staff)).await;
    assert_eq!(status, 200);
    assert_eq!(
        kind,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(&bytes[..2], b"PK");
    for table in ["agreements", "activities"] {
        for format in ["csv", "xlsx"] {
            let (status, _, _) =
                download(&app, &format!("/export/{table}.{format}"), Some(&staff)).await;
            assert_eq!(status, 200, "{table}.{format}");
        }
    }

    let (_, _, bytes) = download(
        &app,
        "/export/volunteers.csv",
        Some(&session(&app, "staff2").await),
    )
    .await;
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(
        !text.contains("福康社区"),
        "another community's staff see only theirs"
    );
    let (_, _, bytes) = download(
        &app,
        "/export/volunteers.csv",
        Some(&session(&app, "admin").await),
    )
    .await;
    assert_eq!(
        String::from_utf8(bytes)
            .expect("utf-8")
            .trim_end()
            .split("\r\n")
            .count(),
        13
    );

    let (status, _, body) = download(
        &app,
        "/export/volunteers.xlsx",
        Some(&session(&app, FUKANG[1]).await),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(
        String::from_utf8(body).expect("utf-8"),
        "您的账号无权进行此操作。"
    );
    assert_eq!(download(&app, "/export/volunteers.xlsx", None).await.0, 401);
    assert_eq!(
        download(&app, "/export/secrets.xlsx", Some(&staff)).await.0,
        404
    );
    assert_eq!(
        download(&app, "/export/volunteers.pdf", Some(&staff))
            .await
            .0,
        404
    );
}
