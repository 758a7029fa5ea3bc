//! Integration tests of the HTTP surface: pages, server functions, the service worker.

use crate::common;

use common::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_reports_the_database() {
    let app = spawn_app().await;
    let res = reqwest::get(app.url("/healthz")).await.expect("request");
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");

    app.store.close().await;
    let res = reqwest::get(app.url("/healthz")).await.expect("request");
    assert_eq!(
        res.status(),
        503,
        "a closed database is reported, not hidden"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_is_rendered_on_the_server_with_the_demo_figures() {
    let app = spawn_app().await;
    let res = reqwest::get(app.url("/")).await.expect("request");
    assert_eq!(res.status(), 200);
    let html = res.text().await.expect("body");
    assert!(html.contains(r#"lang="zh-CN""#), "Chinese by default");
    assert!(html.contains("爱心银行"));
    for community in ["福康社区", "安宁社区", "兴隆社区"] {
        assert!(html.contains(community), "{community} missing");
    }
    assert!(html.contains("福利路街道"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_cookie_renders_english() {
    let app = spawn_app().await;
    let html = reqwest::Client::new()
        .get(app.url("/"))
        .header("Cookie", "other=1; lovebank_lang=en")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(html.contains(r#"lang="en""#));
    assert!(html.contains("Give, accumulate, get back"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_server_function_sums_the_demo_data() {
    let app = spawn_app().await;
    let res = reqwest::Client::new()
        .post(app.url("/api/overview"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    let overview: app::domain::Overview = res.json().await.expect("overview");
    assert_eq!(overview.sub_district, "福利路街道");
    assert_eq!(overview.communities.len(), 3);
    assert_eq!(overview.total_volunteers(), 12);
    assert_eq!(overview.total_households(), 6);
    // 9 wishes: 1 awaiting approval, 2 claimed (one-to-one), 1 fulfilled → 5 open.
    assert_eq!(overview.total_open_wishes(), 5);

    // Verified minutes equal the sum of the verified lines, computed independently here.
    let expected: i64 = sqlx::query_scalar(
        "SELECT CAST(SUM(minutes) AS BIGINT) FROM service_records r WHERE EXISTS
           (SELECT 1 FROM record_events e WHERE e.record_id = r.id AND e.kind = 'verified')",
    )
    .fetch_one(app.store.pool())
    .await
    .expect("sum");
    assert!(expected > 0);
    assert_eq!(overview.total_verified().0, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_data_is_loaded_once() {
    let app = spawn_app().await;
    server::demo::seed_if_empty(app.store.pool())
        .await
        .expect("second seed");
    let volunteers: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE role = 'volunteer'")
            .fetch_one(app.store.pool())
            .await
            .expect("count");
    assert_eq!(volunteers, 12);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ledger_lines_cannot_be_edited_or_deleted() {
    let app = spawn_app().await;
    let pool = app.store.pool();
    let update = sqlx::query("UPDATE service_records SET minutes = minutes + 60")
        .execute(pool)
        .await;
    assert!(update.is_err(), "a passbook line was edited in place");
    let delete = sqlx::query("DELETE FROM record_events").execute(pool).await;
    assert!(delete.is_err(), "a verification was deleted");
    let delete = sqlx::query("DELETE FROM wish_events").execute(pool).await;
    assert!(delete.is_err(), "a wish's history was deleted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_worker_is_served_uncached_with_the_shell_pages() {
    let app = spawn_app().await;
    let res = reqwest::get(app.url("/sw.js")).await.expect("request");
    assert_eq!(res.status(), 200);
    let headers = res.headers().clone();
    assert!(headers["content-type"]
        .to_str()
        .expect("ascii")
        .starts_with("text/javascript"));
    assert_eq!(headers["cache-control"], "no-cache");
    let script = res.text().await.expect("body");
    for page in [
        "\"/\"",
        "\"/volunteer\"",
        "\"/wall\"",
        "\"/kiosk\"",
        "\"/office\"",
    ] {
        assert!(script.contains(page), "{page} is not precached");
    }
    assert!(script.contains("/pkg/lovebank"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_asks_for_one_group_of_chunk_files_at_a_time() {
    let app = spawn_app().await;
    let script = reqwest::get(app.url("/sw.js"))
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    let version = script
        .split("const VERSION = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the script names its version")
        .to_string();
    for group in ["shell", "volunteer", "kiosk", "office"] {
        let res = reqwest::get(app.url(&format!("/sw-chunks/{group}")))
            .await
            .expect("request");
        assert_eq!(res.status(), 200, "{group}");
        assert_eq!(res.headers()["cache-control"], "no-cache");
        let list: serde_json::Value = res.json().await.expect("json");
        assert_eq!(list["version"], version.as_str(), "{group}");
        assert!(list["files"].is_array(), "{group}: {list}");
    }
    let unknown = reqwest::get(app.url("/sw-chunks/everything"))
        .await
        .expect("request");
    assert_eq!(unknown.status(), 404);

    // The same groups as one download each, compressed as the browser allows, and never kept by
    // HTTP (the worker keeps what it unpacks). This build has no lazy pages: a pack of no files.
    for group in ["shell", "volunteer", "kiosk", "office"] {
        let res = reqwest::Client::new()
            .get(app.url(&format!("/sw-pack/{group}")))
            .header("Accept-Encoding", "gzip, deflate, br")
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 200, "{group}");
        assert_eq!(res.headers()["content-encoding"], "br", "{group}");
        assert_eq!(res.headers()["cache-control"], "no-store", "{group}");
        let packed = res.bytes().await.expect("body");
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut brotli::Decompressor::new(&packed[..], 4096), &mut body)
            .expect("brotli");
        let head: serde_json::Value =
            serde_json::from_slice(&body[..body.len() - 1]).expect("head");
        assert_eq!(head["version"], version.as_str(), "{group}");
        assert_eq!(head["files"], serde_json::json!([]), "{group}");
        assert_eq!(body.last(), Some(&b'\n'));
    }
    let plain = reqwest::Client::new()
        .get(app.url("/sw-pack/volunteer"))
        .header("Accept-Encoding", "identity")
        .send()
        .await
        .expect("request");
    assert!(plain.headers().get("content-encoding").is_none());
    let unknown = reqwest::get(app.url("/sw-pack/everything"))
        .await
        .expect("request");
    assert_eq!(unknown.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_pages_are_404_and_responses_are_compressed() {
    let app = spawn_app().await;
    let res = reqwest::get(app.url("/nothing-here"))
        .await
        .expect("request");
    assert_eq!(res.status(), 404);
    assert!(res.text().await.expect("body").contains("找不到这个页面"));

    let res = reqwest::Client::new()
        .get(app.url("/"))
        .header("Accept-Encoding", "br")
        .send()
        .await
        .expect("request");
    assert_eq!(res.headers()["content-encoding"], "br");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_precompressed_bundle_file_is_sent_as_built_and_revalidated_when_unhashed() {
    let app = spawn_app().await;
    let pkg = app.site_root().join("pkg");
    std::fs::create_dir_all(&pkg).expect("pkg folder");
    let wasm = vec![0u8; 4096];
    // Not real brotli: what is on disk must be what is sent, not compressed again.
    let built = b"pretend brotli at quality 11".to_vec();
    std::fs::write(pkg.join("lovebank.wasm"), &wasm).expect("wasm");
    std::fs::write(pkg.join("lovebank.wasm.br"), &built).expect("br");

    let res = reqwest::Client::new()
        .get(app.url("/pkg/lovebank.wasm"))
        .header("Accept-Encoding", "gzip, deflate, br")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(res.headers()["content-type"], "application/wasm");
    // The test build has no content hashes: the same name may hold new content next time.
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert_eq!(res.bytes().await.expect("body").to_vec(), built);

    // A client that takes no brotli gets the file itself.
    let res = reqwest::Client::new()
        .get(app.url("/pkg/lovebank.wasm"))
        .header("Accept-Encoding", "identity")
        .send()
        .await
        .expect("request");
    assert!(res.headers().get("content-encoding").is_none());
    assert_eq!(res.bytes().await.expect("body").len(), wasm.len());
}

/// Building a router renders the whole app once to list its routes, and while it does, leptos
/// holds every resource that starts loading anywhere in the process forever. Tests (and any
/// embedder) build routers while other apps serve pages, so the route list is made once per
/// process: a page rendered while another router is built still answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_rendered_while_another_router_is_built_still_answer() {
    let app = spawn_app().await;
    let state = app.state.clone();
    let builder = tokio::task::spawn_blocking(move || {
        for _ in 0..40 {
            drop(server::app_router(state.clone()));
        }
    });
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .expect("client");
    for round in 0..40 {
        let html = client
            .get(app.url("/"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("page {round} stalled: {e}"))
            .text()
            .await
            .unwrap_or_else(|e| panic!("page {round} stalled: {e}"));
        assert!(html.contains("福康社区"), "page {round} lacks its figures");
    }
    builder.await.expect("router builds");
}
