//! Exports: each file holds exactly the rows its caller may see.

use super::*;

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
