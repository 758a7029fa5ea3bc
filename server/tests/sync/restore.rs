//! A server restored from an older backup gets every entry back, exactly once, from the phones.

use super::*;

/// A device's whole sync, as the browser's runner does it: push what waits, pull every page,
/// prove the holdings, and follow the proof's plan.
async fn sync(app: &TestApp, token: &str, phone: &mut DeviceState) -> Reconciled {
    use app::domain::sync::plan::{plan_proof, ProofPlan};
    let person = me(app, token).await;
    loop {
        let batch = phone.batch(&person, 200);
        if batch.is_empty() {
            break;
        }
        let reply = push_from(app, token, &batch, phone.last_seq).await;
        phone.on_push_reply(&batch, &reply);
    }
    let mut rebuilt = false;
    loop {
        pull_all(app, token, &person, phone).await;
        let held = holdings(phone);
        let answer = reconcile(app, token, "phone", &held).await;
        match plan_proof(&held, &answer, rebuilt) {
            ProofPlan::Matches | ProofPlan::Report => return answer,
            plan => {
                if plan == ProofPlan::Resend {
                    let mine: Vec<Entry> = phone.view.values().map(|c| c.entry.clone()).collect();
                    for batch in mine.chunks(200) {
                        push_from(app, token, batch, phone.last_seq).await;
                    }
                }
                phone.view.clear();
                phone.cursor = 0;
                rebuilt = true;
            }
        }
    }
}

async fn pull_all(app: &TestApp, token: &str, person: &PersonId, phone: &mut DeviceState) {
    loop {
        let cursor = phone.cursor.to_string();
        let page = call(
            app,
            "sync_pull",
            &[
                ("expected", person.as_str()),
                ("cursor", &cursor),
                ("limit", "3"),
            ],
            Some(token),
        )
        .await
        .body;
        let page: PullPage = serde_json::from_value(page).expect("page");
        phone.on_pull_page(phone.cursor, &page);
        if !page.more {
            break;
        }
    }
}

fn holdings(phone: &DeviceState) -> Holdings {
    let mut held = Holdings::new(phone.cursor);
    for change in phone.view.values() {
        held.add(change.change, &change.entry);
    }
    held
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_restore_to_an_older_backup_every_entry_comes_back_exactly_once() {
    if common::on_postgres() {
        // The backup here is SQLite's `server backup`; PostgreSQL is backed up with its own
        // tools. What the devices do after a restore is the same protocol on either store.
        eprintln!("skipped on PostgreSQL: `server backup` copies SQLite files");
        return;
    }
    let app = spawn_app().await;
    let token = session(&app, LIU_FANG).await;
    let author = me(&app, &token).await;
    let mut phone = DeviceState::new("0190c0de-0000-7000-8000-00000000f3f3");
    let mut captured = Vec::new();
    let mut log = |phone: &mut DeviceState, n: u32| {
        let start = format!("{:02}:00", 6 + n);
        let end = format!("{:02}:30", 6 + n);
        let entry = phone.capture(
            format!("0190c0de-0000-7000-8000-0000000f30{n:02}"),
            author.clone(),
            "service",
            service_in("community_help", &start, &end),
        );
        captured.push(entry.id);
    };
    for n in 0..3 {
        log(&mut phone, n);
    }
    assert!(sync(&app, &token, &mut phone).await.matches);

    // The nightly backup, taken while the server runs.
    let backups = tempfile::tempdir().expect("dir");
    let copy = backups.path().join("lovebank-backup.db");
    let url = app.store.pool().connect_options().database_url.to_string();
    server::store::SqlStore::backup(&url, &copy)
        .await
        .expect("backup");
    assert!(
        server::store::SqlStore::backup(&url, &copy).await.is_err(),
        "never overwrites"
    );

    // More work the next morning, acknowledged by the server…
    for n in 3..6 {
        log(&mut phone, n);
    }
    assert!(sync(&app, &token, &mut phone).await.matches);
    assert!(phone.outbox.is_empty(), "the phone let go of all six");

    // …then the disk fails and the server is restored from last night's backup.
    let restored_dir = tempfile::tempdir().expect("dir");
    std::fs::copy(&copy, restored_dir.path().join("lovebank.db")).expect("restore");
    let restored = common::spawn_app_on(restored_dir, "lovebank.db").await;
    let token = session(&restored, LIU_FANG).await;
    let answer = sync(&restored, &token, &mut phone).await;
    assert!(answer.matches, "back to matches by itself: {answer:?}");
    let page: PullPage = serde_json::from_value(
        call(
            &restored,
            "sync_pull",
            &[
                ("expected", author.as_str()),
                ("cursor", "0"),
                ("limit", "1000"),
            ],
            Some(&token),
        )
        .await
        .body,
    )
    .expect("page");
    for id in &captured {
        let copies = page.changes.iter().filter(|c| &c.entry.id == id).count();
        assert_eq!(copies, 1, "{id} is on the restored server exactly once");
    }
    let book = common::passbook(&restored, &token).await;
    for id in &captured {
        let lines = book["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .filter(|r| r["line"]["id"] == id.as_str())
            .count();
        assert_eq!(lines, 1, "{id} is in the passbook once");
    }
}
