//! Volunteer service certificates (志愿服务记录证明): staff of the volunteer's community (or the
//! admin) issue one with the next number of the year; it can be printed again as issued.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::certificate::Certificate;

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

/// A certificate issued before, exactly as issued (for a reprint).
#[server(prefix = "/api", endpoint = "issued_certificate")]
pub async fn issued_certificate(id: String) -> Result<Certificate, ApiError> {
    use super::ports::{manager, store};
    let actor = manager().await?;
    Ok(store()?.certificate(actor.community.as_ref(), &id).await?)
}
