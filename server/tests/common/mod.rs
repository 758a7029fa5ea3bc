//! Starts the real router on port 0 with a fresh database (demo data loaded): an SQLite file,
//! or, when `LOVEBANK_TEST_POSTGRES` names a PostgreSQL server, a new database on it (the same
//! tests are the conformance suite of both stores).

#![allow(dead_code)] // the benches include this module too, and each uses a different part

use std::net::SocketAddr;
use std::sync::Arc;

use app::api::ports::Store;
use leptos::config::LeptosOptions;
use serde_json::Value;
use server::accounts::PasswordAccounts;
use server::service_worker::ServiceWorker;
use server::store::SqlStore;
use server::{app_router, AppState};

pub mod actions;
pub mod city;
pub mod model_cast;
pub mod process;

#[allow(unused_imports)] // not every test binary uses them
pub use actions::*;

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
    spawn_app_with(data, store, None).await
}

/// The app over `store`, serving also the sub-districts `store` lists (a city's install) when
/// `home_url` (where `store` is) is given.
pub async fn spawn_app_with(
    data: tempfile::TempDir,
    store: SqlStore,
    home_url: Option<&str>,
) -> TestApp {
    let leptos_options = LeptosOptions::builder()
        .output_name("lovebank")
        .site_root(data.path().display().to_string())
        .build();
    let shared: Arc<dyn Store> = Arc::new(store.clone());
    let accounts = Arc::new(PasswordAccounts::new(shared.clone(), false).expect("accounts"));
    let sub_districts = match home_url {
        Some(url) => Some(Arc::new(
            server::city::SubDistricts::open(store.clone(), url, &accounts)
                .await
                .expect("the sub-districts"),
        )),
        None => None,
    };
    let state = AppState {
        service_worker: Arc::new(ServiceWorker::from_build(&leptos_options)),
        leptos_options,
        accounts: accounts.clone(),
        store: shared,
        security: server::SecurityPolicy::default(),
        sub_districts,
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
    call_with(reqwest::Client::new(), url, form, cookie, address).await
}

/// A server function at `url`, whose host name `host` is taken to be `server` (a sub-district
/// of a city's install, reached by its name).
pub async fn call_url_resolving(
    url: &str,
    host: &str,
    server: SocketAddr,
    form: &[(&str, &str)],
    cookie: Option<&str>,
) -> Response {
    let client = reqwest::Client::builder()
        .resolve(host, server)
        .build()
        .expect("client");
    call_with(client, url, form, cookie, None).await
}

async fn call_with(
    client: reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
    address: Option<&str>,
) -> Response {
    let mut request = client
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
