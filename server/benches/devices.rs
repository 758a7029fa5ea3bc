//! Benchmark: many phones at once. DEVICES volunteers (distinct people, distinct device ids)
//! sign in, then each syncs as the app does — push a small batch of new service lines, pull
//! what changed — on a schedule, against the release server binary over HTTP:
//!
//! - every 10 s, then every 3 s, for a fixed time, each phone starting at a random moment;
//! - all at the same instant, three times (a morning when a whole community comes back online).
//!
//! It runs against one server on SQLite, then — when `LOVEBANK_TEST_POSTGRES` names a
//! PostgreSQL server — two servers on one PostgreSQL database, each phone's requests alternating
//! between them. Prints throughput, p50/p95/p99 latency and errors for each, then checks the
//! database holds every acknowledged entry exactly once.
//!
//!     cargo bench -p server --bench devices        (bash .ci/bench.sh devices runs both)
//!
//! `BENCH_DEVICES` (default 1000) and `BENCH_SECONDS` (default 30) change the size. The load is
//! made on the same two cores as the server(s), so it is a pessimistic figure.

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::domain::ids::PersonId;
use app::domain::sync::{DeviceState, PullPage, PushReply};
use common::process::start_server;
use serde_json::json;
use server::store::SqlStore;
use tokio::time::sleep_until;

const PASSWORD: &str = server::demo::DEMO_PASSWORD;
const PER_PUSH: usize = 3;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// DEVICES new volunteers of the first community, with the demo password; their phones.
async fn volunteers(store: &SqlStore, count: usize) -> Vec<String> {
    let (community, hash): (String, String) = sqlx::query_as(
        "SELECT community_id, password_hash FROM people WHERE phone = '13800010003'",
    )
    .fetch_one(store.pool())
    .await
    .expect("a demo volunteer");
    let now = chrono::Utc::now().to_rfc3339();
    let phones: Vec<String> = (0..count).map(|i| format!("137{i:08}")).collect();
    let mut tx = store.pool().begin().await.expect("begin");
    for phone in &phones {
        sqlx::query(
            "INSERT INTO people (id, role, community_id, name, phone, password_hash, joined_on, created_at)
             VALUES ($1, 'volunteer', $2, $3, $4, $5, '2026-01-01', $6)",
        )
        .bind(format!("bench-{phone}"))
        .bind(&community)
        .bind(format!("志愿者{}", &phone[7..]))
        .bind(phone)
        .bind(&hash)
        .bind(&now)
        .execute(&mut *tx)
        .await
        .expect("a volunteer");
    }
    tx.commit().await.expect("commit");
    phones
}

struct Phone {
    person: PersonId,
    token: String,
    state: DeviceState,
    lines: usize,
}

fn body(i: usize) -> String {
    let today = app::domain::clock::china_today(chrono::Utc::now());
    let date = today - chrono::Duration::days((i / 8 % 200) as i64);
    let start = 8 + (i % 8);
    json!({
        "date": date.to_string(), "start": format!("{start:02}:00"), "end": format!("{start:02}:50"),
        "place": "福康社区服务站", "content": "陪伴独居老人", "category": "community_help",
        "witness_name": "马桂兰", "witness_phone": "13900020000"
    })
    .to_string()
}

#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    errors: usize,
}

/// One sync of one phone: push a few new lines, then pull; each request timed.
async fn sync(client: &reqwest::Client, base: &str, phone: &mut Phone, tally: &Mutex<Tally>) {
    for _ in 0..PER_PUSH {
        let b = body(phone.lines);
        phone.lines += 1;
        phone.state.capture(
            uuid::Uuid::now_v7().to_string(),
            phone.person.clone(),
            "service",
            b,
        );
    }
    let batch = phone.state.batch(&phone.person, 500);
    let started = Instant::now();
    let pushed = client
        .post(format!("{base}/api/sync_push"))
        .header("Cookie", format!("lovebank_session={}", phone.token))
        .json(&json!({ "batch": batch, "captured": phone.state.last_seq }))
        .send()
        .await;
    let reply = match pushed {
        Ok(res) if res.status().is_success() => res.json::<PushReply>().await.ok(),
        _ => None,
    };
    let took = started.elapsed();
    {
        let mut t = tally.lock().expect("tally");
        t.latencies.push(took);
        match &reply {
            Some(reply) => {
                phone.state.on_push_reply(&batch, reply);
            }
            None => t.errors += 1,
        }
    }
    let started = Instant::now();
    let from = phone.state.cursor;
    let pulled = client
        .post(format!("{base}/api/sync_pull"))
        .header("Cookie", format!("lovebank_session={}", phone.token))
        .form(&[
            ("expected", phone.person.as_str().to_string()),
            ("cursor", from.to_string()),
            ("limit", "2000".to_string()),
        ])
        .send()
        .await;
    let page = match pulled {
        Ok(res) if res.status().is_success() => res.json::<PullPage>().await.ok(),
        _ => None,
    };
    let took = started.elapsed();
    let mut t = tally.lock().expect("tally");
    t.latencies.push(took);
    match page {
        Some(page) => {
            phone.state.on_pull_page(from, &page);
        }
        None => t.errors += 1,
    }
}

fn report(what: &str, tally: &Tally, wall: Duration) {
    let mut l = tally.latencies.clone();
    l.sort();
    let at = |q: f64| {
        l.get(((l.len() as f64 * q) as usize).min(l.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "  {what:<34} {:>7} requests {:>7.0}/s   p50 {:>6.1} ms  p95 {:>6.1} ms  p99 {:>7.1} ms  max {:>7.1} ms  errors {}",
        l.len(),
        l.len() as f64 / wall.as_secs_f64(),
        at(0.50),
        at(0.95),
        at(0.99),
        l.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        tally.errors
    );
}

async fn run_on(label: &str, store: &SqlStore, bases: &[String]) {
    let devices = env("BENCH_DEVICES", 1000) as usize;
    let seconds = env("BENCH_SECONDS", 30);
    let phones_of = volunteers(store, devices).await;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(devices)
        .build()
        .expect("client");

    // Sign in, sixteen at a time (password hashing is slow on purpose).
    let started = Instant::now();
    let signed_in = Arc::new(Mutex::new(Vec::new()));
    let gate = Arc::new(tokio::sync::Semaphore::new(16));
    let mut tasks = Vec::new();
    for (i, phone) in phones_of.iter().enumerate() {
        let (client, base, phone) = (
            client.clone(),
            bases[i % bases.len()].clone(),
            phone.clone(),
        );
        let (gate, signed_in) = (gate.clone(), signed_in.clone());
        tasks.push(tokio::spawn(async move {
            let _slot = gate.acquire().await.expect("gate");
            let res = client
                .post(format!("{base}/api/sign_in"))
                .form(&[("login", phone.as_str()), ("password", PASSWORD)])
                .send()
                .await
                .expect("sign in");
            assert!(
                res.status().is_success(),
                "sign-in of {phone}: {}",
                res.status()
            );
            let token = res
                .headers()
                .get_all("set-cookie")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(|v| v.strip_prefix("lovebank_session="))
                .and_then(|v| v.split(';').next())
                .expect("session")
                .to_string();
            signed_in.lock().expect("list").push(Phone {
                person: PersonId::new(format!("bench-{phone}")),
                token,
                state: DeviceState::new(format!("bench-device-{phone}")),
                lines: 0,
            });
        }));
    }
    for t in tasks {
        t.await.expect("sign-in task");
    }
    let phones: Vec<Phone> = std::mem::take(&mut *signed_in.lock().expect("list"));
    println!(
        "{label}: {devices} devices signed in in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let phones: Vec<Arc<tokio::sync::Mutex<Phone>>> = phones
        .into_iter()
        .map(|p| Arc::new(tokio::sync::Mutex::new(p)))
        .collect();
    for every in [10u64, 3] {
        let tally = Arc::new(Mutex::new(Tally::default()));
        let begin = tokio::time::Instant::now() + Duration::from_millis(200);
        let end = begin + Duration::from_secs(seconds);
        let mut tasks = Vec::new();
        for (i, phone) in phones.iter().enumerate() {
            let (client, phone, tally) = (client.clone(), phone.clone(), tally.clone());
            let bases = bases.to_vec();
            // Spread evenly over the period, as phones that are not coordinated are.
            let offset = Duration::from_millis(every * 1000 * i as u64 / devices as u64);
            tasks.push(tokio::spawn(async move {
                let mut phone = phone.lock().await;
                let mut at = begin + offset;
                let mut n = i;
                while at < end {
                    sleep_until(at).await;
                    n += 1;
                    sync(&client, &bases[n % bases.len()], &mut phone, &tally).await;
                    at += Duration::from_secs(every);
                }
            }));
        }
        for t in tasks {
            t.await.expect("device");
        }
        let wall = Duration::from_secs(seconds);
        report(
            &format!("each device every {every} s, {seconds} s"),
            &tally.lock().expect("tally"),
            wall,
        );
    }
    for round in 1..=3 {
        let tally = Arc::new(Mutex::new(Tally::default()));
        let at = tokio::time::Instant::now() + Duration::from_millis(500);
        let started = at;
        let mut tasks = Vec::new();
        for (i, phone) in phones.iter().enumerate() {
            let (client, phone, tally) = (client.clone(), phone.clone(), tally.clone());
            let base = bases[(i + round) % bases.len()].clone();
            tasks.push(tokio::spawn(async move {
                let mut phone = phone.lock().await;
                sleep_until(at).await;
                sync(&client, &base, &mut phone, &tally).await;
            }));
        }
        for t in tasks {
            t.await.expect("device");
        }
        let wall = started.elapsed();
        report(
            &format!(
                "all {devices} at once, round {round} ({:.1} s)",
                wall.as_secs_f64()
            ),
            &tally.lock().expect("tally"),
            wall,
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
    }

    // Nothing lost, nothing doubled: every acknowledged entry is stored exactly once.
    let mut acknowledged = 0usize;
    for phone in &phones {
        acknowledged += phone.lock().await.state.receipts.len();
    }
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sync_entries WHERE author_id LIKE 'bench-%'")
            .fetch_one(store.pool())
            .await
            .expect("count");
    let distinct: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT id) FROM sync_entries WHERE author_id LIKE 'bench-%'",
    )
    .fetch_one(store.pool())
    .await
    .expect("count");
    println!("  acknowledged {acknowledged}, stored {stored}, distinct {distinct}");
    assert_eq!(
        stored as usize, acknowledged,
        "an acknowledged entry is missing or doubled"
    );
    assert_eq!(stored, distinct);
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("dir");
        let url = format!("sqlite://{}", dir.path().join("devices.db").display());
        let sqlite = start_server(&url, dir.path(), true).await;
        let store = SqlStore::open(&url).await.expect("store");
        run_on(
            "SQLite, one server",
            &store,
            std::slice::from_ref(&sqlite.base),
        )
        .await;
        store.close().await;
        drop(sqlite);

        let Ok(postgres) = std::env::var("LOVEBANK_TEST_POSTGRES") else {
            println!("PostgreSQL: skipped (LOVEBANK_TEST_POSTGRES is not set)");
            return;
        };
        let url = common::fresh_postgres_database(&postgres).await;
        let a = start_server(&url, dir.path(), true).await;
        let b = start_server(&url, dir.path(), false).await;
        let store = SqlStore::open(&url).await.expect("store");
        run_on(
            "PostgreSQL, two servers",
            &store,
            &[a.base.clone(), b.base.clone()],
        )
        .await;
        store.close().await;
    });
}
