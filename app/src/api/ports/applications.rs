//! What the online application (开户申请) needs from the database.

use super::StoreError;
use crate::domain::application::{ApplicationRow, ApplicationStatus};
use crate::domain::audit::AuditEntry;
use crate::domain::ids::{CommunityId, PersonId};
use crate::domain::person::VolunteerFile;
use crate::domain::text::Reason;

/// An application found by its phone at sign-in: the applicant's password decides whether they
/// are told where it stands.
#[derive(Clone, Debug)]
pub struct ApplicationLogin {
    pub id: String,
    pub password_hash: String,
    pub status: ApplicationStatus,
    pub community_name: String,
    pub reason: String,
}

#[async_trait::async_trait]
pub trait ApplicationStore {
    /// Files an application whose password is already hashed; returns its id. In one
    /// transaction with its audit entry, it refuses a phone that has an account
    /// (`Taken(Phone)`) or an application waiting (`AlreadyApplied`), an unknown or retired
    /// community, and a community with `PENDING_PER_COMMUNITY` applications waiting
    /// (`QueueFull`).
    async fn submit_application(
        &self,
        file: &VolunteerFile,
        community: &CommunityId,
        password_hash: &str,
        audit: AuditEntry,
    ) -> Result<String, StoreError>;

    /// The applications of `community` (every community for `None`) with `status` (any for
    /// `None`): waiting ones oldest first, decided ones newest first.
    async fn applications(
        &self,
        community: Option<&CommunityId>,
        status: Option<ApplicationStatus>,
    ) -> Result<Vec<ApplicationRow>, StoreError>;

    /// The community an application was made to, for the caller's scope check.
    async fn application_community(&self, id: &str) -> Result<Option<CommunityId>, StoreError>;

    /// Opens the account from a waiting application: a volunteer with its file and the password
    /// the applicant chose. Refuses a decided application (`AlreadyDecided`), a phone that got an
    /// account meanwhile (`Taken(Phone)`) and a community retired meanwhile.
    async fn approve_application(
        &self,
        id: &str,
        audit: AuditEntry,
    ) -> Result<PersonId, StoreError>;

    /// Declines a waiting application with the reason the applicant will read.
    async fn decline_application(
        &self,
        id: &str,
        reason: &Reason,
        audit: AuditEntry,
    ) -> Result<(), StoreError>;

    /// The newest application that did not become an account, for a phone login.
    async fn application_login(&self, login: &str) -> Result<Option<ApplicationLogin>, StoreError>;
}
