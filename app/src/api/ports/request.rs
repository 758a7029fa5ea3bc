//! What a server function learns from its request: the ports in the Leptos context, the
//! caller behind the session cookie, their device, and the community a call is about.

use std::sync::Arc;

use chrono::Utc;

use super::{Accounts, City, Store};
use crate::api::ApiError;
use crate::domain::audit::AuditEntry;
use crate::domain::ids::CommunityId;
use crate::domain::person::Actor;
use crate::domain::ValidationError;

/// The cookie that carries the session.
pub const SESSION_COOKIE: &str = "lovebank_session";

/// The ports of the sub-district a request is for, in an install that runs several: the
/// server's layer puts them in the request's extensions, chosen by the address the request was
/// sent to. Without them (one sub-district), the ports in the Leptos context serve.
#[derive(Clone)]
pub struct SubDistrictPorts {
    pub store: Arc<dyn Store>,
    pub accounts: Arc<dyn Accounts>,
    /// Only on the install's own sub-district: the district's view of all of them.
    pub city: Option<Arc<dyn City>>,
}

fn sub_district_ports() -> Option<SubDistrictPorts> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<SubDistrictPorts>().cloned())
}

pub fn store() -> Result<Arc<dyn Store>, ApiError> {
    match sub_district_ports() {
        Some(ports) => Ok(ports.store),
        None => leptos::prelude::use_context::<Arc<dyn Store>>().ok_or(ApiError::Unavailable),
    }
}

pub fn accounts() -> Result<Arc<dyn Accounts>, ApiError> {
    match sub_district_ports() {
        Some(ports) => Ok(ports.accounts),
        None => leptos::prelude::use_context::<Arc<dyn Accounts>>().ok_or(ApiError::Unavailable),
    }
}

/// The district's view of every sub-district, on the install's own address only.
pub fn city() -> Option<Arc<dyn City>> {
    sub_district_ports().and_then(|ports| ports.city)
}

/// The nonce the server's security layer put on this request: the page's inline scripts carry
/// it, and the response's Content-Security-Policy allows only scripts that do.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Makes the request's nonce the one Leptos writes on its hydration script (and that
/// `use_nonce` returns), so the page and its policy agree.
pub fn adopt_request_nonce() {
    let nonce = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(nonce)) = nonce {
        leptos::prelude::provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// The value of cookie `name` on the current request, if any.
pub fn request_cookie(name: &str) -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    request_cookie_in(&parts.headers, name)
}

/// The value of cookie `name` among `headers` (for plain routes outside a server function).
pub fn request_cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.to_string())
}

/// The session token the request carries, if any.
pub fn session_token() -> Option<String> {
    request_cookie(SESSION_COOKIE)
}

/// The device making the request, from its User-Agent, for the audit trail.
pub fn device() -> String {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(200).collect())
        })
        .unwrap_or_default()
}

/// Who sent a request, as the server's connection loop established it (see the server's
/// `serve::client_address`) and put in the request's extensions: the key applications are
/// throttled by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub String);

/// This request's sender (`unknown` when served some other way, as in unit tests).
pub fn client_address() -> String {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<ClientAddress>().map(|c| c.0.clone()))
        .unwrap_or_else(|| "unknown".into())
}

/// The signed-in caller, established from the session cookie. Every server function that is not
/// public starts here.
pub async fn caller() -> Result<Actor, ApiError> {
    let token = session_token().ok_or(ApiError::SignedOut)?;
    accounts()?.actor(&token).await?.ok_or(ApiError::SignedOut)
}

/// The caller, who must be `expected`: a tab that still believes someone else is signed in
/// (another tab signed them out and someone else in) is told "signed out", and never reads or
/// writes the new person's things under the old person's name.
/// `None`: any caller (a page that asks for its own things right after signing in).
pub async fn caller_as(expected: Option<&str>) -> Result<Actor, ApiError> {
    let actor = caller().await?;
    is_expected(&actor, expected)?;
    Ok(actor)
}

/// "Signed out" unless `actor` is the `expected` person (see [`caller_as`]).
pub fn is_expected(actor: &Actor, expected: Option<&str>) -> Result<(), ApiError> {
    if expected.is_some_and(|expected| actor.person.as_str() != expected) {
        return Err(ApiError::SignedOut);
    }
    Ok(())
}

/// An audit entry for `actor` doing `action` on `subject` now, from this request's device.
pub fn audit_entry(actor: &Actor, action: &str, subject: &str) -> AuditEntry {
    AuditEntry {
        at: Utc::now(),
        actor: Some(actor.person.clone()),
        role: Some(actor.role),
        community: actor.community.clone(),
        action: action.into(),
        subject: subject.into(),
        detail: String::new(),
        device: device(),
    }
}

/// For functions of staff and the admin: the caller, if they are one. Their `community` is the
/// scope they manage (`None` for the admin: all).
pub async fn manager() -> Result<Actor, ApiError> {
    use crate::domain::person::Role;
    let actor = caller().await?;
    match actor.role {
        Role::Admin => Ok(actor),
        Role::Staff if actor.community.is_some() => Ok(actor),
        _ => Err(ApiError::Forbidden),
    }
}

/// For functions of the sub-district's administrator only.
pub async fn admin() -> Result<Actor, ApiError> {
    let actor = caller().await?;
    match actor.role {
        crate::domain::person::Role::Admin => Ok(actor),
        _ => Err(ApiError::Forbidden),
    }
}

/// Sets a response header (the session cookie) on the current server function's response.
pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// The community a call is about: staff, volunteers and kiosks act in their own (naming
/// another is forbidden); the admin must name one.
pub fn scoped_community(actor: &Actor, asked: Option<String>) -> Result<CommunityId, ApiError> {
    use crate::domain::Field;
    match (&actor.community, asked.filter(|c| !c.trim().is_empty())) {
        (Some(own), None) => Ok(own.clone()),
        (Some(own), Some(c)) if own.as_str() == c.trim() => Ok(own.clone()),
        (Some(_), Some(_)) => Err(ApiError::Forbidden),
        (None, Some(c)) => Ok(CommunityId::new(c.trim())),
        (None, None) => Err(ValidationError::Required(Field::Community).into()),
    }
}

/// The community a report is about: staff their own (naming another is forbidden); the admin
/// the whole sub-district (`None`), or the community they name. Others may not read reports.
pub fn report_scope(actor: &Actor, asked: &str) -> Result<Option<CommunityId>, ApiError> {
    use crate::domain::person::Role;
    let asked = Some(asked.trim()).filter(|c| !c.is_empty());
    match (actor.role, &actor.community, asked) {
        (Role::Admin, _, asked) => Ok(asked.map(CommunityId::new)),
        (Role::Staff, Some(own), None) => Ok(Some(own.clone())),
        (Role::Staff, Some(own), Some(c)) if own.as_str() == c => Ok(Some(own.clone())),
        _ => Err(ApiError::Forbidden),
    }
}
