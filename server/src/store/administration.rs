//! Running the sub-district on SQLite: the first start, communities, staff accounts, roles,
//! deactivation and kiosks, one module per concern. Each change writes its audit entry in the
//! same transaction.

use app::api::ports::{AdminStore, StoreError};
use app::domain::administration::{
    CommunityRow, Founding, KioskRow, PlaceName, RoleChange, StaffRow, Username,
};
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::text::{PersonName, Reason};

use super::SqlStore;

mod communities;
mod founding;
mod kiosk_admin;
mod staff_accounts;

#[async_trait::async_trait]
impl AdminStore for SqlStore {
    async fn is_initialised(&self) -> Result<bool, StoreError> {
        founding::is_initialised(self).await
    }

    async fn schema_version(&self) -> Result<i64, StoreError> {
        founding::schema_version(self).await
    }

    fn expected_schema_version(&self) -> i64 {
        self.engine
            .migrator()
            .iter()
            .map(|m| m.version)
            .max()
            .unwrap_or(0)
    }

    async fn found(
        &self,
        founding: &Founding,
        password_hash: &str,
        entry: AuditEntry,
    ) -> Result<PersonId, StoreError> {
        founding::found(self, founding, password_hash, entry).await
    }

    async fn communities(&self) -> Result<Vec<CommunityRow>, StoreError> {
        communities::communities(self).await
    }

    async fn add_community(
        &self,
        name: &PlaceName,
        entry: AuditEntry,
    ) -> Result<CommunityId, StoreError> {
        communities::add_community(self, name, entry).await
    }

    async fn rename_community(
        &self,
        community: &CommunityId,
        name: &PlaceName,
        entry: AuditEntry,
    ) -> Result<(), StoreError> {
        communities::rename_community(self, community, name, entry).await
    }

    async fn retire_community(
        &self,
        community: &CommunityId,
        retired: bool,
        entry: AuditEntry,
    ) -> Result<(), StoreError> {
        communities::retire_community(self, community, retired, entry).await
    }

    async fn staff(&self) -> Result<Vec<StaffRow>, StoreError> {
        staff_accounts::staff(self).await
    }

    async fn create_staff(
        &self,
        name: &PersonName,
        username: &Username,
        community: &CommunityId,
        password_hash: &str,
        entry: AuditEntry,
    ) -> Result<PersonId, StoreError> {
        staff_accounts::create_staff(self, name, username, community, password_hash, entry).await
    }

    async fn set_role(
        &self,
        person: &PersonId,
        role: RoleChange,
        community: Option<&CommunityId>,
        entry: AuditEntry,
    ) -> Result<(), StoreError> {
        staff_accounts::set_role(self, person, role, community, entry).await
    }

    async fn set_active(
        &self,
        person: &PersonId,
        deactivation: Option<&Reason>,
        entry: AuditEntry,
    ) -> Result<(), StoreError> {
        staff_accounts::set_active(self, person, deactivation, entry).await
    }

    async fn kiosks(&self, community: Option<&CommunityId>) -> Result<Vec<KioskRow>, StoreError> {
        kiosk_admin::kiosks(self, community).await
    }

    async fn revoke_kiosk(
        &self,
        kiosk: &str,
        community: Option<&CommunityId>,
        entry: AuditEntry,
    ) -> Result<(), StoreError> {
        kiosk_admin::revoke_kiosk(self, kiosk, community, entry).await
    }

    async fn kiosk_revoked(&self, token_hash: &str) -> Result<bool, StoreError> {
        kiosk_admin::kiosk_revoked(self, token_hash).await
    }
}
