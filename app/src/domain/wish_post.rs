//! Posting a wish and reporting one fulfilled: what the form (or the phone's outbox entry) sends,
//! and the rules that turn it into a wish the wall may show once staff approved it.

use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError, ValidationErrors};
use super::text::clean;

/// The most volunteers a many-to-one wish takes.
pub const MAX_CAPACITY: u32 = 50;

/// A wish as a form sends it (entry kind `wish` from a phone; `post_wish` from the office).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WishInput {
    /// The name the wall shows ("王阿姨"): the poster chooses how public they are.
    pub poster: String,
    pub need: String,
    /// What the resident offers back (a thank-you, a skill of their own), may be empty.
    pub offer: String,
    pub category: String,
    /// How many volunteers it takes: 1 is one-to-one (一对一), more is many-to-one (多对一).
    pub capacity: String,
    /// A service from the service menu (服务菜单) the wish is addressed to, if any.
    pub service: String,
    /// The household file it is posted for (staff only).
    pub household: String,
    /// Hours the poster pays from their own passbook (回报): a depositor's request. Empty for
    /// an ordinary wish; phones that predate it send none.
    #[serde(default)]
    pub pay_hours: String,
}

/// A wish that passed every rule, ready to store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishDraft {
    pub poster: String,
    pub need: String,
    pub offer: String,
    pub category: String,
    pub capacity: u32,
    pub service: String,
    pub household: Option<String>,
    /// A depositor's request: the minutes it pays from the poster's passbook.
    #[serde(default)]
    pub pay: Option<super::Minutes>,
}

impl WishDraft {
    /// Checks every field at once against the known `categories`.
    pub fn parse(input: &WishInput, categories: &[&str]) -> Result<WishDraft, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let poster = errors.take(clean(Field::Name, &input.poster, 50, true, false));
        let need = errors.take(clean(Field::Need, &input.need, 500, true, true));
        let offer = errors.take(clean(Field::Offer, &input.offer, 500, false, true));
        let category = errors.take(match input.category.trim() {
            "" => Err(ValidationError::Required(Field::Category)),
            c if categories.contains(&c) => Ok(c.to_string()),
            _ => Err(ValidationError::Invalid(Field::Category)),
        });
        let capacity = errors.take(parse_capacity(&input.capacity));
        let service = errors.take(clean(Field::Note, &input.service, 100, false, false));
        let household = errors.take(optional_id(Field::HeadOfHousehold, &input.household));
        let pay = errors.take(super::help_return::parse_pay_hours(&input.pay_hours));
        errors.finish(|| {
            Some(WishDraft {
                poster: poster?,
                need: need?,
                offer: offer?,
                category: category?,
                capacity: capacity?,
                service: service?,
                household: household?,
                pay: pay?,
            })
        })
    }
}

fn parse_capacity(raw: &str) -> Result<u32, ValidationError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(1);
    }
    let out_of_range = ValidationError::OutOfRange {
        field: Field::Capacity,
        min: 1,
        max: i64::from(MAX_CAPACITY),
    };
    match raw.parse::<u32>() {
        Ok(n) if (1..=MAX_CAPACITY).contains(&n) => Ok(n),
        Ok(_) => Err(out_of_range),
        Err(_) if raw.starts_with('-') || raw.chars().all(|c| c.is_ascii_digit()) => {
            Err(out_of_range)
        }
        Err(_) => Err(ValidationError::Invalid(Field::Capacity)),
    }
}

/// An id chosen from a list (empty: none).
pub fn optional_id(field: Field, raw: &str) -> Result<Option<String>, ValidationError> {
    let raw = raw.trim();
    if raw.is_empty() {
        Ok(None)
    } else if super::ids::is_id(raw) {
        Ok(Some(raw.to_string()))
    } else {
        Err(ValidationError::Invalid(field))
    }
}

/// A claimer's word that a wish is done (entry kind `fulfil`), naming the service record that
/// did it; staff confirm before the wall shows it fulfilled.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FulfilInput {
    pub wish: String,
    /// The id of the service record (an entry of the same phone) linked to the wish.
    pub record: String,
}

impl FulfilInput {
    /// Both ids well formed; `None` when the entry is malformed (it is quarantined).
    pub fn ids(&self) -> Option<(String, String)> {
        let wish = optional_id(Field::Beneficiary, &self.wish).ok()??;
        let record = optional_id(Field::Beneficiary, &self.record).ok()??;
        Some((wish, record))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATEGORIES: [&str; 2] = ["repair", "health"];

    fn input() -> WishInput {
        WishInput {
            poster: " 王阿姨 ".into(),
            need: "家里水龙头漏水，希望有人帮忙修一下".into(),
            offer: "自家包的饺子".into(),
            category: "repair".into(),
            ..WishInput::default()
        }
    }

    #[test]
    fn a_plain_wish_is_one_to_one_and_trimmed() {
        let draft = WishDraft::parse(&input(), &CATEGORIES).expect("valid");
        assert_eq!(draft.poster, "王阿姨");
        assert_eq!(draft.capacity, 1);
        assert_eq!(draft.household, None);
        let many = WishInput {
            capacity: "3".into(),
            ..input()
        };
        assert_eq!(
            WishDraft::parse(&many, &CATEGORIES)
                .expect("valid")
                .capacity,
            3
        );
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = WishInput {
            poster: String::new(),
            need: "x".repeat(501),
            category: "cooking".into(),
            capacity: "0".into(),
            household: "<script>".into(),
            ..WishInput::default()
        };
        let errors = WishDraft::parse(&bad, &CATEGORIES).expect_err("invalid");
        for field in [
            Field::Name,
            Field::Need,
            Field::Category,
            Field::Capacity,
            Field::HeadOfHousehold,
        ] {
            assert!(errors.for_field(field).is_some(), "{field:?} not reported");
        }
        let words = WishInput {
            capacity: "三".into(),
            ..input()
        };
        assert_eq!(
            WishDraft::parse(&words, &CATEGORIES)
                .expect_err("invalid")
                .0,
            vec![ValidationError::Invalid(Field::Capacity)]
        );
    }

    #[test]
    fn markup_is_kept_as_typed() {
        let script = WishInput {
            need: "<script>alert(1)</script>".into(),
            ..input()
        };
        let draft = WishDraft::parse(&script, &CATEGORIES).expect("valid");
        assert_eq!(draft.need, "<script>alert(1)</script>");
    }

    #[test]
    fn a_fulfilment_names_both_ids() {
        let ok = FulfilInput {
            wish: "w-1".into(),
            record: "r-1".into(),
        };
        assert_eq!(ok.ids(), Some(("w-1".into(), "r-1".into())));
        let bad = FulfilInput {
            wish: "w 1".into(),
            record: "r-1".into(),
        };
        assert_eq!(bad.ids(), None);
        assert_eq!(FulfilInput::default().ids(), None);
    }
}
