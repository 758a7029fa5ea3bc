//! The ports the server functions call (server only). The server crate provides the
//! implementations — SQLite now, PostgreSQL for large deployments — and puts them in the Leptos
//! context as `Arc<dyn Store>` and `Arc<dyn Accounts>`.

use chrono::{DateTime, Utc};

use crate::api::ApiError;
use crate::domain::account::{Me, NewPassword};
use crate::domain::activity::ActivityError;
use crate::domain::administration::AdministrationError;
use crate::domain::audit::AuditEntry;
use crate::domain::command::Command;
use crate::domain::ids::RecordId;
use crate::domain::ids::{CommunityId, PersonId};
use crate::domain::ledger::{LedgerError, Passbook, QueueItem};
use crate::domain::person::Actor;
use crate::domain::person::{FileView, VolunteerFile};
use crate::domain::points::{Points, PointsRule};
use crate::domain::sync::{Entry, Holdings, PullPage, PushReply, Reconciled};
use crate::domain::sync_health::{QuarantineAction, SyncHealth};
use crate::domain::text::Reason;
use crate::domain::volunteer_table::VolunteerSummary;
use crate::domain::wish::ClaimError;
use crate::domain::{Category, Overview, ValidationError};

mod administration;
mod aid;
mod applications;
mod city;
mod office;
mod request;
mod wishes;
pub use administration::AdminStore;
pub use aid::AidStore;
pub use applications::{ApplicationLogin, ApplicationStore};
pub use city::City;
pub use office::OfficeStore;
pub use request::*;
pub use wishes::{WishDecision, WishStore};

/// Why a store call did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed; the cause is for the server log, callers only learn that it failed.
    #[error("store failure: {0}")]
    Failed(String),
    /// A ledger rule, checked inside the transaction that would have made the change.
    #[error("refused: {0}")]
    Ledger(LedgerError),
    /// No such thing (or not visible to the caller).
    #[error("not found")]
    NotFound,
    /// A value the database refused, e.g. a phone number already registered.
    #[error("invalid: {0}")]
    Invalid(ValidationError),
    /// A rule of wishes refused the action (someone else claimed it first, say).
    #[error("refused: {0}")]
    Wish(ClaimError),
    /// An activity could not be changed or closed.
    #[error("refused: {0}")]
    Activity(ActivityError),
    /// A push with a device id that belongs to another person.
    #[error("device of another person")]
    DeviceTaken,
    /// A rule of running the sub-district (the last admin, a retired community).
    #[error("refused: {0}")]
    Administration(AdministrationError),
    /// An online application refused (its phone waits already, the community's queue is full,
    /// decided already).
    #[error("refused: {0}")]
    Application(crate::domain::application::ApplicationError),
    /// A command refused by its rules, said as the caller will read it.
    #[error("refused: {0:?}")]
    Command(Box<ApiError>),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Failed(_) => ApiError::Unavailable,
            StoreError::Ledger(e) => ApiError::Ledger(e),
            StoreError::NotFound => ApiError::NotFound,
            StoreError::Invalid(e) => ApiError::Invalid(e.into()),
            StoreError::Wish(e) => ApiError::Claim(e),
            StoreError::Activity(e) => ApiError::Activity(e),
            StoreError::DeviceTaken => ApiError::DeviceTaken,
            StoreError::Administration(e) => ApiError::Administration(e),
            StoreError::Application(e) => ApiError::Application(e),
            StoreError::Command(e) => *e,
        }
    }
}

impl From<LedgerError> for StoreError {
    fn from(e: LedgerError) -> Self {
        StoreError::Ledger(e)
    }
}

/// What a sign-in needs to know about a login.
#[derive(Clone, Debug)]
pub struct LoginRecord {
    pub person: PersonId,
    pub password_hash: Option<String>,
    /// Deactivated by staff: the right password gets a plain "deactivated", nothing more.
    pub deactivated: bool,
}

#[async_trait::async_trait]
pub trait Store:
    WishStore + OfficeStore + AdminStore + ApplicationStore + AidStore + Send + Sync + 'static
{
    /// Succeeds when the database answers (for `/healthz`).
    async fn ping(&self) -> Result<(), StoreError>;

    /// The sub-district at a glance: per community, volunteers, households, open wishes and
    /// verified service time.
    async fn overview(&self) -> Result<Overview, StoreError>;

    /// The account behind a normalized phone number or username.
    async fn login_record(&self, login: &str) -> Result<Option<LoginRecord>, StoreError>;

    /// Opens a session; only the token's hash is stored. Audited in the same transaction.
    async fn create_session(
        &self,
        token_hash: &str,
        person: &PersonId,
        expires_at: DateTime<Utc>,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// Who holds the session, if it is open and unexpired at `now`.
    async fn session_actor(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Actor>, StoreError>;

    /// Closes a session (sign-out).
    async fn revoke_session(&self, token_hash: &str, audit: AuditEntry) -> Result<(), StoreError>;

    async fn password_hash(&self, person: &PersonId) -> Result<Option<String>, StoreError>;

    /// Counts a password attempt for `key` before the password is checked, in one step with
    /// reading the count: `Ok(Err(wait))` when the key must wait that long first (nothing is
    /// counted then). Shared by every app server on the database.
    async fn begin_attempt(
        &self,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<(), std::time::Duration>, StoreError>;

    /// The password was right: the key's count starts again.
    async fn attempt_succeeded(&self, key: &str) -> Result<(), StoreError>;

    /// Sets a new password hash and closes every session of the person except `keep`.
    async fn set_password_hash(
        &self,
        person: &PersonId,
        hash: &str,
        keep: Option<&str>,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    async fn me(&self, person: &PersonId) -> Result<Option<Me>, StoreError>;

    /// Changes the person's phone, which is their login (the password was confirmed by the
    /// caller); a phone someone else has is refused. Audited in the same transaction.
    async fn change_login_phone(
        &self,
        person: &PersonId,
        phone: &crate::domain::text::Phone,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// Records a fact that has no other change to travel with (a failed sign-in, say).
    async fn audit(&self, entry: AuditEntry) -> Result<(), StoreError>;

    /// Opens an account (开户): a volunteer with their file, in `community`. Refuses a phone
    /// number that is already registered.
    async fn create_volunteer(
        &self,
        file: &VolunteerFile,
        community: &CommunityId,
        password_hash: &str,
        audit: AuditEntry,
    ) -> Result<PersonId, StoreError>;

    /// A person's file as they (and their community's staff) see it.
    async fn file(&self, person: &PersonId) -> Result<Option<FileView>, StoreError>;

    /// The volunteers of one community or (for the admin) all, by name, with their verified
    /// time in total and in `year`.
    async fn volunteers(
        &self,
        community: Option<&CommunityId>,
        year: i32,
    ) -> Result<Vec<VolunteerSummary>, StoreError>;

    /// A person's role and community, to decide who may manage their account.
    async fn person_scope(&self, person: &PersonId) -> Result<Option<Actor>, StoreError>;

    /// Registers a kiosk of `community`; only the token's hash is stored. Returns its id.
    async fn create_kiosk(
        &self,
        community: &CommunityId,
        name: &str,
        token_hash: &str,
        audit: AuditEntry,
    ) -> Result<String, StoreError>;

    /// The kiosk holding the token, as an actor with the kiosk role, if not revoked.
    async fn kiosk_actor(&self, token_hash: &str) -> Result<Option<Actor>, StoreError>;

    /// The service categories, in their display order.
    async fn categories(&self) -> Result<Vec<Category>, StoreError>;

    /// Adds a category after the existing ones; a code already in use is refused.
    async fn add_category(&self, category: &Category, audit: AuditEntry) -> Result<(), StoreError>;

    /// Retires a category (or restores it): the forms stop offering it; it is never deleted.
    async fn retire_category(
        &self,
        code: &str,
        retired: bool,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// Checks and applies one command of `actor` with the same code as a pushed entry of its
    /// kind (the one apply). `id` names what the command makes (a new line's id); `audit` says
    /// who, when and from which device. A refusal comes back as [`StoreError::Command`].
    async fn execute(
        &self,
        actor: &Actor,
        id: &str,
        command: &Command,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// Adds `reversal`, the opposite of verified line `id`, verified at once.
    async fn reverse(
        &self,
        actor: &Actor,
        id: &RecordId,
        reversal: &RecordId,
        reason: &Reason,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// A volunteer's passbook, derived from their lines and redemptions.
    async fn passbook(&self, volunteer: &PersonId) -> Result<Passbook, StoreError>;

    /// Changes whenever anything in the volunteer's passbook changes (a line, a decision, a
    /// redemption or its outcome): the phone refetches its copy only then.
    async fn passbook_stamp(&self, volunteer: &PersonId) -> Result<String, StoreError>;

    /// Pending lines, oldest first, of one community or (for the admin) all, with the
    /// volunteer's name.
    async fn pending(&self, community: Option<&CommunityId>) -> Result<Vec<QueueItem>, StoreError>;

    /// Reserves `points` of the volunteer's balance for `item`; refused below zero.
    async fn request_redemption(
        &self,
        volunteer: &PersonId,
        id: &str,
        points: Points,
        item: &str,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    async fn points_rule(&self) -> Result<PointsRule, StoreError>;

    async fn set_points_rule(&self, rule: &PointsRule, audit: AuditEntry)
        -> Result<(), StoreError>;

    /// Stores a device's batch (all of `actor`'s own entries, one device) in one transaction:
    /// each entry at most once, applied to the ledger, with a receipt each; replays get the
    /// original receipt. The reply says through which sequence number the device is held.
    async fn push(
        &self,
        actor: &Actor,
        batch: &[Entry],
        captured: u64,
        audit: AuditEntry,
    ) -> Result<PushReply, StoreError>;

    /// The caller's entries after `cursor`, at most `limit`, oldest first.
    async fn pull(
        &self,
        author: &PersonId,
        cursor: u64,
        limit: u32,
    ) -> Result<PullPage, StoreError>;

    /// Devices of `scope`'s volunteers (all, for `None`) silent since before a day before `now`
    /// with entries the server never received, and the quarantined entries of `scope`.
    async fn sync_health(
        &self,
        scope: Option<&CommunityId>,
        now: DateTime<Utc>,
    ) -> Result<SyncHealth, StoreError>;

    /// Re-applies (through the one apply, as its author) or dismisses quarantined entry
    /// `number`, once; `actor`'s scope limits which. A re-application the rules still refuse
    /// changes nothing and says why.
    async fn resolve_quarantined(
        &self,
        actor: &Actor,
        number: i64,
        action: QuarantineAction,
        note: &str,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// What the server holds of `author`'s entries up to `through`, to compare with a device's
    /// [`Holdings`]; a mismatch is written to the audit log for staff.
    async fn reconcile(
        &self,
        actor: &Actor,
        offered: &Holdings,
        audit: AuditEntry,
    ) -> Result<Reconciled, StoreError>;

    /// A page of the audit trail (at most `limit` rows, newest first) of one community or (for
    /// the admin) all, as `filter` selects.
    async fn audit_trail(
        &self,
        community: Option<&CommunityId>,
        filter: &crate::domain::audit::AuditFilter,
        limit: u32,
    ) -> Result<crate::domain::audit::AuditPage, StoreError>;
}

/// A session token as handed to the browser (in an HttpOnly cookie), never stored as such.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(pub String);

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(***)")
    }
}

/// Sign-in, sessions and passwords: hashing, throttling and cookie policy live behind this.
#[async_trait::async_trait]
pub trait Accounts: Send + Sync + 'static {
    /// Checks the password (slowed down after repeated failures) and opens a session.
    async fn sign_in(
        &self,
        login: &str,
        password: &str,
        device: &str,
    ) -> Result<(Me, SessionToken), ApiError>;

    /// The actor holding `token`, or `None` for an unknown, closed or expired session.
    async fn actor(&self, token: &str) -> Result<Option<Actor>, ApiError>;

    async fn sign_out(&self, token: &str, actor: &Actor, device: &str) -> Result<(), ApiError>;

    /// Checks `password` against the caller's own (throttled like a sign-in): for changes that
    /// need the person themself, such as their login.
    async fn confirm_password(&self, actor: &Actor, password: &str) -> Result<(), ApiError>;

    async fn change_password(
        &self,
        actor: &Actor,
        token: &str,
        current: &str,
        new: &NewPassword,
        device: &str,
    ) -> Result<(), ApiError>;

    /// The argon2id hash of a new password (slow on purpose, off the async workers).
    async fn hash_password(&self, new: &NewPassword) -> Result<String, ApiError>;

    /// Sets a new password for someone else (a forgotten password); closes all their sessions.
    async fn reset_password(
        &self,
        actor: &Actor,
        person: &PersonId,
        new: &NewPassword,
        device: &str,
    ) -> Result<(), ApiError>;

    /// Registers a kiosk and returns its long-lived token (shown once, to the staff member).
    async fn register_kiosk(
        &self,
        actor: &Actor,
        community: &CommunityId,
        name: &str,
        device: &str,
    ) -> Result<SessionToken, ApiError>;

    /// The kiosk's `Set-Cookie` value: the same cookie, lasting years, for an unattended screen.
    fn kiosk_cookie(&self, token: &SessionToken) -> String;

    /// The `Set-Cookie` value that stores `token`, or clears the cookie when `None`.
    fn session_cookie(&self, token: Option<&SessionToken>) -> String;
}
