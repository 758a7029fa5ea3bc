//! Points administration and certificates against the real server: the catalogue, redemptions
//! approved or refused once by the volunteer's community, certificates numbered per year and
//! kept as issued.

use crate::common;

use common::{call, passbook, session, spawn_app};
use serde_json::Value;

const LIU_FANG: &str = "13800010003"; // 福康社区

async fn waiting(app: &common::TestApp, staff: &str, item: &str) -> Value {
    let list = call(app, "redemptions_to_decide", &[], Some(staff))
        .await
        .body;
    list.as_array()
        .and_then(|all| all.iter().find(|r| r["item"] == item).cloned())
        .expect("listed")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_approve_or_refuse_a_redemption_once_and_a_refusal_gives_the_points_back() {
    let app = spawn_app().await;
    let (staff, other, admin) = (
        session(&app, "staff1").await,
        session(&app, "staff2").await,
        session(&app, "admin").await,
    );
    let liu = session(&app, LIU_FANG).await;

    // The admin keeps the catalogue; the volunteer sees it.
    let bad = call(
        &app,
        "add_catalogue_item",
        &[("input[name]", ""), ("input[points]", "0")],
        Some(&admin),
    )
    .await;
    assert_eq!(bad.status, 422);
    let item = call(
        &app,
        "add_catalogue_item",
        &[("input[name]", "爱心理发券"), ("input[points]", "0.5")],
        Some(&admin),
    )
    .await;
    let item = item.body.as_str().expect("id").to_string();
    let seen = call(&app, "catalogue", &[], Some(&liu)).await.body;
    assert!(seen
        .as_array()
        .expect("items")
        .iter()
        .any(|i| i["name"] == "爱心理发券" && i["points"] == 50));
    assert_eq!(
        call(
            &app,
            "retire_catalogue_item",
            &[("id", &item)],
            Some(&admin)
        )
        .await
        .status,
        200
    );
    let seen = call(&app, "catalogue", &[], Some(&liu)).await.body;
    assert!(
        !seen.to_string().contains("爱心理发券"),
        "a retired item is no longer offered"
    );
    assert_eq!(
        call(
            &app,
            "retire_catalogue_item",
            &[("id", &item)],
            Some(&admin)
        )
        .await
        .body,
        "NotFound"
    );

    let before = passbook(&app, &liu).await;
    let balance = |book: &Value| {
        book["earned"].as_i64().unwrap_or_default() - book["spent"].as_i64().unwrap_or_default()
    };
    for (what, points) in [("毛巾", "0.3"), ("牙膏", "0.2")] {
        let res = call(
            &app,
            "request_redemption",
            &[("points", points), ("item", what)],
            Some(&liu),
        )
        .await;
        assert_eq!(res.status, 200, "{:?}", res.body);
    }
    assert_eq!(
        balance(&passbook(&app, &liu).await),
        balance(&before) - 50,
        "both reserved"
    );

    let towel = waiting(&app, &staff, "毛巾").await;
    assert_eq!(towel["state"]["state"], "requested");
    let id = towel["id"].as_str().expect("id").to_string();
    let foreign = call(
        &app,
        "decide_redemption",
        &[("id", &id), ("decision", "approve"), ("reason", "")],
        Some(&other),
    )
    .await;
    assert_eq!(foreign.body, "NotFound", "another community's request");
    let ok = call(
        &app,
        "decide_redemption",
        &[("id", &id), ("decision", "approve"), ("reason", "")],
        Some(&staff),
    )
    .await;
    assert_eq!(ok.status, 200);
    let twice = call(
        &app,
        "decide_redemption",
        &[("id", &id), ("decision", "refuse"), ("reason", "重复")],
        Some(&staff),
    )
    .await;
    assert_eq!(twice.status, 409);
    assert_eq!(twice.body["Ledger"], "AlreadyDecided");

    let paste = waiting(&app, &staff, "牙膏").await;
    let paste = paste["id"].as_str().expect("id").to_string();
    let no_reason = call(
        &app,
        "decide_redemption",
        &[("id", &paste), ("decision", "refuse"), ("reason", " ")],
        Some(&staff),
    )
    .await;
    assert_eq!(
        no_reason.status, 422,
        "a refusal needs the reason the volunteer reads"
    );
    let refused = call(
        &app,
        "decide_redemption",
        &[
            ("id", &paste),
            ("decision", "refuse"),
            ("reason", "本月已兑完"),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(refused.status, 200);
    let after = passbook(&app, &liu).await;
    assert_eq!(
        balance(&after),
        balance(&before) - 30,
        "the refused one costs nothing"
    );
    let mine = after["redemptions"].to_string();
    assert!(
        mine.contains("本月已兑完"),
        "the volunteer reads the reason: {mine}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_catalogue_pick_costs_the_catalogue_price_whatever_the_phone_sends() {
    let app = spawn_app().await;
    let (staff, admin) = (session(&app, "staff1").await, session(&app, "admin").await);
    let liu = session(&app, LIU_FANG).await;
    let item = call(
        &app,
        "add_catalogue_item",
        &[("input[name]", "公交卡充值10元"), ("input[points]", "0.4")],
        Some(&admin),
    )
    .await
    .body
    .as_str()
    .expect("id")
    .to_string();
    let spendable = |book: &Value| {
        book["earned"].as_i64().unwrap_or_default() - book["spent"].as_i64().unwrap_or_default()
    };
    let before = spendable(&passbook(&app, &liu).await);

    // A tampered request: the catalogue's id with a price of one hundredth of a point.
    let res = call(
        &app,
        "request_redemption",
        &[
            ("points", "0.01"),
            ("item", "别的东西"),
            ("catalogue_item", &item),
        ],
        Some(&liu),
    )
    .await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    let asked = waiting(&app, &staff, "公交卡充值10元").await;
    assert_eq!(asked["points"], 40, "the catalogue's price: {asked}");
    assert_eq!(spendable(&passbook(&app, &liu).await), before - 40);

    // Retired since the page loaded, or an id that never was: refused, nothing reserved.
    call(
        &app,
        "retire_catalogue_item",
        &[("id", &item)],
        Some(&admin),
    )
    .await;
    for id in [item.as_str(), "no-such-item"] {
        let res = call(
            &app,
            "request_redemption",
            &[
                ("points", "0.4"),
                ("item", "公交卡充值10元"),
                ("catalogue_item", id),
            ],
            Some(&liu),
        )
        .await;
        assert_eq!(res.status, 422, "{id}: {:?}", res.body);
        assert!(res.body.to_string().contains("Item"), "{:?}", res.body);
    }
    assert_eq!(spendable(&passbook(&app, &liu).await), before - 40);

    // Without a pick the request is free text, as before: the staff member decides.
    let res = call(
        &app,
        "request_redemption",
        &[("points", "0.1"), ("item", "理发"), ("catalogue_item", "")],
        Some(&liu),
    )
    .await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    assert_eq!(waiting(&app, &staff, "理发").await["points"], 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificates_are_numbered_in_order_state_the_verified_time_and_read_the_same_later() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let liu = session(&app, LIU_FANG).await;
    let person = call(&app, "who_am_i", &[], Some(&liu)).await.body["person"].clone();
    let person = person.as_str().expect("person").to_string();
    let book = passbook(&app, &liu).await;

    let first = call(
        &app,
        "issue_certificate",
        &[("person", &person)],
        Some(&staff),
    )
    .await;
    assert_eq!(first.status, 200, "{:?}", first.body);
    let c = &first.body;
    let year = app::domain::clock::china_today(chrono::Utc::now())
        .format("%Y")
        .to_string();
    assert_eq!(c["number"], format!("爱心银行证字〔{year}〕第0001号"));
    assert_eq!(c["name"], "刘芳");
    assert_eq!(c["community"], "福康社区");
    assert_eq!(
        c["minutes"], book["verified"],
        "the certificate states the passbook's verified time"
    );
    let listed: i64 = c["services"]
        .as_array()
        .expect("services")
        .iter()
        .map(|s| s["minutes"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(
        listed,
        c["minutes"].as_i64().unwrap_or(-1),
        "the total is the sum of the lines listed"
    );
    assert_eq!(c["issued_by"], "福康社区工作人员");

    let second = call(
        &app,
        "issue_certificate",
        &[("person", &person)],
        Some(&staff),
    )
    .await;
    assert_eq!(
        second.body["number"],
        format!("爱心银行证字〔{year}〕第0002号")
    );

    // A reprint reads exactly as issued, even after more service is verified.
    let line = common::log_service(&app, &liu, "18:00", "19:00").await;
    let line = line.as_str().expect("line").to_string();
    assert_eq!(
        call(&app, "verify_record", &[("id", &line)], Some(&staff))
            .await
            .status,
        200
    );
    let id = c["id"].as_str().expect("id").to_string();
    let again = call(&app, "issued_certificate", &[("id", &id)], Some(&staff)).await;
    assert_eq!(&again.body, c);

    let other = session(&app, "staff2").await;
    assert_eq!(
        call(&app, "issued_certificate", &[("id", &id)], Some(&other))
            .await
            .body,
        "NotFound"
    );
    assert_eq!(
        call(
            &app,
            "issue_certificate",
            &[("person", &person)],
            Some(&other)
        )
        .await
        .body,
        "NotFound"
    );
    assert_eq!(
        call(
            &app,
            "issue_certificate",
            &[("person", "nobody")],
            Some(&staff)
        )
        .await
        .body,
        "NotFound"
    );
}
