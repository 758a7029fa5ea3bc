//! The passbook: logging service, verification, rejection, reversal.

use leptos::prelude::*;

use super::ApiError;
use crate::domain::ledger::Passbook;
use crate::domain::queue::{QueuePage, QueueQuery};
use crate::domain::record::RecordInput;

/// A volunteer (or a staff member, for their own service) logs a service. The line is pending
/// until staff verify it; odd dates and a missing witness are flagged for them, not refused.
/// Returns the new line's id.
#[server(prefix = "/api", endpoint = "record_service")]
pub async fn record_service(input: RecordInput) -> Result<String, ApiError> {
    use super::ports::{audit_entry, caller, store};
    use crate::domain::command::Command;
    let actor = caller().await?;
    let id = uuid::Uuid::now_v7().to_string();
    let audit = audit_entry(&actor, "record_service", &id);
    store()?
        .execute(&actor, &id, &Command::Service(input), audit)
        .await?;
    Ok(id)
}

/// The caller's own passbook. Volunteers and staff (who may volunteer too).
/// `expected` is who the asking tab believes is signed in.
#[server(prefix = "/api", endpoint = "my_passbook")]
pub async fn my_passbook(expected: Option<String>) -> Result<Passbook, ApiError> {
    use super::ports::{caller, is_expected, store};
    use crate::domain::person::Role;
    let actor = caller().await?;
    if !matches!(actor.role, Role::Volunteer | Role::Staff) {
        return Err(ApiError::Forbidden);
    }
    is_expected(&actor, expected.as_deref())?;
    Ok(store()?.passbook(&actor.person).await?)
}

/// 回报: the caller's time account (given, paid, reserved), open requests and payments.
/// Volunteers and staff, like the passbook.
#[server(prefix = "/api", endpoint = "my_time_account")]
pub async fn my_time_account() -> Result<crate::domain::help_return::ReturnAccountView, ApiError> {
    use super::ports::{caller, store};
    use crate::domain::person::Role;
    let actor = caller().await?;
    if !matches!(actor.role, Role::Volunteer | Role::Staff) {
        return Err(ApiError::Forbidden);
    }
    Ok(store()?.time_account(&actor.person).await?)
}

/// A short text that changes whenever the caller's passbook or the service categories change,
/// so a phone refetches its copies only then. Volunteers and staff.
#[server(prefix = "/api", endpoint = "passbook_stamp")]
pub async fn passbook_stamp(expected: Option<String>) -> Result<String, ApiError> {
    use super::ports::{caller, is_expected, store};
    use crate::domain::person::Role;
    use std::hash::{Hash, Hasher};
    let actor = caller().await?;
    if !matches!(actor.role, Role::Volunteer | Role::Staff) {
        return Err(ApiError::Forbidden);
    }
    is_expected(&actor, expected.as_deref())?;
    let store = store()?;
    let passbook = store.passbook_stamp(&actor.person).await?;
    // The categories are a small table: a digest of them, read with the stamp, saves the phone
    // a request per sync. (A new server build may digest differently: one extra fetch.)
    let mut digest = std::collections::hash_map::DefaultHasher::new();
    for c in store.categories().await? {
        (c.code, c.name_zh, c.name_en, c.icon, c.retired).hash(&mut digest);
    }
    Ok(format!("{passbook}~{:016x}", digest.finish()))
}

/// Pending lines, oldest first, with the volunteer's name: staff see their community's, the
/// admin all.
#[server(prefix = "/api", endpoint = "verification_queue")]
pub async fn verification_queue(
    #[server(default)] query: QueueQuery,
) -> Result<QueuePage, ApiError> {
    use super::ports::{manager, store};
    let actor = manager().await?;
    let all = store()?.pending(actor.community.as_ref()).await?;
    Ok(query.page_of(all)?)
}

/// The ids of every pending line the filters keep (all pages), for deciding a filtered set at
/// once. Same callers as the queue.
#[server(prefix = "/api", endpoint = "queue_line_ids")]
pub async fn queue_line_ids(#[server(default)] query: QueueQuery) -> Result<Vec<String>, ApiError> {
    use super::ports::{manager, store};
    let actor = manager().await?;
    let all = store()?.pending(actor.community.as_ref()).await?;
    let (kept, _) = query.matching(all)?;
    Ok(kept
        .into_iter()
        .map(|i| i.row.line.id.to_string())
        .collect())
}

/// Verifies a pending line. Staff of the line's community or the admin, never on their own line
/// (the command table and the ledger's rules, the same as a decision saved offline).
#[server(prefix = "/api", endpoint = "verify_record")]
pub async fn verify_record(id: String) -> Result<(), ApiError> {
    use crate::domain::decision::Verdict;
    decide(id, Verdict::Verify, String::new()).await
}

/// Rejects a pending line with a reason the volunteer will read. Same callers as verifying.
#[server(prefix = "/api", endpoint = "reject_record")]
pub async fn reject_record(id: String, reason: String) -> Result<(), ApiError> {
    use crate::domain::decision::Verdict;
    decide(id, Verdict::Reject, reason).await
}

#[cfg(feature = "ssr")]
async fn decide(
    line: String,
    verdict: crate::domain::decision::Verdict,
    reason: String,
) -> Result<(), ApiError> {
    use super::ports::{audit_entry, caller, store};
    use crate::domain::command::Command;
    use crate::domain::decision::DecisionInput;
    let actor = caller().await?;
    let command = Command::Decide(DecisionInput {
        line: line.clone(),
        verdict,
        reason,
    });
    let audit = audit_entry(&actor, "decide", &line);
    Ok(store()?.execute(&actor, &line, &command, audit).await?)
}

/// Corrects a verified line by adding its reversal (the original stays, both are shown).
/// Staff of the line's community or the admin. Returns the reversal's id.
#[server(prefix = "/api", endpoint = "reverse_record")]
pub async fn reverse_record(id: String, reason: String) -> Result<String, ApiError> {
    use super::ports::{audit_entry, manager, store};
    use crate::domain::ids::RecordId;
    use crate::domain::text::Reason;
    let actor = manager().await?;
    let reason = Reason::parse(&reason)?;
    let reversal = RecordId::new(uuid::Uuid::now_v7().to_string());
    let mut audit = audit_entry(&actor, "reverse_record", &id);
    audit.detail = format!(
        "reversal {reversal}: {}",
        reason.as_str().chars().take(200).collect::<String>()
    );
    store()?
        .reverse(&actor, &RecordId::new(id), &reversal, &reason, audit)
        .await?;
    Ok(reversal.to_string())
}
