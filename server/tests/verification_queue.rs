//! The verification queue at a busy desk, through the real router: thousands of pending lines,
//! paged and filtered, and a filtered set decided at once.

use crate::common;

use common::call;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_desk_pages_and_filters_thousands_of_pending_lines_and_decides_a_filtered_set() {
    let app = common::spawn_app().await;
    let staff = common::session(&app, "staff1").await;
    let volunteer = common::session(&app, "13800010003").await; // 刘芳
    let added = call(
        &app,
        "add_category",
        &[
            ("code", "queue_test"),
            ("name_zh", "排队测试"),
            ("name_en", "Queue test"),
            ("icon", ""),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(added.status, 200, "{:?}", added.body);
    let before = call(&app, "verification_queue", &[], Some(&staff))
        .await
        .body["pending"]
        .as_u64()
        .expect("pending count");

    // 2,400 lines of 刘芳 from her phone: 300 days × 8 one-hour slots, half in the new category,
    // every other one of those without a witness.
    let author = call(&app, "who_am_i", &[], Some(&volunteer)).await.body["person"].clone();
    let today = app::domain::clock::china_today(chrono::Utc::now());
    let mut entries = Vec::new();
    for day in 40..340 {
        for slot in 0..8 {
            let n = entries.len();
            let date = (today - chrono::Duration::days(day)).to_string();
            let start = format!("{:02}:00", 8 + slot);
            let end = format!("{:02}:00", 9 + slot);
            let test_category = n % 2 == 0;
            let witness = if n % 4 == 0 { "" } else { "王大姐" };
            let body = json!({"date": date, "start": start, "end": end, "place": "社区服务站",
                "content": format!("第{n}次服务"),
                "category": if test_category { "queue_test" } else { "education" },
                "witness_name": witness, "witness_phone": if witness.is_empty() { "" } else { "13900000000" }});
            entries.push(
                json!({"id": format!("busy-{n}"), "device": "busy-desk-phone",
                "seq": n + 1, "author": author, "schema": 1, "kind": "service",
                "body": body.to_string()}),
            );
        }
    }
    for batch in entries.chunks(500) {
        let reply: Value = reqwest::Client::new()
            .post(app.url("/api/sync_push"))
            .header("Cookie", format!("lovebank_session={volunteer}"))
            .json(&json!({ "batch": batch }))
            .send()
            .await
            .expect("push")
            .json()
            .await
            .expect("reply");
        assert_eq!(
            reply.to_string().matches("\"accepted\"").count(),
            batch.len(),
            "{reply}"
        );
    }

    let started = std::time::Instant::now();
    let first = call(&app, "verification_queue", &[], Some(&staff))
        .await
        .body;
    println!(
        "queue of {} pending lines, first page: {} ms",
        first["pending"],
        started.elapsed().as_millis()
    );
    let total = before + 2400;
    assert_eq!(first["pending"], total);
    assert_eq!(first["total"], total);
    assert_eq!(first["items"].as_array().map(Vec::len), Some(50));
    assert_eq!(first["pages"], total.div_ceil(50));
    // The last page holds the newest line: nothing is silently left out.
    let last_page = (total.div_ceil(50) - 1).to_string();
    let last = call(
        &app,
        "verification_queue",
        &[("query[page]", last_page.as_str())],
        Some(&staff),
    )
    .await
    .body;
    let newest = last["items"]
        .as_array()
        .and_then(|i| i.last())
        .expect("a line");
    assert_eq!(newest["row"]["line"]["entry"]["content"], "第2399次服务");

    let count = |filters: Vec<(&'static str, String)>| {
        let app = &app;
        let staff = staff.clone();
        async move {
            let form: Vec<(&str, &str)> = filters.iter().map(|(k, v)| (*k, v.as_str())).collect();
            call(app, "verification_queue", &form, Some(&staff))
                .await
                .body["total"]
                .as_u64()
                .unwrap_or(u64::MAX)
        }
    };
    let category = ("query[category]", "queue_test".to_string());
    assert_eq!(count(vec![category.clone()]).await, 1200);
    assert_eq!(
        count(vec![category.clone(), ("query[flag]", "no_witness".into())]).await,
        600
    );
    assert_eq!(
        count(vec![("query[volunteer]", "刘芳".into()), category.clone()]).await,
        1200
    );
    let from = (today - chrono::Duration::days(49)).to_string();
    let to = (today - chrono::Duration::days(40)).to_string();
    assert_eq!(
        count(vec![
            category.clone(),
            ("query[from]", from.clone()),
            ("query[to]", to.clone())
        ])
        .await,
        40,
        "ten days × four lines of the category"
    );
    let bad = call(
        &app,
        "verification_queue",
        &[("query[from]", to.as_str()), ("query[to]", from.as_str())],
        Some(&staff),
    )
    .await;
    assert_eq!(bad.body, json!({"Invalid": ["EndDateBeforeStart"]}));

    // A filtered set decided at once: the 600 lines of the category without a witness.
    let ids = call(
        &app,
        "queue_line_ids",
        &[
            ("query[category]", "queue_test"),
            ("query[flag]", "no_witness"),
        ],
        Some(&staff),
    )
    .await
    .body;
    let ids: Vec<String> = ids
        .as_array()
        .expect("ids")
        .iter()
        .filter_map(|i| i.as_str().map(str::to_string))
        .collect();
    assert_eq!(ids.len(), 600);
    for id in &ids {
        let res = call(
            &app,
            "reject_record",
            &[("id", id.as_str()), ("reason", "请补充见证人后重新登记")],
            Some(&staff),
        )
        .await;
        assert_eq!(res.status, 200, "{:?}", res.body);
    }
    assert_eq!(count(vec![category]).await, 600);
}
