//! Micro-wishes (微心愿): a resident's need and what they offer back, claimed and fulfilled by
//! volunteers. The state is derived from the wish's facts, never stored.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

mod claim;

pub use claim::{
    check_claim, check_release, check_withdraw, ClaimError, ClaimInput, ReleaseInput, WithdrawInput,
};

use super::ids::{CommunityId, PersonId, WishId};
use super::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WishEventKind {
    Approved,
    Claimed,
    Fulfilled,
    Withdrawn,
    /// A claimer gave their place back; the place is open again.
    Released,
}

impl WishEventKind {
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "approved" => Some(Self::Approved),
            "claimed" => Some(Self::Claimed),
            "fulfilled" => Some(Self::Fulfilled),
            "withdrawn" => Some(Self::Withdrawn),
            "released" => Some(Self::Released),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishEvent {
    pub kind: WishEventKind,
    pub person: Option<PersonId>,
    pub at: DateTime<Utc>,
}

/// Where a wish stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WishState {
    /// Posted, waiting for staff to approve it for the public wall.
    AwaitingApproval,
    /// On the wall, with room for (more) claimers.
    Open,
    /// Every place taken; being fulfilled.
    Claimed,
    Fulfilled,
    Withdrawn,
}

impl WishState {
    /// Derives the state from the facts (in any order) and the wish's number of places.
    pub fn derive(events: &[WishEvent], capacity: u32) -> WishState {
        let has = |k| events.iter().any(|e| e.kind == k);
        let claims = claimers(events).len();
        WishState::from_facts(
            has(WishEventKind::Approved),
            u32::try_from(claims).unwrap_or(u32::MAX),
            capacity,
            has(WishEventKind::Fulfilled),
            has(WishEventKind::Withdrawn),
        )
    }

    /// The same, from the facts already counted (what a database query returns).
    pub fn from_facts(
        approved: bool,
        claims: u32,
        capacity: u32,
        fulfilled: bool,
        withdrawn: bool,
    ) -> WishState {
        if withdrawn {
            WishState::Withdrawn
        } else if fulfilled {
            WishState::Fulfilled
        } else if !approved {
            WishState::AwaitingApproval
        } else if claims >= capacity {
            WishState::Claimed
        } else {
            WishState::Open
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            WishState::AwaitingApproval => lang.pick("待审核", "Awaiting approval"),
            WishState::Open => lang.pick("待认领", "Open"),
            WishState::Claimed => lang.pick("已认领", "Claimed"),
            WishState::Fulfilled => lang.pick("已实现", "Fulfilled"),
            WishState::Withdrawn => lang.pick("已撤回", "Withdrawn"),
        }
    }

    /// The state's name in the page (`data-state`, the `state-…` class the stylesheet styles),
    /// spelled out rather than taken from `Debug`, so the browser bundle needs no `Debug` text.
    pub fn code(self) -> &'static str {
        match self {
            WishState::AwaitingApproval => "AwaitingApproval",
            WishState::Open => "Open",
            WishState::Claimed => "Claimed",
            WishState::Fulfilled => "Fulfilled",
            WishState::Withdrawn => "Withdrawn",
        }
    }

    /// Whether the public wall (and the kiosk) shows it.
    pub fn is_public(self) -> bool {
        matches!(
            self,
            WishState::Open | WishState::Claimed | WishState::Fulfilled
        )
    }
}

/// Who holds a place on the wish now: everyone who claimed it more often than they released
/// it (a volunteer may give a place back and take it again later).
pub fn claimers(events: &[WishEvent]) -> Vec<&PersonId> {
    let mut held: Vec<(&PersonId, i64)> = Vec::new();
    for e in events {
        let step = match e.kind {
            WishEventKind::Claimed => 1,
            WishEventKind::Released => -1,
            _ => continue,
        };
        let Some(person) = e.person.as_ref() else {
            continue;
        };
        match held.iter_mut().find(|(p, _)| *p == person) {
            Some((_, n)) => *n += step,
            None => held.push((person, step)),
        }
    }
    held.into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(p, _)| p)
        .collect()
}

/// Whether `person` holds a place on the wish now.
pub fn holds_place(events: &[WishEvent], person: &PersonId) -> bool {
    claimers(events).contains(&person)
}

/// A wish on the wall for `days` or longer without being taken: open (room for a claimer) since
/// `open_since` — when staff approved it. The wall and the review page mark it so staff act.
pub fn waiting_long(
    state: WishState,
    open_since: DateTime<Utc>,
    now: DateTime<Utc>,
    days: u32,
) -> bool {
    state == WishState::Open && now - open_since >= chrono::Duration::days(i64::from(days))
}

/// How long a wish may wait on the wall before it is marked as waiting long, unless staff set
/// otherwise for their community.
pub const DEFAULT_WAITING_DAYS: u32 = 60;

/// The bounds staff may set the waiting period within, in days.
pub const WAITING_DAYS_RANGE: std::ops::RangeInclusive<u32> = 7..=365;

/// A wish as the wall shows it: no phone numbers, no household file, only what the poster chose
/// to make public.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WishCard {
    pub id: WishId,
    pub community: CommunityId,
    pub poster: String,
    pub need: String,
    pub offer: String,
    pub category: String,
    pub capacity: u32,
    pub claims: u32,
    pub state: WishState,
    pub posted_at: DateTime<Utc>,
    /// The service from the service menu it is addressed to ("" if none).
    #[serde(default)]
    pub service: String,
    /// For the viewer: they claimed it.
    #[serde(default)]
    pub claimed_by_me: bool,
    /// For the viewer: they posted it (they also see it while it awaits approval).
    #[serde(default)]
    pub posted_by_me: bool,
    /// A claimer reported it fulfilled; staff have not confirmed yet.
    #[serde(default)]
    pub reported: bool,
    /// Why staff declined it (shown to the poster only).
    #[serde(default)]
    pub decline_reason: String,
    /// Open on the wall longer than the community's waiting period.
    #[serde(default)]
    pub waiting_long: bool,
    /// Open again because a claimer gave their place back.
    #[serde(default)]
    pub reopened: bool,
    /// Withdrawn by the person who posted it (not declined or withdrawn by staff).
    #[serde(default)]
    pub withdrawn_by_poster: bool,
    /// A depositor's request (回报): the hours its poster pays from their passbook.
    #[serde(default)]
    pub pay: Option<crate::domain::Minutes>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fact by someone (every claim names its claimer).
    pub(super) fn event(kind: WishEventKind) -> WishEvent {
        WishEvent {
            kind,
            person: Some(PersonId::new("someone")),
            at: Utc::now(),
        }
    }

    /// The page and the stylesheet name a wish's state by these words (`data-state="Open"`,
    /// `.note.state-Fulfilled`); they are the variants' names, written out once.
    #[test]
    fn each_state_code_is_its_variant_name_and_distinct() {
        use WishState::*;
        let all = [AwaitingApproval, Open, Claimed, Fulfilled, Withdrawn];
        for state in all {
            assert_eq!(state.code(), format!("{state:?}"));
        }
        let codes: std::collections::BTreeSet<_> = all.iter().map(|s| s.code()).collect();
        assert_eq!(codes.len(), all.len());
    }

    #[test]
    fn a_wish_waits_long_only_while_open_for_the_whole_period() {
        let approved = Utc::now() - chrono::Duration::days(61);
        let now = Utc::now();
        assert!(waiting_long(WishState::Open, approved, now, 60));
        assert!(!waiting_long(WishState::Open, approved, now, 90));
        assert!(
            !waiting_long(WishState::Claimed, approved, now, 60),
            "taken"
        );
        assert!(!waiting_long(WishState::Fulfilled, approved, now, 60));
        let day_short = now - chrono::Duration::days(60) + chrono::Duration::minutes(1);
        assert!(!waiting_long(WishState::Open, day_short, now, 60));
    }

    #[test]
    fn states_follow_the_facts() {
        use WishEventKind::*;
        assert_eq!(WishState::derive(&[], 1), WishState::AwaitingApproval);
        assert_eq!(WishState::derive(&[event(Approved)], 1), WishState::Open);
        assert_eq!(
            WishState::derive(&[event(Approved), event(Claimed)], 1),
            WishState::Claimed
        );
        assert_eq!(
            WishState::derive(&[event(Approved), event(Claimed)], 3),
            WishState::Open,
            "room for more"
        );
        assert_eq!(
            WishState::derive(&[event(Fulfilled), event(Claimed), event(Approved)], 1),
            WishState::Fulfilled,
            "order does not matter"
        );
        assert_eq!(
            WishState::derive(&[event(Approved), event(Withdrawn)], 1),
            WishState::Withdrawn
        );
        assert!(!WishState::AwaitingApproval.is_public());
        assert!(WishState::Fulfilled.is_public());
    }
}
