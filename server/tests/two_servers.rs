//! Two server processes on one database, as a deployment with several app servers behind a load
//! balancer runs them: nothing a person relies on may live in one process. A session, a kiosk's
//! token and the sign-in throttle started on one server hold on the other, certificates issued
//! on both at once never share a number, and the sync
//! protocol's random schedules, run several at once with every request sent to either server at
//! random, lose nothing and double nothing.
//!
//! On SQLite both processes open the same file; in the PostgreSQL pass, the same database.
//! `LOVEBANK_SYNC_STORE_SCHEDULES` sets how many schedules run (default 120, over 4 threads).

use crate::common;

use std::collections::HashMap;

use app::domain::ids::PersonId;
use app::domain::sync::simulation::{run, Rng, Server};
use app::domain::sync::{Change, Entry, PullPage, PushReply};
use common::model_cast;
use common::process::{start_server, ServerProcess};
use serde_json::Value;
use server::store::SqlStore;

/// Two servers over one fresh database with the demo data: the first loads it, then the second
/// opens what the first made.
async fn two_servers(dir: &std::path::Path) -> (String, [ServerProcess; 2]) {
    let url = common::fresh_database_url(dir, "shared.db").await;
    let a = start_server(&url, dir, true).await;
    let b = start_server(&url, dir, false).await;
    (url, [a, b])
}

/// A call as a phone makes it: "try again later" (503, the password-hashing threads were all
/// busy for 5 s — several debug-built servers share two cores in this test) is tried again.
async fn call(
    base: &str,
    function: &str,
    form: &[(&str, &str)],
    token: Option<&str>,
) -> (u16, Value) {
    for _ in 0..10 {
        let (status, body) = call_once(base, function, form, token).await;
        if status != 503 {
            return (status, body);
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
    panic!("{function} was unavailable for ten tries");
}

async fn call_once(
    base: &str,
    function: &str,
    form: &[(&str, &str)],
    token: Option<&str>,
) -> (u16, Value) {
    let url = format!("{base}/api/{function}");
    let res = common::call_url(&url, form, token, None).await;
    match (res.cookie, res.status) {
        (Some(cookie), 200) => (
            200,
            serde_json::json!({ "token": common::token_of(&cookie), "body": res.body }),
        ),
        _ => (res.status, res.body),
    }
}

const VOLUNTEER: &str = "13800010003";

#[tokio::test]
async fn a_session_and_a_kiosk_started_on_one_server_hold_on_the_other() {
    let dir = tempfile::tempdir().expect("dir");
    let (_, [a, b]) = two_servers(dir.path()).await;
    let password = server::demo::DEMO_PASSWORD;

    let (status, signed_in) = call(
        &a.base,
        "sign_in",
        &[("login", VOLUNTEER), ("password", password)],
        None,
    )
    .await;
    assert_eq!(status, 200, "{signed_in}");
    let token = signed_in["token"].as_str().expect("session").to_string();
    let (_, me) = call(&b.base, "who_am_i", &[], Some(&token)).await;
    assert_eq!(
        me["name"], "刘芳",
        "the other server knows the session: {me}"
    );

    let (status, _) = call(&b.base, "sign_out", &[], Some(&token)).await;
    assert_eq!(status, 200);
    let (_, me) = call(&a.base, "who_am_i", &[], Some(&token)).await;
    assert_eq!(
        me,
        Value::Null,
        "signed out on one server is signed out on both"
    );

    let (_, staff) = call(
        &a.base,
        "sign_in",
        &[("login", "staff1"), ("password", password)],
        None,
    )
    .await;
    let staff = staff["token"].as_str().expect("staff session").to_string();
    let (status, kiosk) = call(
        &a.base,
        "register_kiosk",
        &[("name", "活动室大屏")],
        Some(&staff),
    )
    .await;
    assert_eq!(status, 200, "{kiosk}");
    let kiosk = kiosk.as_str().expect("kiosk token").to_string();
    let (status, wall) = call(&b.base, "community_wall", &[], Some(&kiosk)).await;
    assert_eq!(status, 200, "the other server lets the kiosk in: {wall}");
    assert_eq!(wall["community_name"], "福康社区", "{wall}");
}

#[tokio::test]
async fn the_sign_in_throttle_counts_the_guesses_sent_to_both_servers() {
    let dir = tempfile::tempdir().expect("dir");
    let (_, servers) = two_servers(dir.path()).await;
    // Alternating, each server sees only half the guesses: a throttle kept in each process
    // would still allow the right password below.
    for i in 0..server::throttle::FREE_ATTEMPTS as usize {
        let (status, body) = call(
            &servers[i % 2].base,
            "sign_in",
            &[("login", VOLUNTEER), ("password", "guess")],
            None,
        )
        .await;
        assert_ne!(status, 200, "{body}");
    }
    for server in &servers {
        let (_, body) = call(
            &server.base,
            "sign_in",
            &[
                ("login", VOLUNTEER),
                ("password", server::demo::DEMO_PASSWORD),
            ],
            None,
        )
        .await;
        let wait = body["TooManyAttempts"]["retry_after_secs"].as_u64();
        assert!(
            matches!(wait, Some(1..=30)),
            "{} lets the right password in: {body}",
            server.base
        );
    }
}

#[tokio::test]
async fn certificates_issued_on_both_servers_at_once_never_share_a_number() {
    let dir = tempfile::tempdir().expect("dir");
    let (_, servers) = two_servers(dir.path()).await;
    let password = server::demo::DEMO_PASSWORD;
    let (_, volunteer) = call(
        &servers[0].base,
        "sign_in",
        &[("login", VOLUNTEER), ("password", password)],
        None,
    )
    .await;
    let token = volunteer["token"].as_str().expect("session").to_string();
    let (_, me) = call(&servers[0].base, "who_am_i", &[], Some(&token)).await;
    let person = me["person"].as_str().expect("person").to_string();
    let issue_on = |server: &ServerProcess| {
        let (base, person) = (server.base.clone(), person.clone());
        async move {
            let (_, staff) = call(
                &base,
                "sign_in",
                &[("login", "staff1"), ("password", password)],
                None,
            )
            .await;
            let staff = staff["token"]
                .as_str()
                .unwrap_or_else(|| panic!("staff session: {staff}"))
                .to_string();
            let mut numbers = Vec::new();
            for _ in 0..8 {
                let (status, certificate) = call(
                    &base,
                    "issue_certificate",
                    &[("person", &person)],
                    Some(&staff),
                )
                .await;
                assert_eq!(status, 200, "{certificate}");
                numbers.push(certificate["number"].as_str().expect("number").to_string());
            }
            numbers
        }
    };
    let (a, b) = tokio::join!(issue_on(&servers[0]), issue_on(&servers[1]));
    let all: std::collections::BTreeSet<String> = a.iter().chain(&b).cloned().collect();
    assert_eq!(all.len(), 16, "{a:?} {b:?}");
}

/// The sync protocol's [`Server`], over HTTP, to one of two servers at random for each request.
struct EitherServer<'a> {
    rt: &'a tokio::runtime::Runtime,
    client: reqwest::Client,
    bases: [&'a str; 2],
    pool: &'a sqlx::AnyPool,
    tokens: HashMap<PersonId, String>,
    rng: Rng,
}

impl EitherServer<'_> {
    fn base(&mut self) -> &str {
        self.bases[(self.rng.next_u64() % 2) as usize]
    }
}

impl Server for EitherServer<'_> {
    fn push(&mut self, author: &PersonId, batch: &[Entry]) -> PushReply {
        let url = format!("{}/api/sync_push", self.base());
        let captured = batch.iter().map(|e| e.seq).max().unwrap_or(0);
        let request = self
            .client
            .post(url)
            .header(
                "Cookie",
                format!("lovebank_session={}", self.tokens[author]),
            )
            .json(&serde_json::json!({ "batch": batch, "captured": captured }));
        self.rt.block_on(async {
            let res = request.send().await.expect("push");
            assert_eq!(res.status().as_u16(), 200, "push refused");
            res.json().await.expect("push reply")
        })
    }

    fn pull(&mut self, author: &PersonId, cursor: u64, limit: usize) -> PullPage {
        let url = format!("{}/api/sync_pull", self.base());
        let request = self
            .client
            .post(url)
            .header(
                "Cookie",
                format!("lovebank_session={}", self.tokens[author]),
            )
            .form(&[
                ("expected", author.as_str().to_string()),
                ("cursor", cursor.to_string()),
                ("limit", limit.min(2000).to_string()),
            ]);
        self.rt.block_on(async {
            let res = request.send().await.expect("pull");
            assert_eq!(res.status().as_u16(), 200, "pull refused");
            res.json().await.expect("pull page")
        })
    }

    fn log(&mut self) -> Vec<Change> {
        let mut all = Vec::new();
        let people: Vec<PersonId> = self.tokens.keys().cloned().collect();
        for person in &people {
            let mut cursor = 0;
            loop {
                let page = self.pull(person, cursor, 2000);
                all.extend(page.changes);
                cursor = page.next;
                if !page.more {
                    break;
                }
            }
        }
        all.sort_by_key(|c| c.change);
        all
    }

    fn quarantined(&mut self) -> usize {
        self.rt
            .block_on(model_cast::quarantined(self.pool, self.tokens.keys()))
    }
}

/// A session for each person of a schedule's cast, as if they had signed in.
async fn sessions(pool: &sqlx::AnyPool, people: &[PersonId]) -> HashMap<PersonId, String> {
    let mut tokens = HashMap::new();
    use chrono::SecondsFormat::Micros;
    let now = chrono::Utc::now();
    for person in people {
        let token = format!(
            "{}{}",
            uuid::Uuid::now_v7().simple(),
            uuid::Uuid::now_v7().simple()
        );
        sqlx::query(
            "INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(server::accounts::token_hash(&token))
        .bind(person.as_str())
        .bind(now.to_rfc3339_opts(Micros, true))
        .bind((now + chrono::Duration::days(1)).to_rfc3339_opts(Micros, true))
        .execute(pool)
        .await
        .expect("session");
        tokens.insert(person.clone(), token);
    }
    tokens
}

#[test]
fn schedules_sent_to_either_server_at_random_lose_nothing_and_double_nothing() {
    const THREADS: usize = 4;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("dir");
    let (url, servers) = rt.block_on(two_servers(dir.path()));
    let store = rt
        .block_on(SqlStore::open(&url))
        .expect("the shared database");
    rt.block_on(model_cast::add_community(store.pool()));
    let seeds = model_cast::schedule_seeds("two servers", 120);
    let bases = [servers[0].base.as_str(), servers[1].base.as_str()];
    std::thread::scope(|scope| {
        for part in seeds.chunks(seeds.len().div_ceil(THREADS)) {
            let (rt, store) = (&rt, &store);
            scope.spawn(move || {
                for &seed in part {
                    let (cast, _) = rt.block_on(model_cast::cast(store.pool(), seed));
                    let tokens = rt.block_on(sessions(store.pool(), &cast.people));
                    let mut either = EitherServer {
                        rt,
                        client: reqwest::Client::new(),
                        bases,
                        pool: store.pool(),
                        tokens,
                        rng: Rng::new(seed ^ 0x5eed),
                    };
                    if let Err(e) = run(seed, &mut either, &cast) {
                        panic!("schedule failed — replay with LOVEBANK_SYNC_SEED={seed}: {e}");
                    }
                }
            });
        }
    });
}
