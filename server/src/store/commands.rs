//! The one apply: a [`Command`] checked against its rules and applied to the ledger, the same
//! way whether it came from a server function (online) or as an entry of a push (the outbox).
//! Business refusals are answered as the typed error the person reads; a command that does not
//! pass its form's rules is quarantined when it came by the outbox (online it is a 422).

use std::collections::HashMap;

use app::api::ports::StoreError;
use app::api::ApiError;
use app::domain::activity_proposal::JoinInput;
use app::domain::audit::AuditEntry;
use app::domain::command::{may, Command};
use app::domain::decision::StaffDecision;
use app::domain::ids::{RecordId, WishId};
use app::domain::ledger::LedgerError;
use app::domain::person::{Actor, ContactChange};
use app::domain::record::ServiceEntry;
use app::domain::wish::{ClaimInput, ReleaseInput, WithdrawInput};
use app::domain::wish_post::WishDraft;
use sqlx::AnyConnection;

use super::activity_proposals::{self, ActivityRefusal};
use super::audit;
use super::ledger::{self, Decision, LineRow};
use super::people;
use super::wishes::{self, ClaimRefusal, WallAct};

/// What applying a command came to.
pub(super) enum Applied {
    Accepted,
    /// Refused by a business rule: stored with the reason (outbox), or the caller's error.
    Refused(ApiError),
    /// Its form breaks the rules: never applied.
    Invalid(ApiError),
}

/// Where a command came from and what it needs to know of its moment.
pub(super) struct Context<'a> {
    /// The new thing's id (the entry's id, or one the server function made).
    pub id: &'a str,
    pub categories: &'a [&'a str],
    pub today: chrono::NaiveDate,
    /// Who, when and from which device, for the audit rows the command writes.
    pub audit: &'a AuditEntry,
    /// Came through the outbox: a new service line is audited once per push, not per line.
    pub from_outbox: bool,
}

/// Service lines of a batch, inserted together at its end (one statement per 500), and who owns
/// the line ids the batch names.
#[derive(Default)]
pub(super) struct Lines {
    pub owners: HashMap<String, String>,
    pub new: Vec<LineRow>,
}

fn refused(e: impl Into<ApiError>) -> Result<Applied, StoreError> {
    Ok(Applied::Refused(e.into()))
}

fn invalid(errors: app::domain::ValidationErrors) -> Result<Applied, StoreError> {
    Ok(Applied::Invalid(ApiError::Invalid(errors)))
}

/// True when applying `command` writes no row at once, only adds to [`Lines::new`] (a service
/// line that came through the outbox: the batch inserts its lines at the end, and its audit row
/// is the push's). Keep in step with `apply` below: the push skips the entry's savepoint then.
pub(super) fn buffered_only(command: &Command, cx: &Context<'_>) -> bool {
    matches!(command, Command::Service(_)) && cx.from_outbox
}

pub(super) async fn apply(
    conn: &mut AnyConnection,
    actor: &Actor,
    command: &Command,
    cx: &Context<'_>,
    lines: &mut Lines,
) -> Result<Applied, StoreError> {
    if !may(actor.role, command.kind()) {
        return refused(ApiError::Forbidden);
    }
    let now = cx.audit.at;
    let device = cx.audit.device.as_str();
    let audit_as = |action: &str, subject: &str| AuditEntry {
        action: action.into(),
        subject: subject.into(),
        detail: String::new(),
        ..cx.audit.clone()
    };
    match command {
        Command::Service(input) => {
            let (service, flags) = match ServiceEntry::parse(input, cx.categories, cx.today) {
                Ok(parsed) => parsed,
                Err(errors) => return invalid(errors),
            };
            match lines.owners.get(cx.id) {
                // Logged before with this id: already in the ledger.
                Some(owner) if owner == actor.person.as_str() => Ok(Applied::Accepted),
                Some(_) => refused(LedgerError::UnknownLine),
                None => match LineRow::new(actor, &RecordId::new(cx.id), &service, &flags, now) {
                    Ok(row) => {
                        lines.owners.insert(cx.id.into(), actor.person.to_string());
                        lines.new.push(row);
                        if !cx.from_outbox {
                            audit::insert(conn, &audit_as("record_service", cx.id)).await?;
                        }
                        Ok(Applied::Accepted)
                    }
                    Err(StoreError::Ledger(e)) => refused(e),
                    Err(other) => Err(other),
                },
            }
        }
        Command::Profile(input) => {
            let change = match ContactChange::parse(input, cx.categories) {
                Ok(change) => change,
                Err(errors) => return invalid(errors),
            };
            match people::change_contact(conn, &actor.person, &change, false).await {
                Ok(()) => {
                    audit::insert(conn, &audit_as("change_contact", actor.person.as_str())).await?;
                    Ok(Applied::Accepted)
                }
                Err(StoreError::Invalid(e)) => refused(ApiError::Invalid(e.into())),
                Err(other) => Err(other),
            }
        }
        Command::Claim(ClaimInput { wish })
        | Command::Release(ReleaseInput { wish })
        | Command::Withdraw(WithdrawInput { wish }) => {
            let Some(wish) = WishId::parse(wish) else {
                return invalid(
                    app::domain::ValidationError::Invalid(app::domain::Field::Beneficiary).into(),
                );
            };
            let act = match command {
                Command::Release(_) => WallAct::Release,
                Command::Withdraw(_) => WallAct::Withdraw,
                _ => WallAct::Claim,
            };
            claim_answer(wishes::act(conn, actor, act, wish.as_str(), device, now).await?)
        }
        Command::Wish(input) => {
            let draft = match WishDraft::parse(input, cx.categories) {
                // Only staff post for a household, from the office.
                Ok(draft) if draft.household.is_none() => draft,
                Ok(_) => return refused(ApiError::Forbidden),
                Err(errors) => return invalid(errors),
            };
            let Some(community) = &actor.community else {
                return refused(ApiError::Forbidden);
            };
            match wishes::insert_wish(conn, actor, cx.id, community, &draft, false, device, now)
                .await
            {
                Ok(()) => Ok(Applied::Accepted),
                Err(StoreError::Wish(e)) => refused(ApiError::Claim(e)),
                Err(other) => Err(other),
            }
        }
        Command::Fulfil(input) => {
            let Some((wish, record)) = input.ids() else {
                return invalid(
                    app::domain::ValidationError::Invalid(app::domain::Field::Beneficiary).into(),
                );
            };
            if lines.owners.get(&record).map(String::as_str) != Some(actor.person.as_str()) {
                return refused(LedgerError::UnknownLine);
            }
            claim_answer(
                wishes::report_fulfilled(conn, actor, cx.id, &wish, &record, device, now).await?,
            )
        }
        Command::Propose(input) => {
            let activity = match input.parse(cx.categories) {
                Ok(activity) => activity,
                Err(errors) => return invalid(errors),
            };
            let Some(community) = &actor.community else {
                return refused(ApiError::Forbidden);
            };
            let record = audit_as("propose_activity", cx.id);
            activity_answer(
                activity_proposals::propose(
                    conn, actor, community, cx.id, &activity, cx.today, &record,
                )
                .await?,
            )
        }
        Command::Join(JoinInput { activity }) => {
            if !app::domain::ids::is_id(activity) {
                return invalid(
                    app::domain::ValidationError::Invalid(app::domain::Field::Title).into(),
                );
            }
            let record = audit_as("join_activity", activity);
            activity_answer(
                activity_proposals::join(conn, actor, activity, cx.today, &record).await?,
            )
        }
        Command::Decide(input) => {
            let decision = match StaffDecision::parse(input) {
                Ok(decision) => decision,
                Err(errors) => return invalid(errors),
            };
            let (id, action, kind) = match &decision {
                StaffDecision::Verify(id) => (id, "verify_record", Decision::Verify),
                StaffDecision::Reject(id, reason) => {
                    (id, "reject_record", Decision::Reject(reason))
                }
            };
            let mut record = audit_as(action, id.as_str());
            if let Decision::Reject(reason) = &kind {
                record.detail = reason.as_str().chars().take(200).collect();
            }
            match ledger::decide_in(conn, actor, id, kind, record).await {
                Ok(()) => Ok(Applied::Accepted),
                Err(StoreError::Ledger(e)) => refused(e),
                Err(StoreError::NotFound) => refused(ApiError::NotFound),
                Err(other) => Err(other),
            }
        }
    }
}

fn activity_answer(answer: Result<(), ActivityRefusal>) -> Result<Applied, StoreError> {
    match answer {
        Ok(()) => Ok(Applied::Accepted),
        Err(ActivityRefusal::Unknown) => refused(ApiError::NotFound),
        Err(ActivityRefusal::Rule(e)) => refused(ApiError::Activity(e)),
    }
}

fn claim_answer(answer: Result<(), ClaimRefusal>) -> Result<Applied, StoreError> {
    match answer {
        Ok(()) => Ok(Applied::Accepted),
        Err(ClaimRefusal::Unknown) => refused(ApiError::NotFound),
        Err(ClaimRefusal::Rule(e)) => refused(ApiError::Claim(e)),
    }
}

/// Reasons travel as the typed error, so the phone shows them in the person's language.
pub(super) fn json(error: &ApiError) -> String {
    serde_json::to_string(error).unwrap_or_default()
}
