//! The store's part for aid (慰问) and partner organisations (共驻共建单位). `scope` is the
//! community a manager looks after (`None`: the admin, every community); a household or gift
//! outside it reads as not found.

use super::StoreError;
use crate::domain::aid::{AidLine, NewAid, NewPartner, Partner};
use crate::domain::audit::AuditEntry;
use crate::domain::ids::CommunityId;
use crate::domain::person::Actor;
use crate::domain::text::Reason;

#[async_trait::async_trait]
pub trait AidStore {
    /// The partners offered in `scope`: its own and the whole sub-district's (`None`: all), by
    /// name.
    async fn partners(&self, scope: Option<&CommunityId>) -> Result<Vec<Partner>, StoreError>;

    /// Adds a partner of `community` (`None`: the whole sub-district's). A name the community
    /// (or the sub-district) already has is refused.
    async fn add_partner(
        &self,
        community: Option<&CommunityId>,
        partner: &NewPartner,
        actor: &Actor,
        audit: AuditEntry,
    ) -> Result<String, StoreError>;

    /// Records a gift to a household of `scope` whose file is open; its partner, if named, must
    /// be offered in the household's community.
    async fn record_aid(
        &self,
        scope: Option<&CommunityId>,
        aid: &NewAid,
        actor: &Actor,
        audit: AuditEntry,
    ) -> Result<String, StoreError>;

    /// Takes back gift `id` of `scope` with a reversal row and `reason`; once, and never a
    /// reversal.
    async fn reverse_aid(
        &self,
        scope: Option<&CommunityId>,
        id: &str,
        reason: &Reason,
        actor: &Actor,
        audit: AuditEntry,
    ) -> Result<String, StoreError>;

    /// The gifts and reversals of `scope` (of one campaign, when named), newest first.
    async fn aid_lines(
        &self,
        scope: Option<&CommunityId>,
        campaign: Option<&str>,
    ) -> Result<Vec<AidLine>, StoreError>;
}
