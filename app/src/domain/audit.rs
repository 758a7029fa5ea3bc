use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{CommunityId, PersonId};
use super::person::Role;

/// One line of the audit trail: who did what, when (server time), from which device.
/// Written in the same transaction as the change it describes; never edited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor: Option<PersonId>,
    pub role: Option<Role>,
    /// The community the change belongs to (for staff to read their own).
    pub community: Option<CommunityId>,
    /// A stable code: "sign_in", "sign_in_failed", "password_changed", …
    pub action: String,
    /// What was acted on (an id), or empty.
    pub subject: String,
    /// A short human-readable detail; never a password.
    pub detail: String,
    /// The device, from its User-Agent (truncated).
    pub device: String,
}
