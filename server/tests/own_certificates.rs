//! A volunteer sees the certificates issued to them and opens each as issued; nobody else's.

use crate::common;

use common::{call, person_id, session, spawn_app};

const LIU_FANG: &str = "13800010003"; // 福康社区
const ZHAO: &str = "13800010006"; // 福康社区 too

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_volunteer_sees_only_their_own_certificates() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let (liu, zhao) = (session(&app, LIU_FANG).await, session(&app, ZHAO).await);
    let none = call(&app, "my_certificates", &[], Some(&liu)).await;
    assert_eq!(none.body, serde_json::json!([]), "{:?}", none.body);

    let liu_id = person_id(&app, LIU_FANG).await;
    let mut issued = Vec::new();
    for _ in 0..2 {
        let res = call(
            &app,
            "issue_certificate",
            &[("person", &liu_id)],
            Some(&staff),
        )
        .await;
        assert_eq!(res.status, 200, "{:?}", res.body);
        issued.push(res.body);
    }

    let mine = call(&app, "my_certificates", &[], Some(&liu)).await.body;
    let numbers: Vec<&str> = mine
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c["number"].as_str().expect("number"))
        .collect();
    assert_eq!(
        numbers,
        [
            issued[1]["number"].as_str().expect("second"),
            issued[0]["number"].as_str().expect("first")
        ],
        "newest first"
    );
    assert_eq!(mine[0]["minutes"], issued[1]["minutes"]);

    let id = issued[0]["id"].as_str().expect("id");
    let own = call(&app, "issued_certificate", &[("id", id)], Some(&liu)).await;
    assert_eq!(own.status, 200);
    assert_eq!(own.body, issued[0], "as issued");

    // Another volunteer of the same community: nothing listed, and 刘芳's is not found.
    let theirs = call(&app, "my_certificates", &[], Some(&zhao)).await;
    assert_eq!(theirs.body, serde_json::json!([]));
    let refused = call(&app, "issued_certificate", &[("id", id)], Some(&zhao)).await;
    assert_eq!(refused.status, 404, "{:?}", refused.body);
}
