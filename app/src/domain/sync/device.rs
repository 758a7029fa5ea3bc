//! A device's sync state for one person (a browser keeps one per person who signs in on it):
//! what the IndexedDB module keeps, minus the storage, following the plans of [`super::plan`].

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::plan::{plan_page, plan_reply, PagePlan};
use super::{Change, Entry, PullPage, PushReply, Receipt, SCHEMA_VERSION};
use crate::domain::ids::PersonId;

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
    /// Entries answered "retry later" during the current sync: not offered again until the next.
    #[serde(skip)]
    pub deferred: BTreeSet<String>,
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

    /// The next batch to push: the oldest `max` entries of `author` not deferred in this sync.
    /// Entries of someone else who used this browser wait until they sign in again.
    pub fn batch(&self, author: &PersonId, max: usize) -> Vec<Entry> {
        self.outbox
            .values()
            .filter(|e| &e.author == author && !self.deferred.contains(&e.id))
            .take(max)
            .cloned()
            .collect()
    }

    /// Applies a push reply as [`plan_reply`] says. Returns true when the device must take a
    /// new id ([`DeviceState::take_new_device`]) before pushing again.
    pub fn on_push_reply(&mut self, batch: &[Entry], reply: &PushReply) -> bool {
        let plan = plan_reply(batch, reply);
        for (i, change) in &plan.stored {
            self.receipts
                .insert(batch[*i].id.clone(), change.receipt.clone());
            self.forget(&batch[*i]);
        }
        for (i, reason) in &plan.quarantined {
            let entry = &batch[*i];
            self.receipts.insert(
                entry.id.clone(),
                Receipt::Quarantined {
                    reason: reason.clone(),
                },
            );
            self.forget(entry);
            self.quarantined.insert(entry.id.clone(), entry.clone());
        }
        for i in &plan.cleared {
            self.forget(&batch[*i]);
        }
        for i in &plan.deferred {
            self.deferred.insert(batch[*i].id.clone());
        }
        plan.renumber
    }

    /// Takes `entry` out of the outbox if its number still stands for it: a late reply must not
    /// clear another entry that took the number since (after a renumbering).
    fn forget(&mut self, entry: &Entry) {
        if self
            .outbox
            .get(&entry.seq)
            .is_some_and(|e| e.id == entry.id)
        {
            self.outbox.remove(&entry.seq);
        }
    }

    /// A restored or cloned device: every waiting entry moves to a new device id, numbered from
    /// 1, keeping its id (the server answers a replay for any it already holds).
    pub fn take_new_device(&mut self, device: impl Into<String>) {
        self.device = device.into();
        let waiting: Vec<Entry> = std::mem::take(&mut self.outbox).into_values().collect();
        self.last_seq = 0;
        for mut entry in waiting {
            self.last_seq += 1;
            entry.device = self.device.clone();
            entry.seq = self.last_seq;
            self.outbox.insert(entry.seq, entry);
        }
    }

    /// A sync ended: deferred entries are offered again at the next one.
    pub fn end_sync(&mut self) {
        self.deferred.clear();
    }

    /// Applies a page asked from `asked_from`, unless [`plan_page`] finds it stale.
    pub fn on_pull_page(&mut self, asked_from: u64, page: &PullPage) -> bool {
        if plan_page(asked_from, self.cursor, page) == PagePlan::Stale {
            return false;
        }
        for change in &page.changes {
            self.view.insert(change.entry.id.clone(), change.clone());
        }
        self.cursor = page.next;
        true
    }
}
