//! The ledger rules kept in memory: the reference model that property tests drive with random
//! sequences of actions, and that store implementations are compared against.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::ids::{CommunityId, PersonId, RecordId};
use super::ledger::{
    check_decision, check_redemption, check_reversal, LedgerError, LedgerLine, LineKind, LineState,
    Passbook, Redemption, RedemptionState,
};
use super::person::Actor;
use super::points::{Points, PointsRule};
use super::record::ServiceEntry;
use super::Minutes;

#[cfg(test)]
mod props;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MemoryLedger {
    pub rule: PointsRule,
    lines: Vec<LedgerLine>,
    states: HashMap<RecordId, LineState>,
    reversed: HashSet<RecordId>,
    pub(crate) redemptions: Vec<Redemption>,
    next: u64,
}

impl MemoryLedger {
    fn next_id(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}-{:08}", self.next)
    }

    pub fn lines(&self) -> &[LedgerLine] {
        &self.lines
    }

    pub fn state(&self, id: &RecordId) -> Option<&LineState> {
        self.states.get(id)
    }

    /// Accepts a volunteer's line as pending.
    pub fn record(
        &mut self,
        volunteer: PersonId,
        community: CommunityId,
        entry: ServiceEntry,
        at: DateTime<Utc>,
    ) -> RecordId {
        let id = RecordId::new(self.next_id("r"));
        let minutes = entry.minutes;
        self.lines.push(LedgerLine {
            id: id.clone(),
            volunteer,
            community,
            kind: LineKind::Service,
            entry,
            minutes,
            accepted_at: at,
            flags: Vec::new(),
        });
        self.states.insert(id.clone(), LineState::Pending);
        id
    }

    fn find(&self, id: &RecordId) -> Result<(LedgerLine, LineState), LedgerError> {
        let line = self
            .lines
            .iter()
            .find(|l| &l.id == id)
            .cloned()
            .ok_or(LedgerError::UnknownLine)?;
        let state = self.states.get(id).cloned().unwrap_or(LineState::Pending);
        Ok((line, state))
    }

    pub fn verify(
        &mut self,
        actor: &Actor,
        id: &RecordId,
        at: DateTime<Utc>,
    ) -> Result<(), LedgerError> {
        let (line, state) = self.find(id)?;
        check_decision(actor, &line, &state)?;
        // The model's lines are entered by their volunteers, on accounts nobody holds.
        let same_day: Vec<_> = self
            .lines
            .iter()
            .filter(|l| {
                l.volunteer == line.volunteer
                    && l.id != line.id
                    && matches!(l.kind, LineKind::Service)
                    && l.entry.date == line.entry.date
                    && self.states.get(&l.id).is_some_and(LineState::is_verified)
                    && !self.reversed.contains(&l.id)
            })
            .map(|l| l.entry.clone())
            .collect();
        super::controls::check_day(&line, &same_day)?;
        let points = self.rule.points_for(&line.entry.category, line.minutes);
        self.states.insert(
            id.clone(),
            LineState::Verified {
                by: actor.person.clone(),
                at,
                points,
            },
        );
        Ok(())
    }

    pub fn reject(
        &mut self,
        actor: &Actor,
        id: &RecordId,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<(), LedgerError> {
        let (line, state) = self.find(id)?;
        check_decision(actor, &line, &state)?;
        self.states.insert(
            id.clone(),
            LineState::Rejected {
                by: actor.person.clone(),
                at,
                reason: reason.into(),
            },
        );
        Ok(())
    }

    /// Adds the opposite line, verified at once; refused if the points it takes back were spent.
    pub fn reverse(
        &mut self,
        actor: &Actor,
        id: &RecordId,
        at: DateTime<Utc>,
    ) -> Result<RecordId, LedgerError> {
        let (line, state) = self.find(id)?;
        let balance = self.passbook(&line.volunteer).balance();
        let points = check_reversal(actor, &line, &state, self.reversed.contains(id), balance)?;
        let rid = RecordId::new(self.next_id("r"));
        self.lines.push(LedgerLine {
            id: rid.clone(),
            volunteer: line.volunteer.clone(),
            community: line.community.clone(),
            kind: LineKind::Reversal {
                of: id.clone(),
                reason: String::new(),
            },
            entry: line.entry.clone(),
            minutes: Minutes(-line.minutes.0),
            accepted_at: at,
            flags: Vec::new(),
        });
        self.states.insert(
            rid.clone(),
            LineState::Verified {
                by: actor.person.clone(),
                at,
                points: -points,
            },
        );
        self.reversed.insert(id.clone());
        Ok(rid)
    }

    pub fn redeem(
        &mut self,
        volunteer: &PersonId,
        cost: Points,
        at: DateTime<Utc>,
    ) -> Result<(), LedgerError> {
        check_redemption(self.passbook(volunteer).balance(), cost)?;
        let id = self.next_id("p");
        self.redemptions.push(Redemption {
            id,
            volunteer: volunteer.clone(),
            points: cost,
            item: String::new(),
            at,
            state: RedemptionState::Requested,
        });
        Ok(())
    }

    pub fn passbook(&self, volunteer: &PersonId) -> Passbook {
        let lines = self
            .lines
            .iter()
            .filter(|l| &l.volunteer == volunteer)
            .map(|l| {
                (
                    l.clone(),
                    self.states
                        .get(&l.id)
                        .cloned()
                        .unwrap_or(LineState::Pending),
                )
            })
            .collect();
        let redemptions: Vec<Redemption> = self
            .redemptions
            .iter()
            .filter(|r| &r.volunteer == volunteer)
            .cloned()
            .collect();
        Passbook::build(lines, &redemptions)
    }
}
