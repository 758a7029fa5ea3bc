//! The IndexedDB module in a real browser (headless Chromium through wasm-bindgen-test): capture
//! is durable and survives a restart, replies clear the outbox, pulls resume from the saved
//! cursor, and a schema upgrade keeps a non-empty outbox. Also the small values kept beside it in
//! `localStorage` (`app::stored`).
#![cfg(all(target_arch = "wasm32", feature = "hydrate"))]

use app::domain::ids::PersonId;
use app::domain::sync::{Change, Entry, PullPage, PushReply, Receipt};
use app::offline::local_db::{LocalDb, DB_VERSION};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_name(test: &str) -> String {
    format!("lovebank-test-{test}-{}", js_sys::Math::random())
}

#[wasm_bindgen_test]
async fn captured_entries_survive_a_restart_with_their_device_and_numbers() {
    let name = fresh_name("restart");
    let me = PersonId::new("p-1");
    let db = LocalDb::open_named(&name, DB_VERSION).await.expect("open");
    let device = db.device().to_string();
    for i in 0..3u64 {
        let e = db
            .capture(
                format!("id-{i}"),
                me.clone(),
                "service",
                format!("{{\"n\":{i}}}"),
            )
            .await
            .expect("capture");
        assert_eq!(e.seq, i + 1);
        assert_eq!(e.device, device);
    }
    db.close();

    let db = LocalDb::open_named(&name, DB_VERSION)
        .await
        .expect("reopen");
    assert_eq!(db.device(), device, "the device id is made once");
    let outbox = db.outbox().await.expect("outbox");
    assert_eq!(outbox.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3]);
    let next = db
        .capture("id-3".into(), me, "service", "{}".into())
        .await
        .expect("capture after restart");
    assert_eq!(next.seq, 4, "numbering continues, never reuses");
}

#[wasm_bindgen_test]
async fn a_reply_clears_what_the_server_holds_and_keeps_the_rest() {
    let name = fresh_name("reply");
    let me = PersonId::new("p-2");
    let db = LocalDb::open_named(&name, DB_VERSION).await.expect("open");
    let mut batch = Vec::new();
    for i in 0..3 {
        batch.push(
            db.capture(format!("r-{i}"), me.clone(), "service", "{}".into())
                .await
                .expect("capture"),
        );
    }
    let reply = PushReply {
        receipts: vec![
            ("r-0".into(), Receipt::Accepted { change: 10 }),
            (
                "r-1".into(),
                Receipt::Quarantined {
                    reason: "malformed".into(),
                },
            ),
        ],
        acked_through: 2,
    };
    let plan = db.apply_push_reply(&batch, &reply).await.expect("apply");
    assert_eq!(plan.gone(), 2);
    let outbox = db.outbox().await.expect("outbox");
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].id, "r-2");
    assert_eq!(db.view(&me).await.expect("view").len(), 1);
    assert_eq!(db.quarantined().await.expect("quarantine").len(), 1);
}

#[wasm_bindgen_test]
async fn each_person_on_a_shared_phone_has_a_device_id_of_their_own() {
    let name = fresh_name("shared");
    let (first, second) = (PersonId::new("p-a"), PersonId::new("p-b"));
    let db = LocalDb::open_named(&name, DB_VERSION).await.expect("open");
    let a1 = db
        .capture("a-1".into(), first.clone(), "service", "{}".into())
        .await
        .expect("capture");
    let b1 = db
        .capture("b-1".into(), second.clone(), "service", "{}".into())
        .await
        .expect("capture");
    let a2 = db
        .capture("a-2".into(), first.clone(), "service", "{}".into())
        .await
        .expect("capture");
    assert_eq!(
        a1.device,
        db.device(),
        "the browser's first person keeps its id"
    );
    assert_ne!(b1.device, a1.device, "the server binds an id to one person");
    assert_eq!(
        (a1.seq, a2.seq, b1.seq),
        (1, 2, 1),
        "numbers run per device"
    );
    assert_eq!(db.outbox().await.expect("outbox").len(), 3);

    // The server refused the id for the second person: their entries move to a new one,
    // numbered from 1, the first person's stay as they were.
    let b2 = db
        .capture("b-2".into(), second.clone(), "service", "{}".into())
        .await
        .expect("capture");
    let moved_to = db
        .take_new_device(&second, &b1.device)
        .await
        .expect("new device");
    let outbox = db.outbox().await.expect("outbox");
    let theirs: Vec<_> = outbox.iter().filter(|e| e.author == second).collect();
    assert_eq!(theirs.len(), 2);
    assert!(theirs.iter().all(|e| e.device == moved_to));
    let mut seqs: Vec<u64> = theirs.iter().map(|e| e.seq).collect();
    seqs.sort_unstable();
    assert_eq!(seqs, [1, 2]);
    assert_eq!(b2.id, "b-2");
    let mine: Vec<_> = outbox.iter().filter(|e| e.author == first).collect();
    assert!(mine.iter().all(|e| e.device == db.device()));
    let next = db
        .capture("b-3".into(), second, "service", "{}".into())
        .await
        .expect("capture");
    assert_eq!((next.device.as_str(), next.seq), (moved_to.as_str(), 3));
}

#[wasm_bindgen_test]
async fn pulled_pages_are_kept_per_person_with_the_cursor() {
    let name = fresh_name("pull");
    let me = PersonId::new("p-3");
    let other = PersonId::new("p-4");
    let db = LocalDb::open_named(&name, DB_VERSION).await.expect("open");
    let changes = (1..=5u64)
        .map(|n| Change {
            change: n,
            entry: Entry {
                id: format!("c-{n}"),
                device: "elsewhere".into(),
                seq: n,
                author: if n % 2 == 0 {
                    other.clone()
                } else {
                    me.clone()
                },
                schema: 1,
                kind: "service".into(),
                body: "{}".into(),
            },
            receipt: Receipt::Accepted { change: n },
        })
        .collect();
    let changes: Vec<Change> = changes;
    // Change 3 came back first as the reply to this device's own push: the page holding it
    // later must not make it appear twice.
    let own = changes[2].clone();
    db.apply_push_reply(
        std::slice::from_ref(&own.entry),
        &PushReply {
            receipts: vec![(own.entry.id.clone(), own.receipt.clone())],
            acked_through: 0,
        },
    )
    .await
    .expect("reply");
    let page = PullPage {
        changes,
        next: 5,
        more: false,
    };
    assert!(db.apply_pull_page(&me, 0, &page).await.expect("apply"));
    assert_eq!(db.cursor(&me).await.expect("cursor"), 5);
    assert_eq!(db.cursor(&other).await.expect("cursor"), 0);
    let mine = db.view(&me).await.expect("view");
    assert_eq!(mine.iter().map(|c| c.change).collect::<Vec<_>>(), [1, 3, 5]);
    // The running count kept with the cursor equals a count of what the view holds.
    let counted = db.holdings(&me).await.expect("read").expect("kept");
    assert_eq!(counted, app::offline::lines::holdings(&me, &mine, 5));
    assert_eq!(counted.count, 3);
    // Another tab fetched the same page from cursor 0 and stores it late: it is not applied, so
    // nothing is counted twice.
    assert!(!db.apply_pull_page(&me, 0, &page).await.expect("apply"));
    assert_eq!(
        db.holdings(&me).await.expect("read").expect("kept"),
        counted
    );
    // After a restore of the server, the copy is rebuilt from the start.
    db.reset_view(&me).await.expect("reset");
    assert_eq!(db.cursor(&me).await.expect("cursor"), 0);
    assert!(db.view(&me).await.expect("view").is_empty());
    assert_eq!(db.holdings(&me).await.expect("read"), None);
}

/// Records the durability every IndexedDB transaction of the page is opened with.
fn watch_transactions() {
    js_sys::eval(
        "(() => { if (window.__lbTx) return; window.__lbTx = [];
           const open = IDBDatabase.prototype.transaction;
           IDBDatabase.prototype.transaction = function (stores, mode, options) {
             window.__lbTx.push({ stores: [].concat(stores).join(','), mode: mode || 'readonly',
               durability: (options && options.durability) || 'default' });
             return open.call(this, stores, mode, options);
           }; })()",
    )
    .expect("wrap");
    js_sys::eval("window.__lbTx.length = 0").expect("clear");
}

#[wasm_bindgen_test]
async fn a_capture_is_written_with_strict_durability() {
    let db = LocalDb::open_named(&fresh_name("strict"), DB_VERSION)
        .await
        .expect("open");
    watch_transactions();
    db.capture("s-1".into(), PersonId::new("p-9"), "service", "{}".into())
        .await
        .expect("capture");
    let seen = js_sys::eval("JSON.stringify(window.__lbTx)")
        .expect("read")
        .as_string()
        .expect("text");
    let seen: Vec<serde_json::Value> = serde_json::from_str(&seen).expect("json");
    let writes: Vec<&serde_json::Value> = seen
        .iter()
        .filter(|t| {
            t["mode"] == "readwrite" && t["stores"].as_str().is_some_and(|s| s.contains("outbox"))
        })
        .collect();
    assert!(!writes.is_empty(), "the capture wrote the outbox: {seen:?}");
    assert!(
        writes.iter().all(|t| t["durability"] == "strict"),
        "an entry is on disk before the page says saved: {seen:?}"
    );
}

#[wasm_bindgen_test]
async fn an_upgrade_keeps_a_non_empty_outbox() {
    let name = fresh_name("upgrade");
    let me = PersonId::new("p-5");
    // A phone still on the first schema, with two entries waiting…
    let old = LocalDb::open_named(&name, 1).await.expect("open v1");
    let device = old.device().to_string();
    for i in 0..2 {
        old.capture(format!("u-{i}"), me.clone(), "service", "{}".into())
            .await
            .expect("capture");
    }
    old.close();
    // …gets the new app: the upgrade adds stores and loses nothing.
    let new = LocalDb::open_named(&name, DB_VERSION)
        .await
        .expect("upgrade");
    assert_eq!(new.device(), device);
    let outbox = new.outbox().await.expect("outbox");
    assert_eq!(
        outbox.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["u-0", "u-1"]
    );
    assert!(new.quarantined().await.expect("new store").is_empty());
}

#[wasm_bindgen_test]
async fn an_old_tab_lets_go_so_a_newer_release_can_upgrade() {
    let name = fresh_name("blocked");
    let me = PersonId::new("p-6");
    // A tab of the old release stays open, with an entry waiting…
    let old = LocalDb::open_named(&name, 1).await.expect("open v1");
    old.capture("b-0".into(), me.clone(), "service", "{}".into())
        .await
        .expect("capture");
    assert!(!old.closed_for_upgrade());
    // …while a new release opens the database at the new version: without the old tab letting
    // go this would wait forever ("blocked") and the test would time out.
    let new = LocalDb::open_named(&name, DB_VERSION)
        .await
        .expect("upgrade while the old tab is open");
    assert!(
        old.closed_for_upgrade(),
        "the old tab knows to ask for a reload"
    );
    let outbox = new.outbox().await.expect("outbox");
    assert_eq!(outbox.len(), 1, "nothing lost");
}

/// Makes every `add` to an object store fail as a full disk would, until `restore_add`.
fn fail_adds_with_quota_exceeded() {
    js_sys::eval(
        "(() => { window.__lbAdd = IDBObjectStore.prototype.add;
           IDBObjectStore.prototype.add = function () {
             throw new DOMException('the disk is full', 'QuotaExceededError');
           }; })()",
    )
    .expect("patch");
}

fn restore_add() {
    js_sys::eval("IDBObjectStore.prototype.add = window.__lbAdd").expect("restore");
}

#[wasm_bindgen_test]
async fn a_full_disk_refuses_the_capture_whole_and_the_next_one_works() {
    let db = LocalDb::open_named(&fresh_name("quota"), DB_VERSION)
        .await
        .expect("open");
    let me = PersonId::new("p-10");
    db.capture("q-1".into(), me.clone(), "service", "{}".into())
        .await
        .expect("capture");
    fail_adds_with_quota_exceeded();
    let refused = db
        .capture("q-2".into(), me.clone(), "service", "{}".into())
        .await;
    restore_add();
    assert_eq!(
        refused.map(|e| e.id),
        Err(app::offline::LocalError::QuotaExceeded),
        "the page must not say saved"
    );
    // Nothing half-written: the sequence number did not move, the outbox holds only q-1.
    let outbox = db.outbox().await.expect("outbox");
    assert_eq!(
        outbox.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["q-1"]
    );
    let next = db
        .capture("q-3".into(), me, "service", "{}".into())
        .await
        .expect("capture after space was freed");
    assert_eq!(next.seq, 2, "the refused capture spent no number");
}

#[wasm_bindgen_test]
fn a_kept_person_reads_back_and_damaged_text_reads_as_nothing() {
    use app::domain::account::Me;
    use app::domain::ids::CommunityId;
    use app::domain::person::Role;
    use gloo_storage::{LocalStorage, Storage};

    let key = fresh_name("stored");
    let me = Me {
        person: PersonId::new("p-7"),
        name: "李秀英".into(),
        role: Role::Volunteer,
        community: Some(CommunityId::new("c-1")),
        community_name: Some("幸福社区".into()),
    };
    LocalStorage::set(&key, &me).expect("set");
    assert_eq!(app::stored::read::<Me>(&key), Some(me));

    let raw = LocalStorage::raw();
    raw.set_item(&key, "{\"person\":").expect("set raw");
    assert_eq!(app::stored::read::<Me>(&key), None, "cut-off text");
    raw.set_item(&key, "\"zh-CN\"").expect("set raw");
    assert_eq!(app::stored::read::<Me>(&key), None, "another type");
    assert_eq!(app::stored::read::<String>(&key).as_deref(), Some("zh-CN"));
    LocalStorage::delete(&key);
    assert_eq!(app::stored::read::<String>(&key), None, "nothing kept");
}
