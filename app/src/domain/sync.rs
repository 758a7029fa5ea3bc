//! The offline sync protocol, as plain logic shared by the browser and the server.
//!
//! A device captures *entries* (a service record, a claim, a redemption request, …) into its
//! outbox, each with a client-made id and the device's own gap-free sequence number. It pushes
//! batches; the server stores each entry at most once (a replay returns the original receipt, the
//! same id with other content is a conflict, never an overwrite) and answers with a receipt per
//! entry and the highest contiguous sequence it holds for the device, from which the device
//! clears its outbox. A business refusal is a receipt, not a loss, and never blocks the entries
//! behind it. Devices pull the changes they may see in pages after a server-assigned cursor.
//!
//! [`DeviceState`] is the client's logic (the IndexedDB module persists it), [`MemoryServer`] the
//! server's, kept in memory as the reference the randomized model test drives.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ids::PersonId;

/// Entries carry the format they were written in; the server reads every version forever (a
/// phone may come back after months).
pub const SCHEMA_VERSION: u32 = 1;

/// What a person did, as captured on a device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// UUID v7 made on the device.
    pub id: String,
    /// The device (one per browser database).
    pub device: String,
    /// 1, 2, 3, … per device, without gaps.
    pub seq: u64,
    pub author: PersonId,
    pub schema: u32,
    /// What was done, serialized by the entry's kind (a service record's form, a claim, …).
    pub kind: String,
    pub body: String,
}

impl Entry {
    /// A digest of everything the device said, to tell a replay from a conflicting reuse of an id.
    pub fn fingerprint(&self) -> u64 {
        // FNV-1a: stable across platforms and Rust versions, unlike `DefaultHasher`.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for part in [
            self.id.as_bytes(),
            self.device.as_bytes(),
            &self.seq.to_le_bytes(),
            self.author.as_str().as_bytes(),
            &self.schema.to_le_bytes(),
            self.kind.as_bytes(),
            self.body.as_bytes(),
        ] {
            for byte in part.iter().chain(&[0xff]) {
                hash ^= u64::from(*byte);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        hash
    }
}

/// The most a body of `kind` may weigh, in bytes: a few times what the longest form of that
/// kind produces, so nothing legitimate is refused and no padding is stored forever.
pub fn max_body_bytes(kind: &str) -> usize {
    match kind {
        "service" | "wish" | "profile" => 16 * 1024,
        "decision" => 4 * 1024,
        "claim" | "fulfil" => 1024,
        // An unknown kind is quarantined with its body: keep that small.
        _ => 1024,
    }
}

/// Why an entry's envelope is refused before anything of its batch is stored: no device of
/// this app makes such an entry, so the whole push is answered 422 (and nothing is kept).
pub fn check_envelope(entry: &Entry) -> Result<(), super::ValidationError> {
    use super::error::{Field, ValidationError};
    if !super::ids::is_id(&entry.id) || !super::ids::is_id(&entry.device) {
        return Err(ValidationError::Invalid(Field::Note));
    }
    // Stored as a signed 64-bit number: what does not fit is no device's number.
    if entry.seq == 0 || entry.seq > i64::MAX as u64 {
        return Err(ValidationError::OutOfRange {
            field: Field::Note,
            min: 1,
            max: i64::MAX,
        });
    }
    if entry.kind.is_empty() || entry.kind.len() > 32 {
        return Err(ValidationError::Invalid(Field::Kind));
    }
    let max = max_body_bytes(&entry.kind);
    if entry.body.len() > max {
        return Err(ValidationError::TooLong {
            field: Field::Note,
            max,
        });
    }
    Ok(())
}

/// What the server did with one entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Receipt {
    /// Stored; `change` is its place in the server's change log.
    Accepted { change: u64 },
    /// Stored, but refused by a business rule (wish already taken, balance too low, …): kept
    /// with the reason, shown to the person and to staff.
    Refused { change: u64, reason: String },
    /// Never applied: malformed, or the id was already used for other content. Quarantined on
    /// the server for staff; the device keeps a copy to export.
    Quarantined { reason: String },
}

/// The server's answer to a push.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushReply {
    pub receipts: Vec<(String, Receipt)>,
    /// Every entry of this device up to here is safely on the server.
    pub acked_through: u64,
}

/// One change a device may see: an entry (its own or, for staff, its community's) and what
/// became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Server-assigned, increasing, the pull cursor.
    pub change: u64,
    pub entry: Entry,
    pub receipt: Receipt,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullPage {
    pub changes: Vec<Change>,
    /// The cursor to ask from next time (save it after applying the page).
    pub next: u64,
    /// False when this was the last page for now.
    pub more: bool,
}

/// The proof a device holds what the server holds: how many of the person's entries it has up to
/// a cursor, and a digest of them that does not depend on their order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holdings {
    /// The pull cursor the count is taken at.
    pub through: u64,
    pub count: u64,
    /// The wrapping sum of the entries' fingerprints.
    pub digest: u64,
}

impl Holdings {
    pub fn new(through: u64) -> Self {
        Holdings {
            through,
            count: 0,
            digest: 0,
        }
    }

    /// Counts one entry held (stored at `change`): entries after `through` are not part of it.
    pub fn add(&mut self, change: u64, entry: &Entry) {
        self.add_fingerprint(change, entry.fingerprint());
    }

    pub fn add_fingerprint(&mut self, change: u64, fingerprint: u64) {
        if change <= self.through {
            self.count += 1;
            self.digest = self.digest.wrapping_add(fingerprint);
        }
    }
}

/// What the server found when a device offered its [`Holdings`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciled {
    pub matches: bool,
    /// How many entries the server holds up to the same cursor.
    pub server_count: u64,
}

/// A device's sync state: what the IndexedDB module keeps, minus the storage.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceState {
    pub device: String,
    /// The last sequence number used.
    pub last_seq: u64,
    /// Captured, not yet acknowledged, by sequence.
    pub outbox: BTreeMap<u64, Entry>,
    /// What this device knows of the server, by entry id.
    pub view: BTreeMap<String, Change>,
    /// Receipts the server gave for entries of this device.
    pub receipts: BTreeMap<String, Receipt>,
    /// Entries the server quarantined: kept here so the person can export them.
    pub quarantined: BTreeMap<String, Entry>,
    pub cursor: u64,
}

impl DeviceState {
    pub fn new(device: impl Into<String>) -> Self {
        DeviceState {
            device: device.into(),
            ..DeviceState::default()
        }
    }

    /// Captures an entry: the next sequence number, into the outbox. The caller persists the
    /// returned state in one transaction before saying "saved on this phone".
    pub fn capture(&mut self, id: String, author: PersonId, kind: &str, body: String) -> Entry {
        self.last_seq += 1;
        let entry = Entry {
            id,
            device: self.device.clone(),
            seq: self.last_seq,
            author,
            schema: SCHEMA_VERSION,
            kind: kind.into(),
            body,
        };
        self.outbox.insert(entry.seq, entry.clone());
        entry
    }

    /// The next batch to push: the oldest `max` entries of `author`. Entries of someone else
    /// who used this browser wait until they sign in again.
    pub fn batch(&self, author: &PersonId, max: usize) -> Vec<Entry> {
        self.outbox
            .values()
            .filter(|e| &e.author == author)
            .take(max)
            .cloned()
            .collect()
    }

    /// Applies a push reply: receipts are kept, and the outbox forgets what the server holds.
    pub fn on_push_reply(&mut self, reply: &PushReply) {
        for (id, receipt) in &reply.receipts {
            self.receipts.insert(id.clone(), receipt.clone());
        }
        let held: Vec<u64> = self
            .outbox
            .iter()
            .filter(|(seq, e)| **seq <= reply.acked_through || self.receipts.contains_key(&e.id))
            .map(|(seq, _)| *seq)
            .collect();
        for seq in held {
            if let Some(entry) = self.outbox.remove(&seq) {
                if matches!(
                    self.receipts.get(&entry.id),
                    Some(Receipt::Quarantined { .. })
                ) {
                    self.quarantined.insert(entry.id.clone(), entry);
                }
            }
        }
    }

    /// Applies a pulled page; the cursor only moves forward.
    pub fn on_pull_page(&mut self, page: &PullPage) {
        for change in &page.changes {
            self.view.insert(change.entry.id.clone(), change.clone());
        }
        self.cursor = self.cursor.max(page.next);
    }
}

/// Who may see an entry in a pull: its author always; everything else is decided by the
/// server's scope rules (staff their community, …), given here as a predicate.
pub type Scope<'a> = &'a dyn Fn(&Entry) -> bool;

/// The server's side of the protocol, in memory: the reference for the model test and the rules
/// the database implementations follow.
#[derive(Clone, Debug, Default)]
pub struct MemoryServer {
    /// The change log, in commit order.
    log: Vec<Change>,
    by_id: BTreeMap<String, usize>,
    /// Per device: the sequence numbers held, and the entry id behind each.
    held: BTreeMap<String, BTreeMap<u64, String>>,
    quarantine_log: Vec<(Entry, String)>,
}

impl MemoryServer {
    /// Stores what it has not seen, in one step per batch. `rule` decides whether an entry is
    /// accepted or refused (a business rule), given the log so far.
    pub fn push(
        &mut self,
        batch: &[Entry],
        rule: &dyn Fn(&[Change], &Entry) -> Option<String>,
    ) -> PushReply {
        let mut receipts = Vec::new();
        let mut device = None;
        for entry in batch {
            device = Some(entry.device.clone());
            if let Some(&at) = self.by_id.get(&entry.id) {
                let stored = &self.log[at];
                let receipt = if stored.entry.fingerprint() == entry.fingerprint() {
                    // A replay (the reply to an earlier push was lost): the original receipt.
                    stored.receipt.clone()
                } else {
                    // The device's number is spent either way, so it cannot block the rest.
                    self.held
                        .entry(entry.device.clone())
                        .or_default()
                        .entry(entry.seq)
                        .or_insert_with(|| entry.id.clone());
                    self.quarantine(entry, "id already used for other content")
                };
                receipts.push((entry.id.clone(), receipt));
                continue;
            }
            let seq_owner = self
                .held
                .get(&entry.device)
                .and_then(|h| h.get(&entry.seq))
                .cloned();
            if let Some(other) = seq_owner {
                if other != entry.id {
                    // The same device number again with a new entry: a cloned or restored device.
                    let receipt = self
                        .quarantine(entry, "device sequence reused (cloned or restored device)");
                    receipts.push((entry.id.clone(), receipt));
                    continue;
                }
            }
            if entry.schema == 0 || entry.schema > SCHEMA_VERSION {
                let receipt = self.quarantine(entry, &format!("unknown schema {}", entry.schema));
                self.held
                    .entry(entry.device.clone())
                    .or_default()
                    .insert(entry.seq, entry.id.clone());
                receipts.push((entry.id.clone(), receipt));
                continue;
            }
            let change = self.log.len() as u64 + 1;
            let receipt = match rule(&self.log, entry) {
                None => Receipt::Accepted { change },
                Some(reason) => Receipt::Refused { change, reason },
            };
            self.by_id.insert(entry.id.clone(), self.log.len());
            self.log.push(Change {
                change,
                entry: entry.clone(),
                receipt: receipt.clone(),
            });
            self.held
                .entry(entry.device.clone())
                .or_default()
                .insert(entry.seq, entry.id.clone());
            receipts.push((entry.id.clone(), receipt));
        }
        let acked_through = device.map(|d| self.acked_through(&d)).unwrap_or(0);
        PushReply {
            receipts,
            acked_through,
        }
    }

    fn quarantine(&mut self, entry: &Entry, reason: &str) -> Receipt {
        self.quarantine_log
            .push((entry.clone(), reason.to_string()));
        Receipt::Quarantined {
            reason: reason.to_string(),
        }
    }

    /// The highest sequence of `device` such that every one up to it is held.
    pub fn acked_through(&self, device: &str) -> u64 {
        let mut through = 0;
        if let Some(seqs) = self.held.get(device) {
            for seq in seqs.keys() {
                if *seq == through + 1 {
                    through = *seq;
                } else {
                    break;
                }
            }
        }
        through
    }

    /// Up to `limit` changes after `cursor` that `scope` lets the caller see.
    pub fn pull(&self, cursor: u64, limit: usize, scope: Scope<'_>) -> PullPage {
        let mut changes = Vec::new();
        let mut next = cursor;
        let mut more = false;
        for change in self.log.iter().filter(|c| c.change > cursor) {
            if changes.len() == limit {
                more = true;
                break;
            }
            next = change.change;
            if scope(&change.entry) {
                changes.push(change.clone());
            }
        }
        PullPage {
            changes,
            next,
            more,
        }
    }

    pub fn log(&self) -> &[Change] {
        &self.log
    }

    pub fn quarantined(&self) -> &[(Entry, String)] {
        &self.quarantine_log
    }
}

#[cfg(test)]
mod model;
