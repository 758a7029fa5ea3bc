//! The store's part for running the sub-district: the first start, communities, staff accounts,
//! kiosks, and volunteers who leave.

use super::StoreError;
use crate::domain::administration::{
    CommunityRow, Founding, KioskRow, PlaceName, RoleChange, StaffRow, Username,
};
use crate::domain::audit::AuditEntry;
use crate::domain::ids::{CommunityId, PersonId};
use crate::domain::text::{PersonName, Reason};

#[async_trait::async_trait]
pub trait AdminStore {
    /// Whether the sub-district exists (`server init` or demo data made it).
    async fn is_initialised(&self) -> Result<bool, StoreError>;

    /// The newest schema version applied to the database.
    async fn schema_version(&self) -> Result<i64, StoreError>;

    /// The newest schema version this build knows (what `schema_version` is after migrating).
    fn expected_schema_version(&self) -> i64;

    /// Creates the sub-district, the seeded service categories and the first administrator
    /// (with `password_hash`), in one transaction. Refuses a database that has a sub-district.
    async fn found(
        &self,
        founding: &Founding,
        password_hash: &str,
        audit: AuditEntry,
    ) -> Result<PersonId, StoreError>;

    /// Every community, retired ones included, with its counts.
    async fn communities(&self) -> Result<Vec<CommunityRow>, StoreError>;

    async fn add_community(
        &self,
        name: &PlaceName,
        audit: AuditEntry,
    ) -> Result<CommunityId, StoreError>;

    async fn rename_community(
        &self,
        community: &CommunityId,
        name: &PlaceName,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// Retires (or, with `retired = false`, restores) a community.
    async fn retire_community(
        &self,
        community: &CommunityId,
        retired: bool,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// Staff and administrators, active or not.
    async fn staff(&self) -> Result<Vec<StaffRow>, StoreError>;

    async fn create_staff(
        &self,
        name: &PersonName,
        username: &Username,
        community: &CommunityId,
        password_hash: &str,
        audit: AuditEntry,
    ) -> Result<PersonId, StoreError>;

    /// Gives `person` a role (and a community for staff and volunteers). Refuses to leave the
    /// sub-district without an active administrator, and a retired community.
    async fn set_role(
        &self,
        person: &PersonId,
        role: RoleChange,
        community: Option<&CommunityId>,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// Deactivates someone (with the reason) or, with `None`, reactivates them. Deactivating
    /// ends all their sessions.
    async fn set_active(
        &self,
        person: &PersonId,
        deactivation: Option<&Reason>,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// The kiosks of `community` (`None`: all), newest first.
    async fn kiosks(&self, community: Option<&CommunityId>) -> Result<Vec<KioskRow>, StoreError>;

    /// Revokes a kiosk of `community` (`None`: any). Its token stops working at once.
    async fn revoke_kiosk(
        &self,
        kiosk: &str,
        community: Option<&CommunityId>,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// Whether `token_hash` belongs to a kiosk that was revoked (so its screen can say so).
    async fn kiosk_revoked(&self, token_hash: &str) -> Result<bool, StoreError>;
}
