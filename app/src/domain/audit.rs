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

/// Events a device's sync writes by itself, many a day: kept apart from what people did, so
/// they cannot bury it (shown only when asked for).
pub const MACHINE_ACTIONS: [&str; 2] = ["sync_push", "sync_mismatch"];

pub fn is_machine(action: &str) -> bool {
    MACHINE_ACTIONS.contains(&action)
}

/// Rows per page of the audit trail.
pub const AUDIT_PAGE: u32 = 100;

/// What staff ask of the audit trail, as typed in the page's filters (all optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    /// A person's id: what they did.
    pub person: String,
    /// Part of a person's name, as typed in the page's filter.
    pub who: String,
    /// An action code ("verify_record", …).
    pub action: String,
    /// Days in China time, both included.
    pub from: String,
    pub to: String,
    /// Show the devices' own sync events instead of people's actions.
    pub machine: bool,
    /// Older than this row (the `seq` of the last row of the previous page).
    pub before: Option<i64>,
}

/// [`AuditQuery`], checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub person: Option<PersonId>,
    pub who: Option<String>,
    pub action: Option<String>,
    /// From this instant (the start of the first day in China).
    pub from: Option<DateTime<Utc>>,
    /// Before this instant (the start of the day after the last).
    pub until: Option<DateTime<Utc>>,
    pub machine: bool,
    pub before: Option<i64>,
}

impl AuditFilter {
    pub fn parse(q: &AuditQuery) -> Result<AuditFilter, super::ValidationError> {
        use super::dates::parse_day;
        use super::error::{Field, ValidationError};
        let person = match q.person.trim() {
            "" => None,
            p => Some(PersonId::parse(p).ok_or(ValidationError::Invalid(Field::Name))?),
        };
        let action = match q.action.trim() {
            "" => None,
            a if a.len() <= 40 && a.chars().all(|c| c.is_ascii_lowercase() || c == '_') => {
                Some(a.to_string())
            }
            _ => return Err(ValidationError::Invalid(Field::Kind)),
        };
        let china_midnight = |d: chrono::NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .map(|t| t.and_utc() - chrono::Duration::hours(8))
        };
        let from = match q.from.trim() {
            "" => None,
            d => china_midnight(parse_day(d, Field::StartDate)?),
        };
        let until = match q.to.trim() {
            "" => None,
            d => {
                let last = parse_day(d, Field::EndDate)?;
                china_midnight(last.succ_opt().unwrap_or(last))
            }
        };
        if let (Some(f), Some(u)) = (from, until) {
            if u <= f {
                return Err(ValidationError::EndDateBeforeStart);
            }
        }
        let who = Some(super::text::clean(Field::Name, &q.who, 50, false, false)?)
            .filter(|w| !w.is_empty());
        Ok(AuditFilter {
            person,
            who,
            action,
            from,
            until,
            machine: q.machine,
            before: q.before.filter(|b| *b > 0),
        })
    }
}

/// One row of the audit page: the entry, its place in the trail, and the actor's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub seq: i64,
    pub actor_name: String,
    pub entry: AuditEntry,
}

/// A page of the audit trail, newest first; `more` when older rows match too.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_becomes_a_filter_in_china_days() {
        let f = AuditFilter::parse(&AuditQuery {
            from: "2026-11-01".into(),
            to: "2026-11-30".into(),
            action: "verify_record".into(),
            ..AuditQuery::default()
        })
        .expect("valid");
        assert_eq!(
            f.from.map(|t| t.to_rfc3339()),
            Some("2026-10-31T16:00:00+00:00".into())
        );
        assert_eq!(
            f.until.map(|t| t.to_rfc3339()),
            Some("2026-11-30T16:00:00+00:00".into())
        );
        for bad in [
            AuditQuery {
                action: "x' OR 1=1".into(),
                ..AuditQuery::default()
            },
            AuditQuery {
                person: "<b>".into(),
                ..AuditQuery::default()
            },
            AuditQuery {
                to: "+262142-01-01".into(),
                ..AuditQuery::default()
            },
            AuditQuery {
                from: "2026-11-30".into(),
                to: "2026-11-01".into(),
                ..AuditQuery::default()
            },
        ] {
            assert!(AuditFilter::parse(&bad).is_err(), "{bad:?}");
        }
        assert!(is_machine("sync_push") && !is_machine("verify_record"));
    }
}
