//! The sync protocol's random schedules (the same ones the model test runs on the in-memory
//! reference) driven through the real store (SQLite, or PostgreSQL in its pass), by the store trait, in process: a store that
//! breaks a rule of the protocol fails here. Each schedule has three new volunteers and three
//! new one-volunteer wishes of its own in one temporary database.
//!
//! `LOVEBANK_SYNC_STORE_SCHEDULES` sets how many run (default 1,000); the base seed is drawn each
//! run and printed (`LOVEBANK_SYNC_BASE_SEED` sets it); `LOVEBANK_SYNC_SEED` replays one.

use crate::common;

use common::model_cast;

use std::collections::HashMap;

use app::api::ports::Store;
use app::domain::audit::AuditEntry;
use app::domain::ids::PersonId;
use app::domain::person::Actor;
use app::domain::sync::simulation::{run, Server};
use app::domain::sync::{Change, Entry, PullPage, PushReply};
use chrono::Utc;
use server::store::SqlStore;
use tokio::runtime::Runtime;

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
        self.rt.block_on(model_cast::quarantined(
            self.store.pool(),
            self.actors.keys(),
        ))
    }
}

async fn fresh_store(dir: &std::path::Path) -> SqlStore {
    let store = SqlStore::open(&common::fresh_database_url(dir, "sync.db").await)
        .await
        .expect("store");
    common::seed_categories(store.pool()).await;
    model_cast::add_community(store.pool()).await;
    store
}

#[test]
fn the_store_never_loses_or_doubles_an_entry() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("dir");
    let store = rt.block_on(fresh_store(dir.path()));
    let seeds = model_cast::schedule_seeds("sync store model", 1_000);
    for seed in seeds {
        let (cast, actors) = rt.block_on(model_cast::cast(store.pool(), seed));
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
