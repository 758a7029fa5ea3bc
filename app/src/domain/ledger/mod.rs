//! The ledger rules: who may decide on a line, what a reversal is, how the passbook and the points
//! balance are derived. Pure functions over facts; the server's stores call them, and
//! [`super::memory_ledger::MemoryLedger`] is the reference model the property tests run against.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

mod error;
mod passbook;
mod wire;

pub use error::LedgerError;
pub use passbook::{first_overlap, likely_duplicates, Passbook, PassbookRow, QueueItem};

use super::ids::{CommunityId, PersonId, RecordId};
use super::person::Actor;
use super::points::Points;
use super::record::{RecordFlag, ServiceEntry};
use super::Minutes;

/// A service line, or the reversal of one (a correction: same size, opposite sign).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
// Written as tagged by serde; read through a flat struct (see `domain::tagged`).
#[serde(tag = "kind", rename_all = "snake_case")]
#[serde(try_from = "wire::LineKindWire")]
pub enum LineKind {
    Service,
    Reversal {
        of: RecordId,
        /// Why staff corrected the line, shown to the volunteer beside it.
        #[serde(default)]
        reason: String,
    },
}

/// A line as accepted: immutable from then on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub id: RecordId,
    pub volunteer: PersonId,
    pub community: CommunityId,
    pub kind: LineKind,
    pub entry: ServiceEntry,
    /// Signed: negative for a reversal.
    pub minutes: Minutes,
    /// Server time of acceptance.
    #[serde(deserialize_with = "crate::domain::when::utc")]
    pub accepted_at: DateTime<Utc>,
    /// What staff should check before deciding (odd date, no witness), fixed on acceptance.
    pub flags: Vec<RecordFlag>,
}

/// What became of a line, as decided by staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[serde(try_from = "wire::LineStateWire")]
pub enum LineState {
    Pending,
    Verified {
        by: PersonId,
        at: DateTime<Utc>,
        /// Fixed when verified (negative for a reversal): later rule changes do not touch it.
        points: Points,
    },
    Rejected {
        by: PersonId,
        at: DateTime<Utc>,
        reason: String,
    },
}

impl LineState {
    pub fn is_verified(&self) -> bool {
        matches!(self, LineState::Verified { .. })
    }
}

/// A request to spend points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redemption {
    pub id: String,
    pub volunteer: PersonId,
    pub points: Points,
    pub item: String,
    #[serde(deserialize_with = "crate::domain::when::utc")]
    pub at: DateTime<Utc>,
    pub state: RedemptionState,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[serde(try_from = "wire::RedemptionStateWire")]
pub enum RedemptionState {
    /// Waiting for staff; its points are already reserved so they cannot be spent twice.
    Requested,
    Approved,
    Refused {
        reason: String,
    },
}

/// May `actor` verify or reject `line`, now in `state`?
pub fn check_decision(
    actor: &Actor,
    line: &LedgerLine,
    state: &LineState,
) -> Result<(), LedgerError> {
    check_manager(actor, line)?;
    if *state != LineState::Pending {
        return Err(LedgerError::AlreadyDecided);
    }
    Ok(())
}

/// May `actor` reverse `line`? `already_reversed` says whether a reversal of it exists, and
/// `balance` is the volunteer's spendable points: a reversal takes back the line's points and is
/// refused if they were already spent (the balance never goes below zero). Returns those points.
pub fn check_reversal(
    actor: &Actor,
    line: &LedgerLine,
    state: &LineState,
    already_reversed: bool,
    balance: Points,
) -> Result<Points, LedgerError> {
    check_manager(actor, line)?;
    if matches!(line.kind, LineKind::Reversal { .. }) {
        return Err(LedgerError::ReversalOfReversal);
    }
    let LineState::Verified { points, .. } = state else {
        return Err(LedgerError::NotVerified);
    };
    if already_reversed {
        return Err(LedgerError::AlreadyReversed);
    }
    if balance < *points {
        return Err(LedgerError::InsufficientPoints {
            balance,
            cost: *points,
        });
    }
    Ok(*points)
}

fn check_manager(actor: &Actor, line: &LedgerLine) -> Result<(), LedgerError> {
    use super::person::Role;
    if !matches!(actor.role, Role::Staff | Role::Admin) {
        return Err(LedgerError::NotStaff);
    }
    if actor.person == line.volunteer {
        return Err(LedgerError::OwnLine);
    }
    if !actor.manages(&line.community) {
        return Err(LedgerError::OtherCommunity);
    }
    Ok(())
}

/// May a volunteer with `available` points spend `cost`?
pub fn check_redemption(available: Points, cost: Points) -> Result<(), LedgerError> {
    if cost <= Points::ZERO {
        return Err(LedgerError::NothingToRedeem);
    }
    if available - cost < Points::ZERO {
        return Err(LedgerError::InsufficientPoints {
            balance: available,
            cost,
        });
    }
    Ok(())
}
