//! Household files: registered, updated (each version in the audit trail), searched, and the
//! help each one received over time.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn households_are_registered_updated_and_show_the_help_they_received() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;

    let refused = register(&app, &staff, "", "0").await;
    assert_eq!(refused.status, 422, "{:?}", refused.body);
    let fields: Vec<&Value> = refused.body["Invalid"]
        .as_array()
        .expect("errors")
        .iter()
        .collect();
    assert_eq!(fields.len(), 2, "head and members: {fields:?}");

    let id = register(&app, &staff, "赵秀英", "1").await.body;
    let id = id.as_str().expect("household id").to_string();
    let list = call(&app, "households", &[], Some(&staff)).await.body;
    let row = find(&list, "id", &id).expect("listed");
    assert_eq!(row["services"], 0);
    assert_eq!(row["phone"], "13900030001");
    assert_eq!(row["registered_on"], today());

    let volunteer = session(&app, FUKANG[1]).await;
    let line = serve(&app, &volunteer, &id, &today()).await;
    let file = call(&app, "household_file", &[("household", &id)], Some(&staff)).await;
    assert_eq!(file.status, 200, "{:?}", file.body);
    assert_eq!(file.body["household"]["services"], 1);
    assert_eq!(file.body["household"]["served"], 90);
    assert_eq!(file.body["help"][0]["kind"], "service");
    assert_eq!(
        file.body["help"][0]["done"], false,
        "pending until verified"
    );
    assert_eq!(file.body["help"][0]["who"], "刘芳");

    assert_eq!(
        call(&app, "verify_record", &[("id", &line)], Some(&staff))
            .await
            .status,
        200
    );
    let file = call(&app, "household_file", &[("household", &id)], Some(&staff)).await;
    assert_eq!(file.body["help"][0]["done"], true);

    // A rejected line is no help: it leaves the count.
    let other = serve(&app, &volunteer, &id, &today()).await;
    let rejected = call(
        &app,
        "reject_record",
        &[("id", &other), ("reason", "重复登记")],
        Some(&staff),
    )
    .await;
    assert_eq!(rejected.status, 200);
    let file = call(&app, "household_file", &[("household", &id)], Some(&staff)).await;
    assert_eq!(file.body["household"]["services"], 1);

    // Service for a wish the office posted for the household is help for it too: in its file
    // and in the table (the two are counted by different queries).
    let wish = call(
        &app,
        "post_wish",
        &[
            ("input[poster]", "福康社区居委会"),
            ("input[need]", "代购降压药"),
            ("input[category]", "community_help"),
            ("input[capacity]", "1"),
            ("input[household]", &id),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(wish.status, 200, "{:?}", wish.body);
    let wish = wish.body.as_str().expect("wish id").to_string();
    serve_for(&app, &volunteer, "wish", &wish, &today()).await;
    let file = call(&app, "household_file", &[("household", &id)], Some(&staff)).await;
    assert_eq!(file.body["household"]["services"], 2);
    assert_eq!(file.body["household"]["served"], 180);
    assert_eq!(file.body["household"]["wishes"], 1);
    let kinds: Vec<&str> = file.body["help"]
        .as_array()
        .expect("help")
        .iter()
        .filter_map(|h| h["kind"].as_str())
        .collect();
    assert_eq!(
        (
            kinds.iter().filter(|k| **k == "service").count(),
            kinds.iter().filter(|k| **k == "wish").count()
        ),
        (2, 1),
        "{kinds:?}"
    );
    let list = call(&app, "households", &[], Some(&staff)).await.body;
    let row = find(&list, "id", &id).expect("listed");
    assert_eq!(
        (row["services"].clone(), row["served"].clone()),
        (2.into(), 180.into())
    );

    let update = |who: String, address: &'static str| {
        let app = &app;
        let id = id.clone();
        async move {
            call(
                app,
                "update_household",
                &[
                    ("household", id.as_str()),
                    ("input[head]", "赵秀英"),
                    ("input[address]", address),
                    ("input[members]", "2"),
                    ("input[hardship_type]", "独居老人"),
                    ("input[needs]", "每周上门探望"),
                ],
                Some(&who),
            )
            .await
        }
    };
    assert_eq!(
        update(staff.clone(), "福康社区 6号楼 101").await.status,
        200
    );
    let other_staff = session(&app, "staff2").await;
    let foreign = update(other_staff.clone(), "别处").await;
    assert_eq!(
        foreign.body, "NotFound",
        "another community's file is not theirs"
    );
    let list = call(&app, "households", &[], Some(&staff)).await.body;
    let row = find(&list, "id", &id).expect("listed");
    assert_eq!(row["address"], "福康社区 6号楼 101");
    assert_eq!(row["members"], 2);
    let theirs = call(&app, "households", &[], Some(&other_staff)).await.body;
    assert!(find(&theirs, "id", &id).is_none());
    let trail = call(&app, "audit_trail", &[], Some(&staff)).await.body;
    assert!(
        trail.to_string().contains("update_household"),
        "the change is in the audit trail"
    );
}
