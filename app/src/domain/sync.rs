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
//! The protocol's decisions are pure planners ([`plan`]): what each entry of a push becomes on the
//! server, how far a device is held, what a device does with a reply or a page. The SQLite store,
//! the in-memory reference [`MemoryServer`] and the browser's IndexedDB module execute those plans
//! and hold no protocol rule of their own. [`simulation`] drives random schedules of devices,
//! people and a bad network through any server; the model test runs it on the memory server and an
//! integration test of the server crate on the real store.

use serde::{Deserialize, Serialize};

use super::command::CommandKind;
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
        fnv1a(&[
            self.id.as_bytes(),
            self.device.as_bytes(),
            &self.seq.to_le_bytes(),
            self.author.as_str().as_bytes(),
            &self.schema.to_le_bytes(),
            self.kind.as_bytes(),
            self.body.as_bytes(),
        ])
    }

    /// A digest of what the entry says, without where it was numbered: the same entry re-sent
    /// by a restored phone under a new device number is a replay, not a conflict.
    pub fn content_fingerprint(&self) -> u64 {
        fnv1a(&[
            self.id.as_bytes(),
            self.author.as_str().as_bytes(),
            &self.schema.to_le_bytes(),
            self.kind.as_bytes(),
            self.body.as_bytes(),
        ])
    }
}

/// FNV-1a over the parts, each followed by 0xff: stable across platforms and Rust versions,
/// unlike `DefaultHasher`, so digests stored years ago still compare.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.iter().chain(&[0xff]) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// The most a body of `kind` may weigh, in bytes (see [`CommandKind::max_body_bytes`]).
pub fn max_body_bytes(kind: &str) -> usize {
    // An unknown kind is quarantined with its body: keep that small.
    CommandKind::from_name(kind).map_or(1024, CommandKind::max_body_bytes)
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
// Written as tagged by serde; read through a flat struct (see `domain::tagged`).
#[serde(tag = "outcome", rename_all = "snake_case")]
#[serde(try_from = "receipt_wire::ReceiptWire")]
pub enum Receipt {
    /// Stored; `change` is its place in the server's change log.
    Accepted { change: u64 },
    /// Stored, but refused by a business rule (wish already taken, balance too low, …): kept
    /// with the reason, shown to the person and to staff.
    Refused { change: u64, reason: String },
    /// Never applied: malformed, or the id was already used for other content. Quarantined on
    /// the server for staff (who may re-apply or dismiss it); the device keeps a copy to export.
    Quarantined { reason: String },
    /// Not stored, not refused: written in a newer format than this server reads. The device
    /// keeps it and offers it again at a later sync (the server may have been upgraded by then).
    Deferred { reason: String },
    /// Not stored: the device's number already stands for another entry, so this device is a
    /// restored or cloned copy. The device takes a new device id and sends its entries again.
    Forked,
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

pub mod device;
pub mod memory;
pub mod plan;
mod receipt_wire;
pub mod simulation;

pub use device::DeviceState;
pub use memory::MemoryServer;

#[cfg(test)]
mod model;
