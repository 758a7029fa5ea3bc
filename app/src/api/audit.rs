//! The audit trail, for staff (their community) and the admin (everything).

use leptos::prelude::*;

use super::ApiError;
use crate::domain::audit::{AuditPage, AuditQuery};

/// A page of the trail, newest first, filtered by person, action and dates; people's actions
/// unless `machine` asks for the devices' sync events. Staff see their community's, the admin
/// all.
#[server(prefix = "/api", endpoint = "audit_trail")]
pub async fn audit_trail(#[server(default)] query: AuditQuery) -> Result<AuditPage, ApiError> {
    use super::ports::{manager, store};
    use crate::domain::audit::{AuditFilter, AUDIT_PAGE};
    let actor = manager().await?;
    let filter = AuditFilter::parse(&query)?;
    Ok(store()?
        .audit_trail(actor.community.as_ref(), &filter, AUDIT_PAGE)
        .await?)
}
