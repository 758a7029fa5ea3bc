//! Passwords and sessions, on top of any [`Store`]: argon2id hashes, random session tokens of
//! which only a SHA-256 is stored, throttled password checks, and the cookie policy.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use app::api::ports::{Accounts, SessionToken, Store, SESSION_COOKIE};
use app::api::ApiError;
use app::domain::account::{normalize_login, Me, NewPassword};
use app::domain::application::{ApplicationError, ApplicationStatus};
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::Actor;
use chrono::{Duration, Utc};

mod password;

pub use password::{hash_password, token_hash};
use password::{new_token, verify_password};

use crate::hash_pool::HashPool;
use crate::throttle::{login_key, person_key};

/// How long a session lasts: volunteers sign in once and then work offline for weeks.
pub const SESSION_DAYS: i64 = 60;

/// Password hashes computed at once. Each argon2id hash takes 19 MiB and a core for a while: a
/// burst of sign-ins (a thousand phones after an outage, or an attack) queues here instead of
/// taking the server's memory.
pub const HASHES_AT_ONCE: usize = 4;
/// How long a sign-in waits for its turn before being told to try again.
const HASH_QUEUE_WAIT: StdDuration = StdDuration::from_secs(10);

pub struct PasswordAccounts {
    store: Arc<dyn Store>,
    secure_cookies: bool,
    /// Verified against when a login does not exist, so both cases take as long.
    dummy_hash: String,
    /// Shared by every sub-district of a city: the bound is on the machine's memory.
    hashes: Arc<HashPool>,
}

impl PasswordAccounts {
    pub fn new(store: Arc<dyn Store>, secure_cookies: bool) -> anyhow::Result<Self> {
        Ok(Self {
            store,
            secure_cookies,
            dummy_hash: hash_password("not-a-real-password")?,
            hashes: Arc::new(HashPool::new(HASHES_AT_ONCE, HASH_QUEUE_WAIT)?),
        })
    }

    /// The accounts of another sub-district of the same install, on its own store, sharing
    /// this one's hashing threads.
    pub fn for_store(&self, store: Arc<dyn Store>) -> Self {
        Self {
            store,
            secure_cookies: self.secure_cookies,
            dummy_hash: self.dummy_hash.clone(),
            hashes: self.hashes.clone(),
        }
    }

    /// The most password hashes that have run at the same time since the start.
    pub fn peak_hashes_at_once(&self) -> usize {
        self.hashes.peak()
    }

    /// Runs a password hash or check on the hashing threads, at most [`HASHES_AT_ONCE`] at a
    /// time; a caller that waits too long for its turn gets "try again later".
    async fn hashing<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        self.hashes.run(f).await
    }

    /// Counts an attempt of `key` before its password is checked; refused while it must wait.
    async fn gate(&self, key: &str) -> Result<(), ApiError> {
        match self.store.begin_attempt(key, Utc::now()).await? {
            Ok(()) => Ok(()),
            Err(wait) => Err(ApiError::TooManyAttempts {
                retry_after_secs: wait.as_secs().max(1),
            }),
        }
    }
}

fn entry(actor: Option<&Actor>, action: &str, subject: &str, device: &str) -> AuditEntry {
    AuditEntry {
        at: Utc::now(),
        actor: actor.map(|a| a.person.clone()),
        role: actor.map(|a| a.role),
        community: actor.and_then(|a| a.community.clone()),
        action: action.into(),
        subject: subject.into(),
        detail: String::new(),
        device: device.into(),
    }
}

#[async_trait::async_trait]
impl Accounts for PasswordAccounts {
    async fn sign_in(
        &self,
        login: &str,
        password: &str,
        device: &str,
    ) -> Result<(Me, SessionToken), ApiError> {
        let login = normalize_login(login);
        if login.is_empty() || password.is_empty() || login.len() > 64 || password.len() > 1024 {
            return Err(ApiError::SignInFailed);
        }
        self.gate(&login_key(&login)).await?;
        let record = self.store.login_record(&login).await?;
        // No account yet: perhaps an online application that waits, or was declined.
        let application = match record {
            None => self.store.application_login(&login).await?,
            Some(_) => None,
        };
        let hash = record
            .as_ref()
            .and_then(|r| r.password_hash.clone())
            .or_else(|| application.as_ref().map(|a| a.password_hash.clone()))
            .unwrap_or_else(|| self.dummy_hash.clone());
        let password = password.to_string();
        let matches = self
            .hashing(move || verify_password(&password, &hash))
            .await?;
        if let (true, Some(application)) = (matches, application) {
            // The applicant's own password: tell them where their application stands.
            let told = entry(None, "sign_in_application", &application.id, device);
            self.store.audit(told).await?;
            return Err(ApiError::Application(match application.status {
                ApplicationStatus::Declined => ApplicationError::Declined {
                    reason: application.reason,
                },
                ApplicationStatus::Pending | ApplicationStatus::Approved => {
                    ApplicationError::Pending {
                        community: application.community_name,
                    }
                }
            }));
        }
        let person = match record {
            Some(r) if matches && r.password_hash.is_some() && r.deactivated => {
                // The right password: say plainly the account is closed (and note the try).
                let refused = entry(None, "sign_in_deactivated", r.person.as_str(), device);
                self.store.audit(refused).await?;
                return Err(ApiError::AccountClosed);
            }
            Some(r) if matches && r.password_hash.is_some() => r.person,
            known => {
                // What was typed as the login is not kept (it is sometimes a password typed in
                // the wrong field): the account when there is one, else a short digest.
                let mut failure = entry(None, "sign_in_failed", "", device);
                match known {
                    Some(r) => failure.subject = r.person.to_string(),
                    None => failure.detail = format!("unknown login #{}", &token_hash(&login)[..8]),
                }
                self.store.audit(failure).await?;
                return Err(ApiError::SignInFailed);
            }
        };
        self.store.attempt_succeeded(&login_key(&login)).await?;
        let me = self
            .store
            .me(&person)
            .await?
            .ok_or(ApiError::SignInFailed)?;
        let actor = Actor {
            person: me.person.clone(),
            role: me.role,
            community: me.community.clone(),
        };
        let token = new_token();
        let expires = Utc::now() + Duration::days(SESSION_DAYS);
        self.store
            .create_session(
                &token_hash(&token.0),
                &person,
                expires,
                entry(Some(&actor), "sign_in", person.as_str(), device),
            )
            .await?;
        Ok((me, token))
    }

    async fn actor(&self, token: &str) -> Result<Option<Actor>, ApiError> {
        if token.is_empty() || token.len() > 128 {
            return Ok(None);
        }
        let hash = token_hash(token);
        if let Some(person) = self.store.session_actor(&hash, Utc::now()).await? {
            return Ok(Some(person));
        }
        // Not a person's session: perhaps a kiosk's token, perhaps one staff revoked (its
        // screen says so instead of asking for a sign-in nobody at a kiosk can give).
        match self.store.kiosk_actor(&hash).await? {
            Some(kiosk) => Ok(Some(kiosk)),
            None if self.store.kiosk_revoked(&hash).await? => Err(ApiError::KioskRevoked),
            None => Ok(None),
        }
    }

    async fn sign_out(&self, token: &str, actor: &Actor, device: &str) -> Result<(), ApiError> {
        let audit = entry(Some(actor), "sign_out", actor.person.as_str(), device);
        Ok(self.store.revoke_session(&token_hash(token), audit).await?)
    }

    async fn confirm_password(&self, actor: &Actor, password: &str) -> Result<(), ApiError> {
        if password.is_empty() || password.len() > 1024 {
            return Err(ApiError::SignInFailed);
        }
        let stored = self
            .store
            .password_hash(&actor.person)
            .await?
            .ok_or(ApiError::Forbidden)?;
        let key = person_key(actor.person.as_str());
        self.gate(&key).await?;
        let password = password.to_string();
        if !self
            .hashing(move || verify_password(&password, &stored))
            .await?
        {
            return Err(ApiError::SignInFailed);
        }
        self.store.attempt_succeeded(&key).await?;
        Ok(())
    }

    async fn change_password(
        &self,
        actor: &Actor,
        token: &str,
        current: &str,
        new: &NewPassword,
        device: &str,
    ) -> Result<(), ApiError> {
        self.confirm_password(actor, current).await?;
        let new = new.expose().to_string();
        let hash = self
            .hashing(move || hash_password(&new))
            .await?
            .map_err(|e| {
                tracing::error!(error = %e, "password hash");
                ApiError::Unavailable
            })?;
        let audit = entry(
            Some(actor),
            "password_changed",
            actor.person.as_str(),
            device,
        );
        Ok(self
            .store
            .set_password_hash(&actor.person, &hash, Some(&token_hash(token)), audit)
            .await?)
    }

    async fn hash_password(&self, new: &NewPassword) -> Result<String, ApiError> {
        let new = new.expose().to_string();
        self.hashing(move || hash_password(&new))
            .await?
            .map_err(|e| {
                tracing::error!(error = %e, "password hash");
                ApiError::Unavailable
            })
    }

    async fn reset_password(
        &self,
        actor: &Actor,
        person: &PersonId,
        new: &NewPassword,
        device: &str,
    ) -> Result<(), ApiError> {
        let hash = Accounts::hash_password(self, new).await?;
        let mut audit = entry(Some(actor), "password_reset", person.as_str(), device);
        audit.community = self
            .store
            .person_scope(person)
            .await?
            .and_then(|p| p.community);
        Ok(self
            .store
            .set_password_hash(person, &hash, None, audit)
            .await?)
    }

    async fn register_kiosk(
        &self,
        actor: &Actor,
        community: &CommunityId,
        name: &str,
        device: &str,
    ) -> Result<SessionToken, ApiError> {
        let token = new_token();
        let mut audit = entry(Some(actor), "register_kiosk", "", device);
        audit.community = Some(community.clone());
        audit.detail = name.into();
        self.store
            .create_kiosk(community, name, &token_hash(&token.0), audit)
            .await?;
        Ok(token)
    }

    fn kiosk_cookie(&self, token: &SessionToken) -> String {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        format!(
            "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            token.0,
            10 * 365 * 24 * 3600
        )
    }

    fn session_cookie(&self, token: Option<&SessionToken>) -> String {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        match token {
            Some(t) => format!(
                "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
                t.0,
                SESSION_DAYS * 24 * 3600
            ),
            None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
        }
    }
}
