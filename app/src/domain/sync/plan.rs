//! The protocol's decisions, as pure functions. Stores and devices gather the facts, ask here what
//! to do, and carry it out; no rule of the protocol is written anywhere else.

use std::collections::BTreeSet;

use super::{Change, Entry, Holdings, PullPage, PushReply, Receipt, Reconciled, SCHEMA_VERSION};

/// What the server already holds under an entry's id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldEntry {
    /// [`Entry::content_fingerprint`] of the stored entry.
    pub content: u64,
    pub device: String,
    pub seq: u64,
    pub receipt: Receipt,
}

/// The facts the server looks up for one entry of a push.
#[derive(Clone, Copy, Debug, Default)]
pub struct Facts<'a> {
    /// The entry stored under this id, if any.
    pub held: Option<&'a HeldEntry>,
    /// The id already standing for this entry's device number, if any (stored or spent).
    pub seq_owner: Option<&'a str>,
    /// The reason this very entry (same id, number and body) was quarantined before, if it was.
    pub quarantined_before: Option<&'a str>,
}

/// What the server does with one entry of a push.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Apply the command: store it with its receipt, accepted or refused by the business rules.
    Apply,
    /// Held already: answer the original receipt. `spend`: mark the entry's device number as
    /// held too (it was re-sent under a new number by a restored phone).
    Replay { receipt: Receipt, spend: bool },
    /// Never applied; kept for staff. `spend`: the device number counts as held (the device
    /// will not send anything else under it).
    Quarantine { reason: String, spend: bool },
    /// Answered the same as last time, no second quarantine row.
    AlreadyQuarantined { reason: String },
    /// Not stored, answered "retry later": a newer format than this server reads.
    Defer { reason: String },
    /// Not stored: the number stands for another entry. The device renumbers under a new id.
    Forked,
}

impl Step {
    /// The receipt a step answers with, when it needs no storing to know it.
    pub fn receipt(&self) -> Option<Receipt> {
        match self {
            Step::Apply => None,
            Step::Replay { receipt, .. } => Some(receipt.clone()),
            Step::Quarantine { reason, .. } | Step::AlreadyQuarantined { reason } => {
                Some(Receipt::Quarantined {
                    reason: reason.clone(),
                })
            }
            Step::Defer { reason } => Some(Receipt::Deferred {
                reason: reason.clone(),
            }),
            Step::Forked => Some(Receipt::Forked),
        }
    }
}

pub const REUSED_ID: &str = "id already used for other content";

/// Decides what one entry of a push becomes, from what the server holds.
pub fn plan_entry(entry: &Entry, facts: Facts<'_>) -> Step {
    if let Some(reason) = facts.quarantined_before {
        return Step::AlreadyQuarantined {
            reason: reason.to_string(),
        };
    }
    if let Some(held) = facts.held {
        if held.content != entry.content_fingerprint() {
            return Step::Quarantine {
                reason: REUSED_ID.into(),
                spend: facts.seq_owner.is_none(),
            };
        }
        // The same entry: from its first number, or re-sent under a new one.
        let renumbered = held.device != entry.device || held.seq != entry.seq;
        return Step::Replay {
            receipt: held.receipt.clone(),
            spend: renumbered && facts.seq_owner.is_none(),
        };
    }
    if let Some(owner) = facts.seq_owner {
        if owner != entry.id {
            return Step::Forked;
        }
    }
    if entry.schema > SCHEMA_VERSION {
        return Step::Defer {
            reason: format!(
                "schema {} is newer than this server's {SCHEMA_VERSION}",
                entry.schema
            ),
        };
    }
    if entry.schema == 0 {
        return Step::Quarantine {
            reason: "unknown schema 0".into(),
            spend: true,
        };
    }
    Step::Apply
}

/// The highest number through which every number of a device is held, starting from the mark
/// `through` and walking the numbers held above it (any order, repeats allowed).
pub fn held_through(through: u64, held_above: impl IntoIterator<Item = u64>) -> u64 {
    let above: BTreeSet<u64> = held_above.into_iter().filter(|s| *s > through).collect();
    let mut through = through;
    for seq in above {
        if seq == through + 1 {
            through = seq;
        } else {
            break;
        }
    }
    through
}

/// What a device does with the reply to a push of `batch`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplyPlan {
    /// Stored on the server: into the view, out of the outbox (by batch index).
    pub stored: Vec<(usize, Change)>,
    /// Quarantined: into the device's quarantine (to export), out of the outbox.
    pub quarantined: Vec<(usize, String)>,
    /// Out of the outbox without a view row: held through the acknowledged number, or replayed
    /// under another number.
    pub cleared: Vec<usize>,
    /// Kept in the outbox and not offered again in this sync.
    pub deferred: Vec<usize>,
    /// This device id is a fork: take a new one and renumber what waits, then push again.
    pub renumber: bool,
}

impl ReplyPlan {
    /// How many entries left the outbox.
    pub fn gone(&self) -> usize {
        self.stored.len() + self.quarantined.len() + self.cleared.len()
    }
}

/// Decides what a device does with a push reply.
pub fn plan_reply(batch: &[Entry], reply: &PushReply) -> ReplyPlan {
    let mut plan = ReplyPlan::default();
    for (i, entry) in batch.iter().enumerate() {
        let receipt = reply
            .receipts
            .iter()
            .find(|(id, _)| id == &entry.id)
            .map(|(_, r)| r);
        match receipt {
            Some(Receipt::Accepted { change }) | Some(Receipt::Refused { change, .. }) => {
                let change = Change {
                    change: *change,
                    entry: entry.clone(),
                    receipt: receipt
                        .cloned()
                        .unwrap_or(Receipt::Accepted { change: *change }),
                };
                plan.stored.push((i, change));
            }
            Some(Receipt::Quarantined { reason }) => plan.quarantined.push((i, reason.clone())),
            Some(Receipt::Deferred { .. }) => plan.deferred.push(i),
            Some(Receipt::Forked) => plan.renumber = true,
            None if entry.seq <= reply.acked_through => plan.cleared.push(i),
            None => {}
        }
    }
    plan
}

/// What a device does with a pulled page, given the cursor it holds now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PagePlan {
    /// Store the page's changes and move the cursor to `next`.
    Apply,
    /// The page starts before the cursor the device holds now (another tab stored it while this
    /// one was fetching): storing it again would count its entries twice.
    Stale,
}

/// Decides whether a page asked from `asked_from` may be applied on top of `cursor_now`.
pub fn plan_page(asked_from: u64, cursor_now: u64, page: &PullPage) -> PagePlan {
    if asked_from != cursor_now || page.next < cursor_now {
        PagePlan::Stale
    } else {
        PagePlan::Apply
    }
}

/// What a device does with the server's answer to its proof of holdings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProofPlan {
    Matches,
    /// The device holds entries the server does not (it was restored from an older backup):
    /// send the person's entries again — the server answers a replay for those it holds — then
    /// rebuild the copy from the start and prove again.
    Resend,
    /// The device holds less, or other entries: rebuild the copy from the start, prove again.
    Rebuild,
    /// Still different after a rebuild: tell the person, and staff (the server audits it).
    Report,
}

pub fn plan_proof(held: &Holdings, answer: &Reconciled, rebuilt: bool) -> ProofPlan {
    if answer.matches {
        ProofPlan::Matches
    } else if rebuilt {
        ProofPlan::Report
    } else if held.count > answer.server_count {
        ProofPlan::Resend
    } else {
        ProofPlan::Rebuild
    }
}

#[cfg(test)]
mod tests;
