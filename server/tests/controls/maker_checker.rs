//! Maker-checker: whoever opens an account, resets a password or enters a line does not check
//! it, and a large redemption needs a second person.

use super::*;

// 1. Maker-checker.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whoever_opened_an_account_cannot_verify_its_lines_and_the_admin_sees_it() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    open_account(&app, &staff, "13700140001", "chosen-by-staff").await;
    // The staff member signs in as the account they made, and logs a full day three times.
    let volunteer = token_of(
        &sign_in(&app, "13700140001", "chosen-by-staff")
            .await
            .cookie
            .expect("cookie"),
    );
    let day = days_ago(1);
    let lines = [
        log_on(&app, &volunteer, &day, "00:00", "23:59").await,
        log_on(&app, &volunteer, &day, "00:00", "23:59").await,
        log_on(&app, &volunteer, &day, "00:00", "23:59").await,
    ];
    let res = call(&app, "verify_record", &[("id", &lines[0])], Some(&staff)).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(res.body["Ledger"]["AccountCustody"]["days"], 90);

    // The admin (a second person) verifies one; the overlapping others cannot follow.
    let admin = session(&app, "admin").await;
    let res = call(&app, "verify_record", &[("id", &lines[0])], Some(&admin)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    for line in &lines[1..] {
        let res = call(&app, "verify_record", &[("id", line)], Some(&admin)).await;
        assert_eq!(res.status, 409, "{}", res.body);
        assert_eq!(res.body["Ledger"]["OverlapsVerified"]["start"], "00:00");
    }
    let book = call(&app, "my_passbook", &[], Some(&volunteer)).await.body;
    assert_eq!(book["verified"], 1439, "one day, once: {book}");

    // A password reset is custody too: the staff member who reset it is kept out as well.
    let report = call(&app, "custody_report", &[], Some(&admin)).await;
    assert_eq!(report.status, 200, "{}", report.body);
    let row = report
        .body
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["name"] == "福康社区工作人员"))
        .cloned()
        .unwrap_or_else(|| panic!("staff1 is listed: {}", report.body));
    assert_eq!(row["opened"], 1, "{row}");
    assert_eq!(
        call(&app, "custody_report", &[], Some(&staff)).await.body,
        json!("Forbidden")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_reset_keeps_its_maker_from_checking_the_account() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let admin = session(&app, "admin").await;
    // The admin opens the account; staff1 then resets its password and knows it.
    let person = open_account(&app, &admin, "13700140002", "admin-chose-it").await;
    let res = call(
        &app,
        "reset_password",
        &[("person", &person), ("new", "staff-knows-it")],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let volunteer = token_of(
        &sign_in(&app, "13700140002", "staff-knows-it")
            .await
            .cookie
            .expect("cookie"),
    );
    let line = log_on(&app, &volunteer, &days_ago(2), "09:00", "10:00").await;
    let res = call(&app, "verify_record", &[("id", &line)], Some(&staff)).await;
    assert_eq!(
        res.body["Ledger"]["AccountCustody"]["days"], 90,
        "{}",
        res.body
    );
    // The admin opened it: not the admin either. Another community's staff cannot (scope).
    let res = call(&app, "verify_record", &[("id", &line)], Some(&admin)).await;
    assert_eq!(
        res.body["Ledger"]["AccountCustody"]["days"], 90,
        "{}",
        res.body
    );
    // The volunteer sets a password of their own: staff1 no longer knows it, but set it
    // within 90 days of the reset… the rule stands on who set it last.
    let res = call(
        &app,
        "change_password",
        &[("current", "staff-knows-it"), ("new", "only-mine-now")],
        Some(&volunteer),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = call(&app, "verify_record", &[("id", &line)], Some(&staff)).await;
    assert_eq!(res.status, 200, "{}", res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_line_entered_by_staff_is_verified_by_someone_else() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let liu_fang = call(&app, "who_am_i", &[], Some(&session(&app, LIU_FANG).await))
        .await
        .body["person"]
        .clone();
    let activity = call_json(
        &app,
        "create_activity",
        json!({"input": {"kind": "regular", "title": "社区义诊", "date": days_ago(3),
            "start": "14:00", "end": "15:00", "place": "福康社区活动室", "category": "health",
            "content": "", "attendees": [liu_fang]}}),
        Some(&staff),
    )
    .await;
    let activity = activity.body.as_str().expect("activity id").to_string();
    let res = call(
        &app,
        "close_activity",
        &[("activity", &activity)],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let queue = common::queue_items(&app, &staff).await;
    let line = queue
        .as_array()
        .and_then(|q| {
            q.iter()
                .find(|i| i["row"]["line"]["entry"]["start"] == "14:00:00")
        })
        .map(|i| {
            i["row"]["line"]["id"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .unwrap_or_else(|| panic!("the activity's line is queued: {queue}"));
    let res = call(&app, "verify_record", &[("id", &line)], Some(&staff)).await;
    assert_eq!(res.body["Ledger"], "EnteredBySelf", "{}", res.body);
    let admin = session(&app, "admin").await;
    let res = call(&app, "verify_record", &[("id", &line)], Some(&admin)).await;
    assert_eq!(res.status, 200, "{}", res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_redemption_needs_a_second_person() {
    let app = spawn_app().await;
    let admin = session(&app, "admin").await;
    let staff = session(&app, "staff1").await;
    // 100 points an hour: one verified hour is a large balance.
    let res = call(
        &app,
        "set_points_rule",
        &[("per_hour", "100")],
        Some(&admin),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let volunteer = session(&app, LIU_FANG).await;
    let line = log_on(&app, &volunteer, &days_ago(4), "07:00", "08:00").await;
    let res = call(&app, "verify_record", &[("id", &line)], Some(&staff)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = call(
        &app,
        "request_redemption",
        &[("points", "60"), ("item", "电饭煲")],
        Some(&volunteer),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let find = |list: &Value| {
        list.as_array()
            .and_then(|all| all.iter().find(|r| r["item"] == "电饭煲"))
            .cloned()
            .expect("listed")
    };
    let request = find(
        &call(&app, "redemptions_to_decide", &[], Some(&staff))
            .await
            .body,
    );
    let id = request["id"].as_str().expect("id").to_string();
    let approve = [("id", id.as_str()), ("decision", "approve"), ("reason", "")];
    let res = call(&app, "decide_redemption", &approve, Some(&staff)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let request = find(
        &call(&app, "redemptions_to_decide", &[], Some(&staff))
            .await
            .body,
    );
    assert_eq!(
        request["state"]["state"], "requested",
        "endorsed only: {request}"
    );
    assert_eq!(request["endorsed_by"], "福康社区工作人员");
    let res = call(&app, "decide_redemption", &approve, Some(&staff)).await;
    assert_eq!(res.body["Ledger"], "SecondApproverNeeded", "{}", res.body);
    let res = call(&app, "decide_redemption", &approve, Some(&admin)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let request = find(
        &call(&app, "redemptions_to_decide", &[], Some(&staff))
            .await
            .body,
    );
    assert_eq!(request["state"]["state"], "approved");
}
