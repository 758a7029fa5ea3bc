//! The flat readers accept exactly what serde's derived tagged readers accepted, and read it to
//! the same value: each case is read by the bank's type and by a copy of the enum that keeps the
//! derived reader, and both answers are compared (as the JSON they write back).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::domain::json::from_json;
use crate::domain::ledger::{LineKind, LineState, RedemptionState};
use crate::domain::record::{Beneficiary, Witness};
use crate::domain::sync::Receipt;

/// What serde's derived readers made of the same enums.
mod derived {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Serialize};

    use crate::domain::ids::{HouseholdId, PersonId, RecordId, WishId};
    use crate::domain::points::Points;
    use crate::domain::signature::Signature;
    use crate::domain::text::{PersonName, Phone, WitnessName};

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "outcome", rename_all = "snake_case")]
    pub enum Receipt {
        Accepted { change: u64 },
        Refused { change: u64, reason: String },
        Quarantined { reason: String },
        Deferred { reason: String },
        Forked,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    pub enum LineKind {
        Service,
        Reversal {
            of: RecordId,
            #[serde(default)]
            reason: String,
        },
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "state", rename_all = "snake_case")]
    pub enum LineState {
        Pending,
        Verified {
            by: PersonId,
            at: DateTime<Utc>,
            points: Points,
        },
        Rejected {
            by: PersonId,
            at: DateTime<Utc>,
            reason: String,
        },
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "state", rename_all = "snake_case")]
    pub enum RedemptionState {
        Requested,
        Approved,
        Refused { reason: String },
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    pub enum Witness {
        Named {
            name: WitnessName,
            phone: Phone,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            signature: Option<Signature>,
        },
        None,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "kind", content = "id", rename_all = "snake_case")]
    pub enum Beneficiary {
        Household(HouseholdId),
        Wish(WishId),
        Activity(String),
        Named(PersonName),
        None,
    }
}

/// Reads `text` as `T` (the bank's reader) and as `D` (the derived one): both refuse it, or both
/// read the same value. Returns whether it was read.
fn same_reading<T, D>(text: &str) -> bool
where
    T: DeserializeOwned + Serialize,
    D: DeserializeOwned + Serialize,
{
    let ours: Option<Value> = from_json::<T>(text)
        .ok()
        .map(|v| serde_json::to_value(v).expect("a value writes"));
    let theirs: Option<Value> = from_json::<D>(text)
        .ok()
        .map(|v| serde_json::to_value(v).expect("a value writes"));
    assert_eq!(ours, theirs, "read differently: {text}");
    ours.is_some()
}

/// Every case read alike; `accepted` are the ones that must be read, the rest must be refused.
fn check<T, D>(accepted: &[&str], refused: &[&str])
where
    T: DeserializeOwned + Serialize,
    D: DeserializeOwned + Serialize,
{
    for text in accepted {
        assert!(same_reading::<T, D>(text), "refused: {text}");
    }
    for text in refused {
        assert!(!same_reading::<T, D>(text), "accepted: {text}");
    }
}

const AT: &str = "2026-12-03T08:30:00Z";

#[test]
fn receipts_read_as_before() {
    check::<Receipt, derived::Receipt>(
        &[
            r#"{"outcome":"accepted","change":7}"#,
            r#"{"change":7,"outcome":"accepted"}"#,
            r#"{"outcome":"accepted","change":7,"reason":"ignored","extra":[1,{"a":null}]}"#,
            r#"{"outcome":"refused","change":9,"reason":"心愿已被认领"}"#,
            r#"{"outcome":"quarantined","reason":"bad body"}"#,
            r#"{"outcome":"deferred","reason":"newer format"}"#,
            r#"{"outcome":"forked"}"#,
        ],
        &[
            r#"{"outcome":"accepted"}"#,
            r#"{"outcome":"accepted","change":-1}"#,
            r#"{"outcome":"accepted","change":null}"#,
            r#"{"outcome":"refused","change":9}"#,
            r#"{"outcome":"quarantined"}"#,
            r#"{"outcome":"lost","change":1}"#,
            r#"{"change":1}"#,
            r#"{"outcome":7}"#,
            r#""accepted""#,
            "null",
            r#"{"outcome":"accepted","change":7"#,
        ],
    );
}

#[test]
fn line_kinds_and_states_read_as_before() {
    check::<LineKind, derived::LineKind>(
        &[
            r#"{"kind":"service"}"#,
            r#"{"kind":"reversal","of":"r-1","reason":"重复记录"}"#,
            r#"{"of":"r-1","kind":"reversal"}"#,
        ],
        &[
            r#"{"kind":"reversal"}"#,
            r#"{"kind":"reversal","reason":"x"}"#,
            r#"{"kind":"Service"}"#,
            r#"{}"#,
        ],
    );
    let verified = format!(r#"{{"state":"verified","by":"p-1","at":"{AT}","points":12}}"#);
    let rejected = format!(r#"{{"state":"rejected","by":"p-1","at":"{AT}","reason":"无见证"}}"#);
    let no_points = format!(r#"{{"state":"verified","by":"p-1","at":"{AT}"}}"#);
    let bad_time = r#"{"state":"rejected","by":"p-1","at":"yesterday","reason":"x"}"#;
    check::<LineState, derived::LineState>(
        &[r#"{"state":"pending"}"#, &verified, &rejected],
        &[
            &no_points,
            bad_time,
            r#"{"state":"verified"}"#,
            r#"{"state":"done"}"#,
        ],
    );
    check::<RedemptionState, derived::RedemptionState>(
        &[
            r#"{"state":"requested"}"#,
            r#"{"state":"approved","reason":"ignored"}"#,
            r#"{"state":"refused","reason":"积分不足"}"#,
        ],
        &[r#"{"state":"refused"}"#, r#"{"state":"paid"}"#, r#"[]"#],
    );
}

#[test]
fn witnesses_and_beneficiaries_read_as_before() {
    check::<Witness, derived::Witness>(
        &[
            r#"{"kind":"none"}"#,
            r#"{"kind":"named","name":"王阿姨","phone":"13800010001"}"#,
            r#"{"kind":"named","name":"王阿姨","phone":"13800010001","signature":null}"#,
            // A witness may be named later: the name alone is not required.
            r#"{"kind":"named","name":"","phone":"13800010001"}"#,
        ],
        &[
            r#"{"kind":"named","name":"王阿姨"}"#,
            r#"{"kind":"named","name":"王阿姨","phone":"not a phone"}"#,
            r#"{"kind":"named","name":"王阿姨","phone":"13800010001","signature":"scribble"}"#,
            r#"{"kind":"someone"}"#,
        ],
    );
    check::<Beneficiary, derived::Beneficiary>(
        &[
            r#"{"kind":"household","id":"h-1"}"#,
            r#"{"id":"w-9","kind":"wish"}"#,
            r#"{"kind":"activity","id":"重阳节敬老"}"#,
            r#"{"kind":"named","id":"李秀英"}"#,
            r#"{"kind":"none"}"#,
        ],
        &[
            r#"{"kind":"household"}"#,
            r#"{"kind":"named","id":""}"#,
            r#"{"kind":"named","id":7}"#,
            r#"{"kind":"nobody"}"#,
        ],
    );
}
