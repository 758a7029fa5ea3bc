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
    #[error("the caller holds no place on the wish")]
    NotYourClaim,
    #[error("only the poster or staff withdraw a wish")]
    NotPoster,
    #[error("the passbook's available time does not cover the hours offered")]
    NotEnoughTime,
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
            ClaimError::NotYourClaim => lang.pick(
                "您没有认领这个心愿，无需退出。",
                "You hold no place on this wish.",
            ),
            ClaimError::NotPoster => lang.pick(
                "只有发布人或社区工作人员才能撤回这个心愿。",
                "Only the person who posted this wish, or staff, can withdraw it.",
            ),
            ClaimError::NotEnoughTime => lang.pick(
                "存折中可用的时间不够支付这些小时，请减少支付时间。",
                "Your passbook's available time does not cover these hours: pay fewer.",
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
    let mine = holds_place(events, volunteer);
    match WishState::derive(events, capacity) {
        WishState::AwaitingApproval => Err(ClaimError::NotApproved),
        WishState::Fulfilled | WishState::Withdrawn => Err(ClaimError::Closed),
        _ if mine => Err(ClaimError::AlreadyYours),
        WishState::Claimed => Err(ClaimError::TakenBySomeoneElse),
        WishState::Open => Ok(()),
    }
}

/// May `volunteer` give their place on the wish back? Only while they hold one and the wish is
/// neither fulfilled nor withdrawn.
pub fn check_release(
    events: &[WishEvent],
    capacity: u32,
    volunteer: &PersonId,
) -> Result<(), ClaimError> {
    match WishState::derive(events, capacity) {
        WishState::Fulfilled | WishState::Withdrawn => Err(ClaimError::Closed),
        _ if !holds_place(events, volunteer) => Err(ClaimError::NotYourClaim),
        _ => Ok(()),
    }
}

/// May the wish be withdrawn by someone who `is_poster` (staff withdraw through their own door)?
/// Not once it is fulfilled or already withdrawn.
pub fn check_withdraw(
    events: &[WishEvent],
    capacity: u32,
    is_poster: bool,
) -> Result<(), ClaimError> {
    match WishState::derive(events, capacity) {
        WishState::Fulfilled | WishState::Withdrawn => Err(ClaimError::Closed),
        _ if !is_poster => Err(ClaimError::NotPoster),
        _ => Ok(()),
    }
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

/// A claimer gives their place back (entry kind `release`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReleaseInput {
    pub wish: String,
}

/// The poster withdraws their wish (entry kind `withdraw`): it leaves the wall.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WithdrawInput {
    pub wish: String,
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
    fn event(kind: WishEventKind) -> WishEvent {
        WishEvent {
            kind,
            person: Some(PersonId::new("someone")),
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
    fn a_released_place_opens_again_and_may_be_taken_again() {
        use WishEventKind::*;
        let a = PersonId::new("a");
        let b = PersonId::new("b");
        let by = |kind, p: &PersonId| WishEvent {
            kind,
            person: Some(p.clone()),
            at: Utc::now(),
        };
        let released = [event(Approved), by(Claimed, &a), by(Released, &a)];
        assert_eq!(WishState::derive(&released, 1), WishState::Open);
        assert!(claimers(&released).is_empty());
        assert_eq!(check_claim(&released, 1, &b), Ok(()), "the place is free");
        assert_eq!(
            check_claim(&released, 1, &a),
            Ok(()),
            "and its claimer may come back"
        );
        assert_eq!(
            check_release(&released, 1, &a),
            Err(ClaimError::NotYourClaim),
            "nobody releases twice"
        );
        let again = [
            event(Approved),
            by(Claimed, &a),
            by(Released, &a),
            by(Claimed, &a),
        ];
        assert_eq!(WishState::derive(&again, 1), WishState::Claimed);
        assert_eq!(check_release(&again, 1, &a), Ok(()));
        assert_eq!(check_release(&again, 1, &b), Err(ClaimError::NotYourClaim));
        let done = [event(Approved), by(Claimed, &a), event(Fulfilled)];
        assert_eq!(check_release(&done, 1, &a), Err(ClaimError::Closed));
    }

    #[test]
    fn only_the_poster_withdraws_and_not_once_fulfilled() {
        use WishEventKind::*;
        assert_eq!(check_withdraw(&[], 1, true), Ok(()), "awaiting approval");
        assert_eq!(
            check_withdraw(&[event(Approved), event(Claimed)], 1, true),
            Ok(())
        );
        assert_eq!(
            check_withdraw(&[event(Approved)], 1, false),
            Err(ClaimError::NotPoster)
        );
        assert_eq!(
            check_withdraw(&[event(Approved), event(Fulfilled)], 1, true),
            Err(ClaimError::Closed)
        );
        assert_eq!(
            check_withdraw(&[event(Withdrawn)], 1, true),
            Err(ClaimError::Closed)
        );
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
