//! The server's side of the protocol in memory: the reference the model test drives, executing
//! the same plans as the database stores.

use std::collections::BTreeMap;

use super::plan::{held_through, plan_entry, Facts, HeldEntry, Step};
use super::{Change, Entry, PullPage, PushReply, Receipt};
use crate::domain::ids::PersonId;

/// A business rule: given the log so far, why `entry` is refused, if it is.
pub type Rule<'a> = &'a dyn Fn(&[Change], &Entry) -> Option<String>;

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
    /// Stores what it has not seen, in one step per batch.
    pub fn push(&mut self, batch: &[Entry], rule: Rule<'_>) -> PushReply {
        let mut receipts = Vec::new();
        for entry in batch {
            let held = self.by_id.get(&entry.id).map(|&at| {
                let c = &self.log[at];
                HeldEntry {
                    content: c.entry.content_fingerprint(),
                    device: c.entry.device.clone(),
                    seq: c.entry.seq,
                    receipt: c.receipt.clone(),
                }
            });
            let seq_owner = self
                .held
                .get(&entry.device)
                .and_then(|h| h.get(&entry.seq))
                .cloned();
            let quarantined_before = self
                .quarantine_log
                .iter()
                .find(|(q, _)| q.id == entry.id && q.seq == entry.seq && q.body == entry.body)
                .map(|(_, reason)| reason.clone());
            let facts = Facts {
                held: held.as_ref(),
                seq_owner: seq_owner.as_deref(),
                quarantined_before: quarantined_before.as_deref(),
            };
            let step = plan_entry(entry, facts);
            let receipt = match &step {
                Step::Apply => {
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
                    self.spend(entry);
                    receipt
                }
                Step::Replay { spend, .. } | Step::Quarantine { spend, .. } => {
                    if let Step::Quarantine { reason, .. } = &step {
                        self.quarantine_log.push((entry.clone(), reason.clone()));
                    }
                    if *spend {
                        self.spend(entry);
                    }
                    step.receipt().unwrap_or(Receipt::Forked)
                }
                other => other.receipt().unwrap_or(Receipt::Forked),
            };
            receipts.push((entry.id.clone(), receipt));
        }
        let acked_through = batch
            .first()
            .map(|e| self.acked_through(&e.device))
            .unwrap_or(0);
        PushReply {
            receipts,
            acked_through,
        }
    }

    fn spend(&mut self, entry: &Entry) {
        self.held
            .entry(entry.device.clone())
            .or_default()
            .entry(entry.seq)
            .or_insert_with(|| entry.id.clone());
    }

    /// The highest sequence of `device` such that every one up to it is held.
    pub fn acked_through(&self, device: &str) -> u64 {
        let seqs = self
            .held
            .get(device)
            .map(|h| h.keys().copied().collect::<Vec<_>>());
        held_through(0, seqs.unwrap_or_default())
    }

    /// Up to `limit` of `author`'s changes after `cursor`.
    pub fn pull(&self, author: &PersonId, cursor: u64, limit: usize) -> PullPage {
        let mut mine = self
            .log
            .iter()
            .filter(|c| c.change > cursor && &c.entry.author == author);
        let changes: Vec<Change> = mine.by_ref().take(limit).cloned().collect();
        let more = mine.next().is_some();
        PullPage {
            next: changes.last().map_or(cursor, |c| c.change),
            changes,
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
