//! The ports the server functions call (server only). The server crate provides the
//! implementations — SQLite now, PostgreSQL for large deployments — and puts them in the Leptos
//! context as `Arc<dyn Store>` and `Arc<dyn Accounts>`.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::api::ApiError;
use crate::domain::account::{Me, NewPassword};
use crate::domain::audit::AuditEntry;
use crate::domain::ids::{CommunityId, PersonId};
use crate::domain::person::Actor;
use crate::domain::Overview;

/// A storage failure. The cause is for the server log; callers only learn that it failed.
#[derive(Debug, thiserror::Error)]
#[error("store failure: {0}")]
pub struct StoreError(pub String);

impl From<StoreError> for ApiError {
    fn from(_: StoreError) -> Self {
        ApiError::Unavailable
    }
}

/// What a sign-in needs to know about a login.
#[derive(Clone, Debug)]
pub struct LoginRecord {
    pub person: PersonId,
    pub password_hash: Option<String>,
}

#[async_trait::async_trait]
pub trait Store: Send + Sync + 'static {
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

/// The session token the request carries, if any.
pub fn session_token() -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
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

/// Sets a response header (the session cookie) on the current server function's response.
pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}
