//! Benchmark: one device pushes 10,000 entries through the real router until all are
//! acknowledged, beside two raw SQLite inserts of the same rows in the same run: row by row (one
//! prepared statement per row) and multi-row (500 rows per statement, as the server writes them),
//! one transaction per batch of 500 either way.
//!
//!     cargo bench -p server --bench sync_push
//!
//! Prints the numbers; asserts only that everything arrived (a benchmark, not a timed test).

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use app::domain::ids::PersonId;
use app::domain::sync::{DeviceState, Entry, PushReply};
use serde_json::json;

const ENTRIES: usize = 10_000;
/// The pull: a new phone of a person with this many entries syncs from nothing.
const PULLED: usize = 100_000;
const BATCH: usize = 500;

fn body(i: usize) -> String {
    let today = app::domain::clock::china_today(chrono::Utc::now());
    let date = today - chrono::Duration::days((i % 300) as i64);
    let start = 8 + (i % 10);
    json!({
        "date": date.to_string(), "start": format!("{start:02}:00"), "end": format!("{start:02}:45"),
        "place": "福康社区服务站", "content": format!("陪伴独居老人（第 {i} 次）"),
        "category": "community_help", "witness_name": "马桂兰", "witness_phone": "13900020000"
    })
    .to_string()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

async fn run() {
    let app = common::spawn_app().await;
    let token = common::session(&app, "13800010003").await;
    let who = common::call(&app, "who_am_i", &[], Some(&token)).await.body;
    let author = PersonId::new(who["person"].as_str().expect("person"));
    let mut phone = DeviceState::new("bench-phone");
    for i in 0..ENTRIES {
        phone.capture(
            uuid::Uuid::now_v7().to_string(),
            author.clone(),
            "service",
            body(i),
        );
    }
    let entries: Vec<Entry> = phone.outbox.values().cloned().collect();
    let client = reqwest::Client::new();

    let started = Instant::now();
    while !phone.outbox.is_empty() {
        let batch = phone.batch(&author, BATCH);
        let res = client
            .post(app.url("/api/sync_push"))
            .header("Cookie", format!("lovebank_session={token}"))
            .json(&json!({ "batch": batch, "captured": ENTRIES }))
            .send()
            .await
            .expect("push");
        assert_eq!(res.status().as_u16(), 200);
        let reply: PushReply = res.json().await.expect("reply");
        phone.on_push_reply(&batch, &reply);
    }
    let push = started.elapsed();
    assert_eq!(phone.receipts.len(), ENTRIES);

    // The same rows, inserted raw: one prepared statement per row, one transaction per batch.
    let raw_dir = tempfile::tempdir().expect("temp");
    let url = format!(
        "sqlite://{}?mode=rwc",
        raw_dir.path().join("raw.db").display()
    );
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            url.parse::<sqlx::sqlite::SqliteConnectOptions>()
                .expect("url")
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Full),
        )
        .await
        .expect("raw db");
    sqlx::query(
        "CREATE TABLE raw_entries (change INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
           device_id TEXT NOT NULL, device_seq INTEGER NOT NULL, author_id TEXT NOT NULL,
           schema INTEGER NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, fingerprint TEXT NOT NULL,
           UNIQUE (device_id, device_seq))",
    )
    .execute(&pool)
    .await
    .expect("table");
    let started = Instant::now();
    for chunk in entries.chunks(BATCH) {
        let mut tx = pool.begin().await.expect("begin");
        for e in chunk {
            sqlx::query(
                "INSERT INTO raw_entries (id, device_id, device_seq, author_id, schema, kind, body, fingerprint)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&e.id)
            .bind(&e.device)
            .bind(e.seq as i64)
            .bind(e.author.as_str())
            .bind(i64::from(e.schema))
            .bind(&e.kind)
            .bind(&e.body)
            .bind(e.fingerprint().to_string())
            .execute(&mut *tx)
            .await
            .expect("insert");
        }
        tx.commit().await.expect("commit");
    }
    let raw = started.elapsed();

    // The same rows again, into a fresh table, 500 rows per INSERT statement.
    sqlx::query("CREATE TABLE raw_multi AS SELECT * FROM raw_entries WHERE 0")
        .execute(&pool)
        .await
        .expect("table");
    sqlx::query("CREATE UNIQUE INDEX raw_multi_id ON raw_multi (id)")
        .execute(&pool)
        .await
        .expect("index");
    sqlx::query("CREATE UNIQUE INDEX raw_multi_seq ON raw_multi (device_id, device_seq)")
        .execute(&pool)
        .await
        .expect("index");
    let started = Instant::now();
    for chunk in entries.chunks(BATCH) {
        let mut tx = pool.begin().await.expect("begin");
        let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO raw_multi (id, device_id, device_seq, author_id, schema, kind, body, fingerprint) ",
        );
        insert.push_values(chunk, |mut row, e| {
            row.push_bind(&e.id)
                .push_bind(&e.device)
                .push_bind(e.seq as i64)
                .push_bind(e.author.as_str())
                .push_bind(i64::from(e.schema))
                .push_bind(&e.kind)
                .push_bind(&e.body)
                .push_bind(e.fingerprint().to_string());
        });
        insert.build().execute(&mut *tx).await.expect("insert");
        tx.commit().await.expect("commit");
    }
    let multi = started.elapsed();

    let rate = |d: std::time::Duration| ENTRIES as f64 / d.as_secs_f64();
    println!("push {ENTRIES} entries in batches of {BATCH} over HTTP, until all acknowledged:");
    println!(
        "  push (validate, ledger line, sync row, audit, receipts): {:>8.0} ms  {:>8.0} entries/s",
        push.as_secs_f64() * 1000.0,
        rate(push)
    );
    println!(
        "  raw SQLite row-by-row insert of the same rows:            {:>8.0} ms  {:>8.0} rows/s",
        raw.as_secs_f64() * 1000.0,
        rate(raw)
    );
    println!(
        "  raw SQLite multi-row insert (500 rows per statement):     {:>8.0} ms  {:>8.0} rows/s",
        multi.as_secs_f64() * 1000.0,
        rate(multi)
    );
    println!(
        "  server apply rate / raw row-by-row rate: {:.0} %; / raw multi-row rate: {:.0} %",
        100.0 * rate(push) / rate(raw),
        100.0 * rate(push) / rate(multi)
    );

    // The pull: the same person's log topped up to PULLED entries (from a second phone), then a
    // fresh phone pulls it all, page by page, as its first sync does.
    let mut seed = DeviceState::new("bench-seed");
    for i in ENTRIES..PULLED {
        seed.capture(
            uuid::Uuid::now_v7().to_string(),
            author.clone(),
            "service",
            body(i),
        );
    }
    while !seed.outbox.is_empty() {
        let batch = seed.batch(&author, BATCH);
        let res = client
            .post(app.url("/api/sync_push"))
            .header("Cookie", format!("lovebank_session={token}"))
            .json(&json!({ "batch": batch, "captured": PULLED }))
            .send()
            .await
            .expect("push");
        let reply: PushReply = res.json().await.expect("reply");
        seed.on_push_reply(&batch, &reply);
    }
    let started = Instant::now();
    let (mut cursor, mut pulled, mut pages) = (0u64, 0usize, 0usize);
    loop {
        let res = client
            .post(app.url("/api/sync_pull"))
            .header("Cookie", format!("lovebank_session={token}"))
            .form(&[
                ("expected", author.as_str().to_string()),
                ("cursor", cursor.to_string()),
                ("limit", app::api::MAX_PAGE.to_string()),
            ])
            .send()
            .await
            .expect("pull");
        let page: app::domain::sync::PullPage = res.json().await.expect("page");
        pulled += page.changes.len();
        pages += 1;
        cursor = page.next;
        if !page.more {
            break;
        }
    }
    let pull = started.elapsed();
    assert_eq!(pulled, PULLED);
    println!(
        "pull {PULLED} entries from nothing over HTTP ({pages} pages of up to {}): {:>8.0} ms  {:>8.0} entries/s",
        app::api::MAX_PAGE,
        pull.as_secs_f64() * 1000.0,
        PULLED as f64 / pull.as_secs_f64()
    );
}
