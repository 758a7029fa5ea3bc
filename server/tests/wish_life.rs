//! A wish's life after it is posted, through the real router: a claimer gives their place back
//! and the wall opens it again; the poster withdraws a wish nobody else may withdraw; staff take
//! an approved wish off the wall with a reason; a wish open longer than the community's waiting
//! period is marked on the wall and on the review page, and staff set that period.

use crate::common;

use common::{call, push_entry, session, spawn_app, TestApp};
use serde_json::{json, Value};

const LIU_FANG: &str = "13800010003"; // 福康社区
const ZHAO: &str = "13800010006"; // also 福康社区

async fn card(app: &TestApp, token: &str, id: &str) -> Option<Value> {
    let res = call(app, "community_wall", &[], Some(token)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body["cards"]
        .as_array()
        .and_then(|cards| cards.iter().find(|c| c["id"] == id).cloned())
}

/// A wish posted from 刘芳's phone and approved by staff.
async fn approved_wish(app: &TestApp, liu: &str, staff: &str, id: &str, seq: u64) {
    let posted = push_entry(
        app,
        liu,
        id,
        seq,
        "wish",
        json!({"poster": "刘芳", "need": "周六想请人陪我去医院复查", "category": "health"}),
    )
    .await;
    assert_eq!(posted["outcome"], "accepted", "{posted}");
    let res = call(
        app,
        "decide_wish",
        &[("wish", id), ("decision", "approve"), ("reason", "")],
        Some(staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
}

fn refused_with(receipt: &Value, error: &str) {
    assert_eq!(receipt["outcome"], "refused", "{receipt}");
    assert!(receipt.to_string().contains(error), "{receipt}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claimer_gives_the_place_back_and_the_wall_opens_it_again() {
    let app = spawn_app().await;
    let liu = session(&app, LIU_FANG).await;
    let zhao = session(&app, ZHAO).await;
    let staff = session(&app, "staff1").await;
    let wish = "wish-released";
    approved_wish(&app, &liu, &staff, wish, 1).await;

    let claimed = push_entry(&app, &zhao, "claim-1", 1, "claim", json!({"wish": wish})).await;
    assert_eq!(claimed["outcome"], "accepted", "{claimed}");
    let c = card(&app, &zhao, wish).await.expect("on the wall");
    assert_eq!(
        (c["state"].as_str(), c["claims"].as_u64()),
        (Some("claimed"), Some(1))
    );

    // Someone who holds no place cannot give one back.
    let stranger = push_entry(
        &app,
        &liu,
        "release-liu",
        2,
        "release",
        json!({"wish": wish}),
    )
    .await;
    refused_with(&stranger, "NotYourClaim");

    let released = push_entry(
        &app,
        &zhao,
        "release-1",
        2,
        "release",
        json!({"wish": wish}),
    )
    .await;
    assert_eq!(released["outcome"], "accepted", "{released}");
    let c = card(&app, &liu, wish).await.expect("still on the wall");
    assert_eq!(c["state"], "open", "the place is open again: {c}");
    assert_eq!(c["claims"], 0);
    assert_eq!(c["reopened"], true, "the wall says so");
    assert_eq!(
        card(&app, &zhao, wish).await.expect("card")["claimed_by_me"],
        false
    );
    let review = call(&app, "wishes_to_review", &[], Some(&staff)).await.body;
    assert!(
        !review.to_string().contains(wish),
        "nobody holds it, nothing for staff to confirm: {review}"
    );
    let twice = push_entry(
        &app,
        &zhao,
        "release-2",
        3,
        "release",
        json!({"wish": wish}),
    )
    .await;
    refused_with(&twice, "NotYourClaim");

    // The same volunteer may take it again, and then staff confirm it with them as claimer.
    let again = push_entry(&app, &zhao, "claim-2", 4, "claim", json!({"wish": wish})).await;
    assert_eq!(again["outcome"], "accepted", "{again}");
    let c = card(&app, &zhao, wish).await.expect("card");
    assert_eq!(
        (c["state"].as_str(), c["claimed_by_me"].as_bool()),
        (Some("claimed"), Some(true))
    );
    assert_eq!(c["reopened"], false, "taken again");
    let review = call(&app, "wishes_to_review", &[], Some(&staff)).await.body;
    let item = review
        .as_array()
        .and_then(|w| w.iter().find(|i| i["card"]["id"] == wish))
        .expect("to confirm");
    assert_eq!(item["claimers"].as_array().map(Vec::len), Some(1), "{item}");
    let res = call(
        &app,
        "decide_wish",
        &[("wish", wish), ("decision", "confirm"), ("reason", "")],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let late = push_entry(
        &app,
        &zhao,
        "release-3",
        5,
        "release",
        json!({"wish": wish}),
    )
    .await;
    refused_with(&late, "Closed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_poster_withdraws_her_wish_and_nobody_else_can() {
    let app = spawn_app().await;
    let liu = session(&app, LIU_FANG).await;
    let zhao = session(&app, ZHAO).await;
    let staff = session(&app, "staff1").await;
    let wish = "wish-withdrawn";
    approved_wish(&app, &liu, &staff, wish, 1).await;
    let claimed = push_entry(&app, &zhao, "claim-1", 1, "claim", json!({"wish": wish})).await;
    assert_eq!(claimed["outcome"], "accepted", "{claimed}");

    let not_hers = push_entry(
        &app,
        &zhao,
        "withdraw-zhao",
        2,
        "withdraw",
        json!({"wish": wish}),
    )
    .await;
    refused_with(&not_hers, "NotPoster");
    assert_eq!(
        card(&app, &zhao, wish).await.expect("still there")["state"],
        "claimed"
    );

    let withdrawn = push_entry(
        &app,
        &liu,
        "withdraw-1",
        2,
        "withdraw",
        json!({"wish": wish}),
    )
    .await;
    assert_eq!(withdrawn["outcome"], "accepted", "{withdrawn}");
    assert!(card(&app, &zhao, wish).await.is_none(), "off the wall");
    let mine = card(&app, &liu, wish)
        .await
        .expect("the poster still sees hers");
    assert_eq!(mine["state"], "withdrawn");
    assert_eq!(mine["withdrawn_by_poster"], true);
    let twice = push_entry(
        &app,
        &liu,
        "withdraw-2",
        3,
        "withdraw",
        json!({"wish": wish}),
    )
    .await;
    refused_with(&twice, "Closed");
    let claim = push_entry(&app, &zhao, "claim-2", 3, "claim", json!({"wish": wish})).await;
    refused_with(&claim, "Closed");
    let review = call(&app, "wishes_to_review", &[], Some(&staff)).await.body;
    assert!(!review.to_string().contains(wish), "{review}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_take_an_approved_wish_off_the_wall_with_a_reason_the_poster_reads() {
    let app = spawn_app().await;
    let liu = session(&app, LIU_FANG).await;
    let zhao = session(&app, ZHAO).await;
    let staff = session(&app, "staff1").await;
    let wish = "wish-taken-down";
    let posted = push_entry(
        &app,
        &liu,
        wish,
        1,
        "wish",
        json!({"poster": "刘芳", "need": "想学做蛋糕", "category": "education"}),
    )
    .await;
    assert_eq!(posted["outcome"], "accepted", "{posted}");
    let decide = |decision: &'static str, reason: &'static str| {
        let (app, staff) = (&app, &staff);
        async move {
            call(
                app,
                "decide_wish",
                &[("wish", wish), ("decision", decision), ("reason", reason)],
                Some(staff),
            )
            .await
        }
    };
    let early = decide("withdraw", "不再需要").await;
    assert!(
        early.body.to_string().contains("NotApproved"),
        "{}",
        early.body
    );
    assert_eq!(decide("approve", "").await.status, 200);
    let no_reason = decide("withdraw", "").await;
    assert_eq!(
        no_reason.status, 422,
        "a reason is required: {}",
        no_reason.body
    );
    assert_eq!(
        card(&app, &zhao, wish).await.expect("still up")["state"],
        "open"
    );
    let res = decide("withdraw", "居民已搬走，不再需要").await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(card(&app, &zhao, wish).await.is_none());
    let hers = card(&app, &liu, wish).await.expect("the poster sees why");
    assert_eq!(hers["decline_reason"], "居民已搬走，不再需要");
    assert_eq!(hers["withdrawn_by_poster"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wish_open_longer_than_the_waiting_period_is_marked_and_staff_set_the_period() {
    let app = spawn_app().await;
    let liu = session(&app, LIU_FANG).await;
    let zhao = session(&app, ZHAO).await;
    let staff = session(&app, "staff1").await;
    let (old, new) = ("wish-waiting", "wish-fresh");
    for (seq, id) in [(1, old), (2, new)] {
        let posted = push_entry(
            &app,
            &liu,
            id,
            seq,
            "wish",
            json!({"poster": "刘芳", "need": "想找人一起下象棋", "category": "community_help"}),
        )
        .await;
        assert_eq!(posted["outcome"], "accepted", "{posted}");
    }
    // Approved 70 days ago (a fact written then), and one approved today.
    let seventy_days_ago = (chrono::Utc::now() - chrono::Duration::days(70)).to_rfc3339();
    sqlx::query("INSERT INTO wish_events (id, wish_id, kind, at) VALUES ('approved-long-ago', $1, 'approved', $2)")
        .bind(old)
        .bind(&seventy_days_ago)
        .execute(app.store.pool())
        .await
        .expect("an old approval");
    let res = call(
        &app,
        "decide_wish",
        &[("wish", new), ("decision", "approve"), ("reason", "")],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);

    let days = call(&app, "wish_waiting_days", &[], Some(&staff)).await;
    assert_eq!(days.body, 60, "the default: {}", days.body);
    assert_eq!(
        card(&app, &zhao, old).await.expect("card")["waiting_long"],
        true
    );
    assert_eq!(
        card(&app, &zhao, new).await.expect("card")["waiting_long"],
        false
    );
    let review = call(&app, "wishes_to_review", &[], Some(&staff)).await.body;
    let item = review
        .as_array()
        .and_then(|w| w.iter().find(|i| i["card"]["id"] == old))
        .expect("staff see the waiting wish to act on");
    assert_eq!(item["card"]["waiting_long"], true);
    assert!(
        !review.to_string().contains(new),
        "a fresh open wish is not staff's to act on"
    );

    // A longer period unmarks it; out of range is refused in words; a volunteer may not set it.
    let res = call(
        &app,
        "set_wish_waiting_days",
        &[("days", "90")],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        card(&app, &zhao, old).await.expect("card")["waiting_long"],
        false
    );
    for bad in ["5", "366", "abc"] {
        let res = call(
            &app,
            "set_wish_waiting_days",
            &[("days", bad)],
            Some(&staff),
        )
        .await;
        assert!(
            res.status == 422 || res.status == 400,
            "{bad}: {} {}",
            res.status,
            res.body
        );
    }
    assert_eq!(
        call(&app, "wish_waiting_days", &[], Some(&staff))
            .await
            .body,
        90
    );
    let res = call(
        &app,
        "set_wish_waiting_days",
        &[("days", "30")],
        Some(&zhao),
    )
    .await;
    assert_eq!(res.status, 403, "{}", res.body);

    // Back to 30 days: marked again until someone takes it.
    let res = call(
        &app,
        "set_wish_waiting_days",
        &[("days", "30")],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        card(&app, &zhao, old).await.expect("card")["waiting_long"],
        true
    );
    let claimed = push_entry(&app, &zhao, "claim-old", 1, "claim", json!({"wish": old})).await;
    assert_eq!(claimed["outcome"], "accepted", "{claimed}");
    assert_eq!(
        card(&app, &zhao, old).await.expect("card")["waiting_long"],
        false
    );
}
