//! What reaches the server over HTTP: cross-site posts, slow clients, security headers, and pages
//! rendered side by side.

use super::*;

// 7. Other sites cannot post; only the app's encodings.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cross_site_post_writes_nothing_and_text_plain_is_refused() {
    let app = spawn_app().await;
    let volunteer = session(&app, LIU_FANG).await;
    let form = [
        ("input[date]", days_ago(8)),
        ("input[start]", "09:00".to_string()),
        ("input[end]", "10:00".to_string()),
        ("input[place]", "x".to_string()),
        ("input[content]", "y".to_string()),
        ("input[category]", "education".to_string()),
    ];
    let res = reqwest::Client::new()
        .post(app.url("/api/record_service"))
        .header("Cookie", format!("lovebank_session={volunteer}"))
        .header("Origin", "http://evil.example")
        .form(&form)
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 403);
    let book = call(&app, "my_passbook", &[], Some(&volunteer)).await.body;
    assert!(!book.to_string().contains(&days_ago(8)), "nothing written");
    let res = reqwest::Client::new()
        .post(app.url("/api/record_service"))
        .header("Cookie", format!("lovebank_session={volunteer}"))
        .header("Origin", format!("http://{}", app.address))
        .form(&form)
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 200, "the app's own page may post");
    let res = reqwest::Client::new()
        .post(app.url("/api/sync_push"))
        .header("Cookie", format!("lovebank_session={volunteer}"))
        .header("Content-Type", "text/plain")
        .body(json!({"batch": []}).to_string())
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 415);
}

// 9. Slow clients.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_sent_requests_are_cut_off_and_shutdown_is_bounded() {
    let app = spawn_app().await;
    let router = app.router();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let limits = server::serve::Limits {
        header_read: Duration::from_millis(500),
        shutdown_grace: Duration::from_millis(500),
    };
    let serving = tokio::spawn(server::serve::serve_with(
        listener,
        router,
        async {
            let _ = stopped.await;
        },
        limits,
    ));
    // Thirty clients that never finish their headers.
    let mut slow = Vec::new();
    for _ in 0..30 {
        let mut s = tokio::net::TcpStream::connect(address)
            .await
            .expect("connect");
        s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .expect("write");
        slow.push(s);
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    for s in &mut slow {
        let mut buf = [0u8; 256];
        let read = tokio::time::timeout(Duration::from_secs(1), s.read(&mut buf)).await;
        match read {
            Ok(Ok(_)) | Ok(Err(_)) => {} // closed (possibly after a 408)
            Err(_) => panic!("a half-sent request was still held open"),
        }
    }
    // A request whose body never comes, in flight at shutdown: the server stops anyway.
    let mut stuck = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    stuck
        .write_all(
            format!(
                "POST /api/sign_in HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nlogin="
            )
            .as_bytes(),
        )
        .await
        .expect("write");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let asked = Instant::now();
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(5), serving)
        .await
        .expect("the server stopped within its grace period")
        .expect("task")
        .expect("served");
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "{:?}",
        asked.elapsed()
    );
}

// 10. Security headers.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_a_content_security_policy_with_their_scripts_nonce() {
    let app = spawn_app().await;
    let res = reqwest::get(app.url("/signin")).await.expect("page");
    let headers = res.headers().clone();
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("x-frame-options"), "DENY");
    assert_eq!(header("referrer-policy"), "same-origin");
    let csp = header("content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce")
        .to_string();
    let html = res.text().await.expect("html");
    let scripts = html.matches("<script").count();
    assert!(scripts >= 1);
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "every script carries the page's nonce"
    );
    let again = reqwest::get(app.url("/signin")).await.expect("page");
    assert_ne!(
        again.headers()["content-security-policy"].to_str().ok(),
        Some(csp.as_str()),
        "a fresh nonce per page"
    );
    assert!(headers.get("strict-transport-security").is_none());
}

// Pages rendered side by side: leptos_meta reads `<title>` outside the request's reactive arena,
// so a title that read the arena's language signal panicked now and then under concurrent loads
// (reproduced: 19 of 2,000 page loads in bursts of 400, on the release build). Titles read an
// arena-free signal now.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_rendered_side_by_side_all_render() {
    let app = spawn_app().await;
    let paths = [
        "/signin",
        "/wall",
        "/volunteer",
        "/office",
        "/kiosk",
        "/volunteer/log",
        "/office/points",
        "/",
    ];
    for _ in 0..3 {
        let loads: Vec<_> = (0..240)
            .map(|i| {
                let url = app.url(paths[i % paths.len()]);
                tokio::spawn(async move {
                    match reqwest::get(url).await {
                        Ok(res) => res.status().as_u16(),
                        Err(_) => 0,
                    }
                })
            })
            .collect();
        for load in loads {
            assert_eq!(load.await.expect("task"), 200);
        }
    }
}
