//! Agreements and the service lines that keep them, found rather than typed.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_many_on_one_agreement_counts_the_lines_that_keep_it() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let household = register(&app, &staff, "钱玉兰", "1").await.body;
    let household = household.as_str().expect("id").to_string();
    let (liu, chen) = (person(&app, FUKANG[1]).await, person(&app, FUKANG[2]).await);
    let anning = person(&app, ANNING).await;
    let start = (chrono::NaiveDate::parse_from_str(&today(), "%Y-%m-%d").expect("date")
        - chrono::Days::new(30))
    .to_string();
    let agreement = |pairing: &str, volunteers: Vec<&String>| {
        json!({"input": {"household": household, "pairing": pairing,
            "content": "每周上门探望，陪同就医", "frequency": "weekly", "volunteers": volunteers,
            "start": start, "end": "2099-12-31"}})
    };

    let bad = call_json(
        &app,
        "make_agreement",
        agreement("one_on_one", vec![&liu, &chen]),
        Some(&staff),
    )
    .await;
    assert_eq!(
        bad.status, 422,
        "one-on-one takes one volunteer: {:?}",
        bad.body
    );
    let foreign = call_json(
        &app,
        "make_agreement",
        agreement("many_on_one", vec![&liu, &anning]),
        Some(&staff),
    )
    .await;
    assert_eq!(
        foreign.status, 422,
        "a volunteer of another community: {:?}",
        foreign.body
    );
    let made = call_json(
        &app,
        "make_agreement",
        agreement("many_on_one", vec![&liu, &chen]),
        Some(&staff),
    )
    .await;
    assert_eq!(made.status, 200, "{:?}", made.body);
    let id = made.body.as_str().expect("agreement id").to_string();

    let list = call(&app, "agreements", &[], Some(&staff)).await.body;
    let a = find(&list, "id", &id).expect("listed");
    assert_eq!(a["volunteers"].as_array().map(Vec::len), Some(2));
    assert_eq!(a["pairing"], "many_on_one");
    assert_eq!(
        a["behind"], true,
        "no visit in 30 days of a weekly agreement"
    );
    assert_eq!(a["services"], 0);

    // A visit by one of its volunteers keeps it; a visit by someone else is not its service.
    serve(&app, &session(&app, FUKANG[2]).await, &household, &today()).await;
    serve(&app, &session(&app, FUKANG[3]).await, &household, &today()).await;
    let list = call(&app, "agreements", &[], Some(&staff)).await.body;
    let a = find(&list, "id", &id).expect("listed");
    assert_eq!(a["behind"], false);
    assert_eq!(a["services"], 1, "only its volunteers' lines: {a}");
    assert_eq!(a["served"], 90);
    assert_eq!(a["last_service"], today());

    let history = call(
        &app,
        "household_file",
        &[("household", &household)],
        Some(&staff),
    )
    .await
    .body;
    assert!(history["help"]
        .as_array()
        .expect("help")
        .iter()
        .any(|h| h["kind"] == "agreement"));
    assert_eq!(history["household"]["agreements"], 1);
    let elsewhere = call(
        &app,
        "agreements",
        &[],
        Some(&session(&app, "staff2").await),
    )
    .await
    .body;
    assert!(find(&elsewhere, "id", &id).is_none());
}
