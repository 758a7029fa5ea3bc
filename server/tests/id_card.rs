//! The identity card number on a volunteer's file: checked, one person per number, whole only
//! to staff of the volunteer's community, masked on the volunteer's own file and certificates and
//! for the admin.

use crate::common;

use common::{call, person_id, session, spawn_app};

const LIU_FANG: &str = "13800010003"; // 福康社区
const WANG: &str = "13800010000"; // 福康社区
const NUMBER: &str = "11010519491231002X";
const MASKED: &str = "1101**********002X";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_number_is_for_the_communitys_staff_and_masked_for_everyone_else() {
    let app = spawn_app().await;
    let staff = session(&app, "staff1").await;
    let liu = person_id(&app, LIU_FANG).await;

    let wrong = call(
        &app,
        "set_id_card",
        &[("person", &liu), ("number", "110105194912310021")],
        Some(&staff),
    )
    .await;
    assert_eq!(wrong.status, 422);
    assert_eq!(
        wrong.body["Invalid"][0]["Invalid"], "IdCard",
        "{}",
        wrong.body
    );
    let set = call(
        &app,
        "set_id_card",
        &[("person", &liu), ("number", " 110105 19491231 002x ")],
        Some(&staff),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.body);
    let read = call(&app, "volunteer_id_card", &[("person", &liu)], Some(&staff)).await;
    assert_eq!(read.body, NUMBER);

    // Nobody else reads it whole.
    let admin = session(&app, "admin").await;
    let staff2 = session(&app, "staff2").await;
    let refused = call(&app, "volunteer_id_card", &[("person", &liu)], Some(&admin)).await;
    assert_eq!(refused.body, "Forbidden");
    let other = call(
        &app,
        "volunteer_id_card",
        &[("person", &liu)],
        Some(&staff2),
    )
    .await;
    assert_eq!(other.body, "NotFound");
    let own = session(&app, LIU_FANG).await;
    let file = call(&app, "my_file", &[], Some(&own)).await;
    assert_eq!(file.body["id_card_masked"], MASKED, "{}", file.body);
    assert!(!file.body.to_string().contains(NUMBER));

    // A certificate keeps the number as issued: whole for the staff, masked for the others.
    let issued = call(&app, "issue_certificate", &[("person", &liu)], Some(&staff)).await;
    assert_eq!(issued.status, 200, "{}", issued.body);
    let id = issued.body["id"].as_str().expect("id").to_string();
    let as_staff = call(&app, "issued_certificate", &[("id", &id)], Some(&staff)).await;
    assert_eq!(as_staff.body["id_card"], NUMBER);
    for token in [&own, &admin] {
        let seen = call(&app, "issued_certificate", &[("id", &id)], Some(token)).await;
        assert_eq!(seen.status, 200, "{}", seen.body);
        assert_eq!(seen.body["id_card"], MASKED);
    }

    // One person per number; removing it clears the file (the issued certificate keeps it).
    let wang = person_id(&app, WANG).await;
    let taken = call(
        &app,
        "set_id_card",
        &[("person", &wang), ("number", NUMBER)],
        Some(&staff),
    )
    .await;
    assert_eq!(
        taken.body["Invalid"][0]["Taken"], "IdCard",
        "{}",
        taken.body
    );
    let removed = call(
        &app,
        "set_id_card",
        &[("person", &liu), ("number", "")],
        Some(&staff),
    )
    .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    let file = call(&app, "my_file", &[], Some(&own)).await;
    assert_eq!(file.body["id_card_masked"], serde_json::Value::Null);
    let kept = call(&app, "issued_certificate", &[("id", &id)], Some(&staff)).await;
    assert_eq!(kept.body["id_card"], NUMBER);
    // The audit trail names the change without the number.
    let trail = call(&app, "audit_trail", &[], Some(&staff)).await.body;
    assert!(
        trail.to_string().contains(MASKED),
        "masked in the audit trail"
    );
    assert!(
        !trail.to_string().contains(NUMBER),
        "never whole in the audit trail"
    );
}
