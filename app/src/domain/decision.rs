//! A staff member's decision on a pending line, captured at the office PC even without a network
//! (entry kind `decision`) and applied by the server with the same rules as the online buttons.

use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError, ValidationErrors};
use super::ids::RecordId;
use super::text::Reason;
use super::wish_post::optional_id;

/// What staff decide about a pending line; written `"verify"` / `"reject"` in an entry's body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Verify,
    Reject,
}

/// The decision as captured. A body without a line or with an unknown verdict does not read
/// (and is quarantined): a missing verdict must never default to "verify".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionInput {
    pub line: String,
    pub verdict: Verdict,
    /// Why, for a rejection (the volunteer reads it).
    #[serde(default)]
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
        match input.verdict {
            Verdict::Verify => Ok(StaffDecision::Verify(line)),
            Verdict::Reject => Ok(StaffDecision::Reject(line, Reason::parse(&input.reason)?)),
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
            verdict: Verdict::Verify,
            reason: String::new(),
        };
        assert_eq!(
            StaffDecision::parse(&verify),
            Ok(StaffDecision::Verify(RecordId::new("l-1")))
        );
        let reject = DecisionInput {
            verdict: Verdict::Reject,
            ..verify.clone()
        };
        assert!(StaffDecision::parse(&reject)
            .expect_err("no reason")
            .for_field(Field::Reason)
            .is_some());
        let unknown = r#"{"line": "l-1", "verdict": "maybe"}"#;
        assert!(serde_json::from_str::<DecisionInput>(unknown).is_err());
        let missing = r#"{"line": "l-1"}"#;
        assert!(
            serde_json::from_str::<DecisionInput>(missing).is_err(),
            "no verdict is not a verification"
        );
    }
}
