//! A kiosk's session: it reads its community's wall and the screen's categories, nothing else.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_reads_its_wall_and_nothing_else() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let token = call(
        &app,
        "register_kiosk",
        &[("name", "社区大屏")],
        Some(&staff),
    )
    .await
    .body;
    let token = token.as_str().expect("token").to_string();
    let res = call(&app, "kiosk_sign_in", &[("token", &token)], None).await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    let cookie = res.cookie.expect("cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Max-Age=315360000"),
        "{cookie}"
    );

    let wall = call(&app, "community_wall", &[], Some(&token)).await;
    let cards = wall.body["cards"].as_array().expect("cards");
    assert_eq!(cards.len(), 3, "福康社区's approved wishes: {cards:?}");
    assert!(cards.iter().all(|c| c["state"] != "awaiting_approval"));
    assert_eq!(cards[0]["state"], "open", "open wishes first");
    assert!(
        cards.iter().all(|c| c.get("phone").is_none()),
        "no contact details on the wall"
    );

    // The screen's wall names the categories, one staff just added included.
    let added = call(
        &app,
        "add_category",
        &[
            ("code", "haircut"),
            ("name_zh", "义务理发"),
            ("name_en", "Haircuts"),
            ("icon", "💇"),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(added.status, 200, "{:?}", added.body);
    let screen = call(
        &app,
        "kiosk_wall",
        &[("origin", "https://lovebank.example")],
        Some(&token),
    )
    .await;
    let names: Vec<&str> = screen.body["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .filter_map(|c| c["name_zh"].as_str())
        .collect();
    assert!(names.contains(&"义务理发"), "{names:?}");
}
