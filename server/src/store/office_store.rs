//! The office's part of the store on SQLite: each method hands over to the module that holds its
//! SQL (households, agreements, activities, statistics, certificates, points administration).

use app::api::ports::{OfficeStore, StoreError};
use app::domain::activity::{Activity, ActivityView, AttendeeTimesInput};
use app::domain::activity_proposal::Invitation;
use app::domain::agreement::{Agreement, AgreementView};
use app::domain::audit::AuditEntry;
use app::domain::catalogue::{CatalogueItem, NewCatalogueItem, StaffRedemption};
use app::domain::certificate::Certificate;
use app::domain::household::{HouseholdFile, HouseholdHistory, HouseholdSummary};
use app::domain::household_closure::HouseholdClosure;
use app::domain::ids::{ActivityId, AgreementId, CommunityId, HouseholdId, PersonId};
use app::domain::person::Actor;
use app::domain::statistics::{Period, Statistics};
use app::domain::text::Reason;
use chrono::{DateTime, NaiveDate, Utc};

use super::{
    activities, activity_proposals, agreements, certificates, households, id_cards, line_export,
    points_admin, statistics, SqlStore,
};

#[async_trait::async_trait]
impl OfficeStore for SqlStore {
    async fn households(
        &self,
        scope: Option<&CommunityId>,
        today: NaiveDate,
    ) -> Result<Vec<HouseholdSummary>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(super::failed)?;
        households::summaries(&mut conn, scope, None, today).await
    }

    async fn household_history(
        &self,
        scope: Option<&CommunityId>,
        household: &HouseholdId,
        today: NaiveDate,
    ) -> Result<HouseholdHistory, StoreError> {
        households::history(&self.pool, scope, household, today).await
    }

    async fn register_household(
        &self,
        community: &CommunityId,
        file: &HouseholdFile,
        audit: AuditEntry,
    ) -> Result<HouseholdId, StoreError> {
        households::register(&self.pool, community, file, audit).await
    }

    async fn update_household(
        &self,
        scope: Option<&CommunityId>,
        household: &HouseholdId,
        file: &HouseholdFile,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        households::update(&self.pool, scope, household, file, audit).await
    }

    async fn set_household_closure(
        &self,
        scope: Option<&CommunityId>,
        household: &HouseholdId,
        closure: Option<&HouseholdClosure>,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        households::set_closure(&self.pool, scope, household, closure, audit).await
    }

    async fn agreements(
        &self,
        scope: Option<&CommunityId>,
        today: NaiveDate,
    ) -> Result<Vec<AgreementView>, StoreError> {
        agreements::list(&self.pool, scope, today).await
    }

    async fn make_agreement(
        &self,
        scope: Option<&CommunityId>,
        agreement: &Agreement,
        actor: &Actor,
        audit: AuditEntry,
    ) -> Result<AgreementId, StoreError> {
        agreements::make(&self.pool, scope, agreement, actor, audit).await
    }

    async fn activities(
        &self,
        scope: Option<&CommunityId>,
    ) -> Result<Vec<ActivityView>, StoreError> {
        activities::list(&self.pool, scope).await
    }

    async fn create_activity(
        &self,
        community: &CommunityId,
        activity: &Activity,
        actor: &Actor,
        audit: AuditEntry,
    ) -> Result<ActivityId, StoreError> {
        activities::create(&self.pool, community, activity, actor, audit).await
    }

    async fn set_attendees(
        &self,
        scope: Option<&CommunityId>,
        activity: &ActivityId,
        attendees: &[PersonId],
        times: &[AttendeeTimesInput],
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        activities::set_attendees(&self.pool, scope, activity, attendees, times, audit).await
    }

    async fn close_activity(
        &self,
        scope: Option<&CommunityId>,
        activity: &ActivityId,
        actor: &Actor,
        at: DateTime<Utc>,
        audit: AuditEntry,
    ) -> Result<u32, StoreError> {
        activities::close(&self.pool, scope, activity, actor, at, audit).await
    }

    async fn review_activity(
        &self,
        scope: Option<&CommunityId>,
        activity: &ActivityId,
        decline: Option<&Reason>,
        today: NaiveDate,
        actor: &Actor,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        activity_proposals::review(&self.pool, scope, activity, decline, today, actor, audit).await
    }

    async fn activity_invitations(
        &self,
        actor: &Actor,
        today: NaiveDate,
    ) -> Result<Vec<Invitation>, StoreError> {
        activity_proposals::invitations(&self.pool, actor, today).await
    }

    async fn statistics(
        &self,
        scope: Option<&CommunityId>,
        period: &Period,
    ) -> Result<Statistics, StoreError> {
        statistics::statistics(
            &self.pool,
            scope,
            period,
            statistics::Reading::RunningTotals,
        )
        .await
    }

    async fn ledger_lines(
        &self,
        scope: Option<&CommunityId>,
        filter: &app::domain::line_export::LineFilter,
    ) -> Result<Vec<app::domain::line_export::LineExportRow>, StoreError> {
        line_export::lines(&self.pool, scope, filter).await
    }

    async fn id_card(
        &self,
        scope: &CommunityId,
        person: &PersonId,
    ) -> Result<Option<String>, StoreError> {
        id_cards::get(&self.pool, scope, person).await
    }

    async fn set_id_card(
        &self,
        scope: &CommunityId,
        person: &PersonId,
        number: Option<&app::domain::id_card::IdCardNumber>,
        actor: &Actor,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        id_cards::set(&self.pool, scope, person, number, actor, audit).await
    }

    async fn issue_certificate(
        &self,
        scope: Option<&CommunityId>,
        person: &PersonId,
        actor: &Actor,
        at: DateTime<Utc>,
        audit: AuditEntry,
    ) -> Result<Certificate, StoreError> {
        certificates::issue(&self.pool, scope, person, actor, at, audit).await
    }

    async fn certificate(
        &self,
        scope: Option<&CommunityId>,
        id: &str,
    ) -> Result<Certificate, StoreError> {
        certificates::get(&self.pool, scope, id).await
    }

    async fn certificates_of(
        &self,
        person: &PersonId,
    ) -> Result<Vec<app::domain::certificate::CertificateSummary>, StoreError> {
        certificates::of_person(&self.pool, person).await
    }

    async fn own_certificate(
        &self,
        person: &PersonId,
        id: &str,
    ) -> Result<Certificate, StoreError> {
        certificates::own(&self.pool, person, id).await
    }

    async fn catalogue(&self) -> Result<Vec<CatalogueItem>, StoreError> {
        points_admin::catalogue(&self.pool).await
    }

    async fn add_catalogue_item(
        &self,
        item: &NewCatalogueItem,
        actor: &Actor,
        audit: AuditEntry,
    ) -> Result<String, StoreError> {
        points_admin::add_item(&self.pool, item, actor, audit).await
    }

    async fn retire_catalogue_item(&self, id: &str, audit: AuditEntry) -> Result<(), StoreError> {
        points_admin::retire_item(&self.pool, id, audit).await
    }

    async fn redemptions_for_staff(
        &self,
        scope: Option<&CommunityId>,
    ) -> Result<Vec<StaffRedemption>, StoreError> {
        points_admin::for_staff(&self.pool, scope).await
    }

    async fn custody_report(&self) -> Result<Vec<app::domain::controls::CustodyRow>, StoreError> {
        super::controls::report(&self.pool).await
    }

    async fn decide_redemption(
        &self,
        scope: Option<&CommunityId>,
        id: &str,
        refusal: Option<&Reason>,
        actor: &Actor,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        points_admin::decide(&self.pool, scope, id, refusal, actor, audit).await
    }
}
