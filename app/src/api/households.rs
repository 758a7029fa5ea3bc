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
