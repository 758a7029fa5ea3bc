//! Applying online (开户申请): a resident applies from the sign-in page; staff of the chosen
//! community (or the admin) open the account or decline it with a reason.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::application::ApplicationRow;
use crate::domain::person::VolunteerInput;

/// Files an application; returns the community's name (the page says who will decide). Anyone
/// may call it, signed in or not. Bad input is refused before anything counts; then each
/// application counts against the sender's address like a failed sign-in (a few at once, then
/// a wait that doubles), so one sender cannot flood a community's queue; a community holds at
/// most `PENDING_PER_COMMUNITY` waiting. Audited with the sender's device.
#[server(prefix = "/api", endpoint = "apply_for_account")]
pub async fn apply_for_account(
    file: VolunteerInput,
    password: String,
    community: String,
) -> Result<String, ApiError> {
    use super::ports::{accounts, client_address, device, store};
    use crate::domain::application::Application;
    use crate::domain::audit::AuditEntry;
    let store = store()?;
    let categories = store.categories().await?;
    let codes: Vec<&str> = categories
        .iter()
        .filter(|c| !c.retired)
        .map(|c| c.code.as_str())
        .collect();
    let today = crate::domain::clock::china_today(chrono::Utc::now());
    let application = Application::parse(&file, &password, &community, &codes, today)?;
    let now = chrono::Utc::now();
    let address = client_address();
    if let Err(wait) = store
        .begin_attempt(&format!("apply:{address}"), now)
        .await?
    {
        return Err(ApiError::TooManyAttempts {
            retry_after_secs: wait.as_secs().max(1),
        });
    }
    let hash = accounts()?.hash_password(&application.password).await?;
    let audit = AuditEntry {
        at: now,
        actor: None,
        role: None,
        community: Some(application.community.clone()),
        action: "apply_for_account".into(),
        subject: String::new(),
        detail: format!("{} · {address}", application.file.name.as_str()),
        device: device(),
    };
    store
        .submit_application(&application.file, &application.community, &hash, audit)
        .await?;
    let name = store
        .overview()
        .await?
        .communities
        .into_iter()
        .find(|c| c.id == application.community.as_str())
        .map(|c| c.name)
        .unwrap_or_default();
    Ok(name)
}

/// The applications staff decide: their community's (the admin: every community's). `status`
/// is `pending`, `approved`, `declined`, or empty for all.
#[server(prefix = "/api", endpoint = "account_applications")]
pub async fn account_applications(
    #[server(default)] status: String,
) -> Result<Vec<ApplicationRow>, ApiError> {
    use super::ports::{manager, store};
    use crate::domain::application::ApplicationStatus;
    use crate::domain::{Field, ValidationError};
    let actor = manager().await?;
    let status = match status.trim() {
        "" => None,
        code => {
            Some(ApplicationStatus::from_code(code).ok_or(ValidationError::Invalid(Field::Kind))?)
        }
    };
    Ok(store()?
        .applications(actor.community.as_ref(), status)
        .await?)
}

/// Opens the account of a waiting application; returns the new volunteer's id. Staff of the
/// application's community, or the admin.
#[server(prefix = "/api", endpoint = "approve_application")]
pub async fn approve_application(application: String) -> Result<String, ApiError> {
    use super::ports::audit_entry;
    let (actor, store, community) = application_scope(&application).await?;
    let mut audit = audit_entry(&actor, "approve_application", &application);
    audit.community = Some(community);
    let person = store.approve_application(&application, audit).await?;
    Ok(person.to_string())
}

/// Declines a waiting application with a reason the applicant reads when they try to sign in.
/// Staff of the application's community, or the admin.
#[server(prefix = "/api", endpoint = "decline_application")]
pub async fn decline_application(application: String, reason: String) -> Result<(), ApiError> {
    use super::ports::audit_entry;
    use crate::domain::application::decline_reason;
    let (actor, store, community) = application_scope(&application).await?;
    let reason = decline_reason(&reason)?;
    let mut audit = audit_entry(&actor, "decline_application", &application);
    audit.community = Some(community);
    Ok(store
        .decline_application(&application, &reason, audit)
        .await?)
}

/// The caller, who must manage the application's community, the store and that community. An
/// application of another community is "not found", as one that does not exist.
#[cfg(feature = "ssr")]
async fn application_scope(
    application: &str,
) -> Result<
    (
        crate::domain::person::Actor,
        std::sync::Arc<dyn super::ports::Store>,
        crate::domain::ids::CommunityId,
    ),
    ApiError,
> {
    use super::ports::{manager, store};
    let actor = manager().await?;
    let store = store()?;
    let community = store
        .application_community(application)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !actor.manages(&community) {
        return Err(ApiError::NotFound);
    }
    Ok((actor, store, community))
}
