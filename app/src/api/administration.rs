//! Running the sub-district from the browser: the admin's communities and staff accounts, and
//! staff's kiosks and volunteers who leave. Every change lands in the audit trail.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::administration::{CommunityRow, KioskRow, RoleChange, StaffInput, StaffRow};

/// Every community, retired ones last, with their counts. The admin only.
#[server(prefix = "/api", endpoint = "manage_communities")]
pub async fn manage_communities() -> Result<Vec<CommunityRow>, ApiError> {
    use super::ports::{admin, store};
    admin().await?;
    Ok(store()?.communities().await?)
}

/// Adds a community; returns its id. The admin only.
#[server(prefix = "/api", endpoint = "add_community")]
pub async fn add_community(name: String) -> Result<String, ApiError> {
    use super::ports::{admin, audit_entry, store};
    use crate::domain::administration::PlaceName;
    use crate::domain::Field;
    let actor = admin().await?;
    let name = PlaceName::parse(Field::Community, &name)?;
    let id = store()?
        .add_community(&name, audit_entry(&actor, "add_community", ""))
        .await?;
    Ok(id.to_string())
}

/// Renames a community (its history keeps its id). The admin only.
#[server(prefix = "/api", endpoint = "rename_community")]
pub async fn rename_community(community: String, name: String) -> Result<(), ApiError> {
    use super::ports::{admin, audit_entry, store};
    use crate::domain::administration::PlaceName;
    use crate::domain::ids::CommunityId;
    use crate::domain::Field;
    let actor = admin().await?;
    let name = PlaceName::parse(Field::Community, &name)?;
    Ok(store()?
        .rename_community(
            &CommunityId::new(community),
            &name,
            audit_entry(&actor, "rename_community", ""),
        )
        .await?)
}

/// Retires a community (or restores one, `retired = false`): its history stays, nothing new is
/// filed under it. The admin only.
#[server(prefix = "/api", endpoint = "retire_community")]
pub async fn retire_community(community: String, retired: bool) -> Result<(), ApiError> {
    use super::ports::{admin, audit_entry, store};
    use crate::domain::ids::CommunityId;
    let actor = admin().await?;
    let action = if retired {
        "retire_community"
    } else {
        "restore_community"
    };
    Ok(store()?
        .retire_community(
            &CommunityId::new(community),
            retired,
            audit_entry(&actor, action, ""),
        )
        .await?)
}

/// The staff members and administrators. The admin only.
#[server(prefix = "/api", endpoint = "staff_accounts")]
pub async fn staff_accounts() -> Result<Vec<StaffRow>, ApiError> {
    use super::ports::{admin, store};
    admin().await?;
    Ok(store()?.staff().await?)
}

/// Opens a staff account for a community; returns the person's id. The admin only.
#[server(prefix = "/api", endpoint = "create_staff")]
pub async fn create_staff(input: StaffInput) -> Result<String, ApiError> {
    use super::ports::{accounts, admin, audit_entry, store};
    use crate::domain::administration::NewStaff;
    let actor = admin().await?;
    let staff = NewStaff::parse(&input)?;
    let hash = accounts()?.hash_password(&staff.password).await?;
    let id = store()?
        .create_staff(
            &staff.name,
            &staff.username,
            &staff.community,
            &hash,
            audit_entry(&actor, "create_staff", ""),
        )
        .await?;
    Ok(id.to_string())
}

/// Gives someone a role: staff of a community (also: moves staff to another community),
/// volunteer (the staff role taken away; they keep their passbook), or administrator. Their
/// sessions end. The last active administrator keeps the role. The admin only.
#[server(prefix = "/api", endpoint = "set_role")]
pub async fn set_role(
    person: String,
    role: RoleChange,
    community: Option<String>,
) -> Result<(), ApiError> {
    use super::ports::{admin, audit_entry, store};
    use crate::domain::ids::{CommunityId, PersonId};
    let actor = admin().await?;
    let community = community
        .filter(|c| !c.trim().is_empty())
        .map(|c| CommunityId::new(c.trim()));
    Ok(store()?
        .set_role(
            &PersonId::new(person),
            role,
            community.as_ref(),
            audit_entry(&actor, "set_role", ""),
        )
        .await?)
}

/// Deactivates a volunteer (moved away, deceased) with the reason, or reactivates them
/// (`active = true`). A deactivated volunteer cannot sign in; their passbook and certificates
/// stay on file and in past statistics. Staff for the volunteers of their community; the admin
/// for anyone.
#[server(prefix = "/api", endpoint = "set_active")]
pub async fn set_active(person: String, active: bool, reason: String) -> Result<(), ApiError> {
    use super::ports::{audit_entry, manager, store};
    use crate::domain::administration::deactivation_reason;
    use crate::domain::ids::PersonId;
    use crate::domain::person::Role;
    let actor = manager().await?;
    let person = PersonId::new(person);
    let store = store()?;
    let target = store
        .person_scope(&person)
        .await?
        .ok_or(ApiError::NotFound)?;
    let allowed = actor.role == Role::Admin
        || (target.role == Role::Volunteer && target.community == actor.community);
    if !allowed {
        return Err(ApiError::NotFound);
    }
    let (reason, action) = if active {
        (None, "reactivate")
    } else {
        (Some(deactivation_reason(&reason)?), "deactivate")
    };
    let mut audit = audit_entry(&actor, action, "");
    audit.community = target.community.clone();
    Ok(store.set_active(&person, reason.as_ref(), audit).await?)
}

/// The kiosks of the caller's community (the admin: all), with when each last asked for the
/// wall.
#[server(prefix = "/api", endpoint = "kiosks")]
pub async fn kiosks() -> Result<Vec<KioskRow>, ApiError> {
    use super::ports::{manager, store};
    let actor = manager().await?;
    Ok(store()?.kiosks(actor.community.as_ref()).await?)
}

/// Revokes a kiosk (a screen stolen or replaced): its token stops working on its next request
/// and the screen says so. Staff for their community's kiosks; the admin for all.
#[server(prefix = "/api", endpoint = "revoke_kiosk")]
pub async fn revoke_kiosk(kiosk: String) -> Result<(), ApiError> {
    use super::ports::{audit_entry, manager, store};
    let actor = manager().await?;
    Ok(store()?
        .revoke_kiosk(
            &kiosk,
            actor.community.as_ref(),
            audit_entry(&actor, "revoke_kiosk", ""),
        )
        .await?)
}
