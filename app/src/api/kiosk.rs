//! Kiosks (the community's wall screen) and the wall they show.

use leptos::prelude::*;

use super::kept_json::KeptJson;
use super::ApiError;
use crate::domain::json::JsonText;
use crate::domain::wall::{KioskView, WallView};

/// Registers a kiosk and returns its token, shown once: the staff member enters it on the
/// screen. Staff for their community; the admin names the community.
#[server(prefix = "/api", endpoint = "register_kiosk")]
pub async fn register_kiosk(name: String, community: Option<String>) -> Result<String, ApiError> {
    use super::ports::{accounts, device, manager, scoped_community};
    use crate::domain::text::clean;
    use crate::domain::Field;
    let actor = manager().await?;
    let community = scoped_community(&actor, community)?;
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

/// The wall of the caller's community with its counts: kiosks, volunteers and staff see their
/// own (and their own wishes awaiting approval); the admin names one.
/// The phone keeps the answer as text for offline use, read by the wall's pages only.
#[server(prefix = "/api", endpoint = "community_wall", output = KeptJson)]
pub async fn community_wall(community: Option<String>) -> Result<JsonText<WallView>, ApiError> {
    use super::ports::{caller, scoped_community, store};
    use crate::domain::person::Role;
    let actor = caller().await?;
    let community = scoped_community(&actor, community)?;
    let viewer = (actor.role != Role::Kiosk).then_some(&actor.person);
    let wall = store()?
        .wall(&community, viewer, chrono::Utc::now())
        .await?;
    JsonText::of(&wall).map_err(|e| ApiError::Transport(e.to_string()))
}

/// What the kiosk shows: the wall and, for each open wish, the QR code of its address under
/// `origin` (the kiosk's own `https://host`), which opens the wish on a phone, ready to claim.
#[server(prefix = "/api", endpoint = "kiosk_wall")]
pub async fn kiosk_wall(origin: String, community: Option<String>) -> Result<KioskView, ApiError> {
    use super::ports::{caller, scoped_community, store};
    use super::qr::qr_path;
    use crate::domain::wish::WishState;
    use crate::domain::{Field, ValidationError};
    let actor = caller().await?;
    let community = scoped_community(&actor, community)?;
    let origin = origin.trim().trim_end_matches('/');
    let plausible = (origin.starts_with("http://") || origin.starts_with("https://"))
        && origin.len() <= 200
        && !origin.chars().any(|c| c.is_whitespace() || c.is_control());
    if !plausible {
        return Err(ValidationError::Invalid(Field::Note).into());
    }
    let store = store()?;
    let wall = store.wall(&community, None, chrono::Utc::now()).await?;
    let categories = store.categories().await?;
    let codes = wall
        .cards
        .iter()
        .filter(|c| c.state == WishState::Open)
        .filter_map(|c| {
            let address = format!("{origin}/wall/{}", c.id.as_str());
            qr_path(&address).map(|qr| (c.id.as_str().to_string(), qr))
        })
        .collect();
    Ok(KioskView {
        wall,
        codes,
        categories,
    })
}
