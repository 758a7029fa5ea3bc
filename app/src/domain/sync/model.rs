//! The randomized model test of the sync protocol: [`super::simulation`]'s schedules against the
//! in-memory reference server. The server crate runs the same schedules against the SQLite store.
//!
//! `LOVEBANK_SYNC_SCHEDULES` sets how many schedules run (default 10,000) and
//! `LOVEBANK_SYNC_BASE_SEED` where they start (default: drawn, and printed); a failure prints its
//! seed, and `LOVEBANK_SYNC_SEED` replays that one schedule.

use super::simulation::{claim_rule, run, Cast, Server};
use super::*;

struct Memory(MemoryServer);

impl Server for Memory {
    fn push(&mut self, _author: &PersonId, batch: &[Entry]) -> PushReply {
        self.0.push(batch, &claim_rule)
    }
    fn pull(&mut self, author: &PersonId, cursor: u64, limit: usize) -> PullPage {
        self.0.pull(author, cursor, limit)
    }
    fn log(&mut self) -> Vec<Change> {
        self.0.log().to_vec()
    }
    fn quarantined(&mut self) -> usize {
        self.0.quarantined().len()
    }
}

fn cast() -> Cast {
    Cast {
        people: [
            PersonId::new("p0"),
            PersonId::new("p1"),
            PersonId::new("p2"),
        ],
        wishes: ["w0".into(), "w1".into(), "w2".into()],
        date: "2026-11-28".into(),
        category: "community_help".into(),
    }
}

/// Where a run's seeds start: given, or drawn from the clock (and printed, to replay).
fn base_seed() -> u64 {
    let base = std::env::var("LOVEBANK_SYNC_BASE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64 % 1_000_000_000)
                .unwrap_or(0)
        });
    // Straight to stderr, past the test harness's capture, so every run's log shows it.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "sync model: base seed {base} (LOVEBANK_SYNC_BASE_SEED={base} runs these again)"
    );
    base
}

#[test]
fn the_protocol_never_loses_or_doubles_an_entry() {
    if let Some(seed) = std::env::var("LOVEBANK_SYNC_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        if let Err(e) = run(seed, &mut Memory(MemoryServer::default()), &cast()) {
            panic!("seed {seed}: {e}");
        }
        return;
    }
    let schedules: u64 = std::env::var("LOVEBANK_SYNC_SCHEDULES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let base = base_seed();
    for seed in base..base + schedules {
        if let Err(e) = run(seed, &mut Memory(MemoryServer::default()), &cast()) {
            panic!("schedule failed — replay with LOVEBANK_SYNC_SEED={seed}: {e}");
        }
    }
}

#[test]
fn a_reused_id_is_quarantined_and_a_restored_phone_renumbers_and_loses_nothing() {
    let mut server = MemoryServer::default();
    let mut device = DeviceState::new("d0");
    let p = PersonId::new("p0");
    let first = device.capture("e1".into(), p.clone(), "service", "60 minutes".into());
    let backup = device.clone();
    let reply = server.push(std::slice::from_ref(&first), &claim_rule);
    assert_eq!(reply.acked_through, 1);
    device.on_push_reply(std::slice::from_ref(&first), &reply);

    // Same id, other content: quarantined; the original is untouched.
    let mut forged = first.clone();
    forged.body = "600 minutes".into();
    let reply = server.push(&[forged], &claim_rule);
    assert!(matches!(reply.receipts[0].1, Receipt::Quarantined { .. }));
    assert_eq!(server.log().len(), 1);
    assert_eq!(server.log()[0].entry.body, "60 minutes");

    // The phone is restored from a backup taken before e1 was acknowledged, then captures e2,
    // which takes number 2; then a third entry, number 3. The server already holds number 1.
    let mut restored = backup;
    restored.capture("e2".into(), p.clone(), "service", "30 minutes".into());
    let batch = restored.batch(&p, 10);
    let reply = server.push(&batch, &claim_rule);
    assert_eq!(
        reply.receipts[0].1,
        Receipt::Accepted { change: 1 },
        "e1 again: a replay"
    );
    assert!(!restored.on_push_reply(&batch, &reply), "number 2 was free");
    assert!(restored.outbox.is_empty());

    // A clone of the phone made before e2 numbers its own entry 2: a fork, renumbered.
    let mut clone = DeviceState::new("d0");
    clone.last_seq = 1;
    clone.capture("e3".into(), p.clone(), "service", "45 minutes".into());
    let batch = clone.batch(&p, 10);
    let reply = server.push(&batch, &claim_rule);
    assert_eq!(reply.receipts[0].1, Receipt::Forked);
    assert!(clone.on_push_reply(&batch, &reply));
    clone.take_new_device("d0-new");
    let batch = clone.batch(&p, 10);
    assert_eq!((batch[0].device.as_str(), batch[0].seq), ("d0-new", 1));
    let reply = server.push(&batch, &claim_rule);
    assert!(matches!(reply.receipts[0].1, Receipt::Accepted { .. }));
    assert!(server.quarantined().len() == 1, "only the forged entry");
    assert_eq!(server.log().len(), 3);
}

#[test]
fn another_persons_entries_wait_for_them_on_a_shared_phone() {
    let mut device = DeviceState::new("d3");
    let a = PersonId::new("a");
    let b = PersonId::new("b");
    device.capture("e1".into(), a.clone(), "service", "x".into());
    device.capture("e2".into(), b.clone(), "service", "y".into());
    let batch = device.batch(&b, 10);
    assert_eq!(batch.len(), 1);
    assert_eq!(batch[0].author, b, "b never pushes a's entry");
    assert_eq!(device.batch(&a, 10)[0].id, "e1");
}

#[test]
fn an_entry_of_a_newer_format_waits_without_blocking_and_is_taken_after_an_upgrade() {
    let mut server = MemoryServer::default();
    let mut device = DeviceState::new("d0");
    let p = PersonId::new("p0");
    let mut newer = device.capture("e1".into(), p.clone(), "service", "x".into());
    newer.schema = SCHEMA_VERSION + 1;
    device.outbox.insert(1, newer);
    device.capture("e2".into(), p.clone(), "service", "y".into());
    let batch = device.batch(&p, 10);
    let reply = server.push(&batch, &claim_rule);
    assert!(matches!(reply.receipts[0].1, Receipt::Deferred { .. }));
    assert_eq!(reply.acked_through, 0, "number 1 is not spent");
    device.on_push_reply(&batch, &reply);
    assert!(matches!(device.receipts["e2"], Receipt::Accepted { .. }));
    assert_eq!(device.outbox.len(), 1, "e1 waits on the phone");
    assert!(
        device.batch(&p, 10).is_empty(),
        "not offered again in this sync"
    );
    device.end_sync();
    // The server is upgraded (here: the phone's entry turns out readable): it is taken then.
    let mut later = device.batch(&p, 10);
    later[0].schema = SCHEMA_VERSION;
    device.outbox.insert(1, later[0].clone());
    let reply = server.push(&later, &claim_rule);
    assert!(matches!(reply.receipts[0].1, Receipt::Accepted { .. }));
    assert_eq!(reply.acked_through, 2);
    device.on_push_reply(&later, &reply);
    assert!(device.outbox.is_empty());
}

#[test]
fn a_late_reply_never_clears_an_entry_that_took_its_number_since() {
    let mut device = DeviceState::new("d0");
    let p = PersonId::new("p0");
    let old = device.capture("e1".into(), p.clone(), "service", "x".into());
    device.take_new_device("d1");
    device.outbox.clear();
    device.last_seq = 0;
    device.device = "d0".into();
    let newer = device.capture("e2".into(), p.clone(), "service", "y".into());
    assert_eq!(newer.seq, old.seq);
    let reply = PushReply {
        receipts: vec![("e1".into(), Receipt::Accepted { change: 1 })],
        acked_through: 1,
    };
    device.on_push_reply(&[old], &reply);
    assert_eq!(device.outbox.get(&1), Some(&newer), "e2 is still waiting");
}
