//! Volunteer service certificates (志愿服务记录证明): staff of the volunteer's community (or the
//! admin) issue one with the next number of the year; it can be printed again as issued, by
//! them and by the volunteer it was issued to, from their own phone.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::certificate::{Certificate, CertificateSummary};

/// Issues a certificate for a volunteer the caller looks after; returns it with its number.
#[server(prefix = "/api", endpoint = "issue_certificate")]
pub async fn issue_certificate(person: String) -> Result<Certificate, ApiError> {
    use super::ports::{audit_entry, manager, store};
    use crate::domain::ids::PersonId;
    let actor = manager().await?;
    let audit = audit_entry(&actor, "issue_certificate", &person);
    let at = audit.at;
    Ok(store()?
        .issue_certificate(
            actor.community.as_ref(),
            &PersonId::new(person),
            &actor,
            at,
            audit,
        )
        .await?)
}

/// A certificate issued before, exactly as issued (for a reprint): staff of its community and the
/// admin, or the volunteer it was issued to (anyone else's is "not found"). Only staff see the
/// identity card number on it whole.
#[server(prefix = "/api", endpoint = "issued_certificate")]
pub async fn issued_certificate(id: String) -> Result<Certificate, ApiError> {
    use super::ports::{caller, manager, store};
    use crate::domain::person::Role;
    let actor = caller().await?;
    // The identity card number whole only to staff of the issuing community (the store finds a
    // staff member only their community's certificates); masked for the volunteer and admin.
    match actor.role {
        Role::Volunteer => Ok(store()?.own_certificate(&actor.person, &id).await?.masked()),
        _ => {
            let actor = manager().await?;
            let found = store()?.certificate(actor.community.as_ref(), &id).await?;
            Ok(match actor.role {
                Role::Staff => found,
                _ => found.masked(),
            })
        }
    }
}

/// The certificates issued to the signed-in person, newest first (a kiosk holds none).
#[server(prefix = "/api", endpoint = "my_certificates")]
pub async fn my_certificates() -> Result<Vec<CertificateSummary>, ApiError> {
    use super::ports::{caller, store};
    use crate::domain::person::Role;
    let actor = caller().await?;
    if actor.role == Role::Kiosk {
        return Err(ApiError::Forbidden);
    }
    Ok(store()?.certificates_of(&actor.person).await?)
}

/// The identity card number on a volunteer's file, whole: staff of the volunteer's community
/// only (the admin sees it masked, on certificates).
#[server(prefix = "/api", endpoint = "volunteer_id_card")]
pub async fn volunteer_id_card(person: String) -> Result<Option<String>, ApiError> {
    use super::ports::{caller, store};
    use crate::domain::ids::PersonId;
    let actor = caller().await?;
    let community = staff_community(&actor)?;
    Ok(store()?.id_card(&community, &PersonId::new(person)).await?)
}

/// Records a volunteer's identity card number after checking it against the card (an empty
/// `number` removes it): staff of the volunteer's community only. Audited, masked.
#[server(prefix = "/api", endpoint = "set_id_card")]
pub async fn set_id_card(person: String, number: String) -> Result<(), ApiError> {
    use super::ports::{audit_entry, caller, store};
    use crate::domain::id_card::IdCardNumber;
    use crate::domain::ids::PersonId;
    let actor = caller().await?;
    let community = staff_community(&actor)?;
    let number = match number.trim() {
        "" => None,
        raw => Some(IdCardNumber::parse(raw)?),
    };
    let mut audit = audit_entry(&actor, "set_id_card", &person);
    audit.detail = number
        .as_ref()
        .map(IdCardNumber::masked)
        .unwrap_or_default();
    Ok(store()?
        .set_id_card(
            &community,
            &PersonId::new(person),
            number.as_ref(),
            &actor,
            audit,
        )
        .await?)
}

/// The community of a staff member; anyone else may not handle identity card numbers.
#[cfg(feature = "ssr")]
fn staff_community(
    actor: &crate::domain::person::Actor,
) -> Result<crate::domain::ids::CommunityId, ApiError> {
    match (actor.role, &actor.community) {
        (crate::domain::person::Role::Staff, Some(c)) => Ok(c.clone()),
        _ => Err(ApiError::Forbidden),
    }
}
