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
/// admin, or the volunteer it was issued to (anyone else's is "not found").
#[server(prefix = "/api", endpoint = "issued_certificate")]
pub async fn issued_certificate(id: String) -> Result<Certificate, ApiError> {
    use super::ports::{caller, manager, store};
    use crate::domain::person::Role;
    let actor = caller().await?;
    match actor.role {
        Role::Volunteer => Ok(store()?.own_certificate(&actor.person, &id).await?),
        _ => {
            let actor = manager().await?;
            Ok(store()?.certificate(actor.community.as_ref(), &id).await?)
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
