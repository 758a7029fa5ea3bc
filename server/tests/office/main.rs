//! The staff office against the real server: household files and the help they show,
//! agreements and the lines that keep them, activities closed into pending lines, and exports.

use crate::common;

mod activities;
mod agreements;
mod exports;
mod households;

use common::{call, call_json, person_id as person, session, spawn_app, today, TestApp};
use serde_json::{json, Value};

/// 福康社区's demo volunteers (index % 3 == 0) and one of 安宁社区.
const FUKANG: [&str; 4] = ["13800010000", "13800010003", "13800010006", "13800010009"];
const ANNING: &str = "13800010001";

async fn register(app: &TestApp, staff: &str, head: &str, members: &str) -> common::Response {
    call(
        app,
        "register_household",
        &[
            ("input[head]", head),
            ("input[address]", "福康社区 5号楼 1单元 302"),
            ("input[members]", members),
            ("input[hardship_type]", "独居老人"),
            ("input[needs]", "每周上门探望，代购药品"),
            ("input[phone]", "13900030001"),
        ],
        Some(staff),
    )
    .await
}

/// A service line of the holder of `token` for `household`, dated `date`.
async fn serve(app: &TestApp, token: &str, household: &str, date: &str) -> String {
    serve_for(app, token, "household", household, date).await
}

/// A service line of the holder of `token` for a beneficiary of `kind` (household, wish).
async fn serve_for(
    app: &TestApp,
    token: &str,
    kind: &str,
    beneficiary: &str,
    date: &str,
) -> String {
    let res = call(
        app,
        "record_service",
        &[
            ("input[date]", date),
            ("input[start]", "14:00"),
            ("input[end]", "15:30"),
            ("input[place]", "福康社区 5号楼"),
            ("input[content]", "上门探望，代购药品"),
            ("input[category]", "community_help"),
            ("input[beneficiary_kind]", kind),
            ("input[beneficiary]", beneficiary),
            ("input[witness_name]", "王建国"),
            ("input[witness_phone]", "13900030002"),
        ],
        Some(token),
    )
    .await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    res.body.as_str().expect("line id").to_string()
}

fn find<'a>(list: &'a Value, key: &str, value: &str) -> Option<&'a Value> {
    list.as_array()?.iter().find(|v| v[key] == value)
}
