//! The wish wall through the real router: a wish posted from a phone waits for approval (only
//! its poster sees it), staff approve or decline it, a claimer reports it fulfilled with a
//! service record and staff confirm — and the counts on the wall follow every step.

use crate::common;

use common::{call, push_entry, session, spawn_app, TestApp};
use serde_json::{json, Value};

const LIU_FANG: &str = "13800010003"; // 福康社区
const ZHAO: &str = "13800010006"; // also 福康社区

async fn wall(app: &TestApp, token: &str) -> Value {
    let res = call(app, "community_wall", &[], Some(token)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body
}

fn card<'a>(wall: &'a Value, id: &str) -> Option<&'a Value> {
    wall["cards"]
        .as_array()
        .and_then(|cards| cards.iter().find(|c| c["id"] == id))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wish_from_a_phone_goes_through_approval_claim_and_fulfilment() {
    let app = spawn_app().await;
    let liu = session(&app, LIU_FANG).await;
    let zhao = session(&app, ZHAO).await;
    let staff = session(&app, "staff1").await;
    let before = wall(&app, &zhao).await["counts"].clone();

    // Posted from 刘芳's phone: she sees it awaiting approval, 赵 and the kiosk do not.
    let need = "<script>alert('x')</script>想请人教我用手机挂号";
    let wish = "wish-from-liu";
    let posted = push_entry(
        &app,
        &liu,
        wish,
        1,
        "wish",
        json!({"poster": "刘芳", "need": need, "offer": "请喝茶", "category": "health"}),
    )
    .await;
    assert_eq!(posted["outcome"], "accepted", "{posted}");
    let mine = wall(&app, &liu).await;
    let card_of_liu = card(&mine, wish).expect("the poster sees her wish");
    assert_eq!(card_of_liu["state"], "awaiting_approval");
    assert_eq!(card_of_liu["need"], need, "markup is kept as typed");
    assert!(card(&wall(&app, &zhao).await, wish).is_none());

    // Staff see it to review and approve it; now everyone in the community sees it, open.
    let review = call(&app, "wishes_to_review", &[], Some(&staff)).await.body;
    assert!(review.to_string().contains(wish), "{review}");
    let res = call(
        &app,
        "decide_wish",
        &[("wish", wish), ("decision", "approve"), ("reason", "")],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let again = call(
        &app,
        "decide_wish",
        &[("wish", wish), ("decision", "approve"), ("reason", "")],
        Some(&staff),
    )
    .await;
    assert!(
        again.body.to_string().contains("AlreadyDecided"),
        "{}",
        again.body
    );
    let seen = wall(&app, &zhao).await;
    assert_eq!(card(&seen, wish).expect("public")["state"], "open");
    assert_eq!(
        seen["counts"]["open"].as_u64(),
        before["open"].as_u64().map(|n| n + 1)
    );

    // 赵 claims it; 刘芳 (who did not claim) cannot report it fulfilled.
    let claimed = push_entry(&app, &zhao, "claim-zhao", 1, "claim", json!({"wish": wish})).await;
    assert_eq!(claimed["outcome"], "accepted", "{claimed}");
    let seen = wall(&app, &zhao).await;
    let c = card(&seen, wish).expect("claimed");
    assert_eq!(
        (c["state"].as_str(), c["claimed_by_me"].as_bool()),
        (Some("claimed"), Some(true))
    );
    assert_eq!(
        seen["counts"]["claimed_this_month"].as_u64(),
        before["claimed_this_month"].as_u64().map(|n| n + 1)
    );
    assert_eq!(seen["counts"]["open"], before["open"]);

    // 赵 logs the service for the wish and reports it done; staff confirm.
    let date = app::domain::clock::china_today(chrono::Utc::now()).to_string();
    let record = json!({"date": date, "start": "14:00", "end": "15:00", "place": "刘芳家",
        "content": "教用手机挂号", "category": "health", "beneficiary_kind": "wish",
        "beneficiary": wish});
    let line = push_entry(&app, &zhao, "line-zhao", 2, "service", record).await;
    assert_eq!(line["outcome"], "accepted", "{line}");
    let stranger = push_entry(
        &app,
        &liu,
        "report-liu",
        2,
        "fulfil",
        json!({"wish": wish, "record": "line-zhao"}),
    )
    .await;
    assert!(stranger.to_string().contains("UnknownLine"), "{stranger}");
    let report = push_entry(
        &app,
        &zhao,
        "report-zhao",
        3,
        "fulfil",
        json!({"wish": wish, "record": "line-zhao"}),
    )
    .await;
    assert_eq!(report["outcome"], "accepted", "{report}");
    assert_eq!(
        card(&wall(&app, &zhao).await, wish).expect("card")["reported"],
        true
    );
    let review = call(&app, "wishes_to_review", &[], Some(&staff)).await.body;
    let item = review
        .as_array()
        .and_then(|w| w.iter().find(|i| i["card"]["id"] == wish))
        .expect("to confirm");
    let zhao_name = call(&app, "who_am_i", &[], Some(&zhao)).await.body["name"].clone();
    assert_eq!(item["reported_by"], json!([zhao_name]), "{item}");
    let other_staff = session(&app, "staff2").await;
    let res = call(
        &app,
        "decide_wish",
        &[("wish", wish), ("decision", "confirm"), ("reason", "")],
        Some(&other_staff),
    )
    .await;
    assert_eq!(
        res.body, "NotFound",
        "another community's staff cannot confirm"
    );
    let res = call(
        &app,
        "decide_wish",
        &[("wish", wish), ("decision", "confirm"), ("reason", "")],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let seen = wall(&app, &zhao).await;
    assert_eq!(card(&seen, wish).expect("card")["state"], "fulfilled");
    assert_eq!(
        seen["counts"]["fulfilled_this_year"].as_u64(),
        before["fulfilled_this_year"].as_u64().map(|n| n + 1)
    );
    // A claim on a fulfilled wish is refused with its reason.
    let late = push_entry(&app, &liu, "claim-liu", 3, "claim", json!({"wish": wish})).await;
    assert!(late.to_string().contains("Closed"), "{late}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declined_wishes_tell_the_poster_why_and_bad_wishes_are_quarantined() {
    let app = spawn_app().await;
    let liu = session(&app, LIU_FANG).await;
    let staff = session(&app, "staff1").await;
    let posted = push_entry(
        &app,
        &liu,
        "wish-declined",
        1,
        "wish",
        json!({"poster": "刘芳", "need": "帮我买彩票", "category": "community_help"}),
    )
    .await;
    assert_eq!(posted["outcome"], "accepted");
    let no_reason = call(
        &app,
        "decide_wish",
        &[
            ("wish", "wish-declined"),
            ("decision", "decline"),
            ("reason", " "),
        ],
        Some(&staff),
    )
    .await;
    assert!(
        no_reason.body.to_string().contains("Reason"),
        "{}",
        no_reason.body
    );
    let res = call(
        &app,
        "decide_wish",
        &[
            ("wish", "wish-declined"),
            ("decision", "decline"),
            ("reason", "不属于志愿服务范围"),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mine = wall(&app, &liu).await;
    let c = card(&mine, "wish-declined").expect("the poster still sees it");
    assert_eq!(c["state"], "withdrawn");
    assert_eq!(c["decline_reason"], "不属于志愿服务范围");

    // Missing need and an unknown category: quarantined with every reason, nothing stored.
    let bad = push_entry(
        &app,
        &liu,
        "wish-bad",
        2,
        "wish",
        json!({"poster": "刘芳", "need": "", "category": "cooking", "capacity": "0"}),
    )
    .await;
    assert_eq!(bad["outcome"], "quarantined", "{bad}");
    for field in ["Need", "Category", "Capacity"] {
        assert!(
            bad.to_string().contains(field),
            "{field} missing from {bad}"
        );
    }
    // A volunteer cannot post for a household (staff do, from the office).
    let household = push_entry(
        &app,
        &liu,
        "wish-household",
        3,
        "wish",
        json!({"poster": "刘芳", "need": "送米", "category": "community_help", "household": "h-1"}),
    )
    .await;
    assert!(household.to_string().contains("Forbidden"), "{household}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_post_for_their_households_and_the_menu_lists_what_volunteers_offer() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let households = call(&app, "household_choices", &[], Some(&staff))
        .await
        .body;
    let (household, head) = (
        households[0][0].as_str().expect("id").to_string(),
        households[0][1].as_str().expect("head").to_string(),
    );
    let res = call(
        &app,
        "post_wish",
        &[
            ("input[poster]", "福康社区居委会"),
            ("input[need]", "冬季需要一床厚被子"),
            ("input[category]", "community_help"),
            ("input[capacity]", "2"),
            ("input[household]", &household),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let id = res.body.as_str().expect("id").to_string();
    let liu = session(&app, LIU_FANG).await;
    let seen = wall(&app, &liu).await;
    let c = card(&seen, &id).expect("approved at once");
    assert_eq!(
        (c["state"].as_str(), c["capacity"].as_u64()),
        (Some("open"), Some(2))
    );
    assert!(
        !c.to_string().contains(&household) && !c.to_string().contains(&head),
        "the household stays private: {c}"
    );

    // Another community's household is not theirs to post for.
    let other = session(&app, "staff2").await;
    let theirs = call(&app, "household_choices", &[], Some(&other))
        .await
        .body;
    let res = call(
        &app,
        "post_wish",
        &[
            ("input[poster]", "安宁社区居委会"),
            ("input[need]", "送米"),
            ("input[category]", "community_help"),
            ("input[household]", &household),
        ],
        Some(&other),
    )
    .await;
    assert_eq!(res.body, "NotFound", "{theirs}");

    let menu = call(&app, "service_menu", &[], Some(&liu)).await.body;
    let menu = menu.as_array().expect("menu");
    assert!(!menu.is_empty());
    let total: u64 = menu
        .iter()
        .map(|m| m["volunteers"].as_u64().unwrap_or(0))
        .sum();
    assert!(
        total >= 4,
        "福康社区's volunteers offer something: {menu:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kiosk_staff_mode_posts_only_with_a_password_of_the_kiosks_community() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let kiosk = call(&app, "register_kiosk", &[("name", "大厅")], Some(&staff))
        .await
        .body
        .as_str()
        .expect("token")
        .to_string();
    let post = |login: &'static str, password: &'static str, need: &'static str| {
        let app = &app;
        let kiosk = kiosk.clone();
        async move {
            call(
                app,
                "kiosk_post_wish",
                &[
                    ("login", login),
                    ("password", password),
                    ("input[poster]", "张奶奶"),
                    ("input[need]", need),
                    ("input[category]", "health"),
                ],
                Some(&kiosk),
            )
            .await
        }
    };
    assert_eq!(
        post("staff1", "wrong-password", "量血压").await.body,
        "SignInFailed"
    );
    assert_eq!(
        post("staff2", server::demo::DEMO_PASSWORD, "量血压")
            .await
            .body,
        "Forbidden",
        "another community's staff"
    );
    assert_eq!(
        post("13800010003", server::demo::DEMO_PASSWORD, "量血压")
            .await
            .body,
        "Forbidden",
        "a volunteer"
    );
    let res = post("staff1", server::demo::DEMO_PASSWORD, "每周上门量一次血压").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let id = res.body.as_str().expect("id").to_string();
    let seen = wall(&app, &kiosk).await;
    assert_eq!(card(&seen, &id).expect("on the wall")["state"], "open");
    // The sign-in behind it was closed again: nothing but the kiosk's own token stays valid.
    let audit = call(&app, "audit_trail", &[], Some(&staff))
        .await
        .body
        .to_string();
    assert!(audit.contains("sign_out"), "{audit}");
}
