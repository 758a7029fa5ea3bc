//! A city's install moved and restored whole: `server copy` and `server backup` take every
//! sub-district the install lists, not only its own database, so the new install serves 东湖's
//! people and figures as the old one did. A copy that cannot be whole writes nothing. On SQLite,
//! and with `LOVEBANK_TEST_POSTGRES` from PostgreSQL into SQLite and back into PostgreSQL.

use crate::common;

use common::city::{
    add_community_at, call_at, city, communities_at, session_at, sub_district_with_demo, City,
    DONGHU,
};
use serde_json::Value;
use server::store::{copy_install, HostedSubDistrict, SqlStore};

const LOCAL: &str = "127.0.0.1";
const EAST_COMMUNITY: &str = "东湖新村社区";

/// 东湖's own community, which the home sub-district does not have.
async fn add_east_community(city: &City) {
    add_community_at(&city.app, DONGHU, EAST_COMMUNITY).await;
}

/// 西湖 listed by the home database, its own database never made (an interrupted setup, or a
/// file lost).
async fn list_xihu_without_its_database(home_url: &str) {
    let home = SqlStore::open(home_url).await.expect("home");
    home.host_sub_district(&HostedSubDistrict {
        code: "xihu".into(),
        host: "xihu.localhost".into(),
        name: "西湖街道".into(),
    })
    .await
    .expect("listed");
    home.close().await;
}

/// The district's page: every sub-district added up, as the home admin reads it.
async fn district_statistics(app: &common::TestApp) -> Value {
    let admin = session_at(app, LOCAL, "admin").await;
    let asked = [
        ("input[from]", "2017-01-01"),
        ("input[sub_district]", "all"),
    ];
    let res = call_at(app, LOCAL, "statistics", &asked, Some(&admin)).await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    res.body["statistics"].clone()
}

async fn serve(data: tempfile::TempDir, url: &str) -> common::TestApp {
    let store = SqlStore::open(url).await.expect("the moved install");
    common::spawn_app_with(data, store, Some(url)).await
}

async fn people(url: &str) -> i64 {
    let store = SqlStore::open(url).await.expect("open");
    let n = sqlx::query_scalar("SELECT COUNT(*) FROM people")
        .fetch_one(store.pool())
        .await
        .expect("count");
    store.close().await;
    n
}

#[tokio::test]
async fn a_city_moved_to_a_new_database_serves_every_sub_district_as_before() {
    let city = city().await;
    add_east_community(&city).await;
    let before = district_statistics(&city.app).await;

    let data = tempfile::tempdir().expect("dir");
    let moved = format!("sqlite://{}", data.path().join("moved.db").display());
    let report = copy_install(&city.home_url, &moved)
        .await
        .expect("the copy");
    let codes: Vec<&str> = report
        .sub_districts
        .iter()
        .map(|(hosted, _)| hosted.code.as_str())
        .collect();
    assert_eq!(codes, ["donghu"], "{report}");
    let last = match std::env::var("LOVEBANK_TEST_POSTGRES") {
        // …and on into PostgreSQL again, the way a district outgrows one machine.
        Ok(server) if !server.is_empty() => {
            let back = common::fresh_postgres_database(&server).await;
            copy_install(&moved, &back).await.expect("the copy back");
            back
        }
        _ => moved,
    };

    let app = serve(data, &last).await;
    assert!(communities_at(&app, DONGHU)
        .await
        .contains(&EAST_COMMUNITY.to_string()));
    assert!(!communities_at(&app, LOCAL)
        .await
        .contains(&EAST_COMMUNITY.to_string()));
    assert_eq!(
        district_statistics(&app).await,
        before,
        "the district's figures are the same after the move"
    );
}

#[tokio::test]
async fn a_copy_that_cannot_be_whole_writes_nothing() {
    let city = city().await;
    // A target whose 东湖 holds a sub-district already.
    let data = tempfile::tempdir().expect("dir");
    let taken = format!("sqlite://{}", data.path().join("taken.db").display());
    sub_district_with_demo(&taken, "donghu").await.close().await;
    let refused = copy_install(&city.home_url, &taken).await;
    assert!(refused.is_err(), "copied over 东湖's data");
    assert_eq!(
        people(&taken).await,
        0,
        "nothing written to the home target"
    );

    // A sub-district listed whose database was never made.
    list_xihu_without_its_database(&city.home_url).await;
    let fresh = format!("sqlite://{}", data.path().join("fresh.db").display());
    let refused = copy_install(&city.home_url, &fresh)
        .await
        .expect_err("xihu has no database");
    assert!(format!("{refused:#}").contains("xihu"), "{refused:#}");
    assert_eq!(people(&fresh).await, 0, "nothing written");
    assert!(
        !data.path().join("fresh.donghu.db").exists(),
        "no database made for 东湖 either"
    );
}

#[tokio::test]
async fn a_citys_backup_holds_every_sub_district_and_restores_whole() {
    if common::on_postgres() {
        return; // `server backup` is SQLite's; PostgreSQL is backed up with pg_dump
    }
    let city = city().await;
    add_east_community(&city).await;
    let backups = tempfile::tempdir().expect("dir");
    let copy = backups.path().join("nightly.db");
    let written = SqlStore::backup(&city.home_url, &copy)
        .await
        .expect("backup");
    let east_copy = backups.path().join("nightly.donghu.db");
    assert_eq!(written, [copy.clone(), east_copy.clone()]);
    assert!(
        SqlStore::backup(&city.home_url, &copy).await.is_err(),
        "never overwrites"
    );

    let restored = tempfile::tempdir().expect("dir");
    std::fs::copy(&copy, restored.path().join("lovebank.db")).expect("restore");
    std::fs::copy(&east_copy, restored.path().join("lovebank.donghu.db")).expect("restore");
    let url = format!("sqlite://{}", restored.path().join("lovebank.db").display());
    let app = serve(restored, &url).await;
    assert!(communities_at(&app, DONGHU)
        .await
        .contains(&EAST_COMMUNITY.to_string()));

    // A listed sub-district whose file is gone: refused before anything is written.
    list_xihu_without_its_database(&city.home_url).await;
    let again = backups.path().join("again.db");
    assert!(SqlStore::backup(&city.home_url, &again).await.is_err());
    assert!(!again.exists(), "nothing written");
}

#[tokio::test]
async fn a_sub_district_whose_database_is_missing_is_unavailable_until_it_is_back() {
    // A restore that left out 西湖's file: its address answers 503, never the home
    // sub-district's pages, and no empty database is made in its place.
    let city = city().await;
    list_xihu_without_its_database(&city.home_url).await;
    let sub_districts = city.app.state.sub_districts.clone().expect("a city");
    assert_eq!(sub_districts.look_for_new().await.expect("looked"), 0);
    let asked = call_at(&city.app, "xihu.localhost", "who_am_i", &[], None).await;
    assert_eq!(asked.status, 503, "{:?}", asked.body);
    assert!(!city
        .app
        .store
        .sub_district_exists(&city.home_url, "xihu")
        .await
        .expect("looked"));
    // The others go on as before.
    session_at(&city.app, DONGHU, "admin").await;
    session_at(&city.app, LOCAL, "admin").await;

    // Its database back in place: served at the next look, without a restart.
    sub_district_with_demo(&city.home_url, "xihu")
        .await
        .close()
        .await;
    assert_eq!(sub_districts.look_for_new().await.expect("looked"), 1);
    session_at(&city.app, "xihu.localhost", "admin").await;
}
