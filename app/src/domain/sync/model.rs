//! A randomized model test of the sync protocol: several devices and people, a network that
//! drops requests, drops replies after the server committed, duplicates and delays them (so they
//! arrive out of order), tabs that restart mid-sync, a phone shared by two people, and a business
//! rule that refuses some entries. After every schedule and a final quiet sync: every entry
//! created is on the server exactly once, no outbox holds anything, every device's view equals
//! the server's log, and every receipt a device holds is the server's.
//!
//! `LOVEBANK_SYNC_SCHEDULES` sets how many schedules run (default 10,000); a failure prints its
//! seed, and `LOVEBANK_SYNC_SEED` replays that one schedule.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

/// xorshift64*: tiny, deterministic, good enough to explore schedules.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// A claim on a wish is refused when someone's claim on it was already accepted.
fn claim_rule(log: &[Change], entry: &Entry) -> Option<String> {
    if entry.kind != "claim" {
        return None;
    }
    let taken = log.iter().any(|c| {
        c.entry.kind == "claim"
            && c.entry.body == entry.body
            && matches!(c.receipt, Receipt::Accepted { .. })
    });
    taken.then(|| "already claimed by someone else".to_string())
}

struct Device {
    /// What survives a restart: everything is persisted at capture and after each reply/page.
    state: DeviceState,
    user: PersonId,
}

/// A reply still travelling on the network.
enum InFlight {
    Push(usize, PushReply),
    Pull(usize, PullPage),
}

fn run(seed: u64) -> Result<(), String> {
    let mut rng = Rng::new(seed);
    let people: Vec<PersonId> = (0..3).map(|i| PersonId::new(format!("p{i}"))).collect();
    // d0 and d1 are two phones of p0; d2 is p1's; d3 is shared by p2 and p0.
    let owners = [0usize, 0, 1, 2];
    let mut devices: Vec<Device> = owners
        .iter()
        .enumerate()
        .map(|(i, &p)| Device {
            state: DeviceState::new(format!("d{i}")),
            user: people[p].clone(),
        })
        .collect();
    let mut server = MemoryServer::default();
    let mut created: BTreeSet<String> = BTreeSet::new();
    let mut in_flight: Vec<InFlight> = Vec::new();
    let mut next_id = 0u64;
    let all = |_: &Entry| true;

    let steps = 20 + rng.below(60);
    for _ in 0..steps {
        let d = rng.below(devices.len() as u64) as usize;
        match rng.below(100) {
            // Capture: a service record, or a claim on one of three wishes.
            0..=29 => {
                next_id += 1;
                let (kind, body) = if rng.chance(40) {
                    ("claim", format!("wish-{}", rng.below(3)))
                } else {
                    ("service", format!("{} minutes", 1 + rng.below(240)))
                };
                let user = devices[d].user.clone();
                let e = devices[d]
                    .state
                    .capture(format!("e{seed}-{next_id}"), user, kind, body);
                created.insert(e.id);
            }
            // Push a batch over an unreliable network.
            30..=59 => {
                let batch = devices[d]
                    .state
                    .batch(&devices[d].user, 1 + rng.below(4) as usize);
                if batch.is_empty() {
                    continue;
                }
                match rng.below(10) {
                    0 | 1 => {} // the request never arrives
                    2 | 3 => {
                        server.push(&batch, &claim_rule); // committed; the reply is lost
                    }
                    4 => {
                        server.push(&batch, &claim_rule); // delivered twice
                        let reply = server.push(&batch, &claim_rule);
                        devices[d].state.on_push_reply(&reply);
                    }
                    5 | 6 => {
                        let reply = server.push(&batch, &claim_rule); // arrives later
                        in_flight.push(InFlight::Push(d, reply));
                    }
                    _ => {
                        let reply = server.push(&batch, &claim_rule);
                        devices[d].state.on_push_reply(&reply);
                    }
                }
            }
            // Pull a page.
            60..=79 => {
                let page = server.pull(devices[d].state.cursor, 1 + rng.below(5) as usize, &all);
                match rng.below(10) {
                    0 | 1 => {}
                    2 | 3 => in_flight.push(InFlight::Pull(d, page)),
                    _ => devices[d].state.on_pull_page(&page),
                }
            }
            // A delayed reply arrives, in any order.
            80..=89 => {
                if !in_flight.is_empty() {
                    match in_flight.swap_remove(rng.below(in_flight.len() as u64) as usize) {
                        InFlight::Push(d, reply) => devices[d].state.on_push_reply(&reply),
                        InFlight::Pull(d, page) => devices[d].state.on_pull_page(&page),
                    }
                }
            }
            // The tab restarts: replies in flight to it are lost; its stored state survives.
            90..=95 => in_flight
                .retain(|f| !matches!(f, InFlight::Push(x, _) | InFlight::Pull(x, _) if *x == d)),
            // Someone else signs in on the shared phone.
            _ => {
                let p = if devices[3].user == people[2] { 0 } else { 2 };
                devices[3].user = people[p].clone();
            }
        }
    }

    // A quiet network at last: every author signs in on each device that holds their entries.
    for device in &mut devices {
        let authors: BTreeSet<PersonId> = device
            .state
            .outbox
            .values()
            .map(|e| e.author.clone())
            .collect();
        for author in authors {
            loop {
                let batch = device.state.batch(&author, 3);
                if batch.is_empty() {
                    break;
                }
                let reply = server.push(&batch, &claim_rule);
                device.state.on_push_reply(&reply);
            }
        }
    }
    for device in &mut devices {
        loop {
            let page = server.pull(device.state.cursor, 4, &all);
            device.state.on_pull_page(&page);
            if !page.more {
                break;
            }
        }
    }

    // Exactly once.
    let mut seen = BTreeMap::new();
    for change in server.log() {
        *seen.entry(change.entry.id.clone()).or_insert(0) += 1;
    }
    for id in &created {
        match seen.get(id) {
            Some(1) => {}
            Some(n) => return Err(format!("{id} is on the server {n} times")),
            None => return Err(format!("{id} was lost")),
        }
    }
    if seen.len() != created.len() {
        return Err("the server holds entries nobody created".into());
    }
    if !server.quarantined().is_empty() {
        return Err(format!(
            "honest devices were quarantined: {:?}",
            server.quarantined()
        ));
    }
    // Claims: one winner per wish, the others refused with the reason, none lost.
    for wish in 0..3 {
        let body = format!("wish-{wish}");
        let winners = server
            .log()
            .iter()
            .filter(|c| c.entry.body == body && matches!(c.receipt, Receipt::Accepted { .. }))
            .count();
        if winners > 1 {
            return Err(format!("{body} was claimed {winners} times"));
        }
    }
    for (i, device) in devices.iter().enumerate() {
        if !device.state.outbox.is_empty() {
            return Err(format!(
                "d{i} still holds {} unsent entries",
                device.state.outbox.len()
            ));
        }
        let view: Vec<&Change> = device.state.view.values().collect();
        let mut log: Vec<&Change> = server.log().iter().collect();
        log.sort_by(|a, b| a.entry.id.cmp(&b.entry.id));
        if view != log {
            return Err(format!(
                "d{i}'s view differs from the server: {} vs {} changes",
                view.len(),
                log.len()
            ));
        }
        for (id, receipt) in &device.state.receipts {
            let server_receipt = server
                .log()
                .iter()
                .find(|c| &c.entry.id == id)
                .map(|c| &c.receipt);
            if server_receipt != Some(receipt) {
                return Err(format!(
                    "d{i} holds a receipt for {id} the server never gave"
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn the_protocol_never_loses_or_doubles_an_entry() {
    if let Some(seed) = std::env::var("LOVEBANK_SYNC_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        if let Err(e) = run(seed) {
            panic!("seed {seed}: {e}");
        }
        return;
    }
    let schedules: u64 = std::env::var("LOVEBANK_SYNC_SCHEDULES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    for seed in 0..schedules {
        if let Err(e) = run(seed) {
            panic!("schedule failed — replay with LOVEBANK_SYNC_SEED={seed}: {e}");
        }
    }
}

#[test]
fn a_reused_id_or_device_sequence_is_quarantined_not_overwritten() {
    let mut server = MemoryServer::default();
    let mut device = DeviceState::new("d0");
    let p = PersonId::new("p0");
    let first = device.capture("e1".into(), p.clone(), "service", "60 minutes".into());
    let reply = server.push(std::slice::from_ref(&first), &claim_rule);
    assert_eq!(reply.acked_through, 1);

    // Same id, other content: quarantined; the original is untouched.
    let mut forged = first.clone();
    forged.body = "600 minutes".into();
    let reply = server.push(&[forged], &claim_rule);
    assert!(matches!(reply.receipts[0].1, Receipt::Quarantined { .. }));
    assert_eq!(server.log().len(), 1);
    assert_eq!(server.log()[0].entry.body, "60 minutes");

    // A restored backup of the phone numbers a new entry 1 again: a fork, detected.
    let mut clone = DeviceState::new("d0");
    let again = clone.capture("e2".into(), p, "service", "30 minutes".into());
    let reply = server.push(std::slice::from_ref(&again), &claim_rule);
    assert!(
        matches!(&reply.receipts[0].1, Receipt::Quarantined { reason } if reason.contains("cloned"))
    );
    clone.on_push_reply(&reply);
    assert!(clone.outbox.is_empty());
    assert_eq!(
        clone.quarantined.get("e2"),
        Some(&again),
        "kept on the phone for export"
    );
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
fn an_old_format_entry_from_the_future_is_quarantined_and_does_not_block_the_rest() {
    let mut server = MemoryServer::default();
    let mut device = DeviceState::new("d0");
    let p = PersonId::new("p0");
    let mut odd = device.capture("e1".into(), p.clone(), "service", "x".into());
    odd.schema = SCHEMA_VERSION + 1;
    device.outbox.insert(1, odd);
    device.capture("e2".into(), p.clone(), "service", "y".into());
    let reply = server.push(&device.batch(&p, 10), &claim_rule);
    assert_eq!(
        reply.acked_through, 2,
        "the poison entry does not block the one behind it"
    );
    device.on_push_reply(&reply);
    assert!(device.outbox.is_empty());
    assert!(matches!(device.receipts["e2"], Receipt::Accepted { .. }));
}
