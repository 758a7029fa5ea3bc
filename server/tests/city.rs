//! A city in one install: a second sub-district with its own database and host name, served by
//! the same server. Each sub-district's people only ever reach their own data; the install's own
//! administrator, on the install's own address, reads every sub-district's statistics and all of
//! them added up, which equal the sum of each sub-district's own page. On SQLite (a file per
//! sub-district) and, with `LOVEBANK_TEST_POSTGRES`, on PostgreSQL (a schema per sub-district).

use crate::common;

use common::city::{add_community_at, call_at, city, communities_at, session_at, City, DONGHU};
use serde_json::Value;
use server::store::SqlStore;

fn hours(statistics: &Value) -> i64 {
    statistics["by_category"]
        .as_array()
        .expect("shares")
        .iter()
        .map(|s| s["minutes"].as_i64().unwrap_or(0))
        .sum()
}

#[tokio::test]
async fn each_sub_district_reaches_only_its_own_and_the_district_sees_the_sum() {
    let City { app, home_url } = city().await;
    let local = "127.0.0.1";

    // 东湖's admin works in 东湖: a community added there is not in the home sub-district.
    add_community_at(&app, DONGHU, "东湖新村社区").await;
    let donghu_admin = session_at(&app, DONGHU, "admin").await;
    let home_admin = session_at(&app, local, "admin").await;
    let home_communities = communities_at(&app, local).await;
    let donghu_communities = communities_at(&app, DONGHU).await;
    assert!(donghu_communities.contains(&"东湖新村社区".to_string()));
    assert!(!home_communities.contains(&"东湖新村社区".to_string()));

    // A session is its sub-district's: the home admin's is unknown at 东湖, and the reverse.
    let crossed = call_at(&app, DONGHU, "manage_communities", &[], Some(&home_admin)).await;
    assert_eq!(
        crossed.status, 401,
        "a home session at 东湖: {:?}",
        crossed.body
    );
    let crossed = call_at(&app, local, "manage_communities", &[], Some(&donghu_admin)).await;
    assert_eq!(
        crossed.status, 401,
        "a 东湖 session at home: {:?}",
        crossed.body
    );

    // The district's choice is offered to the home admin only.
    let choices = call_at(&app, local, "sub_districts", &[], Some(&home_admin)).await;
    let codes: Vec<&str> = choices
        .body
        .as_array()
        .expect("choices")
        .iter()
        .map(|c| c["code"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(codes, ["home", "donghu"]);
    // A sub-district renamed in its own database is named so at once in the district's view.
    let donghu = SqlStore::open_sub_district(&home_url, "donghu")
        .await
        .expect("东湖");
    sqlx::query("UPDATE sub_district SET name = '东湖街道办'")
        .execute(donghu.pool())
        .await
        .expect("renamed");
    let renamed = call_at(&app, local, "sub_districts", &[], Some(&home_admin)).await;
    assert_eq!(renamed.body[1]["name"], "东湖街道办");
    sqlx::query("UPDATE sub_district SET name = '东湖街道'")
        .execute(donghu.pool())
        .await
        .expect("named back");
    donghu.close().await;
    let none = call_at(&app, DONGHU, "sub_districts", &[], Some(&donghu_admin)).await;
    assert_eq!(
        none.body,
        serde_json::json!([]),
        "东湖's admin is not the district's"
    );

    // Each sub-district's own page, as its admin sees it.
    let own = |host: &'static str, token: String| {
        let app = &app;
        async move {
            call_at(
                app,
                host,
                "statistics",
                &[("input[from]", "2017-01-01")],
                Some(&token),
            )
            .await
            .body["statistics"]
                .clone()
        }
    };
    let home_own = own(local, home_admin.clone()).await;
    let donghu_own = own(DONGHU, donghu_admin.clone()).await;
    assert!(
        hours(&home_own) > 0 && hours(&donghu_own) > 0,
        "the demo has hours"
    );

    // The district: all added up, and each one whole, equal to its own admin's page.
    let district = |which: &'static str| {
        let (app, token) = (&app, home_admin.clone());
        async move {
            call_at(
                app,
                local,
                "statistics",
                &[
                    ("input[from]", "2017-01-01"),
                    ("input[sub_district]", which),
                ],
                Some(&token),
            )
            .await
        }
    };
    let all = district("all").await;
    assert_eq!(all.status, 200, "{:?}", all.body);
    let all = &all.body["statistics"];
    for figure in [
        "volunteers_registered",
        "volunteers_active",
        "households_helped",
        "wishes_posted",
        "wishes_fulfilled",
        "pairings_one_on_one",
    ] {
        assert_eq!(
            all[figure].as_i64(),
            Some(
                home_own[figure].as_i64().expect("a count")
                    + donghu_own[figure].as_i64().expect("a count")
            ),
            "{figure}"
        );
    }
    assert_eq!(hours(all), hours(&home_own) + hours(&donghu_own));
    let by_sub_district = all["by_sub_district"].as_array().expect("by sub-district");
    assert_eq!(by_sub_district.len(), 2);
    assert_eq!(by_sub_district[1]["label"], "东湖街道");
    assert_eq!(
        by_sub_district[1]["minutes"].as_i64(),
        Some(hours(&donghu_own))
    );
    let one = district("donghu").await.body["statistics"].clone();
    assert_eq!(hours(&one), hours(&donghu_own));
    assert_eq!(one["households_helped"], donghu_own["households_helped"]);
    assert_eq!(
        district("nowhere").await.status,
        404,
        "an unknown sub-district"
    );

    // Nobody else reads across sub-districts: 东湖's admin, on its address, or home staff.
    let asked = [("input[sub_district]", "all")];
    let refused = call_at(&app, DONGHU, "statistics", &asked, Some(&donghu_admin)).await;
    assert_eq!(refused.status, 403, "{:?}", refused.body);
    let staff = session_at(&app, local, "staff1").await;
    let refused = call_at(&app, local, "statistics", &asked, Some(&staff)).await;
    assert_eq!(refused.status, 403, "{:?}", refused.body);

    // The district's export has the sub-districts' table.
    let export = reqwest::Client::builder()
        .build()
        .expect("client")
        .get(app.url("/export/statistics.csv?from=2017-01-01&sub_district=all"))
        .header("Cookie", format!("lovebank_session={home_admin}"))
        .send()
        .await
        .expect("export");
    assert_eq!(export.status(), 200);
    let csv = export.text().await.expect("csv");
    assert!(
        csv.contains("按街道（小时）") && csv.contains("东湖街道"),
        "{csv}"
    );
    assert!(csv.contains("全部街道"), "the scope is named: {csv}");
}

#[tokio::test]
async fn a_sub_district_is_added_once_with_its_own_administrator() {
    let City { app, home_url } = city().await;
    let request = server::init::InitRequest {
        sub_district: "西湖街道",
        admin_name: "西湖管理员",
        admin_login: "xihu-admin",
        admin_password: "a-long-enough-password-1",
    };
    server::init::add_sub_district(&app.store, &home_url, "xihu", "xihu.localhost", &request)
        .await
        .expect("added");
    // Taken codes and hosts, and malformed ones, are refused before anything is written.
    for (code, host) in [
        ("xihu", "other.localhost"),
        ("other", "xihu.localhost"),
        ("Bad Code", "bad.localhost"),
        ("good", "bad host"),
    ] {
        let refused =
            server::init::add_sub_district(&app.store, &home_url, code, host, &request).await;
        assert!(refused.is_err(), "{code} at {host}");
    }
    let listed = app.store.hosted_sub_districts().await.expect("listed");
    assert_eq!(
        listed.iter().map(|h| h.code.as_str()).collect::<Vec<_>>(),
        ["donghu", "xihu"]
    );
    // Its first administrator is in its own database, not in the home one.
    let xihu = SqlStore::open_sub_district(&home_url, "xihu")
        .await
        .expect("西湖");
    assert_eq!(xihu.sub_district_name().await.expect("name"), "西湖街道");
    let admins: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE username = 'xihu-admin'")
            .fetch_one(xihu.pool())
            .await
            .expect("count");
    assert_eq!(admins, 1);
    let at_home: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE username = 'xihu-admin'")
            .fetch_one(app.store.pool())
            .await
            .expect("count");
    assert_eq!(at_home, 0);
    xihu.close().await;

    // The running server serves 西湖 within seconds, as every app server of the install does:
    // its administrator signs in at 西湖's address, and the district's choice lists it.
    let sub_districts = app.state.sub_districts.clone().expect("a city");
    tokio::spawn(sub_districts.keep_looking());
    let waited = std::time::Instant::now();
    let signed_in = loop {
        let res = call_at(
            &app,
            "xihu.localhost",
            "sign_in",
            &[
                ("login", "xihu-admin"),
                ("password", "a-long-enough-password-1"),
            ],
            None,
        )
        .await;
        if res.status == 200 || waited.elapsed() > 2 * server::city::LOOK_FOR_NEW_EVERY {
            break res;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    };
    assert_eq!(signed_in.status, 200, "{:?}", signed_in.body);
    let home_admin = session_at(&app, "127.0.0.1", "admin").await;
    let choices = call_at(&app, "127.0.0.1", "sub_districts", &[], Some(&home_admin)).await;
    assert!(
        format!("{:?}", choices.body).contains("西湖街道"),
        "{:?}",
        choices.body
    );
}
