//! A city in one install for the tests: the home sub-district and 东湖街道 (`donghu.localhost`),
//! each with its own database and the demo data, served by one app; and calls made at either
//! one's host name.

use server::store::{HostedSubDistrict, SqlStore};

use super::TestApp;

/// The second sub-district's host name (`*.localhost` is this machine).
pub const DONGHU: &str = "donghu.localhost";

pub struct City {
    pub app: TestApp,
    pub home_url: String,
}

/// The sub-district `code`'s database beside the home at `home_url`, opened (made when missing)
/// and holding the demo data.
pub async fn sub_district_with_demo(home_url: &str, code: &str) -> SqlStore {
    let store = SqlStore::open_sub_district(home_url, code)
        .await
        .expect("the sub-district's database");
    server::demo::seed_if_empty(store.pool())
        .await
        .expect("its demo data");
    store
}

/// The home sub-district and 东湖街道, both with the demo data, 东湖 also with a community of its
/// own so that the two differ.
pub async fn city() -> City {
    let data = tempfile::tempdir().expect("temp dir");
    let home_url = super::fresh_database_url(data.path(), "lovebank.db").await;
    let home = SqlStore::open(&home_url).await.expect("home");
    server::demo::seed_if_empty(home.pool())
        .await
        .expect("home's demo");
    let donghu = sub_district_with_demo(&home_url, "donghu").await;
    // The demo names every sub-district alike; this one is 东湖.
    sqlx::query("UPDATE sub_district SET name = '东湖街道'")
        .execute(donghu.pool())
        .await
        .expect("renamed");
    donghu.close().await;
    home.host_sub_district(&HostedSubDistrict {
        code: "donghu".into(),
        host: DONGHU.into(),
        name: "东湖街道".into(),
    })
    .await
    .expect("listed");
    let app = super::spawn_app_with(data, home, Some(&home_url)).await;
    City { app, home_url }
}

/// A server function called at `host` (the server's own port), as a browser that reached the
/// install by that name would.
pub async fn call_at(
    app: &TestApp,
    host: &str,
    function: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
) -> super::Response {
    let url = format!("http://{host}:{}/api/{function}", app.address.port());
    super::call_url_resolving(&url, host, app.address, form, cookie).await
}

pub async fn session_at(app: &TestApp, host: &str, login: &str) -> String {
    let res = call_at(
        app,
        host,
        "sign_in",
        &[("login", login), ("password", server::demo::DEMO_PASSWORD)],
        None,
    )
    .await;
    assert_eq!(
        res.status, 200,
        "sign-in of {login} at {host}: {:?}",
        res.body
    );
    super::token_of(&res.cookie.expect("a session"))
}

/// A community added by the admin of the sub-district at `host`.
pub async fn add_community_at(app: &TestApp, host: &str, name: &str) {
    let admin = session_at(app, host, "admin").await;
    let added = call_at(app, host, "add_community", &[("name", name)], Some(&admin)).await;
    assert_eq!(added.status, 200, "{:?}", added.body);
}

/// The names of the communities of the sub-district at `host`, as its admin manages them.
pub async fn communities_at(app: &TestApp, host: &str) -> Vec<String> {
    let admin = session_at(app, host, "admin").await;
    let res = call_at(app, host, "manage_communities", &[], Some(&admin)).await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    res.body
        .as_array()
        .expect("communities")
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_string())
        .collect()
}
