//! Starts the real router on port 0 with a fresh database (demo data loaded): an SQLite file,
//! or, when `LOVEBANK_TEST_POSTGRES` names a PostgreSQL server, a new database on it (the same
//! tests are the conformance suite of both stores).

#![allow(dead_code)] // each test binary uses a different part

use std::net::SocketAddr;
use std::sync::Arc;

use app::api::ports::Store;
use leptos::config::LeptosOptions;
use serde_json::Value;
use server::accounts::PasswordAccounts;
use server::service_worker::ServiceWorker;
use server::store::SqlStore;
use server::{app_router, AppState};

pub mod model_cast;
pub mod process;

pub struct TestApp {
    pub address: SocketAddr,
    pub store: SqlStore,
    pub accounts: Arc<PasswordAccounts>,
    pub state: AppState,
    _data: tempfile::TempDir,
}

impl TestApp {
    /// The same router again (over the same database), to serve it another way.
    pub fn router(&self) -> axum::Router {
        app_router(self.state.clone())
    }

    /// Where the app serves its static files from (the build's site root).
    pub fn site_root(&self) -> &std::path::Path {
        self._data.path()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_on(tempfile::tempdir().expect("temp dir"), "test.db").await
}

/// The app over the database file `file` of the folder `data` (demo data if it is empty).
#[allow(dead_code)] // not every test binary restores a backup
pub async fn spawn_app_on(data: tempfile::TempDir, file: &str) -> TestApp {
    let url = fresh_database_url(data.path(), file).await;
    let store = SqlStore::open(&url).await.expect("open store");
    server::demo::seed_if_empty(store.pool())
        .await
        .expect("demo data");
    spawn_app_over(data, store).await
}

/// Where a test keeps a fresh database: the file `file` in `dir`, or a new empty database on the
/// PostgreSQL server `LOVEBANK_TEST_POSTGRES` names.
pub async fn fresh_database_url(dir: &std::path::Path, file: &str) -> String {
    match std::env::var("LOVEBANK_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => fresh_postgres_database(&server).await,
        _ => format!("sqlite://{}", dir.join(file).display()),
    }
}

/// A new empty database on the PostgreSQL server whose URL is `server`; its URL.
pub async fn fresh_postgres_database(server: &str) -> String {
    use sqlx::Connection;
    let name = format!("lb_{}", uuid::Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect(server)
        .await
        .expect("the test PostgreSQL server");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("a fresh database");
    let (base, _) = server.rsplit_once('/').expect("a URL with a database");
    format!("{base}/{name}")
}

/// Whether the tests run on PostgreSQL (a few SQLite-only features are skipped there).
pub fn on_postgres() -> bool {
    std::env::var("LOVEBANK_TEST_POSTGRES").is_ok_and(|s| !s.is_empty())
}

/// The app over `store` as it is (no demo data), its files in `data`.
pub async fn spawn_app_over(data: tempfile::TempDir, store: SqlStore) -> TestApp {
    let leptos_options = LeptosOptions::builder()
        .output_name("lovebank")
        .site_root(data.path().display().to_string())
        .build();
    let shared: Arc<dyn Store> = Arc::new(store.clone());
    let accounts = Arc::new(PasswordAccounts::new(shared.clone(), false).expect("accounts"));
    let state = AppState {
        service_worker: Arc::new(ServiceWorker::from_build(&leptos_options)),
        leptos_options,
        accounts: accounts.clone(),
        store: shared,
        security: server::SecurityPolicy::default(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(server::serve::serve(
        listener,
        app_router(state.clone()),
        std::future::pending(),
    ));
    TestApp {
        address,
        store,
        accounts,
        state,
        _data: data,
    }
}

pub struct Response {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub cookie: Option<String>,
    pub body: serde_json::Value,
}

pub async fn call(
    app: &TestApp,
    function: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
) -> Response {
    call_from(app, function, form, cookie, None).await
}

/// [`call`] as a client at `address` would, through a reverse proxy on the server's machine
/// (which names the client in `X-Forwarded-For`).
pub async fn call_from(
    app: &TestApp,
    function: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
    address: Option<&str>,
) -> Response {
    call_url(&app.url(&format!("/api/{function}")), form, cookie, address).await
}

/// A server function at `url` (on any server), called with a form.
pub async fn call_url(
    url: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
    address: Option<&str>,
) -> Response {
    let mut request = reqwest::Client::new()
        .post(url)
        .header("User-Agent", "integration-test/1.0")
        .form(form);
    if let Some(a) = address {
        request = request.header("X-Forwarded-For", a);
    }
    if let Some(c) = cookie {
        request = request.header("Cookie", format!("lovebank_session={c}"));
    }
    let res = request.send().await.expect("request");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("lovebank_session="))
        .map(str::to_string);
    let text = res.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    Response {
        status,
        headers,
        cookie,
        body,
    }
}

pub fn token_of(set_cookie: &str) -> String {
    set_cookie
        .trim_start_matches("lovebank_session=")
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string()
}

pub async fn sign_in(app: &TestApp, login: &str, password: &str) -> Response {
    call(
        app,
        "sign_in",
        &[("login", login), ("password", password)],
        None,
    )
    .await
}

/// Signs in with the demo password and returns the session token.
pub async fn session(app: &TestApp, login: &str) -> String {
    let res = sign_in(app, login, server::demo::DEMO_PASSWORD).await;
    assert_eq!(res.status, 200, "sign-in of {login}: {:?}", res.body);
    token_of(&res.cookie.expect("session cookie"))
}

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

/// Pushes one entry of `kind` from the caller's device (named after the session) and returns its
/// receipt (`{"outcome": …}`), as a phone or an office PC does at a sync.
pub async fn push_entry(
    app: &TestApp,
    token: &str,
    id: &str,
    seq: u64,
    kind: &str,
    body: Value,
) -> Value {
    let author = call(app, "who_am_i", &[], Some(token)).await.body["person"].clone();
    let entry = serde_json::json!({"id": id, "device": format!("device-{}", &token[..12]),
        "seq": seq, "author": author, "schema": 1, "kind": kind, "body": body.to_string()});
    let res = reqwest::Client::new()
        .post(app.url("/api/sync_push"))
        .header("Cookie", format!("lovebank_session={token}"))
        .json(&serde_json::json!({ "batch": [entry] }))
        .send()
        .await
        .expect("push");
    let reply: Value = res.json().await.expect("reply");
    reply["receipts"][0][1].clone()
}

/// Calls a server function that takes JSON (those with lists in their input).
pub async fn call_json(
    app: &TestApp,
    function: &str,
    body: serde_json::Value,
    cookie: Option<&str>,
) -> Response {
    let mut request = reqwest::Client::new()
        .post(app.url(&format!("/api/{function}")))
        .header("User-Agent", "integration-test/1.0")
        .json(&body);
    if let Some(c) = cookie {
        request = request.header("Cookie", format!("lovebank_session={c}"));
    }
    let res = request.send().await.expect("request");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let text = res.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    Response {
        status,
        headers,
        cookie: None,
        body,
    }
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
