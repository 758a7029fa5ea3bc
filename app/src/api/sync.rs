//! The two doors of the offline ledger: push the outbox, pull what changed.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::ApiError;
use crate::domain::sync::{Entry, Holdings, PullPage, PushReply, Reconciled};

/// The most entries one push may carry; a phone back from a month offline sends several.
pub const MAX_BATCH: usize = 500;
/// The most changes one pull page returns.
pub const MAX_PAGE: u32 = 2000;

/// Pushes a batch of the caller's own entries from one device. Whoever may issue commands
/// (volunteers, staff, and the admin's decisions saved offline). A replay
/// returns the original receipts; a business refusal or a malformed entry is a receipt, never a
/// failure of the batch.
///
/// `captured` is the highest sequence number the device has used: the server keeps it, so a
/// device that captured entries it never delivered (and fell silent, or was wiped) shows on the
/// staff's overview.
#[server(prefix = "/api", endpoint = "sync_push", input = Json)]
pub async fn sync_push(batch: Vec<Entry>, captured: Option<u64>) -> Result<PushReply, ApiError> {
    use super::ports::{audit_entry, caller, store};
    use crate::domain::{Field, ValidationError};
    let actor = caller().await?;
    if !crate::domain::command::may_sync(actor.role) {
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
    // for them to sign in. Entries of someone else come from a tab that missed a change of
    // session: it is told so, and follows.
    if batch.iter().any(|e| e.author != actor.person) {
        return Err(ApiError::SignedOut);
    }
    if batch.iter().any(|e| e.device != batch[0].device) {
        return Err(ValidationError::Invalid(Field::Note).into());
    }
    for entry in &batch {
        crate::domain::sync::check_envelope(entry)?;
    }
    let audit = audit_entry(&actor, "sync_push", "");
    // A page of an older release says nothing: what it sent is as far as it is known to go.
    let sent = batch.iter().map(|e| e.seq).max().unwrap_or(0);
    let captured = captured.unwrap_or(0).max(sent);
    Ok(store()?.push(&actor, &batch, captured, audit).await?)
}

/// The caller's own entries after `cursor` (at most `limit`, capped), if the caller is
/// `expected` (else "signed out"). Whoever may push.
#[server(prefix = "/api", endpoint = "sync_pull")]
pub async fn sync_pull(expected: String, cursor: u64, limit: u32) -> Result<PullPage, ApiError> {
    use super::ports::{caller, is_expected, store};
    let actor = caller().await?;
    if !crate::domain::command::may_sync(actor.role) {
        return Err(ApiError::Forbidden);
    }
    is_expected(&actor, Some(&expected))?;
    Ok(store()?
        .pull(&actor.person, cursor, limit.clamp(1, MAX_PAGE))
        .await?)
}

/// The device proves it holds what the server holds of the caller's entries (count and digest up
/// to its cursor). A mismatch is answered, and written to the audit log for staff. Volunteers
/// and staff.
#[server(prefix = "/api", endpoint = "sync_reconcile", input = Json)]
pub async fn sync_reconcile(
    expected: String,
    device: String,
    holdings: Holdings,
) -> Result<Reconciled, ApiError> {
    use super::ports::{audit_entry, caller, is_expected, store};
    let actor = caller().await?;
    if !crate::domain::command::may_sync(actor.role) {
        return Err(ApiError::Forbidden);
    }
    is_expected(&actor, Some(&expected))?;
    let device: String = device.chars().take(64).collect();
    let audit = audit_entry(&actor, "sync_mismatch", &device);
    Ok(store()?.reconcile(&actor, &holdings, audit).await?)
}
