//! The ledger's lines as a file: every line of the period with its state from its facts, the
//! filters narrowing it, and each caller held to the communities they may see.

use crate::common;

use common::{call, decide, record_line, session, spawn_app, TestApp};

const LIU_FANG: &str = "13800010003"; // 福康社区
const ANNING: &str = "13800010001"; // 安宁社区

/// The CSV's data rows (after the header), as cells.
async fn csv(app: &TestApp, token: &str, query: &str) -> (u16, Vec<Vec<String>>) {
    let res = reqwest::Client::new()
        .get(app.url(&format!("/export/lines.csv?{query}")))
        .header("Cookie", format!("lovebank_session={token}"))
        .send()
        .await
        .expect("download");
    let status = res.status().as_u16();
    let text = res.text().await.expect("text");
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows = reader
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    (status, rows)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lines_of_a_period_come_with_their_state_and_narrow_by_category_and_state() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let staff2 = session(&app, "staff2").await;
    let admin = session(&app, "admin").await;
    let (liu, anning) = (session(&app, LIU_FANG).await, session(&app, ANNING).await);

    // 2024, 福康社区: verified (tutoring, 2 h), verified then reversed (environment, 1 h),
    // rejected (tutoring), pending (tutoring). 安宁社区: one verified.
    let verified = record_line(
        &app,
        &liu,
        "2024-03-05",
        ("09:00", "11:00"),
        "tutoring",
        None,
    )
    .await;
    let reversed = record_line(
        &app,
        &liu,
        "2024-04-01",
        ("09:00", "10:00"),
        "environment",
        None,
    )
    .await;
    let rejected = record_line(
        &app,
        &liu,
        "2024-05-01",
        ("09:00", "09:30"),
        "tutoring",
        None,
    )
    .await;
    record_line(
        &app,
        &liu,
        "2024-06-01",
        ("09:00", "09:45"),
        "tutoring",
        None,
    )
    .await;
    let elsewhere = record_line(
        &app,
        &anning,
        "2024-03-06",
        ("09:00", "10:00"),
        "health",
        None,
    )
    .await;
    for id in [&verified, &reversed] {
        decide(&app, &staff, "verify_record", id).await;
    }
    decide(&app, &staff, "reject_record", &rejected).await;
    decide(&app, &staff, "reverse_record", &reversed).await;
    decide(&app, &staff2, "verify_record", &elsewhere).await;

    let year = "from=2024-01-01&to=2024-12-31";
    let (status, rows) = csv(&app, &staff, year).await;
    assert_eq!(status, 200);
    let states: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[10].as_str(), r[12].as_str()))
        .collect();
    assert_eq!(
        states,
        [
            ("2024-03-05", "2", "已核实"),
            ("2024-04-01", "1", "已冲正"),
            ("2024-05-01", "0.5", "未通过"),
            ("2024-06-01", "0.8", "待审核"),
        ],
        "福康社区's lines only, in date order; the reversal itself is dated today"
    );
    assert!(rows.iter().all(|r| r[3] == "刘芳" && r[4] == "福康社区"));
    assert_eq!(rows[0][9], "王建国 13900030002", "the witness");
    assert!(
        !rows[0][13].is_empty() && !rows[0][14].is_empty(),
        "who verified it, and when"
    );
    assert!(
        rows[3][13].is_empty() && rows[3][14].is_empty(),
        "nobody decided the pending one"
    );

    let (_, tutoring) = csv(&app, &staff, &format!("{year}&category=tutoring")).await;
    assert_eq!(tutoring.len(), 3);
    let (_, only_reversed) = csv(&app, &staff, &format!("{year}&state=reversed")).await;
    assert_eq!(only_reversed.len(), 1);
    assert_eq!(only_reversed[0][0], "2024-04-01");
    let (_, pending) = csv(&app, &staff, &format!("{year}&state=pending")).await;
    assert_eq!(pending.len(), 1);

    // The reversal line is in the period of its own date, with negative hours and its reason.
    let (_, now) = csv(&app, &staff, "state=verified").await;
    let reversal = now
        .iter()
        .find(|r| r[11] == "冲正")
        .expect("the reversal line this year");
    assert_eq!(
        (reversal[10].as_str(), reversal[15].as_str()),
        ("-1", "核对后更正")
    );

    // The admin sees every community, or the one asked for; staff only their own.
    let (_, all) = csv(&app, &admin, year).await;
    assert_eq!(all.len(), 5);
    let anning_id = call(&app, "who_am_i", &[], Some(&staff2)).await.body["community"]
        .as_str()
        .expect("community")
        .to_string();
    let (_, one) = csv(&app, &admin, &format!("{year}&community={anning_id}")).await;
    assert_eq!(one.len(), 1);
    assert_eq!(one[0][4], "安宁社区");
    let (status, _) = csv(&app, &staff, &format!("{year}&community={anning_id}")).await;
    assert_eq!(status, 403, "staff ask for another community");
    let (status, _) = csv(&app, &liu, year).await;
    assert_eq!(status, 403, "a volunteer exports nothing");
    let (status, _) = csv(&app, &staff, "state=approved").await;
    assert_eq!(status, 422, "an unknown state is refused, not ignored");
}
