//! Wishes in the office and the service menu: staff post wishes (approved at once, possibly for
//! a household they keep a file on), approve or decline what residents posted, and confirm the
//! ones claimers report fulfilled. Volunteers post and claim through the offline ledger.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::wall::{MenuCategory, StaffWish};
use crate::domain::wish_post::WishInput;

/// Posts a wish from the office, approved at once (staff are the moderators). Staff post in
/// their community; the admin names one. Returns the wish's id.
#[server(prefix = "/api", endpoint = "post_wish")]
pub async fn post_wish(input: WishInput, community: Option<String>) -> Result<String, ApiError> {
    use super::ports::{audit_entry, manager, scoped_community, store};
    use crate::domain::wish_post::WishDraft;
    let actor = manager().await?;
    let community = scoped_community(&actor, community)?;
    let categories = store()?.categories().await?;
    let codes: Vec<&str> = categories.iter().map(|c| c.code.as_str()).collect();
    let draft = WishDraft::parse(&input, &codes)?;
    let audit = audit_entry(&actor, "post_wish", "");
    let id = store()?
        .post_wish(&actor, &community, &draft, true, audit)
        .await?;
    Ok(id.to_string())
}

/// The wishes staff act on: awaiting approval, or claimed and not yet confirmed fulfilled.
#[server(prefix = "/api", endpoint = "wishes_to_review")]
pub async fn wishes_to_review() -> Result<Vec<StaffWish>, ApiError> {
    use super::ports::{manager, store};
    let actor = manager().await?;
    Ok(store()?
        .wishes_for_staff(actor.community.as_ref(), chrono::Utc::now())
        .await?)
}

/// How many days a wish of the caller's community may wait on the wall before the wall and
/// this page mark it as waiting long. Staff read their own; the admin names a community.
#[server(prefix = "/api", endpoint = "wish_waiting_days")]
pub async fn wish_waiting_days(community: Option<String>) -> Result<u32, ApiError> {
    use super::ports::{manager, scoped_community, store};
    let actor = manager().await?;
    let community = scoped_community(&actor, community)?;
    Ok(store()?.wish_waiting_days(&community).await?)
}

/// Sets that period, between 7 and 365 days.
#[server(prefix = "/api", endpoint = "set_wish_waiting_days")]
pub async fn set_wish_waiting_days(days: u32, community: Option<String>) -> Result<(), ApiError> {
    use super::ports::{audit_entry, manager, scoped_community, store};
    use crate::domain::wish::WAITING_DAYS_RANGE;
    use crate::domain::{Field, ValidationError};
    let actor = manager().await?;
    let community = scoped_community(&actor, community)?;
    if !WAITING_DAYS_RANGE.contains(&days) {
        return Err(ValidationError::Invalid(Field::WaitingDays).into());
    }
    let mut audit = audit_entry(&actor, "set_wish_waiting_days", community.as_str());
    audit.detail = days.to_string();
    Ok(store()?
        .set_wish_waiting_days(&community, days, audit)
        .await?)
}

/// Staff decide about a wish: `approve`, `decline` (with a reason the poster reads),
/// `confirm` it fulfilled, or `withdraw` an approved one from the wall (with a reason).
#[server(prefix = "/api", endpoint = "decide_wish")]
pub async fn decide_wish(wish: String, decision: String, reason: String) -> Result<(), ApiError> {
    use super::ports::{audit_entry, manager, store, WishDecision};
    use crate::domain::ids::WishId;
    use crate::domain::text::Reason;
    use crate::domain::{Field, ValidationError};
    let actor = manager().await?;
    let decision = match decision.as_str() {
        "approve" => WishDecision::Approve,
        "decline" => WishDecision::Decline(Reason::parse(&reason)?),
        "confirm" => WishDecision::ConfirmFulfilled,
        "withdraw" => WishDecision::Withdraw(Reason::parse(&reason)?),
        _ => return Err(ValidationError::Invalid(Field::Note).into()),
    };
    let action = match decision {
        WishDecision::Approve => "approve_wish",
        WishDecision::Decline(_) => "decline_wish",
        WishDecision::ConfirmFulfilled => "confirm_wish",
        WishDecision::Withdraw(_) => "withdraw_wish",
    };
    let mut audit = audit_entry(&actor, action, &wish);
    audit.detail = reason.chars().take(200).collect();
    Ok(store()?
        .decide_wish(
            actor.community.as_ref(),
            &WishId::new(wish),
            &decision,
            audit,
        )
        .await?)
}

/// The service menu (服务菜单) of the caller's community: what its volunteers offer, by
/// category. Volunteers and staff; the admin names a community. Not for kiosks.
#[server(prefix = "/api", endpoint = "service_menu")]
pub async fn service_menu(community: Option<String>) -> Result<Vec<MenuCategory>, ApiError> {
    use super::ports::{caller, scoped_community, store};
    use crate::domain::person::Role;
    use crate::domain::wall::service_menu as menu_of;
    let actor = caller().await?;
    if actor.role == Role::Kiosk {
        return Err(ApiError::Forbidden);
    }
    let community = scoped_community(&actor, community)?;
    let store = store()?;
    let categories = store.categories().await?;
    let codes: Vec<&str> = categories.iter().map(|c| c.code.as_str()).collect();
    Ok(menu_of(&store.offerings(&community).await?, &codes))
}

/// The households of a community with a file, as (id, head of household), for staff posting a
/// wish on a household's behalf.
#[server(prefix = "/api", endpoint = "household_choices")]
pub async fn household_choices(
    community: Option<String>,
) -> Result<Vec<(String, String)>, ApiError> {
    use super::ports::{manager, scoped_community, store};
    let actor = manager().await?;
    let community = scoped_community(&actor, community)?;
    Ok(store()?.household_choices(&community).await?)
}

/// The kiosk's staff mode: a staff member of the kiosk's community types their login and
/// password on the screen to post a wish (approved at once). Called only from a kiosk; the
/// kiosk's token alone writes nothing. The password is checked like a sign-in (throttled,
/// audited) and the session it opens is closed again before the answer, so nobody stays signed
/// in on a public screen.
#[server(prefix = "/api", endpoint = "kiosk_post_wish")]
pub async fn kiosk_post_wish(
    login: String,
    password: String,
    input: WishInput,
) -> Result<String, ApiError> {
    use super::ports::{accounts, audit_entry, caller, device, store};
    use crate::domain::person::{Actor, Role};
    use crate::domain::wish_post::WishDraft;
    let kiosk = caller().await?;
    let community = match (kiosk.role, kiosk.community.clone()) {
        (Role::Kiosk, Some(community)) => community,
        _ => return Err(ApiError::Forbidden),
    };
    let accounts = accounts()?;
    let (me, token) = accounts.sign_in(&login, &password, &device()).await?;
    let staff = Actor {
        person: me.person.clone(),
        role: me.role,
        community: me.community.clone(),
    };
    let posted = async {
        if staff.role != Role::Staff || staff.community.as_ref() != Some(&community) {
            return Err(ApiError::Forbidden);
        }
        let store = store()?;
        let categories = store.categories().await?;
        let codes: Vec<&str> = categories.iter().map(|c| c.code.as_str()).collect();
        let draft = WishDraft::parse(&input, &codes)?;
        let mut audit = audit_entry(&staff, "post_wish", "");
        audit.detail = format!("kiosk {}", kiosk.person.as_str());
        let id = store
            .post_wish(&staff, &community, &draft, true, audit)
            .await?;
        Ok(id.to_string())
    }
    .await;
    accounts.sign_out(&token.0, &staff, &device()).await?;
    posted
}
