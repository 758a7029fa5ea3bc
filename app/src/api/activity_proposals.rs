//! Self-organised activities (自主活动): a phone's list of its community's invitations and its
//! own proposals, and staff's approval or refusal of a proposal. Proposing and joining are
//! phone commands (`propose`, `join`) that go through the outbox like every other.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::activity_proposal::Invitation;

/// The caller's community's approved activities still to come, and the caller's own proposals.
/// Volunteers and staff.
#[server(prefix = "/api", endpoint = "activity_invitations")]
pub async fn activity_invitations() -> Result<Vec<Invitation>, ApiError> {
    use super::ports::{caller, store};
    use crate::domain::clock::china_today;
    use crate::domain::person::Role;
    let actor = caller().await?;
    if !matches!(actor.role, Role::Volunteer | Role::Staff) {
        return Err(ApiError::Forbidden);
    }
    let today = china_today(chrono::Utc::now());
    Ok(store()?.activity_invitations(&actor, today).await?)
}

/// Approves a volunteer's proposal, or declines it with a reason the proposer reads. Staff of
/// its community and the admin.
#[server(prefix = "/api", endpoint = "review_activity")]
pub async fn review_activity(
    activity: String,
    approve: bool,
    #[server(default)] reason: String,
) -> Result<(), ApiError> {
    use super::ports::{audit_entry, manager, store};
    use crate::domain::ids::ActivityId;
    use crate::domain::text::Reason;
    let actor = manager().await?;
    let decline = if approve {
        None
    } else {
        Some(Reason::parse(&reason)?)
    };
    let mut audit = audit_entry(
        &actor,
        if approve {
            "approve_activity"
        } else {
            "decline_activity"
        },
        &activity,
    );
    audit.detail = reason.chars().take(200).collect();
    Ok(store()?
        .review_activity(
            actor.community.as_ref(),
            &ActivityId::new(activity),
            decline.as_ref(),
            crate::domain::clock::china_today(chrono::Utc::now()),
            &actor,
            audit,
        )
        .await?)
}
