//! The wall as this phone shows it: the server's last copy of the community's wall, with what
//! the person did on this phone and the server has not answered yet — a claim waiting to sync,
//! a claim that lost the race (and why), a wish posted offline, a report of fulfilment. Plain
//! logic, unit-tested without a browser.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::lines::{LocalLine, LocalState};
use crate::domain::ids::{CommunityId, WishId};
use crate::domain::wall::WallView;
use crate::domain::wish::{ClaimInput, ReleaseInput, WishCard, WishState, WithdrawInput};
use crate::domain::wish_post::{FulfilInput, WishInput};

/// A wish on this phone's wall.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WallNote {
    pub card: WishCard,
    /// The person's newest claim on it from this phone, and where it stands.
    pub my_claim: Option<LocalState>,
    /// The person's newest report that it is fulfilled, and where it stands.
    pub my_report: Option<LocalState>,
    /// Posted on this phone and not on the server's copy yet: its state there.
    pub local_post: Option<LocalState>,
    /// The person's newest release of their place, when it is newer than their newest claim.
    pub my_release: Option<LocalState>,
    /// The person's withdrawal of their own wish from this phone, and where it stands.
    pub my_withdrawal: Option<LocalState>,
}

impl WallNote {
    /// The person holds a place on it (the server says so, or a claim of theirs is on its way).
    pub fn is_mine(&self) -> bool {
        let on_its_way =
            |s: &Option<LocalState>| matches!(s, Some(LocalState::Waiting | LocalState::Synced));
        if on_its_way(&self.my_release) {
            return false;
        }
        self.card.claimed_by_me || on_its_way(&self.my_claim)
    }

    /// A volunteer may claim it from this phone now.
    pub fn claimable(&self) -> bool {
        self.card.state == WishState::Open
            && !self.is_mine()
            && !self.card.posted_by_me
            && !self.withdrawing()
    }

    /// The person may give their place back from this phone now.
    pub fn releasable(&self) -> bool {
        self.is_mine() && matches!(self.card.state, WishState::Open | WishState::Claimed)
    }

    /// The poster may withdraw it from this phone now.
    pub fn withdrawable(&self) -> bool {
        self.card.posted_by_me
            && self.local_post.is_none()
            && !self.withdrawing()
            && !matches!(self.card.state, WishState::Fulfilled | WishState::Withdrawn)
    }

    /// A withdrawal of it from this phone is waiting or sent.
    pub fn withdrawing(&self) -> bool {
        matches!(
            self.my_withdrawal,
            Some(LocalState::Waiting | LocalState::Synced)
        )
    }
}

/// The state of the person's newest line of `kind` for each wish, in one pass over the lines
/// (newest first, so the first seen wins): a wall of 1,000 wishes and a phone of 10,000 lines
/// must not cost a scan of the lines per wish.
fn newest_per_wish<T: serde::de::DeserializeOwned>(
    lines: &[LocalLine],
    kind: &str,
    wish_of: impl Fn(T) -> String,
) -> HashMap<String, LocalState> {
    let mut newest = HashMap::new();
    for line in lines.iter().filter(|l| l.kind == kind) {
        let Some(wish) = line
            .body
            .as_deref()
            .and_then(|b| crate::domain::json::from_json::<T>(b).ok())
            .map(&wish_of)
        else {
            continue;
        };
        newest.entry(wish).or_insert_with(|| line.state.clone());
    }
    newest
}

/// The notes of the wall: the server's cards (each with the person's local claim and report),
/// then the wishes posted on this phone that the copy does not hold yet.
pub fn wall_notes(
    wall: Option<&WallView>,
    lines: &[LocalLine],
    community: Option<&CommunityId>,
    now: DateTime<Utc>,
) -> Vec<WallNote> {
    let cards: &[WishCard] = wall.map(|w| w.cards.as_slice()).unwrap_or(&[]);
    let claims = newest_per_wish::<ClaimInput>(lines, "claim", |c| c.wish);
    let reports = newest_per_wish::<FulfilInput>(lines, "fulfil", |f| f.wish);
    let releases = newest_per_wish::<ReleaseInput>(lines, "release", |r| r.wish);
    let withdrawals = newest_per_wish::<WithdrawInput>(lines, "withdraw", |w| w.wish);
    // Claim and release of the same wish: only the newer of the two speaks.
    let newest_line = |kind: &str, wish: &str| {
        lines.iter().position(|l| {
            l.kind == kind
                && l.body
                    .as_deref()
                    .and_then(|b| crate::domain::json::from_json::<ReleaseInput>(b).ok())
                    .is_some_and(|r| r.wish == wish)
        })
    };
    let mut notes: Vec<WallNote> = cards
        .iter()
        .map(|card| {
            let id = card.id.as_str();
            let mut my_claim = claims.get(id).cloned();
            let mut my_release = releases.get(id).cloned();
            if my_claim.is_some() && my_release.is_some() {
                if newest_line("claim", id) < newest_line("release", id) {
                    my_release = None;
                } else {
                    my_claim = None;
                }
            }
            WallNote {
                my_claim,
                my_report: reports.get(id).cloned(),
                local_post: None,
                my_release,
                my_withdrawal: withdrawals.get(id).cloned(),
                card: card.clone(),
            }
        })
        .collect();
    let on_the_copy: HashSet<&str> = cards.iter().map(|c| c.id.as_str()).collect();
    for line in lines.iter().filter(|l| l.kind == "wish") {
        if on_the_copy.contains(line.id.as_str()) {
            continue;
        }
        let Some(input) = line
            .body
            .as_deref()
            .and_then(|b| crate::domain::json::from_json::<WishInput>(b).ok())
        else {
            continue;
        };
        notes.push(WallNote {
            card: WishCard {
                id: WishId::new(line.id.clone()),
                community: community.cloned().unwrap_or_else(|| CommunityId::new("")),
                poster: input.poster,
                need: input.need,
                offer: input.offer,
                category: input.category,
                capacity: input.capacity.trim().parse().unwrap_or(1),
                claims: 0,
                state: WishState::AwaitingApproval,
                posted_at: now,
                service: input.service,
                claimed_by_me: false,
                posted_by_me: true,
                reported: false,
                decline_reason: String::new(),
                waiting_long: false,
                reopened: false,
                withdrawn_by_poster: false,
                // Marked once the server holds it: the phone's first download stays small.
                pay: None,
            },
            my_claim: None,
            my_report: None,
            local_post: Some(line.state.clone()),
            my_release: None,
            my_withdrawal: None,
        });
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::wall::WallCounts;

    fn card(id: &str, state: WishState) -> WishCard {
        WishCard {
            id: WishId::new(id),
            community: CommunityId::new("c"),
            poster: "王阿姨".into(),
            need: "修水龙头".into(),
            offer: String::new(),
            category: "repair".into(),
            capacity: 1,
            claims: 0,
            state,
            posted_at: Utc::now(),
            service: String::new(),
            claimed_by_me: false,
            posted_by_me: false,
            reported: false,
            decline_reason: String::new(),
            waiting_long: false,
            reopened: false,
            withdrawn_by_poster: false,
            pay: None,
        }
    }

    fn line(id: &str, kind: &str, body: serde_json::Value, state: LocalState) -> LocalLine {
        LocalLine {
            id: id.into(),
            kind: kind.into(),
            record: None,
            body: Some(body.to_string()),
            state,
            change: None,
            seq: None,
        }
    }

    fn wall(cards: Vec<WishCard>) -> WallView {
        WallView {
            community_name: "福康社区".into(),
            cards,
            counts: WallCounts::default(),
        }
    }

    #[test]
    fn a_waiting_claim_makes_the_wish_mine_and_a_lost_race_says_why() {
        let server = wall(vec![
            card("w1", WishState::Open),
            card("w2", WishState::Open),
        ]);
        let lost = r#"{"Claim":"TakenBySomeoneElse"}"#.to_string();
        let lines = vec![
            line(
                "c1",
                "claim",
                serde_json::json!({"wish": "w1"}),
                LocalState::Waiting,
            ),
            line(
                "c2",
                "claim",
                serde_json::json!({"wish": "w2"}),
                LocalState::Refused(lost.clone()),
            ),
        ];
        let notes = wall_notes(Some(&server), &lines, None, Utc::now());
        assert_eq!(notes.len(), 2);
        assert!(notes[0].is_mine() && !notes[0].claimable());
        assert_eq!(notes[1].my_claim, Some(LocalState::Refused(lost)));
        assert!(!notes[1].is_mine());
        assert!(
            notes[1].claimable(),
            "still open on the copy: the copy decides"
        );
    }

    #[test]
    fn the_newest_claim_and_report_of_each_wish_win_and_unreadable_bodies_are_skipped() {
        let server = wall(vec![
            card("w1", WishState::Open),
            card("w2", WishState::Claimed),
        ]);
        let refused = r#"{"Claim":"TakenBySomeoneElse"}"#.to_string();
        // Newest first, as the phone keeps them.
        let lines = vec![
            line(
                "c3",
                "claim",
                serde_json::json!({"wish": "w1"}),
                LocalState::Waiting,
            ),
            line(
                "bad",
                "claim",
                serde_json::json!("not a claim"),
                LocalState::Synced,
            ),
            line(
                "r1",
                "fulfil",
                serde_json::json!({"wish": "w2"}),
                LocalState::Waiting,
            ),
            line(
                "c2",
                "claim",
                serde_json::json!({"wish": "w2"}),
                LocalState::Synced,
            ),
            line(
                "c1",
                "claim",
                serde_json::json!({"wish": "w1"}),
                LocalState::Refused(refused),
            ),
        ];
        let notes = wall_notes(Some(&server), &lines, None, Utc::now());
        assert_eq!(
            notes[0].my_claim,
            Some(LocalState::Waiting),
            "c3, not the older c1"
        );
        assert_eq!(notes[0].my_report, None);
        assert_eq!(notes[1].my_claim, Some(LocalState::Synced));
        assert_eq!(notes[1].my_report, Some(LocalState::Waiting));
    }

    #[test]
    fn a_release_newer_than_the_claim_gives_the_place_back_and_an_older_one_does_not() {
        let mut held = card("w1", WishState::Claimed);
        held.claimed_by_me = true;
        let server = wall(vec![held]);
        let wish = serde_json::json!({"wish": "w1"});
        // Newest first: released after claiming.
        let released = vec![
            line("r1", "release", wish.clone(), LocalState::Waiting),
            line("c1", "claim", wish.clone(), LocalState::Synced),
        ];
        let notes = wall_notes(Some(&server), &released, None, Utc::now());
        assert!(!notes[0].is_mine(), "the place is given back at once");
        assert!(!notes[0].releasable());
        assert_eq!(notes[0].my_release, Some(LocalState::Waiting));
        assert_eq!(notes[0].my_claim, None);
        // Claimed again after an older release.
        let again = vec![
            line("c2", "claim", wish.clone(), LocalState::Waiting),
            line("r1", "release", wish.clone(), LocalState::Synced),
        ];
        let notes = wall_notes(Some(&server), &again, None, Utc::now());
        assert!(notes[0].is_mine() && notes[0].releasable());
        assert_eq!(notes[0].my_release, None);
        // A refused release leaves the server's word: still theirs.
        let refused = vec![line(
            "r2",
            "release",
            wish,
            LocalState::Refused(r#"{"Claim":"Closed"}"#.into()),
        )];
        let notes = wall_notes(Some(&server), &refused, None, Utc::now());
        assert!(notes[0].is_mine());
    }

    #[test]
    fn the_poster_withdraws_once_and_nobody_claims_a_wish_being_withdrawn() {
        let mut mine = card("w1", WishState::Open);
        mine.posted_by_me = true;
        let server = wall(vec![mine, card("w2", WishState::Fulfilled)]);
        let notes = wall_notes(Some(&server), &[], None, Utc::now());
        assert!(notes[0].withdrawable());
        assert!(!notes[1].withdrawable(), "not theirs, and fulfilled");
        let waiting = vec![line(
            "x1",
            "withdraw",
            serde_json::json!({"wish": "w1"}),
            LocalState::Waiting,
        )];
        let notes = wall_notes(Some(&server), &waiting, None, Utc::now());
        assert!(notes[0].withdrawing() && !notes[0].withdrawable());
        assert!(!notes[0].claimable());
    }

    #[test]
    fn a_wish_posted_offline_shows_until_the_copy_holds_it() {
        let posted = line(
            "w9",
            "wish",
            serde_json::json!({"poster": "刘芳", "need": "<b>学手机</b>", "category": "education"}),
            LocalState::Waiting,
        );
        let notes = wall_notes(None, std::slice::from_ref(&posted), None, Utc::now());
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].card.state, WishState::AwaitingApproval);
        assert_eq!(notes[0].card.need, "<b>学手机</b>");
        assert_eq!(notes[0].local_post, Some(LocalState::Waiting));
        assert!(!notes[0].claimable(), "nobody claims their own wish");
        let mut held = card("w9", WishState::AwaitingApproval);
        held.posted_by_me = true;
        let notes = wall_notes(Some(&wall(vec![held])), &[posted], None, Utc::now());
        assert_eq!(notes.len(), 1, "shown once");
        assert_eq!(notes[0].local_post, None);
    }
}
