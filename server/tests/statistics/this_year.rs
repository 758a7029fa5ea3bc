//! This year's figures: they follow the wishes as they are posted, claimed and fulfilled, equal
//! the volunteers' hours, and count a household helped two ways once.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn this_years_figures_follow_the_wishes_and_equal_the_volunteers_hours() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let before = stats(&app, &staff, "", "", "").await;

    // Staff post two wishes (approved at once); 刘芳 claims one; staff confirm it fulfilled.
    let mut wishes = Vec::new();
    for need in ["冬天需要棉被", "想学用智能手机"] {
        let res = call(
            &app,
            "post_wish",
            &[
                ("input[poster]", "福康社区居委会"),
                ("input[need]", need),
                ("input[category]", "community_help"),
            ],
            Some(&staff),
        )
        .await;
        wishes.push(res.body.as_str().expect("wish").to_string());
    }
    let liu = session(&app, LIU_FANG).await;
    let claimed = push_entry(
        &app,
        &liu,
        "stats-claim",
        1,
        "claim",
        json!({"wish": wishes[0]}),
    )
    .await;
    assert_eq!(claimed["outcome"], "accepted", "{claimed}");
    let confirmed = call(
        &app,
        "decide_wish",
        &[
            ("wish", &wishes[0]),
            ("decision", "confirm"),
            ("reason", ""),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(confirmed.status, 200, "{:?}", confirmed.body);

    let after = stats(&app, &staff, "", "", "").await;
    let grew = |key: &str| {
        after[key].as_i64().unwrap_or_default() - before[key].as_i64().unwrap_or_default()
    };
    assert_eq!(
        (
            grew("wishes_posted"),
            grew("wishes_claimed"),
            grew("wishes_fulfilled")
        ),
        (2, 1, 1)
    );
    assert_eq!(after["period"]["to"], today());

    // This year's verified time is the sum of the volunteers' verified time this year, counted
    // by another query (the volunteers' table).
    let people = call(&app, "volunteers", &[], Some(&staff)).await.body;
    let hours_this_year: i64 = people
        .as_array()
        .expect("volunteers")
        .iter()
        .map(|v| v["verified_this_year"].as_i64().unwrap_or_default())
        .sum();
    assert!(hours_this_year > 0, "the demo has verified lines this year");
    assert_eq!(total(&after["by_category"]), hours_this_year);
    assert_eq!(total(&after["by_month"]), hours_this_year);
    assert_eq!(
        after["volunteers_registered"],
        people.as_array().map(|p| p.len()).unwrap_or_default()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_household_helped_two_ways_counts_once_on_every_figure() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let liu = session(&app, LIU_FANG).await;
    let year: i64 = today()[..4].parse().expect("year");
    let this_year = |st: &Value| {
        st["yearly"]
            .as_array()
            .and_then(|y| y.iter().find(|y| y["year"] == year))
            .map(|y| y["households_helped"].as_i64().unwrap_or_default())
            .unwrap_or_default()
    };
    let before = stats(&app, &staff, "", "", "").await;
    let home_before = fukang_helped(&app).await;

    // 甲: a verified service and a fulfilled wish. 乙: a fulfilled wish only (a quilt, no
    // service line). 丙: a rejected service only, and a wish not fulfilled.
    let jia = household(&app, &staff, "甲户").await;
    let yi = household(&app, &staff, "乙户").await;
    let bing = household(&app, &staff, "丙户").await;
    let served = line(
        &app,
        &liu,
        &today(),
        ("09:00", "10:00"),
        "community_help",
        Some(&jia),
    )
    .await;
    decide(&app, &staff, "verify_record", &served).await;
    let rejected = line(
        &app,
        &liu,
        &today(),
        ("10:00", "11:00"),
        "community_help",
        Some(&bing),
    )
    .await;
    decide(&app, &staff, "reject_record", &rejected).await;
    for (seq, household, fulfil) in [(1, &jia, true), (2, &yi, true), (3, &bing, false)] {
        let key = format!("claim-{seq}");
        wish_for_household(&app, &staff, &liu, household, (&key, seq), fulfil).await;
    }

    let after = stats(&app, &staff, "", "", "").await;
    let grew = |key: &str| {
        after[key].as_i64().unwrap_or_default() - before[key].as_i64().unwrap_or_default()
    };
    assert_eq!(
        (
            grew("households_helped"),
            grew("households_helped_by_service"),
            grew("households_helped_by_wish")
        ),
        (2, 1, 2),
        "甲 once though helped twice, 乙 by the wish, 丙 not at all"
    );
    assert_eq!(
        this_year(&after) - this_year(&before),
        2,
        "the yearly table agrees"
    );
    assert_eq!(
        fukang_helped(&app).await - home_before,
        2,
        "the home page agrees"
    );
}
