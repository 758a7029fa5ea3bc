//! The sync's health, for staff (their community's volunteers) and the admin (everyone): silent
//! devices with undelivered entries, and quarantined entries to re-apply or dismiss.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::sync_health::{QuarantineAction, SyncHealth};

/// Silent devices that captured entries the server never received, and the quarantine.
#[server(prefix = "/api", endpoint = "sync_problems")]
pub async fn sync_problems() -> Result<SyncHealth, ApiError> {
    use super::ports::{manager, store};
    let actor = manager().await?;
    Ok(store()?
        .sync_health(actor.community.as_ref(), chrono::Utc::now())
        .await?)
}

/// Re-applies a quarantined entry (as its author, by the rules of today) or dismisses it with a
/// reason. Staff of the author's community or the admin; once per entry; audited.
#[server(prefix = "/api", endpoint = "resolve_quarantined")]
pub async fn resolve_quarantined(
    number: i64,
    action: QuarantineAction,
    note: String,
) -> Result<(), ApiError> {
    use super::ports::{audit_entry, manager, store};
    use crate::domain::text::Reason;
    let actor = manager().await?;
    let note = match action {
        QuarantineAction::Dismiss => Reason::parse(&note)?.as_str().to_string(),
        QuarantineAction::Reapply => note.chars().take(200).collect(),
    };
    let mut audit = audit_entry(
        &actor,
        &format!("quarantine_{}", action.code()),
        &number.to_string(),
    );
    audit.detail = note.clone();
    Ok(store()?
        .resolve_quarantined(&actor, number, action, &note, audit)
        .await?)
}
