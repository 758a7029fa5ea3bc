//! Signing in and out, and who is signed in.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::account::Me;

/// Signs in with a phone number or username and a password. Anyone may call it; repeated
/// failures for one login are slowed down, and the error never says whether the account exists.
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(login: String, password: String) -> Result<Me, ApiError> {
    use super::ports::{accounts, device, set_cookie};
    let accounts = accounts()?;
    let (me, token) = accounts.sign_in(&login, &password, &device()).await?;
    set_cookie(&accounts.session_cookie(Some(&token)));
    Ok(me)
}

/// Closes the caller's session and clears the cookie. Any signed-in caller.
#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), ApiError> {
    use super::ports::{accounts, caller, device, session_token, set_cookie};
    let accounts = accounts()?;
    let actor = caller().await?;
    let token = session_token().ok_or(ApiError::SignedOut)?;
    accounts.sign_out(&token, &actor, &device()).await?;
    set_cookie(&accounts.session_cookie(None));
    Ok(())
}

/// The signed-in person, or `None` when signed out (not an error: pages ask it to decide what to
/// show). Any caller.
#[server(prefix = "/api", endpoint = "who_am_i")]
pub async fn who_am_i() -> Result<Option<Me>, ApiError> {
    use super::ports::{caller, store};
    match caller().await {
        Ok(actor) => Ok(store()?.me(&actor.person).await?),
        Err(ApiError::SignedOut) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Changes the caller's own password; every other session of theirs is closed. Any signed-in
/// person (a kiosk has no password).
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(current: String, new: String) -> Result<(), ApiError> {
    use super::ports::{accounts, caller, device, session_token};
    use crate::domain::account::NewPassword;
    let actor = caller().await?;
    let new = NewPassword::parse(&new)?;
    let token = session_token().ok_or(ApiError::SignedOut)?;
    accounts()?
        .change_password(&actor, &token, &current, &new, &device())
        .await
}

/// Changes the caller's phone, which is their login: the password confirms it is them (a phone
/// left signed in is not enough). Volunteers and staff.
#[server(prefix = "/api", endpoint = "change_login_phone")]
pub async fn change_login_phone(phone: String, password: String) -> Result<(), ApiError> {
    use super::ports::{accounts, audit_entry, caller, store};
    use crate::domain::person::Role;
    use crate::domain::text::Phone;
    let actor = caller().await?;
    if !matches!(actor.role, Role::Volunteer | Role::Staff) {
        return Err(ApiError::Forbidden);
    }
    let phone = Phone::parse(&phone)?;
    accounts()?.confirm_password(&actor, &password).await?;
    let audit = audit_entry(&actor, "change_login_phone", actor.person.as_str());
    Ok(store()?
        .change_login_phone(&actor.person, &phone, audit)
        .await?)
}
