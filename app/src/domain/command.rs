//! Every change a person makes, as one typed command. A command arrives by one of two doors — a
//! server function when the device is online, or an entry of the offline outbox when it syncs —
//! and the server checks and applies it with the same code either way. In an entry a command is
//! written as `{kind, body}` (the kind's name and the form's JSON), the format every phone's
//! outbox has held since the first release; [`Command::read`] reads it back.
//!
//! Who may issue which command is one table, [`ALLOWED`], asserted by the authorization matrix
//! against the HTTP surface.

use crate::domain::json::from_json;
use serde::{Deserialize, Serialize};

use super::activity_proposal::{JoinInput, ProposalInput};
use super::decision::DecisionInput;
use super::person::{ContactInput, Role};
use super::record::RecordInput;
use super::wish::{ClaimInput, ReleaseInput, WithdrawInput};
use super::wish_post::{FulfilInput, WishInput};

/// A change a person asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Log one's own service (a pending line of the passbook).
    Service(RecordInput),
    /// Change one's own phone, skills or preferences.
    Profile(ContactInput),
    /// Take a wish of the wall.
    Claim(ClaimInput),
    /// Post a wish of one's own.
    Wish(WishInput),
    /// Report a claimed wish done, naming the service line that did it.
    Fulfil(FulfilInput),
    /// Verify or reject someone's pending line.
    Decide(DecisionInput),
    /// Give one's place on a claimed wish back.
    Release(ReleaseInput),
    /// Withdraw a wish of one's own that is no longer needed.
    Withdraw(WithdrawInput),
    /// Propose a self-organised activity (自主活动) for staff to approve.
    Propose(ProposalInput),
    /// Join an approved activity of one's community.
    Join(JoinInput),
}

/// The kinds of [`Command`], by the names entries carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommandKind {
    Service,
    Profile,
    Claim,
    Wish,
    Fulfil,
    #[serde(rename = "decision")]
    Decide,
    Release,
    Withdraw,
    Propose,
    Join,
}

impl CommandKind {
    pub const ALL: [CommandKind; 10] = [
        CommandKind::Service,
        CommandKind::Profile,
        CommandKind::Claim,
        CommandKind::Wish,
        CommandKind::Fulfil,
        CommandKind::Decide,
        CommandKind::Release,
        CommandKind::Withdraw,
        CommandKind::Propose,
        CommandKind::Join,
    ];

    /// The name an entry carries: fixed forever, phones' outboxes hold them.
    pub fn name(self) -> &'static str {
        match self {
            CommandKind::Service => "service",
            CommandKind::Profile => "profile",
            CommandKind::Claim => "claim",
            CommandKind::Wish => "wish",
            CommandKind::Fulfil => "fulfil",
            CommandKind::Decide => "decision",
            CommandKind::Release => "release",
            CommandKind::Withdraw => "withdraw",
            CommandKind::Propose => "propose",
            CommandKind::Join => "join",
        }
    }

    pub fn from_name(name: &str) -> Option<CommandKind> {
        CommandKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The most a body of this kind may weigh, in bytes: a few times what the longest form of
    /// that kind produces, so nothing legitimate is refused and no padding is stored forever.
    pub fn max_body_bytes(self) -> usize {
        match self {
            CommandKind::Service
            | CommandKind::Wish
            | CommandKind::Profile
            | CommandKind::Propose => 16 * 1024,
            CommandKind::Decide => 4 * 1024,
            CommandKind::Claim
            | CommandKind::Fulfil
            | CommandKind::Release
            | CommandKind::Withdraw
            | CommandKind::Join => 1024,
        }
    }
}

/// Whose things a command may touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Only the caller's own passbook, file or claims.
    Own,
    /// Things of the caller's community (the admin: every community).
    Community,
}

/// Who may issue each kind of command, and over what. Kiosks and signed-out callers issue none.
pub const ALLOWED: [(CommandKind, &[Role], Reach); 10] = [
    (
        CommandKind::Service,
        &[Role::Volunteer, Role::Staff],
        Reach::Own,
    ),
    (
        CommandKind::Profile,
        &[Role::Volunteer, Role::Staff],
        Reach::Own,
    ),
    (
        CommandKind::Claim,
        &[Role::Volunteer, Role::Staff],
        Reach::Own,
    ),
    (
        CommandKind::Wish,
        &[Role::Volunteer, Role::Staff],
        Reach::Own,
    ),
    (
        CommandKind::Fulfil,
        &[Role::Volunteer, Role::Staff],
        Reach::Own,
    ),
    (
        CommandKind::Decide,
        &[Role::Staff, Role::Admin],
        Reach::Community,
    ),
    (
        CommandKind::Release,
        &[Role::Volunteer, Role::Staff],
        Reach::Own,
    ),
    (
        CommandKind::Withdraw,
        &[Role::Volunteer, Role::Staff],
        Reach::Own,
    ),
    (
        CommandKind::Propose,
        &[Role::Volunteer, Role::Staff],
        Reach::Own,
    ),
    (
        CommandKind::Join,
        &[Role::Volunteer, Role::Staff],
        Reach::Own,
    ),
];

/// May a person of `role` issue a command of `kind`? (Its reach is checked where the thing it
/// touches is known: a decision on another community's line is refused there.)
pub fn may(role: Role, kind: CommandKind) -> bool {
    ALLOWED
        .iter()
        .any(|(k, roles, _)| *k == kind && roles.contains(&role))
}

/// May a person of `role` push an outbox at all (some command they may issue)?
pub fn may_sync(role: Role) -> bool {
    CommandKind::ALL.into_iter().any(|kind| may(role, kind))
}

/// Why an entry's `{kind, body}` is not a command this release knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreadable {
    UnknownKind(String),
    /// The body is not the kind's form (the reason names the kind).
    Body(CommandKind),
}

impl Unreadable {
    /// Said in the quarantine list staff read; English, as it names formats.
    pub fn reason(&self) -> String {
        match self {
            Unreadable::UnknownKind(kind) => format!("unknown kind {kind}"),
            Unreadable::Body(kind) => format!("unreadable {}", kind.name()),
        }
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Service(_) => CommandKind::Service,
            Command::Profile(_) => CommandKind::Profile,
            Command::Claim(_) => CommandKind::Claim,
            Command::Wish(_) => CommandKind::Wish,
            Command::Fulfil(_) => CommandKind::Fulfil,
            Command::Decide(_) => CommandKind::Decide,
            Command::Release(_) => CommandKind::Release,
            Command::Withdraw(_) => CommandKind::Withdraw,
            Command::Propose(_) => CommandKind::Propose,
            Command::Join(_) => CommandKind::Join,
        }
    }

    /// The body an entry carries.
    pub fn body(&self) -> String {
        let json = match self {
            Command::Service(input) => serde_json::to_string(input),
            Command::Profile(input) => serde_json::to_string(input),
            Command::Claim(input) => serde_json::to_string(input),
            Command::Wish(input) => serde_json::to_string(input),
            Command::Fulfil(input) => serde_json::to_string(input),
            Command::Decide(input) => serde_json::to_string(input),
            Command::Release(input) => serde_json::to_string(input),
            Command::Withdraw(input) => serde_json::to_string(input),
            Command::Propose(input) => serde_json::to_string(input),
            Command::Join(input) => serde_json::to_string(input),
        };
        // Plain structs of strings: serializing them cannot fail.
        json.unwrap_or_default()
    }

    /// Reads an entry's `{kind, body}`.
    pub fn read(kind: &str, body: &str) -> Result<Command, Unreadable> {
        let kind = CommandKind::from_name(kind).ok_or(Unreadable::UnknownKind(kind.into()))?;
        let unreadable = |_| Unreadable::Body(kind);
        Ok(match kind {
            CommandKind::Service => Command::Service(from_json(body).map_err(unreadable)?),
            CommandKind::Profile => Command::Profile(from_json(body).map_err(unreadable)?),
            CommandKind::Claim => Command::Claim(from_json(body).map_err(unreadable)?),
            CommandKind::Wish => Command::Wish(from_json(body).map_err(unreadable)?),
            CommandKind::Fulfil => Command::Fulfil(from_json(body).map_err(unreadable)?),
            CommandKind::Decide => Command::Decide(from_json(body).map_err(unreadable)?),
            CommandKind::Release => Command::Release(from_json(body).map_err(unreadable)?),
            CommandKind::Withdraw => Command::Withdraw(from_json(body).map_err(unreadable)?),
            CommandKind::Propose => Command::Propose(from_json(body).map_err(unreadable)?),
            CommandKind::Join => Command::Join(from_json(body).map_err(unreadable)?),
        })
    }
}

#[cfg(test)]
mod tests;
