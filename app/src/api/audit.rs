//! The audit trail, for staff (their community) and the admin (everything).

use leptos::prelude::*;

use super::ApiError;
use crate::domain::audit::AuditEntry;

/// The newest 200 entries. Staff see their community's, the admin all.
#[server(prefix = "/api", endpoint = "audit_trail")]
pub async fn audit_trail() -> Result<Vec<AuditEntry>, ApiError> {
    use super::ports::{manager, store};
    let actor = manager().await?;
    Ok(store()?.audit_trail(actor.community.as_ref(), 200).await?)
}
