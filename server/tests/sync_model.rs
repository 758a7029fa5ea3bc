//! The sync protocol's random schedules (the same ones the model test runs on the in-memory
//! reference) driven through the real SQLite store, by the store trait, in process: a store that
//! breaks a rule of the protocol fails here. Each schedule has three new volunteers and three
//! new one-volunteer wishes of its own in one temporary database.
//!
//! `LOVEBANK_SYNC_STORE_SCHEDULES` sets how many run (default 1,000); the base seed is drawn each
//! run and printed (`LOVEBANK_SYNC_BASE_SEED` sets it); `LOVEBANK_SYNC_SEED` replays one.

mod common;

use std::collections::HashMap;

use app::api::ports::Store;
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::{Actor, Role};
use app::domain::sync::simulation::{run, Cast, Server};
use app::domain::sync::{Change, Entry, PullPage, PushReply};
use chrono::Utc;
use server::store::SqlStore;
use tokio::runtime::Runtime;

const COMMUNITY: &str = "community-model";

struct Real<'a> {
    rt: &'a Runtime,
    store: &'a SqlStore,
    actors: HashMap<PersonId, Actor>,
}

impl Server for Real<'_> {
    fn push(&mut self, author: &PersonId, batch: &[Entry]) -> PushReply {
        let actor = &self.actors[author];
        let audit = AuditEntry {
            at: Utc::now(),
            actor: Some(actor.person.clone()),
            role: Some(actor.role),
            community: actor.community.clone(),
            action: "sync_push".into(),
            subject: String::new(),
            detail: String::new(),
            device: "model".into(),
        };
        let captured = batch.iter().map(|e| e.seq).max().unwrap_or(0);
        self.rt
            .block_on(self.store.push(actor, batch, captured, audit))
            .expect("the store takes every push of the schedule")
    }

    fn pull(&mut self, author: &PersonId, cursor: u64, limit: usize) -> PullPage {
        self.rt
            .block_on(self.store.pull(author, cursor, limit as u32))
            .expect("pull")
    }

    fn log(&mut self) -> Vec<Change> {
        let mut all = Vec::new();
        let people: Vec<PersonId> = self.actors.keys().cloned().collect();
        for person in &people {
            let page = self.pull(person, 0, 100_000);
            all.extend(page.changes);
        }
        all.sort_by_key(|c| c.change);
        all
    }

    fn quarantined(&mut self) -> usize {
        let mut count = 0;
        for person in self.actors.keys() {
            let n: i64 = self
                .rt
                .block_on(
                    sqlx::query_scalar("SELECT COUNT(*) FROM sync_quarantine WHERE author_id = $1")
                        .bind(person.as_str())
                        .fetch_one(self.store.pool()),
                )
                .expect("count");
            count += n as usize;
        }
        count
    }
}

async fn fresh_store(dir: &std::path::Path) -> SqlStore {
    let store = SqlStore::open(&common::fresh_database_url(dir, "sync.db").await)
        .await
        .expect("store");
    let now = Utc::now().to_rfc3339();
    common::seed_categories(store.pool()).await;
    sqlx::query("INSERT INTO communities (id, name, created_at) VALUES ($1, '模型社区', $2)")
        .bind(COMMUNITY)
        .bind(&now)
        .execute(store.pool())
        .await
        .expect("community");
    store
}

/// Three volunteers and three approved one-volunteer wishes, new for schedule `seed`.
async fn cast(store: &SqlStore, seed: u64) -> (Cast, HashMap<PersonId, Actor>) {
    let now = Utc::now().to_rfc3339();
    let people: [PersonId; 3] = std::array::from_fn(|i| PersonId::new(format!("s{seed:x}-p{i}")));
    let mut actors = HashMap::new();
    for person in &people {
        sqlx::query(
            "INSERT INTO people (id, role, community_id, name, joined_on, created_at)
             VALUES ($1, 'volunteer', $2, '志愿者', '2026-01-01', $3)",
        )
        .bind(person.as_str())
        .bind(COMMUNITY)
        .bind(&now)
        .execute(store.pool())
        .await
        .expect("person");
        actors.insert(
            person.clone(),
            Actor {
                person: person.clone(),
                role: Role::Volunteer,
                community: Some(CommunityId::new(COMMUNITY)),
            },
        );
    }
    let wishes: [String; 3] = std::array::from_fn(|i| format!("s{seed:x}-w{i}"));
    for wish in &wishes {
        sqlx::query(
            "INSERT INTO wishes (id, community_id, poster_name, need, offer, category, capacity,
               created_at) VALUES ($1, $2, '王阿姨', '陪同就医', '', 'community_help', 1, $3)",
        )
        .bind(wish)
        .bind(COMMUNITY)
        .bind(&now)
        .execute(store.pool())
        .await
        .expect("wish");
        sqlx::query(
            "INSERT INTO wish_events (id, wish_id, kind, at) VALUES ($1, $2, 'approved', $3)",
        )
        .bind(format!("{wish}-approved"))
        .bind(wish)
        .bind(&now)
        .execute(store.pool())
        .await
        .expect("approval");
    }
    let cast = Cast {
        people,
        wishes,
        date: app::domain::clock::china_today(Utc::now()).to_string(),
        category: "community_help".into(),
    };
    (cast, actors)
}

fn env(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|s| s.parse().ok())
}

#[test]
fn the_sqlite_store_never_loses_or_doubles_an_entry() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("dir");
    let store = rt.block_on(fresh_store(dir.path()));
    let seeds: Vec<u64> = match env("LOVEBANK_SYNC_SEED") {
        Some(seed) => vec![seed],
        None => {
            let base = env("LOVEBANK_SYNC_BASE_SEED").unwrap_or_else(|| {
                Utc::now().timestamp_subsec_nanos() as u64 + Utc::now().timestamp() as u64
            });
            let count = env("LOVEBANK_SYNC_STORE_SCHEDULES").unwrap_or(1_000);
            // Straight to stderr, past the test harness's capture, so every run's log shows it.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "sync store model: base seed {base} (LOVEBANK_SYNC_BASE_SEED={base} runs these again)"
            );
            (base..base + count).collect()
        }
    };
    for seed in seeds {
        let (cast, actors) = rt.block_on(cast(&store, seed));
        let mut server = Real {
            rt: &rt,
            store: &store,
            actors,
        };
        if let Err(e) = run(seed, &mut server, &cast) {
            panic!("schedule failed — replay with LOVEBANK_SYNC_SEED={seed}: {e}");
        }
    }
}
