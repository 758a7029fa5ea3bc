//! How a line's kind and state and a redemption's state are read from JSON: a flat struct, then
//! the variant its tag names (see [`crate::domain::tagged`] for why).

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{LineKind, LineState, RedemptionState};
use crate::domain::ids::{PersonId, RecordId};
use crate::domain::points::Points;
use crate::domain::tagged::{required, TaggedError};

/// `{"kind": "service"}` or `{"kind": "reversal", "of": …, "reason": …}` (reason optional).
#[derive(Deserialize)]
pub(super) struct LineKindWire {
    kind: String,
    of: Option<RecordId>,
    reason: Option<String>,
}

impl TryFrom<LineKindWire> for LineKind {
    type Error = TaggedError;
    fn try_from(wire: LineKindWire) -> Result<Self, TaggedError> {
        Ok(match wire.kind.as_str() {
            "service" => LineKind::Service,
            "reversal" => LineKind::Reversal {
                of: required(wire.of, "of")?,
                reason: wire.reason.unwrap_or_default(),
            },
            other => return Err(TaggedError::unknown("kind", other)),
        })
    }
}

/// `{"state": "pending"}`, `{"state": "verified", "by", "at", "points"}` or
/// `{"state": "rejected", "by", "at", "reason"}`.
#[derive(Deserialize)]
pub(super) struct LineStateWire {
    state: String,
    by: Option<PersonId>,
    #[serde(default, deserialize_with = "crate::domain::when::utc_or_none")]
    at: Option<DateTime<Utc>>,
    points: Option<Points>,
    reason: Option<String>,
}

impl TryFrom<LineStateWire> for LineState {
    type Error = TaggedError;
    fn try_from(wire: LineStateWire) -> Result<Self, TaggedError> {
        Ok(match wire.state.as_str() {
            "pending" => LineState::Pending,
            "verified" => LineState::Verified {
                by: required(wire.by, "by")?,
                at: required(wire.at, "at")?,
                points: required(wire.points, "points")?,
            },
            "rejected" => LineState::Rejected {
                by: required(wire.by, "by")?,
                at: required(wire.at, "at")?,
                reason: required(wire.reason, "reason")?,
            },
            other => return Err(TaggedError::unknown("state", other)),
        })
    }
}

/// `{"state": "requested"}`, `{"state": "approved"}` or `{"state": "refused", "reason": …}`.
#[derive(Deserialize)]
pub(super) struct RedemptionStateWire {
    state: String,
    reason: Option<String>,
}

impl TryFrom<RedemptionStateWire> for RedemptionState {
    type Error = TaggedError;
    fn try_from(wire: RedemptionStateWire) -> Result<Self, TaggedError> {
        Ok(match wire.state.as_str() {
            "requested" => RedemptionState::Requested,
            "approved" => RedemptionState::Approved,
            "refused" => RedemptionState::Refused {
                reason: required(wire.reason, "reason")?,
            },
            other => return Err(TaggedError::unknown("state", other)),
        })
    }
}
