//! What the tests do as people of the demo do it: log a service, read a passbook, decide a line,
//! file an application — each through the real server functions.

use serde_json::Value;

use super::{call, call_from, session, TestApp};

/// Logs a service of today for the holder of `token`, as the volunteer app does.
pub fn today() -> String {
    app::domain::clock::china_today(chrono::Utc::now()).to_string()
}

pub async fn log_service(app: &TestApp, token: &str, start: &str, end: &str) -> Value {
    let date = today();
    let res = call(
        app,
        "record_service",
        &[
            ("input[date]", &date),
            ("input[start]", start),
            ("input[end]", end),
            ("input[place]", "福康社区 7号楼"),
            ("input[content]", "辅导初二数学"),
            ("input[category]", "tutoring"),
            ("input[beneficiary_kind]", "named"),
            ("input[beneficiary]", "何小明"),
            ("input[witness_name]", "何志明"),
            ("input[witness_phone]", "13900020001"),
        ],
        Some(token),
    )
    .await;
    res.body
}

pub async fn passbook(app: &TestApp, token: &str) -> Value {
    call(app, "my_passbook", &[], Some(token)).await.body
}

pub fn row<'a>(book: &'a Value, id: &Value) -> &'a Value {
    book["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["line"]["id"] == *id))
        .expect("the line is in the passbook")
}

/// The seeded service categories, into an empty store of a test that builds its own world.
pub async fn seed_categories(pool: &sqlx::AnyPool) {
    let now = chrono::Utc::now().to_rfc3339();
    for (order, (code, zh, en, icon)) in app::domain::SEEDED_CATEGORIES.iter().enumerate() {
        sqlx::query(
            "INSERT INTO categories (code, name_zh, name_en, icon, sort_order, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(code)
        .bind(zh)
        .bind(en)
        .bind(icon)
        .bind(order as i64)
        .bind(&now)
        .execute(pool)
        .await
        .expect("category");
    }
}

/// Every line of the verification queue the holder of `token` sees, page after page (the
/// server function answers 50 at a time).
pub async fn queue_items(app: &TestApp, token: &str) -> Value {
    let mut items = Vec::new();
    let mut page = 0;
    loop {
        let page_text = page.to_string();
        let body = call(
            app,
            "verification_queue",
            &[("query[page]", page_text.as_str())],
            Some(token),
        )
        .await
        .body;
        let Some(rows) = body["items"].as_array() else {
            return body;
        };
        items.extend(rows.iter().cloned());
        page += 1;
        if page >= body["pages"].as_u64().unwrap_or(1) {
            return Value::Array(items);
        }
    }
}

/// The form of an online application to 福康社区 (or `community`) with `phone`.
pub fn application_form<'a>(phone: &'a str, community: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("file[name]", "王小梅"),
        ("file[gender]", "female"),
        ("file[birth_year]", "1988"),
        ("file[political_status]", "群众"),
        ("file[phone]", phone),
        ("file[occupation]", "护士"),
        ("file[hobbies]", "唱歌、广场舞"),
        ("file[skills]", "测血压"),
        ("password", "my-own-password"),
        ("community", community),
    ]
}

/// Files an application with `phone` from its own address; returns its id as staff of
/// 福康社区 see it.
pub async fn fresh_application(app: &TestApp, phone: &str, community: &str) -> String {
    // One address per phone: the per-address throttle is not what these tests are about.
    let address = format!(
        "198.51.{}.{}",
        phone.len() % 250,
        phone[phone.len() - 3..].parse::<u16>().unwrap_or(1) % 250
    );
    let res = call_from(
        app,
        "apply_for_account",
        &application_form(phone, community),
        None,
        Some(&address),
    )
    .await;
    assert_eq!(res.status, 200, "application of {phone}: {:?}", res.body);
    let admin = session(app, "admin").await;
    let list = call(
        app,
        "account_applications",
        &[("status", "pending")],
        Some(&admin),
    )
    .await;
    list.body
        .as_array()
        .and_then(|all| all.iter().find(|a| a["phone"] == phone))
        .and_then(|a| a["id"].as_str())
        .expect("the application is listed")
        .to_string()
}

/// A service line dated `date`, `start`–`end`, of `category`, for `household` (or nobody).
pub async fn record_line(
    app: &TestApp,
    token: &str,
    date: &str,
    (start, end): (&str, &str),
    category: &str,
    household: Option<&str>,
) -> String {
    let mut form = vec![
        ("input[date]", date),
        ("input[start]", start),
        ("input[end]", end),
        ("input[place]", "社区服务站"),
        ("input[content]", "志愿服务"),
        ("input[category]", category),
        ("input[witness_name]", "王建国"),
        ("input[witness_phone]", "13900030002"),
    ];
    if let Some(h) = household {
        form.push(("input[beneficiary_kind]", "household"));
        form.push(("input[beneficiary]", h));
    }
    let res = call(app, "record_service", &form, Some(token)).await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    res.body.as_str().expect("id").to_string()
}

pub async fn decide(app: &TestApp, staff: &str, function: &str, id: &str) {
    let res = call(
        app,
        function,
        &[("id", id), ("reason", "核对后更正")],
        Some(staff),
    )
    .await;
    assert_eq!(res.status, 200, "{function}: {:?}", res.body);
}

/// The person id of whoever signs in as `login`.
pub async fn person_id(app: &TestApp, login: &str) -> String {
    let token = session(app, login).await;
    call(app, "who_am_i", &[], Some(&token)).await.body["person"]
        .as_str()
        .expect("person")
        .to_string()
}

/// 福康's households helped on the home page (the one definition, as the overview counts it).
pub async fn fukang_helped(app: &TestApp) -> i64 {
    let overview = call(app, "overview", &[], None).await.body;
    overview["communities"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "福康社区"))
        .and_then(|c| c["households"].as_i64())
        .expect("福康 on the home page")
}

/// Staff post a wish for `household`; the volunteer holding `volunteer` claims it from their
/// phone (outbox entry `key`, number `seq`); staff confirm it fulfilled when `fulfil`. The wish.
pub async fn wish_for_household(
    app: &TestApp,
    staff: &str,
    volunteer: &str,
    household: &str,
    (key, seq): (&str, u64),
    fulfil: bool,
) -> String {
    let res = call(
        app,
        "post_wish",
        &[
            ("input[poster]", "福康社区居委会"),
            ("input[need]", "冬天需要一床棉被"),
            ("input[category]", "community_help"),
            ("input[household]", household),
        ],
        Some(staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let wish = res.body.as_str().expect("wish").to_string();
    let claimed = super::push_entry(
        app,
        volunteer,
        key,
        seq,
        "claim",
        serde_json::json!({ "wish": wish }),
    )
    .await;
    assert_eq!(claimed["outcome"], "accepted", "{claimed}");
    if fulfil {
        let res = call(
            app,
            "decide_wish",
            &[("wish", &wish), ("decision", "confirm"), ("reason", "")],
            Some(staff),
        )
        .await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    wish
}
