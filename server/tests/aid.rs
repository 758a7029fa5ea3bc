//! Aid (慰问) and partners (共驻共建单位): recording gifts, taking one back, a campaign's figures
//! and file, each caller held to their community, and aid counted as help by the one
//! definition, checked by hand against the statistics, the yearly table and the home page.

use crate::common;

use common::{call, decide, fukang_helped, record_line, session, spawn_app, today, TestApp};
use serde_json::Value;

const LIU_FANG: &str = "13800010003"; // 福康社区

async fn household(app: &TestApp, staff: &str, head: &str) -> String {
    let res = call(
        app,
        "register_household",
        &[
            ("input[head]", head),
            ("input[address]", "福康社区 5号楼"),
            ("input[members]", "2"),
            ("input[hardship_type]", "低保户"),
            ("input[needs]", "节日慰问"),
        ],
        Some(staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body.as_str().expect("household").to_string()
}

async fn partner(app: &TestApp, token: &str, name: &str, community: &str) -> common::Response {
    call(
        app,
        "add_partner",
        &[
            ("input[name]", name),
            ("input[contact]", "李经理 13900001111"),
            ("input[kind]", "company"),
            ("input[community]", community),
        ],
        Some(token),
    )
    .await
}

/// A gift: `money` in yuan, or goods when `goods` names them (`money` is then the count).
async fn give(
    app: &TestApp,
    token: &str,
    household: &str,
    campaign: &str,
    partner: &str,
    money: &str,
    goods: Option<&str>,
) -> common::Response {
    let on = today();
    let mut form = vec![
        ("input[household]", household),
        ("input[on]", on.as_str()),
        ("input[campaign]", campaign),
        ("input[partner]", partner),
    ];
    match goods {
        None => form.extend([("input[kind]", "money"), ("input[amount]", money)]),
        Some(what) => form.extend([
            ("input[kind]", "goods"),
            ("input[what]", what),
            ("input[count]", money),
        ]),
    }
    call(app, "record_aid", &form, Some(token)).await
}

fn id_of(res: &common::Response) -> String {
    assert_eq!(res.status, 200, "{}", res.body);
    res.body.as_str().expect("id").to_string()
}

async fn campaign(app: &TestApp, token: &str, name: &str) -> Value {
    let res = call(app, "aid_campaign", &[("campaign", name)], Some(token)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_adds_up_its_gifts_exactly_and_a_reversal_takes_one_back() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let market = id_of(&partner(&app, &staff, "爱心超市", "").await);
    let (jia, yi) = (
        household(&app, &staff, "甲户").await,
        household(&app, &staff, "乙户").await,
    );

    // 0.10 + 0.20 yuan is where floats drift: the total must be exactly 1,000.30.
    id_of(&give(&app, &staff, &jia, "春节慰问", &market, "500.10", None).await);
    id_of(&give(&app, &staff, &yi, "春节慰问", &market, "500.20", None).await);
    id_of(&give(&app, &staff, &jia, "春节慰问", "", "2", Some("大米")).await);
    let wrong = id_of(&give(&app, &staff, &yi, "春节慰问", &market, "900", None).await);
    id_of(&give(&app, &staff, &jia, "重阳节慰问", "", "200", None).await);

    let report = campaign(&app, &staff, "春节慰问").await;
    assert_eq!(report["money"], 190_030, "fen: 500.10 + 500.20 + 900");
    assert_eq!(report["households"].as_array().map(Vec::len), Some(2));
    assert_eq!(report["goods"]["大米"], 2);
    let partners = report["by_partner"].as_array().expect("by partner");
    assert_eq!(partners[0]["partner"], "爱心超市");
    assert_eq!(partners[0]["households"], 2);
    assert_eq!(
        partners[1]["partner"],
        Value::Null,
        "the community's own gifts last"
    );

    // The 900 was a typo: taken back with a reason. Once, and never the reversal itself.
    let no_reason = call(
        &app,
        "reverse_aid",
        &[("aid", &wrong), ("reason", " ")],
        Some(&staff),
    )
    .await;
    assert_eq!(no_reason.status, 422, "{}", no_reason.body);
    let reversal = call(
        &app,
        "reverse_aid",
        &[("aid", &wrong), ("reason", "金额录错，应为500元")],
        Some(&staff),
    )
    .await;
    let reversal = id_of(&reversal);
    let again = call(
        &app,
        "reverse_aid",
        &[("aid", &wrong), ("reason", "重复")],
        Some(&staff),
    )
    .await;
    assert_eq!(again.body["Ledger"], "AlreadyReversed", "{}", again.body);
    let back = call(
        &app,
        "reverse_aid",
        &[("aid", &reversal), ("reason", "撤销")],
        Some(&staff),
    )
    .await;
    assert_eq!(back.body["Ledger"], "ReversalOfReversal", "{}", back.body);

    let report = campaign(&app, &staff, "春节慰问").await;
    assert_eq!(report["money"], 100_030, "exactly 1,000.30 yuan");
    let overview = call(&app, "aid_given", &[], Some(&staff)).await.body;
    let lines: Vec<&Value> = overview["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .filter(|l| l["household"] == jia.as_str() || l["household"] == yi.as_str())
        .collect();
    assert_eq!(
        lines.len(),
        6,
        "five gifts and the reversal: nothing deleted"
    );
    let row = lines
        .iter()
        .find(|l| l["id"] == reversal)
        .expect("reversal listed");
    assert_eq!(row["reverses"], wrong.as_str());
    assert_eq!(row["reason"], "金额录错，应为500元");
    let spring = overview["campaigns"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["campaign"] == "春节慰问"))
        .expect("campaign listed");
    assert_eq!(
        (spring["households"].clone(), spring["gifts"].clone()),
        (2.into(), 3.into())
    );

    // The household's file lists the aid that stands.
    let file = call(&app, "household_file", &[("household", &jia)], Some(&staff))
        .await
        .body;
    let aid: Vec<&str> = file["help"]
        .as_array()
        .expect("help")
        .iter()
        .filter(|h| h["kind"] == "aid")
        .filter_map(|h| h["text"].as_str())
        .collect();
    assert_eq!(aid.len(), 3, "{aid:?}");
    assert!(aid.contains(&"春节慰问：500.10 元"), "{aid:?}");

    // The campaign as a file: a row per household, then the total and each partner's.
    let res = reqwest::Client::new()
        .get(app.url("/export/campaign.csv?campaign=%E6%98%A5%E8%8A%82%E6%85%B0%E9%97%AE"))
        .header("Cookie", format!("lovebank_session={staff}"))
        .send()
        .await
        .expect("download");
    assert_eq!(res.status(), 200);
    let text = res.text().await.expect("csv");
    assert!(text.contains("甲户") && text.contains("乙户"), "{text}");
    assert!(text.contains("合计（2户）,,,1000.3,大米 × 2"), "{text}");
    let staff2 = session(&app, "staff2").await;
    let other = reqwest::Client::new()
        .get(app.url("/export/campaign.csv?campaign=%E6%98%A5%E8%8A%82%E6%85%B0%E9%97%AE"))
        .header("Cookie", format!("lovebank_session={staff2}"))
        .send()
        .await
        .expect("download");
    assert_eq!(
        other.status(),
        404,
        "another community's campaign is not theirs"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_aid_is_refused_with_its_reason_and_nothing_is_recorded() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let staff2 = session(&app, "staff2").await;
    let admin = session(&app, "admin").await;
    let jia = household(&app, &staff, "甲户").await;

    let fields = |res: &common::Response| -> Vec<String> {
        res.body["Invalid"]
            .as_array()
            .map(|a| a.iter().map(|e| e.to_string()).collect())
            .unwrap_or_default()
    };
    let fraction = give(&app, &staff, &jia, "春节慰问", "", "500.555", None).await;
    assert_eq!(fraction.status, 422);
    assert_eq!(fields(&fraction), vec![r#"{"Invalid":"Amount"}"#]);
    let negative = give(&app, &staff, &jia, "春节慰问", "", "-500", None).await;
    assert_eq!(fields(&negative), vec![r#"{"Invalid":"Amount"}"#]);
    let no_goods = give(&app, &staff, &jia, "", "", "0", Some(" ")).await;
    assert_eq!(no_goods.status, 422);
    assert_eq!(
        fields(&no_goods).len(),
        3,
        "campaign, goods, quantity: {}",
        no_goods.body
    );
    let tomorrow = chrono::NaiveDate::parse_from_str(&today(), "%Y-%m-%d").expect("today")
        + chrono::Days::new(1);
    let future = call(
        &app,
        "record_aid",
        &[
            ("input[household]", &jia),
            ("input[on]", &tomorrow.to_string()),
            ("input[campaign]", "春节慰问"),
            ("input[kind]", "money"),
            ("input[amount]", "100"),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(fields(&future), vec![r#"{"Invalid":"Date"}"#]);

    // Another community's household is not theirs; nor is another community's partner.
    let theirs = give(&app, &staff2, &jia, "春节慰问", "", "100", None).await;
    assert_eq!(theirs.body, "NotFound");
    let anning_partner = id_of(&partner(&app, &staff2, "安宁药店", "").await);
    let borrowed = give(&app, &staff, &jia, "春节慰问", &anning_partner, "100", None).await;
    assert_eq!(fields(&borrowed), vec![r#"{"Invalid":"Partner"}"#]);
    // A partner the admin adds for the whole sub-district is offered everywhere.
    let city = id_of(&partner(&app, &admin, "区慈善总会", "").await);
    id_of(&give(&app, &staff, &jia, "春节慰问", &city, "100", None).await);
    let twice = partner(&app, &staff, "区慈善总会", "").await;
    assert_eq!(
        twice.status, 200,
        "a community may name its own partner alike"
    );
    let twice = partner(&app, &staff, "区慈善总会", "").await;
    assert_eq!(fields(&twice), vec![r#"{"Taken":"Partner"}"#]);
    let listed = call(&app, "aid_given", &[], Some(&staff)).await.body;
    let names: Vec<&str> = listed["partners"]
        .as_array()
        .expect("partners")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(!names.contains(&"安宁药店"), "{names:?}");
    assert_eq!(names.iter().filter(|n| **n == "区慈善总会").count(), 2);

    // A closed file takes no aid.
    let res = call(
        &app,
        "close_household",
        &[
            ("household", &jia),
            ("reason", "moved"),
            ("on", &today()),
            ("note", ""),
        ],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let closed = give(&app, &staff, &jia, "春节慰问", "", "100", None).await;
    assert_eq!(fields(&closed), vec![r#"{"Invalid":"Household"}"#]);

    let lines = call(&app, "aid_given", &[], Some(&staff)).await.body;
    let mine: Vec<&Value> = lines["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .filter(|l| l["household"] == jia.as_str())
        .collect();
    assert_eq!(mine.len(), 1, "only the one good gift: {mine:?}");
}

async fn stats(app: &TestApp, token: &str) -> Value {
    let res = call(app, "statistics", &[("input[community]", "")], Some(token)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body["statistics"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aid_is_help_counted_once_with_service_on_every_figure() {
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
    let before = stats(&app, &staff).await;
    let home_before = fukang_helped(&app).await;

    // 甲: aid and a verified service (once). 乙: goods only. 丙: aid taken back (not helped).
    let jia = household(&app, &staff, "甲户").await;
    let yi = household(&app, &staff, "乙户").await;
    let bing = household(&app, &staff, "丙户").await;
    id_of(&give(&app, &staff, &jia, "春节慰问", "", "500", None).await);
    let served = record_line(
        &app,
        &liu,
        &today(),
        ("09:00", "10:00"),
        "community_help",
        Some(&jia),
    )
    .await;
    decide(&app, &staff, "verify_record", &served).await;
    id_of(&give(&app, &staff, &yi, "春节慰问", "", "1", Some("棉被")).await);
    let wrong = id_of(&give(&app, &staff, &bing, "春节慰问", "", "300", None).await);
    id_of(
        &call(
            &app,
            "reverse_aid",
            &[("aid", &wrong), ("reason", "登记错户")],
            Some(&staff),
        )
        .await,
    );

    let after = stats(&app, &staff).await;
    let grew = |key: &str| {
        after[key].as_i64().unwrap_or_default() - before[key].as_i64().unwrap_or_default()
    };
    assert_eq!(
        (
            grew("households_helped"),
            grew("households_helped_by_service"),
            grew("households_helped_by_wish"),
            grew("households_helped_by_aid"),
            grew("aid_money"),
        ),
        (2, 1, 0, 2, 50_000),
        "甲 once though helped twice, 乙 by goods, 丙's aid was taken back"
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
