//! The wish wall's part of the store: each method hands over to the module that holds its SQL
//! (the wall, wishes, the time account of help in return).

use app::api::ports::{StoreError, WishDecision, WishStore};
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, PersonId, WishId};
use app::domain::person::Actor;
use app::domain::wall::{Offering, StaffWish, WallView};
use app::domain::wish_post::WishDraft;
use chrono::{DateTime, Utc};

use super::{help_return, wall, wish_waiting, wishes, SqlStore};

#[async_trait::async_trait]
impl WishStore for SqlStore {
    async fn time_account(
        &self,
        person: &PersonId,
    ) -> Result<app::domain::help_return::ReturnAccountView, StoreError> {
        help_return::view(&self.pool, person).await
    }

    async fn wall(
        &self,
        community: &CommunityId,
        viewer: Option<&PersonId>,
        now: DateTime<Utc>,
    ) -> Result<WallView, StoreError> {
        wall::wall(&self.pool, community, viewer, now).await
    }

    async fn post_wish(
        &self,
        actor: &Actor,
        community: &CommunityId,
        draft: &WishDraft,
        approved: bool,
        audit: AuditEntry,
    ) -> Result<WishId, StoreError> {
        wishes::post_wish(&self.pool, actor, community, draft, approved, audit).await
    }

    async fn wishes_for_staff(
        &self,
        community: Option<&CommunityId>,
        now: DateTime<Utc>,
    ) -> Result<Vec<StaffWish>, StoreError> {
        wall::wishes_for_staff(&self.pool, community, now).await
    }

    async fn wish_waiting_days(&self, community: &CommunityId) -> Result<u32, StoreError> {
        wish_waiting::waiting_days(&self.pool, community).await
    }

    async fn set_wish_waiting_days(
        &self,
        community: &CommunityId,
        days: u32,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        wish_waiting::set_waiting_days(&self.pool, community, days, audit).await
    }

    async fn decide_wish(
        &self,
        scope: Option<&CommunityId>,
        wish: &WishId,
        decision: &WishDecision,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        wishes::decide(&self.pool, scope, wish, decision, audit).await
    }

    async fn offerings(&self, community: &CommunityId) -> Result<Vec<Offering>, StoreError> {
        wall::offerings(&self.pool, community).await
    }

    async fn household_choices(
        &self,
        community: &CommunityId,
    ) -> Result<Vec<(String, String)>, StoreError> {
        wall::household_choices(&self.pool, community).await
    }
}
