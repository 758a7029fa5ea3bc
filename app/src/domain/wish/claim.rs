//! Claiming a wish: who may take a place on it, give it back, or withdraw the wish.

use serde::{Deserialize, Serialize};

use super::{holds_place, WishEvent, WishState};
use crate::domain::ids::PersonId;
use crate::domain::Lang;

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

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::domain::wish::tests::event;
    use crate::domain::wish::{claimers, WishEventKind};

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
}
