//! Applying one new entry of a push to the ledger, by its kind: a service record, a profile
//! change, a claim on a wish. Business refusals become receipts, malformed entries quarantine.

use std::collections::HashMap;

use app::api::ports::StoreError;
use app::api::ApiError;
use app::domain::decision::{DecisionInput, StaffDecision};
use app::domain::ids::RecordId;
use app::domain::ledger::LedgerError;
use app::domain::person::{Actor, ContactChange, ContactInput, Role};
use app::domain::record::{RecordInput, ServiceEntry};
use app::domain::sync::{Entry, SCHEMA_VERSION};
use app::domain::wish::ClaimInput;
use app::domain::wish_post::{FulfilInput, WishDraft, WishInput};
use sqlx::SqliteConnection;

use super::audit;
use super::ledger::{self, Decision, LineRow};
use super::people;
use super::wishes::{self, ClaimRefusal};
use app::domain::audit::AuditEntry;

/// What applying an entry came to.
pub(super) enum Applied {
    Accepted,
    Refused(String),
    /// Never applied; `held` says whether its device number counts as spent.
    Quarantined {
        reason: String,
        held: bool,
    },
}

/// Applies a new entry to the ledger, by its kind. New service lines are collected in
/// `new_lines` (inserted together at the end of the batch); `line_owners` knows which line ids
/// exist, including the ones collected.
#[allow(clippy::too_many_arguments)]
pub(super) async fn apply(
    conn: &mut SqliteConnection,
    actor: &Actor,
    entry: &Entry,
    categories: &[&str],
    today: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
    line_owners: &mut HashMap<String, String>,
    new_lines: &mut Vec<LineRow>,
) -> Result<Applied, StoreError> {
    let quarantine = |reason: String| Ok(Applied::Quarantined { reason, held: true });
    if entry.schema == 0 || entry.schema > SCHEMA_VERSION {
        return quarantine(format!("unknown schema {}", entry.schema));
    }
    if entry.seq == 0
        || entry.id.is_empty()
        || entry.id.len() > 64
        || entry.device.is_empty()
        || entry.device.len() > 64
    {
        return quarantine("malformed entry".into());
    }
    match entry.kind.as_str() {
        "service" => {
            let Ok(input) = serde_json::from_str::<RecordInput>(&entry.body) else {
                return quarantine("unreadable service record".into());
            };
            let (service, flags) = match ServiceEntry::parse(&input, categories, today) {
                Ok(parsed) => parsed,
                Err(errors) => return quarantine(json(&ApiError::Invalid(errors))),
            };
            let id = RecordId::new(entry.id.clone());
            match line_owners.get(&entry.id) {
                // Logged before through the form with this id: already in the ledger.
                Some(owner) if owner == actor.person.as_str() => Ok(Applied::Accepted),
                Some(_) => Ok(Applied::Refused(json(&ApiError::Ledger(
                    LedgerError::UnknownLine,
                )))),
                None => match LineRow::new(actor, &id, &service, &flags, now) {
                    Ok(row) => {
                        line_owners.insert(entry.id.clone(), actor.person.to_string());
                        new_lines.push(row);
                        Ok(Applied::Accepted)
                    }
                    Err(StoreError::Ledger(e)) => Ok(Applied::Refused(json(&ApiError::Ledger(e)))),
                    Err(other) => Err(other),
                },
            }
        }
        "profile" => {
            let Ok(input) = serde_json::from_str::<ContactInput>(&entry.body) else {
                return quarantine("unreadable profile change".into());
            };
            let change = match ContactChange::parse(&input, categories) {
                Ok(change) => change,
                Err(errors) => return quarantine(json(&ApiError::Invalid(errors))),
            };
            match people::change_contact(conn, &actor.person, &change, false).await {
                Ok(()) => {
                    let record = AuditEntry {
                        at: now,
                        actor: Some(actor.person.clone()),
                        role: Some(actor.role),
                        community: actor.community.clone(),
                        action: "change_contact".into(),
                        subject: actor.person.to_string(),
                        detail: String::new(),
                        device: entry.device.clone(),
                    };
                    audit::insert(conn, &record).await?;
                    Ok(Applied::Accepted)
                }
                Err(StoreError::Invalid(e)) => {
                    Ok(Applied::Refused(json(&ApiError::Invalid(e.into()))))
                }
                Err(other) => Err(other),
            }
        }
        "claim" => {
            let Ok(input) = serde_json::from_str::<ClaimInput>(&entry.body) else {
                return quarantine("unreadable claim".into());
            };
            let Some(wish) = app::domain::ids::WishId::parse(&input.wish) else {
                return quarantine("malformed claim".into());
            };
            let wish = wish.as_str();
            Ok(
                match wishes::claim(conn, actor, wish, &entry.device, now).await? {
                    Ok(()) => Applied::Accepted,
                    Err(ClaimRefusal::Unknown) => Applied::Refused(json(&ApiError::NotFound)),
                    Err(ClaimRefusal::Rule(e)) => Applied::Refused(json(&ApiError::Claim(e))),
                },
            )
        }
        "wish" => {
            let Ok(input) = serde_json::from_str::<WishInput>(&entry.body) else {
                return quarantine("unreadable wish".into());
            };
            let draft = match WishDraft::parse(&input, categories) {
                // Only staff post for a household, from the office.
                Ok(draft) if draft.household.is_none() => draft,
                Ok(_) => return Ok(Applied::Refused(json(&ApiError::Forbidden))),
                Err(errors) => return quarantine(json(&ApiError::Invalid(errors))),
            };
            let Some(community) = &actor.community else {
                return Ok(Applied::Refused(json(&ApiError::Forbidden)));
            };
            wishes::insert_wish(
                conn,
                actor,
                &entry.id,
                community,
                &draft,
                false,
                &entry.device,
                now,
            )
            .await?;
            Ok(Applied::Accepted)
        }
        "fulfil" => {
            let Some((wish, record)) = serde_json::from_str::<FulfilInput>(&entry.body)
                .ok()
                .and_then(|f| f.ids())
            else {
                return quarantine("malformed report of fulfilment".into());
            };
            if line_owners.get(&record).map(String::as_str) != Some(actor.person.as_str()) {
                return Ok(Applied::Refused(json(&ApiError::Ledger(
                    LedgerError::UnknownLine,
                ))));
            }
            let reported = wishes::report_fulfilled(
                conn,
                actor,
                &entry.id,
                &wish,
                &record,
                &entry.device,
                now,
            )
            .await?;
            Ok(match reported {
                Ok(()) => Applied::Accepted,
                Err(ClaimRefusal::Unknown) => Applied::Refused(json(&ApiError::NotFound)),
                Err(ClaimRefusal::Rule(e)) => Applied::Refused(json(&ApiError::Claim(e))),
            })
        }
        "decision" => {
            let Ok(input) = serde_json::from_str::<DecisionInput>(&entry.body) else {
                return quarantine("unreadable decision".into());
            };
            let decision = match StaffDecision::parse(&input) {
                Ok(decision) => decision,
                Err(errors) => return quarantine(json(&ApiError::Invalid(errors))),
            };
            if actor.role != Role::Staff {
                return Ok(Applied::Refused(json(&ApiError::Forbidden)));
            }
            let (id, action, kind) = match &decision {
                StaffDecision::Verify(id) => (id, "verify_record", Decision::Verify),
                StaffDecision::Reject(id, reason) => {
                    (id, "reject_record", Decision::Reject(reason))
                }
            };
            let mut record = AuditEntry {
                at: now,
                actor: Some(actor.person.clone()),
                role: Some(actor.role),
                community: actor.community.clone(),
                action: action.into(),
                subject: id.to_string(),
                detail: String::new(),
                device: entry.device.clone(),
            };
            if let Decision::Reject(reason) = &kind {
                record.detail = reason.as_str().chars().take(200).collect();
            }
            match ledger::decide_in(conn, actor, id, kind, record).await {
                Ok(()) => Ok(Applied::Accepted),
                Err(StoreError::Ledger(e)) => Ok(Applied::Refused(json(&ApiError::Ledger(e)))),
                Err(StoreError::NotFound) => Ok(Applied::Refused(json(&ApiError::NotFound))),
                Err(other) => Err(other),
            }
        }
        other => quarantine(format!("unknown kind {other}")),
    }
}

/// Reasons travel as the typed error, so the phone shows them in the person's language.
pub(super) fn json(error: &ApiError) -> String {
    serde_json::to_string(error).unwrap_or_default()
}
