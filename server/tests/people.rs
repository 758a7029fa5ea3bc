//! People and their accounts over HTTP: staff open accounts (开户) in their community, reset
//! forgotten passwords, and add service categories.

use crate::common;

use common::{call, session, sign_in, spawn_app};
use serde_json::json;

const LIU_FANG: &str = "13800010003";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_open_accounts_in_their_community_and_reset_forgotten_passwords() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let form = |phone: &'static str| {
        vec![
            ("file[name]", "周晓梅"),
            ("file[gender]", "female"),
            ("file[birth_year]", "1985"),
            ("file[political_status]", "群众"),
            ("file[phone]", phone),
            ("file[skills]", "理发"),
            ("file[preferences][0]", "community_help"),
            ("password", "first-password"),
        ]
    };
    let res = call(&app, "open_account", &form("13700001234"), Some(&staff)).await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    let person = res.body.as_str().unwrap_or_default().to_string();
    let me = sign_in(&app, "13700001234", "first-password").await;
    assert_eq!(me.body["community_name"], "福康社区");
    assert_eq!(me.body["role"], "volunteer");

    let again = call(&app, "open_account", &form("137 0000 1234"), Some(&staff)).await;
    assert_eq!(again.body, json!({"Invalid": [{"Taken": "Phone"}]}));
    let volunteer = session(&app, LIU_FANG).await;
    let res = call(&app, "open_account", &form("13700005678"), Some(&volunteer)).await;
    assert_eq!(res.body, json!("Forbidden"));

    let other_staff = session(&app, "staff2").await;
    let res = call(
        &app,
        "reset_password",
        &[("person", &person), ("new", "second-password")],
        Some(&other_staff),
    )
    .await;
    assert_eq!(
        res.body,
        json!("Forbidden"),
        "staff manage only their community"
    );
    let res = call(
        &app,
        "reset_password",
        &[("person", &person), ("new", "second-password")],
        Some(&staff),
    )
    .await;
    assert_eq!(res.status, 200, "{:?}", res.body);
    assert_eq!(
        sign_in(&app, "13700001234", "first-password").await.body,
        json!("SignInFailed")
    );
    assert_eq!(
        sign_in(&app, "13700001234", "second-password").await.status,
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_add_categories_that_volunteers_can_then_log() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let args = [
        ("code", "elder_meals"),
        ("name_zh", "助餐服务"),
        ("name_en", "Meals for the elderly"),
        ("icon", "🍲"),
    ];
    assert_eq!(
        call(&app, "add_category", &args, Some(&staff)).await.status,
        200
    );
    let again = call(&app, "add_category", &args, Some(&staff)).await;
    assert_eq!(again.body, json!({"Invalid": [{"Taken": "Category"}]}));
    let list = call(&app, "categories", &[], None).await.body;
    let codes: Vec<&str> = list
        .as_array()
        .map(|l| l.iter().filter_map(|c| c["code"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(codes.len(), 9);
    assert_eq!(codes[8], "elder_meals", "added after the eight");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_list_their_own_volunteers_with_verified_time_and_read_their_passbooks() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let list = call(&app, "volunteers", &[], Some(&staff)).await;
    assert_eq!(list.status, 200, "{:?}", list.body);
    let people = list.body.as_array().expect("a list").clone();
    assert_eq!(people.len(), 4, "福康社区 has four demo volunteers");
    assert!(people.iter().all(|p| p["community_name"] == "福康社区"));
    let liu = people
        .iter()
        .find(|p| p["phone"] == LIU_FANG)
        .expect("刘芳 is listed");
    let book = call(
        &app,
        "volunteer_passbook",
        &[("person", liu["person"].as_str().unwrap_or_default())],
        Some(&staff),
    )
    .await;
    assert_eq!(book.status, 200, "{:?}", book.body);
    assert_eq!(
        liu["verified"], book.body["verified"],
        "the list and the passbook agree"
    );
    assert!(book.body["verified"].as_i64().unwrap_or_default() > 0);

    let admin = session(&app, "admin").await;
    let everyone = call(&app, "volunteers", &[], Some(&admin)).await;
    assert_eq!(everyone.body.as_array().map(Vec::len), Some(12));
}
