//! Closing a household's file (销档) and reopening it, through the real router: the file leaves
//! the default list and the choices, and the agreements that name it end.

use crate::common;

use common::call;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_household_leaves_the_list_and_the_choices_and_its_agreements_end() {
    let app = common::spawn_app().await;
    let staff = common::session(&app, "staff1").await;
    let other = common::session(&app, "staff2").await;
    // A household of 福康社区 with an agreement in force.
    let rows = call(&app, "households", &[], Some(&staff)).await.body;
    let with_agreement = rows
        .as_array()
        .expect("rows")
        .iter()
        .find(|h| h["agreements"].as_u64().unwrap_or(0) > 0)
        .expect("a demo household with an agreement in force");
    let household = with_agreement["id"].as_str().expect("id").to_string();
    let head = with_agreement["head"].as_str().expect("head").to_string();
    let today = common::today();

    let bad = call(
        &app,
        "close_household",
        &[
            ("household", &household),
            ("reason", ""),
            ("on", "2999-01-01"),
            ("note", ""),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(
        bad.body,
        json!({"Invalid": [{"Required": "Reason"}, {"Invalid": "Date"}]})
    );
    let stranger = call(
        &app,
        "close_household",
        &[
            ("household", &household),
            ("reason", "moved"),
            ("on", &today),
            ("note", ""),
        ],
        Some(&other),
    )
    .await;
    assert_eq!(stranger.body, json!("NotFound"));
    let closed = call(
        &app,
        "close_household",
        &[
            ("household", &household),
            ("reason", "recovered"),
            ("on", &today),
            ("note", "子女已就业"),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(closed.status, 200, "{:?}", closed.body);

    let rows = call(&app, "households", &[], Some(&staff)).await.body;
    let row = rows
        .as_array()
        .expect("rows")
        .iter()
        .find(|h| h["id"] == household.as_str())
        .expect("still on file");
    assert_eq!(row["closed"]["reason"], "recovered");
    assert_eq!(row["agreements"], 0, "its agreements ended today");
    let choices = call(&app, "household_choices", &[], Some(&staff))
        .await
        .body;
    assert!(
        !choices.to_string().contains(&head),
        "a closed file is no choice for new service: {choices}"
    );
    let agreements = call(&app, "agreements", &[], Some(&staff)).await.body;
    let ended = agreements
        .as_array()
        .expect("agreements")
        .iter()
        .filter(|a| a["household"] == household.as_str())
        .all(|a| a["end"].as_str().is_some_and(|end| end <= today.as_str()));
    assert!(ended, "{agreements}");

    let reopened = call(
        &app,
        "reopen_household",
        &[("household", &household)],
        Some(&staff),
    )
    .await;
    assert_eq!(reopened.status, 200, "{:?}", reopened.body);
    let rows = call(&app, "households", &[], Some(&staff)).await.body;
    let row = rows
        .as_array()
        .expect("rows")
        .iter()
        .find(|h| h["id"] == household.as_str())
        .expect("on file");
    assert_eq!(row["closed"], Value::Null);
    let choices = call(&app, "household_choices", &[], Some(&staff))
        .await
        .body;
    assert!(choices.to_string().contains(&head));
}
