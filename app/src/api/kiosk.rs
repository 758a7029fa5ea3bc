//! Kiosks (the community's wall screen) and the wall they show.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::wish::WishCard;

/// Registers a kiosk and returns its token, shown once: the staff member enters it on the
/// screen. Staff for their community; the admin names the community.
#[server(prefix = "/api", endpoint = "register_kiosk")]
pub async fn register_kiosk(name: String, community: Option<String>) -> Result<String, ApiError> {
    use super::ports::{accounts, device, manager};
    use crate::domain::ids::CommunityId;
    use crate::domain::text::clean;
    use crate::domain::{Field, ValidationError};
    let actor = manager().await?;
    let community = match (&actor.community, community.filter(|c| !c.trim().is_empty())) {
        (Some(own), None) => own.clone(),
        (Some(own), Some(c)) if own.as_str() == c => own.clone(),
        (Some(_), Some(_)) => return Err(ApiError::Forbidden),
        (None, Some(c)) => CommunityId::new(c),
        (None, None) => return Err(ValidationError::Required(Field::Community).into()),
    };
    let name = clean(Field::Name, &name, 50, true, false)?;
    let token = accounts()?
        .register_kiosk(&actor, &community, &name, &device())
        .await?;
    Ok(token.0)
}

/// Turns this browser into the kiosk holding `token` (a long-lived cookie). Anyone may call it;
/// a wrong token gets the same answer as a wrong password.
#[server(prefix = "/api", endpoint = "kiosk_sign_in")]
pub async fn kiosk_sign_in(token: String) -> Result<(), ApiError> {
    use super::ports::{accounts, set_cookie, SessionToken};
    use crate::domain::person::Role;
    let accounts = accounts()?;
    let token = token.trim().to_string();
    match accounts.actor(&token).await? {
        Some(actor) if actor.role == Role::Kiosk => {
            set_cookie(&accounts.kiosk_cookie(&SessionToken(token)));
            Ok(())
        }
        _ => Err(ApiError::SignInFailed),
    }
}

/// The wall of the caller's community: kiosks, volunteers and staff see their own; the admin
/// names one.
#[server(prefix = "/api", endpoint = "community_wall")]
pub async fn community_wall(community: Option<String>) -> Result<Vec<WishCard>, ApiError> {
    use super::ports::{caller, store};
    use crate::domain::ids::CommunityId;
    use crate::domain::{Field, ValidationError};
    let actor = caller().await?;
    let community = match (actor.community, community.filter(|c| !c.trim().is_empty())) {
        (Some(own), None) => own,
        (Some(own), Some(c)) if own.as_str() == c => own,
        (Some(_), Some(_)) => return Err(ApiError::Forbidden),
        (None, Some(c)) => CommunityId::new(c),
        (None, None) => return Err(ValidationError::Required(Field::Community).into()),
    };
    Ok(store()?.wall(&community).await?)
}
