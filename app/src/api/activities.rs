//! Activities (活动): staff create one with its attendees, correct the attendance while it is
//! open, and close it — one pending service line per attendee, in one step.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::ApiError;
use crate::domain::activity::{ActivityInput, ActivityView, AttendeeTimesInput};

/// The activities the caller looks after, newest first.
#[server(prefix = "/api", endpoint = "activities")]
pub async fn activities() -> Result<Vec<ActivityView>, ApiError> {
    use super::ports::{manager, store};
    let actor = manager().await?;
    Ok(store()?.activities(actor.community.as_ref()).await?)
}

/// Creates an activity. Staff in their community; the admin names one.
#[server(prefix = "/api", endpoint = "create_activity", input = Json)]
pub async fn create_activity(
    input: ActivityInput,
    community: Option<String>,
) -> Result<String, ApiError> {
    use super::ports::{audit_entry, manager, scoped_community, store};
    use crate::domain::activity::Activity;
    let actor = manager().await?;
    let community = scoped_community(&actor, community)?;
    let store = store()?;
    let categories = store.categories().await?;
    let codes: Vec<&str> = categories.iter().map(|c| c.code.as_str()).collect();
    let activity = Activity::parse(&input, &codes)?;
    let audit = audit_entry(&actor, "create_activity", "");
    let id = store
        .create_activity(&community, &activity, &actor, audit)
        .await?;
    Ok(id.to_string())
}

/// Replaces who attended an activity that is still open, with the own arrival and departure of
/// those who did not stay the whole time.
#[server(prefix = "/api", endpoint = "set_attendees", input = Json)]
pub async fn set_attendees(
    activity: String,
    attendees: Vec<String>,
    #[server(default)] times: Vec<AttendeeTimesInput>,
) -> Result<(), ApiError> {
    use super::ports::{audit_entry, manager, store};
    use crate::domain::activity::attendee_ids;
    use crate::domain::ids::ActivityId;
    let actor = manager().await?;
    let attendees = attendee_ids(&attendees)?;
    let mut audit = audit_entry(&actor, "set_attendees", &activity);
    audit.detail = format!(
        "{} attendees, {} with own times",
        attendees.len(),
        times.len()
    );
    Ok(store()?
        .set_attendees(
            actor.community.as_ref(),
            &ActivityId::new(activity),
            &attendees,
            &times,
            audit,
        )
        .await?)
}

/// Closes an activity: each attendee gets a pending service line, recorded by the caller, for
/// staff to verify in the queue. Returns how many lines were made.
#[server(prefix = "/api", endpoint = "close_activity")]
pub async fn close_activity(activity: String) -> Result<u32, ApiError> {
    use super::ports::{audit_entry, manager, store};
    use crate::domain::ids::ActivityId;
    let actor = manager().await?;
    let audit = audit_entry(&actor, "close_activity", &activity);
    let at = audit.at;
    Ok(store()?
        .close_activity(
            actor.community.as_ref(),
            &ActivityId::new(activity),
            &actor,
            at,
            audit,
        )
        .await?)
}
