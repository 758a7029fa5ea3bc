//! The two doors of the offline ledger: push the outbox, pull what changed.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::ApiError;
use crate::domain::sync::{Entry, Holdings, PullPage, PushReply, Reconciled};

/// The most entries one push may carry; a phone back from a month offline sends several.
pub const MAX_BATCH: usize = 500;
/// The most changes one pull page returns.
pub const MAX_PAGE: u32 = 2000;

/// Pushes a batch of the caller's own entries from one device. Volunteers and staff. A replay
/// returns the original receipts; a business refusal or a malformed entry is a receipt, never a
/// failure of the batch.
#[server(prefix = "/api", endpoint = "sync_push", input = Json)]
pub async fn sync_push(batch: Vec<Entry>) -> Result<PushReply, ApiError> {
    use super::ports::{audit_entry, caller, store};
    use crate::domain::person::Role;
    use crate::domain::{Field, ValidationError};
    let actor = caller().await?;
    if !matches!(actor.role, Role::Volunteer | Role::Staff) {
        return Err(ApiError::Forbidden);
    }
    if batch.is_empty() || batch.len() > MAX_BATCH {
        return Err(ValidationError::OutOfRange {
            field: Field::Note,
            min: 1,
            max: MAX_BATCH as i64,
        }
        .into());
    }
    // Only one's own entries, from one device: another person's entries on a shared phone wait
    // for them to sign in.
    if batch.iter().any(|e| e.author != actor.person) {
        return Err(ApiError::Forbidden);
    }
    if batch.iter().any(|e| e.device != batch[0].device) {
        return Err(ValidationError::Invalid(Field::Note).into());
    }
    for entry in &batch {
        crate::domain::sync::check_envelope(entry)?;
    }
    let audit = audit_entry(&actor, "sync_push", "");
    Ok(store()?.push(&actor, &batch, audit).await?)
}

/// The caller's own entries after `cursor` (at most `limit`, capped). Volunteers and staff.
#[server(prefix = "/api", endpoint = "sync_pull")]
pub async fn sync_pull(cursor: u64, limit: u32) -> Result<PullPage, ApiError> {
    use super::ports::{caller, store};
    use crate::domain::person::Role;
    let actor = caller().await?;
    if !matches!(actor.role, Role::Volunteer | Role::Staff) {
        return Err(ApiError::Forbidden);
    }
    Ok(store()?
        .pull(&actor.person, cursor, limit.clamp(1, MAX_PAGE))
        .await?)
}

/// The device proves it holds what the server holds of the caller's entries (count and digest up
/// to its cursor). A mismatch is answered, and written to the audit log for staff. Volunteers
/// and staff.
#[server(prefix = "/api", endpoint = "sync_reconcile", input = Json)]
pub async fn sync_reconcile(device: String, holdings: Holdings) -> Result<Reconciled, ApiError> {
    use super::ports::{audit_entry, caller, store};
    use crate::domain::person::Role;
    let actor = caller().await?;
    if !matches!(actor.role, Role::Volunteer | Role::Staff) {
        return Err(ApiError::Forbidden);
    }
    let device: String = device.chars().take(64).collect();
    let audit = audit_entry(&actor, "sync_mismatch", &device);
    Ok(store()?.reconcile(&actor, &holdings, audit).await?)
}
