//! The ports the server functions call (server only). The server crate provides the
//! implementations — SQLite now, PostgreSQL for large deployments — and puts them in the Leptos
//! context as `Arc<dyn Store>` and `Arc<dyn Accounts>`.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::api::ApiError;
use crate::domain::account::{Me, NewPassword};
use crate::domain::audit::AuditEntry;
use crate::domain::ids::RecordId;
use crate::domain::ids::{CommunityId, PersonId};
use crate::domain::ledger::{LedgerError, Passbook, QueueItem};
use crate::domain::person::Actor;
use crate::domain::person::{FileView, VolunteerFile, VolunteerSummary};
use crate::domain::points::{Points, PointsRule};
use crate::domain::record::{RecordFlag, ServiceEntry};
use crate::domain::sync::{Entry, Holdings, PullPage, PushReply, Reconciled};
use crate::domain::text::Reason;
use crate::domain::wish::ClaimError;
use crate::domain::{Category, Overview, ValidationError};

mod wishes;
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
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Failed(_) => ApiError::Unavailable,
            StoreError::Ledger(e) => ApiError::Ledger(e),
            StoreError::NotFound => ApiError::NotFound,
            StoreError::Invalid(e) => ApiError::Invalid(e.into()),
            StoreError::Wish(e) => ApiError::Claim(e),
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
}

#[async_trait::async_trait]
pub trait Store: WishStore + Send + Sync + 'static {
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

    /// Sets a new password hash and closes every session of the person except `keep`.
    async fn set_password_hash(
        &self,
        person: &PersonId,
        hash: &str,
        keep: Option<&str>,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    async fn me(&self, person: &PersonId) -> Result<Option<Me>, StoreError>;

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

    /// The volunteers of one community or (for the admin) all, by name.
    async fn volunteers(
        &self,
        community: Option<&CommunityId>,
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

    /// Accepts a service line for `actor` (a volunteer, or staff logging their own service), as
    /// pending. Replaying the same id returns the original line's receipt and changes nothing.
    async fn record_line(
        &self,
        actor: &Actor,
        id: &RecordId,
        entry: &ServiceEntry,
        flags: &[RecordFlag],
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// Verifies a pending line: the rules are checked inside the transaction, and the points
    /// are fixed by the rule in force now.
    async fn verify(
        &self,
        actor: &Actor,
        id: &RecordId,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    async fn reject(
        &self,
        actor: &Actor,
        id: &RecordId,
        reason: &Reason,
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
        audit: AuditEntry,
    ) -> Result<PushReply, StoreError>;

    /// The caller's entries after `cursor`, at most `limit`, oldest first.
    async fn pull(
        &self,
        author: &PersonId,
        cursor: u64,
        limit: u32,
    ) -> Result<PullPage, StoreError>;

    /// What the server holds of `author`'s entries up to `through`, to compare with a device's
    /// [`Holdings`]; a mismatch is written to the audit log for staff.
    async fn reconcile(
        &self,
        actor: &Actor,
        offered: &Holdings,
        audit: AuditEntry,
    ) -> Result<Reconciled, StoreError>;

    /// The newest audit entries, of one community or (for the admin) all.
    async fn audit_trail(
        &self,
        community: Option<&CommunityId>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError>;
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

/// The cookie that carries the session.
pub const SESSION_COOKIE: &str = "lovebank_session";

pub fn store() -> Result<Arc<dyn Store>, ApiError> {
    leptos::prelude::use_context::<Arc<dyn Store>>().ok_or(ApiError::Unavailable)
}

pub fn accounts() -> Result<Arc<dyn Accounts>, ApiError> {
    leptos::prelude::use_context::<Arc<dyn Accounts>>().ok_or(ApiError::Unavailable)
}

/// The value of cookie `name` on the current request, if any.
pub fn request_cookie(name: &str) -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.to_string())
}

/// The session token the request carries, if any.
pub fn session_token() -> Option<String> {
    request_cookie(SESSION_COOKIE)
}

/// The device making the request, from its User-Agent, for the audit trail.
pub fn device() -> String {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(200).collect())
        })
        .unwrap_or_default()
}

/// The signed-in caller, established from the session cookie. Every server function that is not
/// public starts here.
pub async fn caller() -> Result<Actor, ApiError> {
    let token = session_token().ok_or(ApiError::SignedOut)?;
    accounts()?.actor(&token).await?.ok_or(ApiError::SignedOut)
}

/// An audit entry for `actor` doing `action` on `subject` now, from this request's device.
pub fn audit_entry(actor: &Actor, action: &str, subject: &str) -> AuditEntry {
    AuditEntry {
        at: Utc::now(),
        actor: Some(actor.person.clone()),
        role: Some(actor.role),
        community: actor.community.clone(),
        action: action.into(),
        subject: subject.into(),
        detail: String::new(),
        device: device(),
    }
}

/// For functions of staff and the admin: the caller, if they are one. Their `community` is the
/// scope they manage (`None` for the admin: all).
pub async fn manager() -> Result<Actor, ApiError> {
    use crate::domain::person::Role;
    let actor = caller().await?;
    match actor.role {
        Role::Admin => Ok(actor),
        Role::Staff if actor.community.is_some() => Ok(actor),
        _ => Err(ApiError::Forbidden),
    }
}

/// Sets a response header (the session cookie) on the current server function's response.
pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// The community a call is about: staff, volunteers and kiosks act in their own (naming
/// another is forbidden); the admin must name one.
pub fn scoped_community(actor: &Actor, asked: Option<String>) -> Result<CommunityId, ApiError> {
    use crate::domain::Field;
    match (&actor.community, asked.filter(|c| !c.trim().is_empty())) {
        (Some(own), None) => Ok(own.clone()),
        (Some(own), Some(c)) if own.as_str() == c.trim() => Ok(own.clone()),
        (Some(_), Some(_)) => Err(ApiError::Forbidden),
        (None, Some(c)) => Ok(CommunityId::new(c.trim())),
        (None, None) => Err(ValidationError::Required(Field::Community).into()),
    }
}
