//! Opening accounts (开户) and resetting forgotten passwords: staff for their community, the
//! admin for all.

use leptos::prelude::*;

use super::kept_json::KeptJson;
use super::ApiError;
use crate::domain::json::JsonText;
use crate::domain::person::VolunteerInput;

/// Registers a volunteer with their full file and a first password. Staff open accounts in their
/// own community (`community` must be empty or theirs); the admin names the community. Returns
/// the new person's id.
#[server(prefix = "/api", endpoint = "open_account")]
pub async fn open_account(
    file: VolunteerInput,
    password: String,
    community: Option<String>,
) -> Result<String, ApiError> {
    use super::ports::{accounts, audit_entry, caller, store};
    use crate::domain::account::NewPassword;
    use crate::domain::ids::CommunityId;
    use crate::domain::person::{Role, VolunteerFile};
    use crate::domain::{Field, ValidationError, ValidationErrors};
    let actor = caller().await?;
    let community = match (actor.role, community.filter(|c| !c.trim().is_empty())) {
        (Role::Staff, None) => actor.community.clone().ok_or(ApiError::Forbidden)?,
        (Role::Staff, Some(c))
            if actor.community.as_ref().map(|a| a.as_str()) == Some(c.as_str()) =>
        {
            CommunityId::new(c)
        }
        (Role::Admin, Some(c)) => CommunityId::new(c),
        (Role::Admin, None) => return Err(ValidationError::Required(Field::Community).into()),
        _ => return Err(ApiError::Forbidden),
    };
    let store = store()?;
    let categories = store.categories().await?;
    let codes: Vec<&str> = categories.iter().map(|c| c.code.as_str()).collect();
    let today = crate::domain::clock::china_today(chrono::Utc::now());
    let file = VolunteerFile::parse(&file, &codes, today);
    let password = NewPassword::parse(&password);
    // Report the file's and the password's problems together.
    let (file, password) = match (file, password) {
        (Ok(f), Ok(p)) => (f, p),
        (f, p) => {
            let mut errors = f.err().unwrap_or_default();
            errors.0.extend(p.err());
            return Err(ApiError::Invalid(ValidationErrors(errors.0)));
        }
    };
    let hash = accounts()?.hash_password(&password).await?;
    let mut audit = audit_entry(&actor, "open_account", "");
    audit.community = Some(community.clone());
    audit.detail = file.name.as_str().to_string();
    let person = store
        .create_volunteer(&file, &community, &hash, audit)
        .await?;
    Ok(person.to_string())
}

/// Sets a new password for someone who forgot theirs; all their sessions end. Staff for the
/// volunteers of their community; the admin for anyone but themselves (who use the password
/// change).
#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(person: String, new: String) -> Result<(), ApiError> {
    use super::ports::{accounts, caller, device, store};
    use crate::domain::account::NewPassword;
    use crate::domain::ids::PersonId;
    use crate::domain::person::Role;
    let actor = caller().await?;
    // Decided before any lookup, so a caller who may reset nobody learns nothing of who exists.
    if matches!(actor.role, Role::Volunteer | Role::Kiosk) {
        return Err(ApiError::Forbidden);
    }
    let person = PersonId::new(person);
    let target = store()?
        .person_scope(&person)
        .await?
        .ok_or(ApiError::NotFound)?;
    let allowed = match actor.role {
        Role::Admin => target.person != actor.person,
        Role::Staff => {
            target.role == Role::Volunteer
                && target.community.is_some()
                && target.community == actor.community
        }
        Role::Volunteer | Role::Kiosk => false,
    };
    if !allowed {
        return Err(ApiError::Forbidden);
    }
    let new = NewPassword::parse(&new)?;
    accounts()?
        .reset_password(&actor, &person, &new, &device())
        .await
}

/// The caller's own file (我的档案). Volunteers and staff. Changes to contact, skills and
/// preferences travel through the offline outbox (entry kind `profile`).
/// `expected` is who the asking tab believes is signed in (see `caller_as`).
/// The phone keeps the answer as text for offline use, read by the pages that show the file.
#[server(prefix = "/api", endpoint = "my_file", output = KeptJson)]
pub async fn my_file(
    expected: Option<String>,
) -> Result<JsonText<crate::domain::person::FileView>, ApiError> {
    use super::ports::{caller, is_expected, store};
    use crate::domain::person::Role;
    let actor = caller().await?;
    if !matches!(actor.role, Role::Volunteer | Role::Staff) {
        return Err(ApiError::Forbidden);
    }
    is_expected(&actor, expected.as_deref())?;
    let file = store()?
        .file(&actor.person)
        .await?
        .ok_or(ApiError::NotFound)?;
    JsonText::of(&file).map_err(|e| ApiError::Transport(e.to_string()))
}

/// The volunteers a manager looks after: staff their community's, the admin everyone.
#[server(prefix = "/api", endpoint = "volunteers")]
pub async fn volunteers() -> Result<Vec<crate::domain::volunteer_table::VolunteerSummary>, ApiError>
{
    use super::ports::{manager, store};
    use chrono::Datelike;
    let actor = manager().await?;
    let year = crate::domain::clock::china_today(chrono::Utc::now()).year();
    Ok(store()?.volunteers(actor.community.as_ref(), year).await?)
}

/// A volunteer's passbook, for staff of their community (to check, and to correct a line by a
/// reversal) and the admin.
#[server(prefix = "/api", endpoint = "volunteer_passbook")]
pub async fn volunteer_passbook(
    person: String,
) -> Result<crate::domain::ledger::Passbook, ApiError> {
    use super::ports::{manager, store};
    use crate::domain::ids::PersonId;
    use crate::domain::person::Role;
    let actor = manager().await?;
    let person = PersonId::new(person);
    let store = store()?;
    let target = store
        .person_scope(&person)
        .await?
        .ok_or(ApiError::NotFound)?;
    let allowed = target.role == Role::Volunteer
        && target.community.as_ref().is_some_and(|c| actor.manages(c));
    if !allowed {
        return Err(ApiError::Forbidden);
    }
    Ok(store.passbook(&person).await?)
}
