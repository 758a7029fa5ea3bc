//! The store's part for the wish wall: posting, moderating and confirming wishes, the wall
//! itself with its counts, and what volunteers offer (the service menu).

use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::audit::AuditEntry;
use crate::domain::ids::{CommunityId, PersonId, WishId};
use crate::domain::person::Actor;
use crate::domain::text::Reason;
use crate::domain::wall::{Offering, StaffWish, WallView};
use crate::domain::wish_post::WishDraft;

/// What staff decide about a wish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WishDecision {
    /// Put it on the public wall.
    Approve,
    /// Keep it off the wall, with the reason the poster reads.
    Decline(Reason),
    /// Confirm it fulfilled (a claimer reported it, or staff know it).
    ConfirmFulfilled,
    /// Take an approved wish off the wall (no longer needed, or waited too long), with the
    /// reason the poster reads.
    Withdraw(Reason),
}

#[async_trait::async_trait]
pub trait WishStore {
    /// The wall of `community` for `viewer` (`None`: a kiosk): public wishes and the viewer's own
    /// awaiting approval, with the counts as of `now`.
    async fn wall(
        &self,
        community: &CommunityId,
        viewer: Option<&PersonId>,
        now: DateTime<Utc>,
    ) -> Result<WallView, StoreError>;

    /// Posts a wish in `community` for `actor`; approved at once when `approved` (staff post).
    async fn post_wish(
        &self,
        actor: &Actor,
        community: &CommunityId,
        draft: &WishDraft,
        approved: bool,
        audit: AuditEntry,
    ) -> Result<WishId, StoreError>;

    /// Wishes staff act on in `community` (`None`: all): awaiting approval, or claimed and not
    /// yet confirmed fulfilled; the oldest first.
    async fn wishes_for_staff(
        &self,
        community: Option<&CommunityId>,
        now: DateTime<Utc>,
    ) -> Result<Vec<StaffWish>, StoreError>;

    /// How many days a wish of `community` may wait on the wall before it is marked.
    async fn wish_waiting_days(&self, community: &CommunityId) -> Result<u32, StoreError>;

    /// Sets that period (checked against the allowed range by the caller).
    async fn set_wish_waiting_days(
        &self,
        community: &CommunityId,
        days: u32,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// Applies a staff decision to a wish of `scope` (`None`: any community).
    async fn decide_wish(
        &self,
        scope: Option<&CommunityId>,
        wish: &WishId,
        decision: &WishDecision,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// What the volunteers of `community` offer, one per volunteer.
    async fn offerings(&self, community: &CommunityId) -> Result<Vec<Offering>, StoreError>;

    /// 回报: the person's time account — given, paid, reserved — with their open requests and
    /// what each paid.
    async fn time_account(
        &self,
        person: &PersonId,
    ) -> Result<crate::domain::help_return::ReturnAccountView, StoreError>;

    /// The households of `community` with a file, as (id, head of household), by name.
    async fn household_choices(
        &self,
        community: &CommunityId,
    ) -> Result<Vec<(String, String)>, StoreError>;
}
