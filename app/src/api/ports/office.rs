//! The store's part for the staff office: household files (建档立卡), assistance agreements
//! (帮扶协议) and activities (活动). `scope` is the community a manager looks after (`None`: the
//! admin, every community); anything outside it reads as not found.

use chrono::{DateTime, NaiveDate, Utc};

use super::StoreError;
use crate::domain::activity::{Activity, ActivityView, AttendeeTimesInput};
use crate::domain::activity_proposal::Invitation;
use crate::domain::agreement::{Agreement, AgreementView};
use crate::domain::audit::AuditEntry;
use crate::domain::catalogue::{CatalogueItem, NewCatalogueItem, StaffRedemption};
use crate::domain::certificate::Certificate;
use crate::domain::household::{HouseholdFile, HouseholdHistory, HouseholdSummary};
use crate::domain::household_closure::HouseholdClosure;
use crate::domain::ids::{ActivityId, AgreementId, CommunityId, HouseholdId, PersonId};
use crate::domain::person::Actor;
use crate::domain::statistics::{Period, Statistics};
use crate::domain::text::Reason;

#[async_trait::async_trait]
pub trait OfficeStore {
    /// The households of `scope` with how much help each has had as of `today`, by head's name.
    async fn households(
        &self,
        scope: Option<&CommunityId>,
        today: NaiveDate,
    ) -> Result<Vec<HouseholdSummary>, StoreError>;

    /// One household's file and the help it received, newest first.
    async fn household_history(
        &self,
        scope: Option<&CommunityId>,
        household: &HouseholdId,
        today: NaiveDate,
    ) -> Result<HouseholdHistory, StoreError>;

    /// Opens a household's file in `community`.
    async fn register_household(
        &self,
        community: &CommunityId,
        file: &HouseholdFile,
        audit: AuditEntry,
    ) -> Result<HouseholdId, StoreError>;

    /// Replaces a household's file (the audit entry keeps the change).
    async fn update_household(
        &self,
        scope: Option<&CommunityId>,
        household: &HouseholdId,
        file: &HouseholdFile,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// Closes a household's file (销档) with `closure`, ending its agreements that day; or, with
    /// `None`, reopens it (ended agreements stay ended).
    async fn set_household_closure(
        &self,
        scope: Option<&CommunityId>,
        household: &HouseholdId,
        closure: Option<&HouseholdClosure>,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// The agreements of `scope`, with how they are kept as of `today`; newest first.
    async fn agreements(
        &self,
        scope: Option<&CommunityId>,
        today: NaiveDate,
    ) -> Result<Vec<AgreementView>, StoreError>;

    /// Makes an agreement for a household of `scope`; its volunteers must belong to the
    /// household's community.
    async fn make_agreement(
        &self,
        scope: Option<&CommunityId>,
        agreement: &Agreement,
        actor: &Actor,
        audit: AuditEntry,
    ) -> Result<AgreementId, StoreError>;

    /// The activities of `scope`, newest first.
    async fn activities(
        &self,
        scope: Option<&CommunityId>,
    ) -> Result<Vec<ActivityView>, StoreError>;

    /// Creates an activity in `community`; its attendees must be volunteers of it.
    async fn create_activity(
        &self,
        community: &CommunityId,
        activity: &Activity,
        actor: &Actor,
        audit: AuditEntry,
    ) -> Result<ActivityId, StoreError>;

    /// Replaces the attendance of an activity still open: who came, and the own times of those
    /// who came late or left early (checked against the activity's times).
    async fn set_attendees(
        &self,
        scope: Option<&CommunityId>,
        activity: &ActivityId,
        attendees: &[PersonId],
        times: &[AttendeeTimesInput],
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// Closes an activity: one pending service line per attendee, recorded by `actor`, all in one
    /// transaction. Returns how many lines were made. Closing twice is refused.
    async fn close_activity(
        &self,
        scope: Option<&CommunityId>,
        activity: &ActivityId,
        actor: &Actor,
        at: DateTime<Utc>,
        audit: AuditEntry,
    ) -> Result<u32, StoreError>;

    /// Approves a volunteer's proposal of `scope` (not after its day, `today` being the
    /// server's), or declines it with `decline`'s reason. A proposal is decided once.
    async fn review_activity(
        &self,
        scope: Option<&CommunityId>,
        activity: &ActivityId,
        decline: Option<&Reason>,
        today: NaiveDate,
        actor: &Actor,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// A volunteer's phone list: their community's approved activities from `today` on, and
    /// their own proposals.
    async fn activity_invitations(
        &self,
        actor: &Actor,
        today: NaiveDate,
    ) -> Result<Vec<Invitation>, StoreError>;

    /// The identity card number on a volunteer's file, whole, for staff of their community
    /// (`scope`); `None` when none was recorded.
    async fn id_card(
        &self,
        scope: &CommunityId,
        person: &PersonId,
    ) -> Result<Option<String>, StoreError>;

    /// Records (or with `None` removes) a volunteer's identity card number; a number another
    /// person has is refused.
    async fn set_id_card(
        &self,
        scope: &CommunityId,
        person: &PersonId,
        number: Option<&crate::domain::id_card::IdCardNumber>,
        actor: &Actor,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// Issues a service certificate for a volunteer of `scope`, numbered next in its year.
    async fn issue_certificate(
        &self,
        scope: Option<&CommunityId>,
        person: &PersonId,
        actor: &Actor,
        at: DateTime<Utc>,
        audit: AuditEntry,
    ) -> Result<Certificate, StoreError>;

    /// A certificate issued in `scope`, as issued.
    async fn certificate(
        &self,
        scope: Option<&CommunityId>,
        id: &str,
    ) -> Result<Certificate, StoreError>;

    /// The certificates issued to `person`, newest first.
    async fn certificates_of(
        &self,
        person: &PersonId,
    ) -> Result<Vec<crate::domain::certificate::CertificateSummary>, StoreError>;

    /// A certificate issued to `person`, as issued; `NotFound` when it is someone else's.
    async fn own_certificate(&self, person: &PersonId, id: &str)
        -> Result<Certificate, StoreError>;

    /// The items of the redemption catalogue in force, cheapest first.
    async fn catalogue(&self) -> Result<Vec<CatalogueItem>, StoreError>;

    async fn add_catalogue_item(
        &self,
        item: &NewCatalogueItem,
        actor: &Actor,
        audit: AuditEntry,
    ) -> Result<String, StoreError>;

    async fn retire_catalogue_item(&self, id: &str, audit: AuditEntry) -> Result<(), StoreError>;

    /// Redemption requests of the volunteers of `scope`: waiting first, then recent decisions.
    async fn redemptions_for_staff(
        &self,
        scope: Option<&CommunityId>,
    ) -> Result<Vec<StaffRedemption>, StoreError>;

    /// Per staff member and the admin: accounts opened, lines verified, and how many of their
    /// verifications and approvals were for accounts they opened or set the password of.
    async fn custody_report(&self) -> Result<Vec<crate::domain::controls::CustodyRow>, StoreError>;

    /// Approves a redemption of `scope`, or refuses it with `refusal`; once. A large one
    /// approved by staff is endorsed and waits for a second person (`domain::controls`).
    async fn decide_redemption(
        &self,
        scope: Option<&CommunityId>,
        id: &str,
        refusal: Option<&Reason>,
        actor: &Actor,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// The statistics of `period` for `scope` (`None`: the whole sub-district).
    async fn statistics(
        &self,
        scope: Option<&CommunityId>,
        period: &Period,
    ) -> Result<Statistics, StoreError>;

    /// The ledger's lines (services and reversals) dated in the filter's period, each with its
    /// state, in date order; at most `MAX_EXPORT_LINES`, else refused.
    async fn ledger_lines(
        &self,
        scope: Option<&CommunityId>,
        filter: &crate::domain::line_export::LineFilter,
    ) -> Result<Vec<crate::domain::line_export::LineExportRow>, StoreError>;
}
