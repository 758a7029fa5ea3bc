//! How a [`Receipt`] is read from JSON: a flat struct, then the variant its `outcome` names (see
//! [`crate::domain::tagged`] for why).

use serde::Deserialize;

use super::Receipt;
use crate::domain::tagged::{required, TaggedError};

/// `{"outcome": "accepted", "change": 7}`, `{"outcome": "refused", "change", "reason"}`,
/// `{"outcome": "quarantined" | "deferred", "reason"}` or `{"outcome": "forked"}`.
#[derive(Deserialize)]
pub(super) struct ReceiptWire {
    outcome: String,
    change: Option<u64>,
    reason: Option<String>,
}

impl TryFrom<ReceiptWire> for Receipt {
    type Error = TaggedError;
    fn try_from(wire: ReceiptWire) -> Result<Self, TaggedError> {
        Ok(match wire.outcome.as_str() {
            "accepted" => Receipt::Accepted {
                change: required(wire.change, "change")?,
            },
            "refused" => Receipt::Refused {
                change: required(wire.change, "change")?,
                reason: required(wire.reason, "reason")?,
            },
            "quarantined" => Receipt::Quarantined {
                reason: required(wire.reason, "reason")?,
            },
            "deferred" => Receipt::Deferred {
                reason: required(wire.reason, "reason")?,
            },
            "forked" => Receipt::Forked,
            other => return Err(TaggedError::unknown("outcome", other)),
        })
    }
}
