//! What staff need to see of the devices' sync: phones that captured entries the server never
//! received and then fell silent (wiped, lost, broken), and entries the server set aside
//! (quarantined) with the reason — each of which staff may re-apply once the cause is fixed, or
//! dismiss with a reason.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::PersonId;

/// A device is "silent" when it has not synced for this long.
pub const SILENT_AFTER_HOURS: i64 = 24;

/// A device of a volunteer that captured more than the server holds, and has not synced since.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SilentDevice {
    pub person: PersonId,
    pub name: String,
    pub device: String,
    /// The highest number the device said it had used.
    pub captured: u64,
    /// Every number up to here is on the server.
    pub received: u64,
    pub last_seen: DateTime<Utc>,
}

impl SilentDevice {
    /// How many entries are at most still on the device alone.
    pub fn missing(&self) -> u64 {
        self.captured.saturating_sub(self.received)
    }
}

/// What staff did about a quarantined entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuarantineAction {
    /// Apply it now (the cause was fixed: a category added, the server upgraded).
    Reapply,
    /// Set it aside for good, with a reason.
    Dismiss,
}

impl QuarantineAction {
    pub fn code(self) -> &'static str {
        match self {
            QuarantineAction::Reapply => "reapplied",
            QuarantineAction::Dismiss => "dismissed",
        }
    }
    pub fn from_code(code: &str) -> Option<QuarantineAction> {
        [QuarantineAction::Reapply, QuarantineAction::Dismiss]
            .into_iter()
            .find(|a| a.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub action: QuarantineAction,
    pub by: String,
    pub at: DateTime<Utc>,
    pub note: String,
}

/// An entry the server set aside.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarantinedEntry {
    /// The quarantine row's number (what staff act on).
    pub number: i64,
    pub entry: String,
    pub person: Option<PersonId>,
    pub name: String,
    pub kind: String,
    /// Why: a typed error as JSON, or a protocol reason in English.
    pub reason: String,
    pub received_at: DateTime<Utc>,
    pub body: String,
    pub resolution: Option<Resolution>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncHealth {
    pub silent: Vec<SilentDevice>,
    /// Unresolved first, newest first.
    pub quarantined: Vec<QuarantinedEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_entries_are_what_was_captured_beyond_what_arrived() {
        let device = SilentDevice {
            person: PersonId::new("p"),
            name: "刘芳".into(),
            device: "d".into(),
            captured: 7,
            received: 5,
            last_seen: Utc::now(),
        };
        assert_eq!(device.missing(), 2);
        for action in [QuarantineAction::Reapply, QuarantineAction::Dismiss] {
            assert_eq!(QuarantineAction::from_code(action.code()), Some(action));
        }
    }
}
