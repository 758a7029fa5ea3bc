//! How a [`Beneficiary`] and a [`Witness`] are read from JSON: a flat struct, then the variant
//! its tag names (see [`crate::domain::tagged`] for why).

use serde::Deserialize;

use super::{Beneficiary, Witness};
use crate::domain::ids::{HouseholdId, WishId};
use crate::domain::signature::Signature;
use crate::domain::tagged::{required, TaggedError};
use crate::domain::text::{PersonName, Phone, WitnessName};

/// `{"kind": "household", "id": "…"}`, or `{"kind": "none"}`.
#[derive(Deserialize)]
pub(super) struct BeneficiaryWire {
    kind: String,
    id: Option<String>,
}

impl TryFrom<BeneficiaryWire> for Beneficiary {
    type Error = TaggedError;
    fn try_from(wire: BeneficiaryWire) -> Result<Self, TaggedError> {
        let id = || required(wire.id.clone(), "id");
        Ok(match wire.kind.as_str() {
            "household" => Beneficiary::Household(HouseholdId::new(id()?)),
            "wish" => Beneficiary::Wish(WishId::new(id()?)),
            "activity" => Beneficiary::Activity(id()?),
            "named" => Beneficiary::Named(
                PersonName::try_from(id()?).map_err(|e| TaggedError::invalid("id", e))?,
            ),
            "none" => Beneficiary::None,
            other => return Err(TaggedError::unknown("kind", other)),
        })
    }
}

/// `{"kind": "named", "name": …, "phone": …, "signature": …}` (signature optional), or
/// `{"kind": "none"}`.
#[derive(Deserialize)]
pub(super) struct WitnessWire {
    kind: String,
    name: Option<WitnessName>,
    phone: Option<Phone>,
    signature: Option<Signature>,
}

impl TryFrom<WitnessWire> for Witness {
    type Error = TaggedError;
    fn try_from(wire: WitnessWire) -> Result<Self, TaggedError> {
        Ok(match wire.kind.as_str() {
            "named" => Witness::Named {
                name: required(wire.name, "name")?,
                phone: required(wire.phone, "phone")?,
                signature: wire.signature,
            },
            "none" => Witness::None,
            other => return Err(TaggedError::unknown("kind", other)),
        })
    }
}
