//! Household files (建档立卡) for staff: the list with the help each household had, one file with
//! its history, registering and updating. Staff act in their community; the admin in any.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::household::{HouseholdHistory, HouseholdInput, HouseholdSummary};

/// The households the caller looks after, by head's name.
#[server(prefix = "/api", endpoint = "households")]
pub async fn households() -> Result<Vec<HouseholdSummary>, ApiError> {
    use super::ports::{manager, store};
    use crate::domain::clock::china_today;
    let actor = manager().await?;
    let today = china_today(chrono::Utc::now());
    Ok(store()?.households(actor.community.as_ref(), today).await?)
}

/// One household's file and the help it received over time, newest first.
#[server(prefix = "/api", endpoint = "household_file")]
pub async fn household_file(household: String) -> Result<HouseholdHistory, ApiError> {
    use super::ports::{manager, store};
    use crate::domain::clock::china_today;
    use crate::domain::ids::HouseholdId;
    let actor = manager().await?;
    let today = china_today(chrono::Utc::now());
    Ok(store()?
        .household_history(
            actor.community.as_ref(),
            &HouseholdId::new(household),
            today,
        )
        .await?)
}

/// Opens a household's file (建档). Staff register in their community; the admin names one.
#[server(prefix = "/api", endpoint = "register_household")]
pub async fn register_household(
    input: HouseholdInput,
    community: Option<String>,
) -> Result<String, ApiError> {
    use super::ports::{audit_entry, manager, scoped_community, store};
    use crate::domain::household::HouseholdFile;
    let actor = manager().await?;
    let community = scoped_community(&actor, community)?;
    let file = HouseholdFile::parse(&input)?;
    let audit = audit_entry(&actor, "register_household", "");
    let id = store()?
        .register_household(&community, &file, audit)
        .await?;
    Ok(id.to_string())
}

/// Updates a household's file; the audit trail keeps what it said after each change.
#[server(prefix = "/api", endpoint = "update_household")]
pub async fn update_household(household: String, input: HouseholdInput) -> Result<(), ApiError> {
    use super::ports::{audit_entry, manager, store};
    use crate::domain::household::HouseholdFile;
    use crate::domain::ids::HouseholdId;
    let actor = manager().await?;
    let file = HouseholdFile::parse(&input)?;
    let mut audit = audit_entry(&actor, "update_household", &household);
    audit.detail = format!(
        "{} · {} · {}人 · {} · {}",
        file.head.as_str(),
        file.address.as_str(),
        file.members,
        file.hardship_type,
        file.needs.as_str()
    )
    .chars()
    .take(400)
    .collect();
    Ok(store()?
        .update_household(
            actor.community.as_ref(),
            &HouseholdId::new(household),
            &file,
            audit,
        )
        .await?)
}

/// Closes a household's file (销档): `reason` is `recovered` (脱困), `moved` (迁出) or
/// `deceased` (去世), `on` the date (not in the future). It leaves the default list and the
/// choices of new service and agreements; its agreements end that day. Staff for their
/// community; the admin for any.
#[server(prefix = "/api", endpoint = "close_household")]
pub async fn close_household(
    household: String,
    reason: String,
    on: String,
    note: String,
) -> Result<(), ApiError> {
    use super::ports::{audit_entry, manager, store};
    use crate::domain::clock::china_today;
    use crate::domain::household_closure::HouseholdClosure;
    use crate::domain::ids::HouseholdId;
    let actor = manager().await?;
    let today = china_today(chrono::Utc::now());
    let household = HouseholdId::new(household);
    let store = store()?;
    let file = store
        .household_history(actor.community.as_ref(), &household, today)
        .await?;
    let closure =
        HouseholdClosure::parse(&reason, &on, &note, file.household.registered_on, today)?;
    Ok(store
        .set_household_closure(
            actor.community.as_ref(),
            &household,
            Some(&closure),
            audit_entry(&actor, "close_household", ""),
        )
        .await?)
}

/// Reopens a closed household's file. Its ended agreements stay ended (make a new one).
#[server(prefix = "/api", endpoint = "reopen_household")]
pub async fn reopen_household(household: String) -> Result<(), ApiError> {
    use super::ports::{audit_entry, manager, store};
    use crate::domain::ids::HouseholdId;
    let actor = manager().await?;
    Ok(store()?
        .set_household_closure(
            actor.community.as_ref(),
            &HouseholdId::new(household),
            None,
            audit_entry(&actor, "reopen_household", ""),
        )
        .await?)
}
