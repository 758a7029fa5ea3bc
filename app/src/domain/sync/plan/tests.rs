use super::*;
use crate::domain::ids::PersonId;

fn entry(id: &str, device: &str, seq: u64, body: &str) -> Entry {
    Entry {
        id: id.into(),
        device: device.into(),
        seq,
        author: PersonId::new("p"),
        schema: SCHEMA_VERSION,
        kind: "service".into(),
        body: body.into(),
    }
}

fn held(e: &Entry, change: u64) -> HeldEntry {
    HeldEntry {
        content: e.content_fingerprint(),
        device: e.device.clone(),
        seq: e.seq,
        receipt: Receipt::Accepted { change },
    }
}

#[test]
fn a_replay_gets_its_receipt_and_a_renumbered_replay_spends_its_new_number() {
    let e = entry("e1", "d", 1, "x");
    let h = held(&e, 7);
    let facts = Facts {
        held: Some(&h),
        seq_owner: Some("e1"),
        ..Facts::default()
    };
    assert_eq!(
        plan_entry(&e, facts),
        Step::Replay {
            receipt: Receipt::Accepted { change: 7 },
            spend: false
        }
    );
    let moved = entry("e1", "d2", 1, "x");
    let facts = Facts {
        held: Some(&h),
        ..Facts::default()
    };
    assert_eq!(
        plan_entry(&moved, facts),
        Step::Replay {
            receipt: Receipt::Accepted { change: 7 },
            spend: true
        }
    );
}

#[test]
fn other_content_under_a_held_id_is_quarantined_and_a_taken_number_is_a_fork() {
    let e = entry("e1", "d", 1, "x");
    let h = held(&e, 7);
    let forged = entry("e1", "d", 2, "y");
    let step = plan_entry(
        &forged,
        Facts {
            held: Some(&h),
            ..Facts::default()
        },
    );
    assert_eq!(
        step,
        Step::Quarantine {
            reason: REUSED_ID.into(),
            spend: true
        }
    );
    let clone = entry("e2", "d", 1, "z");
    let step = plan_entry(
        &clone,
        Facts {
            seq_owner: Some("e1"),
            ..Facts::default()
        },
    );
    assert_eq!(step, Step::Forked);
    assert_eq!(step.receipt(), Some(Receipt::Forked));
}

#[test]
fn a_newer_format_waits_and_schema_zero_is_quarantined() {
    let mut e = entry("e1", "d", 1, "x");
    e.schema = SCHEMA_VERSION + 1;
    assert!(matches!(
        plan_entry(&e, Facts::default()),
        Step::Defer { .. }
    ));
    e.schema = 0;
    assert!(matches!(
        plan_entry(&e, Facts::default()),
        Step::Quarantine { spend: true, .. }
    ));
    e.schema = SCHEMA_VERSION;
    assert_eq!(plan_entry(&e, Facts::default()), Step::Apply);
}

#[test]
fn held_through_stops_at_the_first_gap() {
    assert_eq!(held_through(0, [3, 1, 2, 5]), 3);
    assert_eq!(held_through(3, [2, 4, 4, 6]), 4);
    assert_eq!(held_through(0, []), 0);
}

#[test]
fn a_reply_plan_keeps_deferred_entries_and_asks_a_fork_to_renumber() {
    let batch = [
        entry("a", "d", 1, "x"),
        entry("b", "d", 2, "x"),
        entry("c", "d", 3, "x"),
        entry("e", "d", 4, "x"),
        entry("f", "d", 5, "x"),
    ];
    let reply = PushReply {
        receipts: vec![
            ("a".into(), Receipt::Accepted { change: 1 }),
            (
                "b".into(),
                Receipt::Quarantined {
                    reason: "bad".into(),
                },
            ),
            (
                "c".into(),
                Receipt::Deferred {
                    reason: "newer".into(),
                },
            ),
            ("e".into(), Receipt::Forked),
        ],
        acked_through: 2,
    };
    let plan = plan_reply(&batch, &reply);
    assert_eq!(plan.stored.len(), 1);
    assert_eq!(plan.quarantined, vec![(1, "bad".to_string())]);
    assert_eq!(plan.deferred, vec![2]);
    assert!(plan.renumber);
    assert!(
        plan.cleared.is_empty(),
        "f has no receipt and is above the mark"
    );
    assert_eq!(plan.gone(), 2);
}

#[test]
fn a_proof_that_fails_resends_when_the_device_holds_more_and_reports_only_after_a_rebuild() {
    let held = Holdings {
        through: 9,
        count: 6,
        digest: 1,
    };
    let answer = |matches, server_count| Reconciled {
        matches,
        server_count,
    };
    assert_eq!(
        plan_proof(&held, &answer(true, 6), false),
        ProofPlan::Matches
    );
    assert_eq!(
        plan_proof(&held, &answer(false, 3), false),
        ProofPlan::Resend
    );
    assert_eq!(
        plan_proof(&held, &answer(false, 6), false),
        ProofPlan::Rebuild
    );
    assert_eq!(
        plan_proof(&held, &answer(false, 8), false),
        ProofPlan::Rebuild
    );
    assert_eq!(
        plan_proof(&held, &answer(false, 3), true),
        ProofPlan::Report
    );
}

#[test]
fn a_page_fetched_from_an_old_cursor_is_not_applied_twice() {
    let page = PullPage {
        changes: Vec::new(),
        next: 10,
        more: false,
    };
    assert_eq!(plan_page(4, 4, &page), PagePlan::Apply);
    assert_eq!(plan_page(4, 10, &page), PagePlan::Stale);
}
