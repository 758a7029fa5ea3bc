//! Closing a household's file (销档): it no longer needs help. The reason, the date and a note;
//! the file's history stays, it leaves the default list and its agreements end that day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError, ValidationErrors};
use super::text::clean;
use super::Lang;

/// Why a file is closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosureReason {
    /// 脱困: the household is out of hardship.
    Recovered,
    /// 迁出: moved away.
    Moved,
    /// 去世: the person helped died.
    Deceased,
}

impl ClosureReason {
    pub const ALL: [ClosureReason; 3] = [
        ClosureReason::Recovered,
        ClosureReason::Moved,
        ClosureReason::Deceased,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ClosureReason::Recovered => "recovered",
            ClosureReason::Moved => "moved",
            ClosureReason::Deceased => "deceased",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ClosureReason::Recovered => lang.pick("脱困", "Out of hardship"),
            ClosureReason::Moved => lang.pick("迁出", "Moved away"),
            ClosureReason::Deceased => lang.pick("去世", "Deceased"),
        }
    }
}

/// A closed file: why, since when, and the staff member's note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdClosure {
    pub reason: ClosureReason,
    pub on: NaiveDate,
    pub note: String,
}

impl HouseholdClosure {
    /// From the form's text: a reason, a date not after `today` and not before the file was
    /// opened, and a note of at most 200 characters. Every problem at once.
    pub fn parse(
        reason: &str,
        on: &str,
        note: &str,
        opened: NaiveDate,
        today: NaiveDate,
    ) -> Result<Self, ValidationErrors> {
        let reason = match reason.trim() {
            "" => Err(ValidationError::Required(Field::Reason)),
            code => ClosureReason::from_code(code).ok_or(ValidationError::Invalid(Field::Reason)),
        };
        let on = match on.trim() {
            "" => Err(ValidationError::Required(Field::Date)),
            text => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(d) if d > today || d < opened => Err(ValidationError::Invalid(Field::Date)),
                Ok(d) => Ok(d),
                Err(_) => Err(ValidationError::Invalid(Field::Date)),
            },
        };
        let note = clean(Field::Note, note, 200, false, true);
        match (reason, on, note) {
            (Ok(reason), Ok(on), Ok(note)) => Ok(HouseholdClosure { reason, on, note }),
            (reason, on, note) => Err(ValidationErrors(
                [reason.err(), on.err(), note.err()]
                    .into_iter()
                    .flatten()
                    .collect(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        d.parse().expect("date")
    }

    #[test]
    fn a_closure_needs_a_known_reason_and_a_date_within_the_files_life() {
        let (opened, today) = (day("2025-03-01"), day("2026-12-01"));
        let ok = HouseholdClosure::parse("recovered", "2026-11-30", " 已就业 ", opened, today)
            .expect("valid");
        assert_eq!(ok.reason, ClosureReason::Recovered);
        assert_eq!(ok.note, "已就业");
        let errors = HouseholdClosure::parse("", "", "", opened, today).expect_err("empty");
        assert_eq!(
            errors.0,
            [
                ValidationError::Required(Field::Reason),
                ValidationError::Required(Field::Date)
            ]
        );
        for date in ["2026-12-02", "2025-02-28", "2026-13-01"] {
            let errors = HouseholdClosure::parse("moved", date, "", opened, today).expect_err(date);
            assert_eq!(errors.0, [ValidationError::Invalid(Field::Date)], "{date}");
        }
        assert!(HouseholdClosure::parse("gone", "2026-11-30", "", opened, today).is_err());
    }
}
