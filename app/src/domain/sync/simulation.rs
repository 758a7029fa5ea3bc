//! Random schedules of the sync protocol, run against any server: several browsers and people,
//! a network that drops requests, drops replies after the server committed, duplicates and
//! delays them (so they arrive out of order), tabs that restart mid-sync, a phone shared by two
//! people, a phone restored from an old backup and a cloned phone (both reuse device numbers),
//! and a business rule that refuses some entries (two claims on one wish). After the schedule and
//! a final quiet sync: every entry still held somewhere is on the server exactly once, nothing is
//! quarantined, no outbox holds anything, every device's view equals the server's entries of its
//! person, and every receipt a device holds is the server's.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, DeviceState, Entry, PullPage, PushReply};
use crate::domain::command::Command;
use crate::domain::ids::PersonId;
use crate::domain::record::RecordInput;
use crate::domain::wish::ClaimInput;

/// A server the schedules run against.
pub trait Server {
    /// A push by `author` (signed in) of their own entries from one device.
    fn push(&mut self, author: &PersonId, batch: &[Entry]) -> PushReply;
    fn pull(&mut self, author: &PersonId, cursor: u64, limit: usize) -> PullPage;
    /// Every change the server holds, in change order.
    fn log(&mut self) -> Vec<Change>;
    /// How many entries it has quarantined.
    fn quarantined(&mut self) -> usize;
}

/// Who and what the schedules use: three people and three one-volunteer wishes of the server's
/// world, and a date and a category its rules accept.
#[derive(Clone, Debug)]
pub struct Cast {
    pub people: [PersonId; 3],
    pub wishes: [String; 3],
    pub date: String,
    pub category: String,
}

/// xorshift64*: tiny, deterministic, good enough to explore schedules.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// One browser: a device state per person who signed in on it.
#[derive(Clone)]
struct Browser {
    states: BTreeMap<PersonId, DeviceState>,
    user: PersonId,
    name: String,
    /// A copy of the states taken earlier (the phone's backup), to restore.
    backup: Option<BTreeMap<PersonId, DeviceState>>,
    forks: u32,
}

impl Browser {
    fn state(&mut self) -> &mut DeviceState {
        let device = format!("{}-{}", self.name, self.user.as_str());
        self.states
            .entry(self.user.clone())
            .or_insert_with(|| DeviceState::new(device))
    }

    /// A fork was detected: the state goes on under a new device id.
    fn renumber(&mut self, person: &PersonId) {
        self.forks += 1;
        let device = format!("{}-{}-f{}", self.name, person.as_str(), self.forks);
        if let Some(state) = self.states.get_mut(person) {
            state.take_new_device(device);
        }
    }
}

/// A reply still travelling on the network.
struct InFlight {
    browser: usize,
    person: PersonId,
    batch: Vec<Entry>,
    reply: Option<PushReply>,
    page: Option<(u64, PullPage)>,
}

fn service(rng: &mut Rng, cast: &Cast) -> Command {
    let start = 6 * 60 + rng.below(12 * 60);
    let end = start + 1 + rng.below(240);
    let hm = |m: u64| format!("{:02}:{:02}", m / 60, m % 60);
    Command::Service(RecordInput {
        date: cast.date.clone(),
        start: hm(start),
        end: hm(end),
        place: "社区服务站".into(),
        content: "陪老人聊天".into(),
        category: cast.category.clone(),
        witness_name: "马桂兰".into(),
        witness_phone: "13900020000".into(),
        ..RecordInput::default()
    })
}

/// The business rule of the memory server, the same as the real one for these schedules: a
/// one-volunteer wish is taken by the first accepted claim.
pub fn claim_rule(log: &[Change], entry: &Entry) -> Option<String> {
    let wish_of = |e: &Entry| match Command::read(&e.kind, &e.body) {
        Ok(Command::Claim(c)) => Some(c.wish),
        _ => None,
    };
    let wish = wish_of(entry)?;
    let taken = log.iter().any(|c| {
        matches!(c.receipt, super::Receipt::Accepted { .. })
            && wish_of(&c.entry) == Some(wish.clone())
    });
    taken.then(|| "already claimed".to_string())
}

/// Runs schedule `seed` against `server`; `Err` says what broke.
pub fn run(seed: u64, server: &mut dyn Server, cast: &Cast) -> Result<(), String> {
    let mut rng = Rng::new(seed);
    let people = &cast.people;
    // b0 and b1 are two phones of p0; b2 is p1's; b3 is shared by p2 and p0.
    let mut browsers: Vec<Browser> = [0usize, 0, 1, 2]
        .iter()
        .enumerate()
        .map(|(i, &p)| Browser {
            states: BTreeMap::new(),
            user: people[p].clone(),
            name: format!("s{seed:x}-b{i}"),
            backup: None,
            forks: 0,
        })
        .collect();
    let mut created: BTreeSet<String> = BTreeSet::new();
    let mut lost: BTreeSet<String> = BTreeSet::new();
    let mut in_flight: Vec<InFlight> = Vec::new();
    let mut next_id = 0u64;

    let steps = 20 + rng.below(60);
    for _ in 0..steps {
        let b = rng.below(browsers.len() as u64) as usize;
        let user = browsers[b].user.clone();
        match rng.below(100) {
            0..=27 => {
                next_id += 1;
                let command = if rng.chance(40) {
                    Command::Claim(ClaimInput {
                        wish: cast.wishes[rng.below(3) as usize].clone(),
                    })
                } else {
                    service(&mut rng, cast)
                };
                let id = format!("s{seed:x}-e{next_id}");
                browsers[b].state().capture(
                    id.clone(),
                    user,
                    command.kind().name(),
                    command.body(),
                );
                created.insert(id);
            }
            28..=57 => {
                let batch = browsers[b].state().batch(&user, 1 + rng.below(4) as usize);
                if batch.is_empty() {
                    continue;
                }
                let flight = |reply| InFlight {
                    browser: b,
                    person: user.clone(),
                    batch: batch.clone(),
                    reply: Some(reply),
                    page: None,
                };
                match rng.below(10) {
                    0 | 1 => {} // the request never arrives
                    2 | 3 => {
                        server.push(&user, &batch); // committed; the reply is lost
                    }
                    4 => {
                        server.push(&user, &batch); // delivered twice
                        let reply = server.push(&user, &batch);
                        in_flight.push(flight(reply));
                        deliver(&mut browsers, in_flight.pop());
                    }
                    5 | 6 => {
                        let reply = server.push(&user, &batch); // arrives later
                        in_flight.push(flight(reply));
                    }
                    _ => {
                        let reply = server.push(&user, &batch);
                        in_flight.push(flight(reply));
                        deliver(&mut browsers, in_flight.pop());
                    }
                }
            }
            58..=75 => {
                let cursor = browsers[b].state().cursor;
                let page = server.pull(&user, cursor, 1 + rng.below(5) as usize);
                let flight = InFlight {
                    browser: b,
                    person: user.clone(),
                    batch: Vec::new(),
                    reply: None,
                    page: Some((cursor, page)),
                };
                match rng.below(10) {
                    0 | 1 => {}
                    2 | 3 => in_flight.push(flight),
                    _ => deliver(&mut browsers, Some(flight)),
                }
            }
            76..=85 => {
                if !in_flight.is_empty() {
                    let at = rng.below(in_flight.len() as u64) as usize;
                    deliver(&mut browsers, Some(in_flight.swap_remove(at)));
                }
            }
            // The tab restarts: replies in flight to it are lost; its stored state survives.
            86..=90 => in_flight.retain(|f| f.browser != b),
            // The phone's backup is taken now.
            91..=93 => browsers[b].backup = Some(browsers[b].states.clone()),
            // The phone is restored from its backup: what it captured since is gone from it.
            94..=95 => {
                if let Some(backup) = browsers[b].backup.clone() {
                    for state in browsers[b].states.values() {
                        lost.extend(state.outbox.values().map(|e| e.id.clone()));
                    }
                    for state in backup.values() {
                        for e in state.outbox.values() {
                            lost.remove(&e.id);
                        }
                    }
                    browsers[b].states = backup;
                    in_flight.retain(|f| f.browser != b);
                }
            }
            // The phone is cloned onto a new one (once): both go on with the same device ids.
            96 => {
                if browsers.len() == 4 {
                    let mut clone = browsers[b].clone();
                    clone.name = format!("s{seed:x}-b4");
                    browsers.push(clone);
                }
            }
            // Someone else signs in on the shared phone.
            _ => {
                let p = if browsers[3].user == people[2] { 0 } else { 2 };
                browsers[3].user = people[p].clone();
            }
        }
    }

    // A quiet network at last: every person signs in on each browser that holds their entries.
    for browser in &mut browsers {
        let persons: Vec<PersonId> = browser.states.keys().cloned().collect();
        for person in persons {
            for _ in 0..1000 {
                let state = browser.states.get_mut(&person).expect("a state");
                let batch = state.batch(&person, 3);
                if batch.is_empty() {
                    break;
                }
                let reply = server.push(&person, &batch);
                if state.on_push_reply(&batch, &reply) {
                    browser.renumber(&person);
                }
            }
        }
    }
    // Then every device pulls what it has not seen.
    for browser in &mut browsers {
        for (person, state) in browser.states.iter_mut() {
            loop {
                let cursor = state.cursor;
                let page = server.pull(person, cursor, 4);
                state.on_pull_page(cursor, &page);
                if !page.more {
                    break;
                }
            }
        }
    }
    check(server, &browsers, &created, &lost)
}

fn deliver(browsers: &mut [Browser], flight: Option<InFlight>) {
    let Some(f) = flight else { return };
    let browser = &mut browsers[f.browser];
    let Some(state) = browser.states.get_mut(&f.person) else {
        return;
    };
    if let Some((asked_from, page)) = &f.page {
        state.on_pull_page(*asked_from, page);
    }
    if let Some(reply) = &f.reply {
        if state.on_push_reply(&f.batch, reply) {
            browser.renumber(&f.person);
        }
    }
}

fn check(
    server: &mut dyn Server,
    browsers: &[Browser],
    created: &BTreeSet<String>,
    lost: &BTreeSet<String>,
) -> Result<(), String> {
    let log = server.log();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for change in &log {
        *seen.entry(change.entry.id.as_str()).or_insert(0) += 1;
    }
    for id in created {
        match seen.get(id.as_str()) {
            Some(1) => {}
            Some(n) => return Err(format!("{id} is on the server {n} times")),
            None if lost.contains(id) => {}
            None => return Err(format!("{id} was lost")),
        }
    }
    if seen.keys().any(|id| !created.contains(*id)) {
        return Err("the server holds entries nobody created".into());
    }
    let quarantined = server.quarantined();
    if quarantined > 0 {
        return Err(format!(
            "{quarantined} entries of honest devices quarantined"
        ));
    }
    let mut winners: BTreeMap<String, usize> = BTreeMap::new();
    for change in &log {
        if let (Ok(Command::Claim(c)), super::Receipt::Accepted { .. }) = (
            Command::read(&change.entry.kind, &change.entry.body),
            &change.receipt,
        ) {
            *winners.entry(c.wish).or_insert(0) += 1;
        }
    }
    if let Some((wish, n)) = winners.iter().find(|(_, n)| **n > 1) {
        return Err(format!("{wish} was claimed {n} times"));
    }
    let by_id: BTreeMap<&str, &Change> = log.iter().map(|c| (c.entry.id.as_str(), c)).collect();
    for browser in browsers {
        for (person, state) in &browser.states {
            let name = format!("{}/{}", browser.name, person.as_str());
            if !state.outbox.is_empty() {
                return Err(format!("{name} still holds {} unsent", state.outbox.len()));
            }
            let mine: Vec<&Change> = log.iter().filter(|c| &c.entry.author == person).collect();
            let mut view: Vec<&Change> = state.view.values().collect();
            view.sort_by_key(|c| c.change);
            if view != mine {
                return Err(format!(
                    "{name}'s view differs from the server: {} vs {} changes",
                    view.len(),
                    mine.len()
                ));
            }
            for (id, receipt) in &state.receipts {
                let held = by_id.get(id.as_str()).map(|c| &c.receipt);
                if held.is_some_and(|r| r != receipt) {
                    return Err(format!(
                        "{name} holds a receipt for {id} the server never gave"
                    ));
                }
            }
        }
    }
    Ok(())
}
