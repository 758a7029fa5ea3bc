//! Points administration: the redemption catalogue (兑换目录) the admin keeps, and redemption
//! requests as staff decide them.

use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError, ValidationErrors};
use super::points::Points;
use super::text::clean;
use super::Lang;

/// What the admin types to add an item to the catalogue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CatalogueInput {
    pub name: String,
    pub points: String,
}

/// A validated new item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCatalogueItem {
    pub name: String,
    pub points: Points,
}

impl NewCatalogueItem {
    pub fn parse(input: &CatalogueInput) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = errors.take(clean(Field::Item, &input.name, 100, true, false));
        let points = errors.take(Points::parse(&input.points, Field::Points).and_then(|p| {
            if p.0 > 0 {
                Ok(p)
            } else {
                Err(ValidationError::Invalid(Field::Points))
            }
        }));
        errors.finish(|| {
            Some(NewCatalogueItem {
                name: name?,
                points: points?,
            })
        })
    }
}

/// An item of the catalogue, as volunteers and staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueItem {
    pub id: String,
    pub name: String,
    pub points: Points,
}

/// A redemption request as staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRedemption {
    pub id: String,
    pub volunteer_name: String,
    pub community_name: String,
    pub points: Points,
    pub item: String,
    /// China time, "YYYY-MM-DD HH:MM".
    pub requested_at: String,
    pub state: super::ledger::RedemptionState,
    /// A large redemption's first approval: who gave it, while it waits for a second person.
    #[serde(default)]
    pub endorsed_by: Option<String>,
}

impl StaffRedemption {
    pub fn state_label(&self, lang: Lang) -> String {
        use super::ledger::RedemptionState;
        match &self.state {
            RedemptionState::Requested => match (&self.endorsed_by, lang) {
                (None, _) => lang.pick("待审批", "Waiting").into(),
                (Some(name), Lang::Zh) => format!("{name}已初审，待第二人批准"),
                (Some(name), Lang::En) => {
                    format!("Endorsed by {name}, waiting for a second approval")
                }
            },
            RedemptionState::Approved => lang.pick("已批准", "Approved").into(),
            RedemptionState::Refused { reason } => match lang {
                Lang::Zh => format!("未批准：{reason}"),
                Lang::En => format!("Refused: {reason}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_needs_a_name_and_a_positive_price() {
        let ok = CatalogueInput {
            name: "爱心超市 大米 5 公斤".into(),
            points: "20".into(),
        };
        assert_eq!(
            NewCatalogueItem::parse(&ok).expect("valid").points,
            Points(2000)
        );
        let bad = CatalogueInput {
            name: " ".into(),
            points: "0".into(),
        };
        let errors = NewCatalogueItem::parse(&bad).expect_err("invalid");
        assert!(errors.for_field(Field::Item).is_some());
        assert!(errors.for_field(Field::Points).is_some());
    }
}
