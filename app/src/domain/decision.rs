//! A staff member's decision on a pending line, captured at the office PC even without a network
//! (entry kind `decision`) and applied by the server with the same rules as the online buttons.

use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError, ValidationErrors};
use super::ids::RecordId;
use super::text::Reason;
use super::wish_post::optional_id;

/// The decision as captured.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionInput {
    pub line: String,
    /// "verify" or "reject".
    pub verdict: String,
    /// Why, for a rejection (the volunteer reads it).
    pub reason: String,
}

/// A decision that passed its rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffDecision {
    Verify(RecordId),
    Reject(RecordId, Reason),
}

impl StaffDecision {
    pub fn parse(input: &DecisionInput) -> Result<StaffDecision, ValidationErrors> {
        let line = match optional_id(Field::Note, &input.line) {
            Ok(Some(id)) => RecordId::new(id),
            Ok(None) => return Err(ValidationError::Required(Field::Note).into()),
            Err(e) => return Err(e.into()),
        };
        match input.verdict.as_str() {
            "verify" => Ok(StaffDecision::Verify(line)),
            "reject" => Ok(StaffDecision::Reject(line, Reason::parse(&input.reason)?)),
            _ => Err(ValidationError::Invalid(Field::Note).into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejection_needs_its_reason_and_a_verdict_must_be_known() {
        let verify = DecisionInput {
            line: "l-1".into(),
            verdict: "verify".into(),
            reason: String::new(),
        };
        assert_eq!(
            StaffDecision::parse(&verify),
            Ok(StaffDecision::Verify(RecordId::new("l-1")))
        );
        let reject = DecisionInput {
            verdict: "reject".into(),
            ..verify.clone()
        };
        assert!(StaffDecision::parse(&reject)
            .expect_err("no reason")
            .for_field(Field::Reason)
            .is_some());
        let unknown = DecisionInput {
            verdict: "maybe".into(),
            ..verify
        };
        assert!(StaffDecision::parse(&unknown).is_err());
    }
}
