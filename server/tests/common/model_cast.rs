//! The world of the sync protocol's random schedules: one community, and for each schedule three
//! new volunteers and three approved one-volunteer wishes of its own.

use std::collections::HashMap;

use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::{Actor, Role};
use app::domain::sync::simulation::Cast;
use chrono::Utc;
use sqlx::AnyPool;

pub const COMMUNITY: &str = "community-model";

/// The schedules' community, into a store that has the service categories.
pub async fn add_community(pool: &AnyPool) {
    sqlx::query("INSERT INTO communities (id, name, created_at) VALUES ($1, '模型社区', $2)")
        .bind(COMMUNITY)
        .bind(Utc::now().to_rfc3339())
        .execute(pool)
        .await
        .expect("community");
}

/// Three volunteers and three approved one-volunteer wishes, new for schedule `seed`.
pub async fn cast(pool: &AnyPool, seed: u64) -> (Cast, HashMap<PersonId, Actor>) {
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
        .execute(pool)
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
        .execute(pool)
        .await
        .expect("wish");
        sqlx::query(
            "INSERT INTO wish_events (id, wish_id, kind, at) VALUES ($1, $2, 'approved', $3)",
        )
        .bind(format!("{wish}-approved"))
        .bind(wish)
        .bind(&now)
        .execute(pool)
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

/// How many entries of these people the store has quarantined.
pub async fn quarantined(pool: &AnyPool, people: impl Iterator<Item = &PersonId>) -> usize {
    let mut count = 0;
    for person in people {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sync_quarantine WHERE author_id = $1")
                .bind(person.as_str())
                .fetch_one(pool)
                .await
                .expect("count");
        count += n as usize;
    }
    count
}

/// The base seed of a run of schedules: `LOVEBANK_SYNC_BASE_SEED`, or drawn and printed.
pub fn schedule_seeds(what: &str, default_count: u64) -> Vec<u64> {
    let env = |name: &str| std::env::var(name).ok().and_then(|s| s.parse::<u64>().ok());
    if let Some(seed) = env("LOVEBANK_SYNC_SEED") {
        return vec![seed];
    }
    let base = env("LOVEBANK_SYNC_BASE_SEED").unwrap_or_else(|| {
        Utc::now().timestamp_subsec_nanos() as u64 + Utc::now().timestamp() as u64
    });
    let count = env("LOVEBANK_SYNC_STORE_SCHEDULES").unwrap_or(default_count);
    // Straight to stderr, past the test harness's capture, so every run's log shows it.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "{what}: base seed {base} (LOVEBANK_SYNC_BASE_SEED={base} runs these again)"
    );
    (base..base + count).collect()
}
