//! Benchmark, in headless Chromium: the time from "save" to the capture transaction completing,
//! over 200 entries, beside a raw IndexedDB put of the same object (strict durability, one
//! transaction each) in the same run.
//!
//!     make bench-capture
//!
//! Prints medians; asserts only that every entry was stored (a benchmark, not a timed test).
#![cfg(all(target_arch = "wasm32", feature = "hydrate"))]

use app::domain::ids::PersonId;
use app::offline::local_db::{LocalDb, DB_VERSION};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ENTRIES: usize = 200;

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(|a, b| a.total_cmp(b));
    samples[samples.len() / 2]
}

fn body(i: usize) -> String {
    format!(
        r#"{{"date":"2026-11-28","start":"09:00","end":"10:30","place":"福康社区服务站","content":"陪伴独居老人 {i}","category":"community_help","beneficiary_kind":"","beneficiary":"","witness_name":"马桂兰","witness_phone":"13900020000"}}"#
    )
}

#[wasm_bindgen_test]
async fn capture_against_a_raw_put() {
    let suffix = js_sys::Math::random();
    let me = PersonId::new("bench-person");
    let db = LocalDb::open_named(&format!("bench-capture-{suffix}"), DB_VERSION)
        .await
        .expect("open");
    let raw = Database::open(format!("bench-raw-{suffix}").as_str())
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| {
            db.create_object_store("raw").build()?;
            Ok(())
        })
        .await
        .expect("open raw");

    let (mut capture, mut put) = (Vec::new(), Vec::new());
    for i in 0..ENTRIES {
        // Alternate, so both see the same disk and the same browser state.
        let t0 = now();
        let entry = db
            .capture(
                uuid::Uuid::now_v7().to_string(),
                me.clone(),
                "service",
                body(i),
            )
            .await
            .expect("capture");
        capture.push(now() - t0);

        let json = serde_json::to_string(&entry).expect("json");
        let t0 = now();
        let tx = raw
            .transaction("raw")
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
            .build()
            .expect("tx");
        tx.object_store("raw")
            .expect("store")
            .put(json)
            .with_key(format!("{i:020}"))
            .await
            .expect("put");
        tx.commit().await.expect("commit");
        put.push(now() - t0);
    }
    assert_eq!(db.outbox().await.expect("outbox").len(), ENTRIES);
    let (c, p) = (median(capture.clone()), median(put.clone()));
    let p95 = |mut s: Vec<f64>| {
        s.sort_by(|a, b| a.total_cmp(b));
        s[s.len() * 95 / 100]
    };
    console_log!("capture of {ENTRIES} entries (strict durability), headless Chromium:");
    console_log!("  capture  median {c:.2} ms   p95 {:.2} ms", p95(capture));
    console_log!("  raw put  median {p:.2} ms   p95 {:.2} ms", p95(put));
    console_log!("  capture / raw = {:.2}x", c / p);
}
