//! `server copy`: a deployment moved to the other engine and back serves the same ledgers and
//! goes on; a target that holds a sub-district is refused; a copy that does not check out keeps
//! nothing. In the PostgreSQL pass the round trip is PostgreSQL → SQLite → PostgreSQL.

use crate::common;

use common::{call, log_service, passbook, session, spawn_app, spawn_app_over};
use server::store::{copy_database, SqlStore};

const VOLUNTEER: &str = "13800010003"; // 刘芳

async fn changes(app: &common::TestApp, token: &str, person: &str) -> Vec<u64> {
    let page = call(
        app,
        "sync_pull",
        &[("expected", person), ("cursor", "0"), ("limit", "2000")],
        Some(token),
    )
    .await
    .body;
    page["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["change"].as_u64().expect("change number"))
        .collect()
}

/// A service line captured on a phone and pushed (one of the change log's entries).
async fn sync_service(app: &common::TestApp, token: &str, seq: u64, start: &str) {
    let end = format!("{}:45", &start[..2]);
    let body = serde_json::json!({
        "date": common::today(), "start": start, "end": end, "place": "福康社区服务站",
        "content": "陪伴独居老人", "category": "community_help",
        "witness_name": "马桂兰", "witness_phone": "13900020000"
    });
    let receipt = common::push_entry(
        app,
        token,
        &uuid::Uuid::now_v7().to_string(),
        seq,
        "service",
        body,
    )
    .await;
    assert_eq!(receipt["outcome"], "accepted", "{receipt}");
}

async fn people(store: &SqlStore) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM people")
        .fetch_one(store.pool())
        .await
        .expect("count")
}

#[tokio::test]
async fn a_deployment_moved_to_the_other_engine_and_back_serves_the_same_ledgers_and_goes_on() {
    let source = spawn_app().await;
    let token = session(&source, VOLUNTEER).await;
    let me = call(&source, "who_am_i", &[], Some(&token)).await.body;
    let person = me["person"].as_str().expect("person").to_string();
    let logged = log_service(&source, &token, "07:00", "08:00").await;
    assert!(logged.get("id").is_some() || logged.is_string(), "{logged}");
    for seq in 1..=3 {
        sync_service(&source, &token, seq, &format!("1{seq}:00")).await;
    }
    let book = passbook(&source, &token).await;
    let pulled = changes(&source, &token, &person).await;

    let dir = tempfile::tempdir().expect("dir");
    let moved = SqlStore::open(&format!(
        "sqlite://{}",
        dir.path().join("moved.db").display()
    ))
    .await
    .expect("the new file");
    let report = copy_database(&source.store, &moved)
        .await
        .expect("the copy");
    assert!(
        report.people >= 5,
        "the demo volunteers' ledgers were compared: {report}"
    );
    let back = SqlStore::open(&common::fresh_database_url(dir.path(), "back.db").await)
        .await
        .expect("an empty database");
    let again = copy_database(&moved, &back).await.expect("the copy back");
    assert_eq!(
        again.tables, report.tables,
        "every table holds as many rows after the round trip"
    );

    let copy = spawn_app_over(tempfile::tempdir().expect("dir"), back).await;
    let token = session(&copy, VOLUNTEER).await;
    assert_eq!(
        passbook(&copy, &token).await,
        book,
        "the same passbook, signed in with the same password"
    );
    assert_eq!(pulled.len(), 3);
    assert_eq!(
        changes(&copy, &token, &person).await,
        pulled,
        "the same change numbers"
    );

    // The copy takes new work, numbered after everything it holds.
    sync_service(&copy, &token, 1, "18:00").await;
    let now = changes(&copy, &token, &person).await;
    assert_eq!(now.len(), pulled.len() + 1, "{now:?}");
    assert!(
        now.last() > pulled.last(),
        "the new change is numbered after the copied ones: {now:?}"
    );
}

#[tokio::test]
async fn a_target_that_holds_a_sub_district_is_refused_and_left_as_it_was() {
    let source = spawn_app().await;
    let target = spawn_app().await;
    let before = people(&target.store).await;
    let refused = copy_database(&source.store, &target.store).await;
    let said = refused.expect_err("refused").to_string();
    assert!(said.contains("empty database"), "{said}");
    assert_eq!(people(&target.store).await, before);
}

#[tokio::test]
async fn a_copy_with_a_reference_to_nothing_keeps_nothing() {
    // An old SQLite file whose foreign keys were once off: a decision about a line that is not
    // there.
    let dir = tempfile::tempdir().expect("dir");
    let source = SqlStore::open(&format!("sqlite://{}", dir.path().join("old.db").display()))
        .await
        .expect("source");
    server::demo::seed_if_empty(source.pool())
        .await
        .expect("demo data");
    let mut conn = source.pool().acquire().await.expect("connection");
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await
        .expect("pragma");
    let staff: String = sqlx::query_scalar("SELECT id FROM people WHERE username = 'staff1'")
        .fetch_one(&mut *conn)
        .await
        .expect("staff");
    sqlx::query(
        "INSERT INTO record_events (id, record_id, kind, person_id, at, reason, points)
         VALUES ('orphan', 'no-such-line', 'verified', $1, '2026-01-01T00:00:00.000000Z', '', 10)",
    )
    .bind(&staff)
    .execute(&mut *conn)
    .await
    .expect("the orphan");
    sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *conn)
        .await
        .expect("pragma");
    drop(conn);

    let target = SqlStore::open(&common::fresh_database_url(dir.path(), "new.db").await)
        .await
        .expect("target");
    let rules = points_rules(&target).await;
    let failed = copy_database(&source, &target).await;
    let said = failed
        .expect_err("a reference to nothing is not copied")
        .to_string();
    assert!(said.contains("nothing was kept"), "{said}");
    assert_eq!(people(&target).await, 0, "nothing was kept");
    assert_eq!(
        points_rules(&target).await,
        rules,
        "the migrations' own rows are as they were"
    );
}

async fn points_rules(store: &SqlStore) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM points_rules")
        .fetch_one(store.pool())
        .await
        .expect("count")
}
