//! Micro-wishes (微心愿): a resident's need and what they offer back, claimed and fulfilled by
//! volunteers. The state is derived from the wish's facts, never stored.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{CommunityId, PersonId, WishId};
use super::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WishEventKind {
    Approved,
    Claimed,
    Fulfilled,
    Withdrawn,
}

impl WishEventKind {
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "approved" => Some(Self::Approved),
            "claimed" => Some(Self::Claimed),
            "fulfilled" => Some(Self::Fulfilled),
            "withdrawn" => Some(Self::Withdrawn),
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
        let claims = events
            .iter()
            .filter(|e| e.kind == WishEventKind::Claimed)
            .count();
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

    /// Whether the public wall (and the kiosk) shows it.
    pub fn is_public(self) -> bool {
        matches!(
            self,
            WishState::Open | WishState::Claimed | WishState::Fulfilled
        )
    }
}

/// Why a claim was refused. A claim made offline that loses the race ends here, and the
/// volunteer is told so, never silently dropped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ClaimError {
    #[error("the wish is not on the wall yet")]
    NotApproved,
    #[error("already claimed by someone else")]
    TakenBySomeoneElse,
    #[error("you already claimed it")]
    AlreadyYours,
    #[error("the wish is fulfilled or withdrawn")]
    Closed,
    #[error("only a claimer reports a wish fulfilled")]
    NotClaimer,
    #[error("the wish was already approved or declined")]
    AlreadyDecided,
    #[error("nobody has claimed the wish")]
    NoClaimer,
}

impl ClaimError {
    pub fn message(&self, lang: Lang) -> &'static str {
        match self {
            ClaimError::NotApproved => lang.pick(
                "这个心愿还在审核中。",
                "This wish is still awaiting approval.",
            ),
            ClaimError::TakenBySomeoneElse => lang.pick(
                "这个心愿已经被其他志愿者认领了。",
                "Another volunteer already claimed this wish.",
            ),
            ClaimError::AlreadyYours => {
                lang.pick("您已经认领了这个心愿。", "You already claimed this wish.")
            }
            ClaimError::Closed => lang.pick(
                "这个心愿已经实现或撤回了。",
                "This wish was fulfilled or withdrawn.",
            ),
            ClaimError::NotClaimer => lang.pick(
                "只有认领了这个心愿的志愿者才能报告它已实现。",
                "Only a volunteer who claimed this wish can report it fulfilled.",
            ),
            ClaimError::AlreadyDecided => lang.pick(
                "这个心愿已经审核过了。",
                "This wish was already approved or declined.",
            ),
            ClaimError::NoClaimer => lang.pick(
                "还没有志愿者认领这个心愿。",
                "No volunteer has claimed this wish yet.",
            ),
        }
    }
}

/// A claim as a phone captures it (entry kind `claim`): which wish. Applied by the server when
/// the entry arrives; a claim that lost the race comes back as a refusal with [`ClaimError`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClaimInput {
    pub wish: String,
}

/// May `volunteer` claim a wish with these facts and `capacity` places? One-to-one wishes take
/// one claimer, many-to-one up to their capacity, and nobody claims twice.
pub fn check_claim(
    events: &[WishEvent],
    capacity: u32,
    volunteer: &PersonId,
) -> Result<(), ClaimError> {
    let mine = events
        .iter()
        .any(|e| e.kind == WishEventKind::Claimed && e.person.as_ref() == Some(volunteer));
    match WishState::derive(events, capacity) {
        WishState::AwaitingApproval => Err(ClaimError::NotApproved),
        WishState::Fulfilled | WishState::Withdrawn => Err(ClaimError::Closed),
        _ if mine => Err(ClaimError::AlreadyYours),
        WishState::Claimed => Err(ClaimError::TakenBySomeoneElse),
        WishState::Open => Ok(()),
    }
}

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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: WishEventKind) -> WishEvent {
        WishEvent {
            kind,
            person: None,
            at: Utc::now(),
        }
    }

    #[test]
    fn claims_respect_the_places_and_nobody_claims_twice() {
        use WishEventKind::*;
        let a = PersonId::new("a");
        let b = PersonId::new("b");
        let claimed_by = |p: &PersonId| WishEvent {
            kind: Claimed,
            person: Some(p.clone()),
            at: Utc::now(),
        };
        assert_eq!(check_claim(&[], 1, &a), Err(ClaimError::NotApproved));
        assert_eq!(check_claim(&[event(Approved)], 1, &a), Ok(()));
        let one = [event(Approved), claimed_by(&a)];
        assert_eq!(
            check_claim(&one, 1, &b),
            Err(ClaimError::TakenBySomeoneElse)
        );
        assert_eq!(check_claim(&one, 1, &a), Err(ClaimError::AlreadyYours));
        assert_eq!(check_claim(&one, 2, &b), Ok(()), "many-to-one has room");
        assert_eq!(check_claim(&one, 2, &a), Err(ClaimError::AlreadyYours));
        assert_eq!(
            check_claim(&[event(Approved), event(Fulfilled)], 3, &a),
            Err(ClaimError::Closed)
        );
        assert_ne!(
            ClaimError::TakenBySomeoneElse.message(Lang::Zh),
            ClaimError::TakenBySomeoneElse.message(Lang::En)
        );
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
