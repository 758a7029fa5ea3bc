//! Aid (慰问) given to households by partner organisations (共驻共建单位): money in exact fen or
//! goods by count, each gift belonging to a campaign such as 春节慰问. Gifts are append-only like
//! the ledger: a mistake is corrected by a reversal with a reason, and a campaign's figures count
//! the gifts that stand (neither reversed nor a reversal).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

mod money;
mod partner;

pub use money::{Fen, MAX_GIFT_FEN};
pub use partner::{NewPartner, Partner, PartnerInput, PartnerKind};

use super::aid_campaign::CampaignSummary;
use super::dates::parse_day;
use super::error::{Field, ValidationError, ValidationErrors};
use super::ids::HouseholdId;
use super::text::clean;
use super::Lang;

/// What one gift was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gift {
    Money(Fen),
    Goods { what: String, count: u32 },
}

/// The most of one kind of goods one gift may hold.
pub const MAX_GOODS_COUNT: u32 = 10_000;

impl Gift {
    pub fn kind_code(&self) -> &'static str {
        match self {
            Gift::Money(_) => "money",
            Gift::Goods { .. } => "goods",
        }
    }

    /// "500.00 元" or "大米 × 2".
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Gift::Money(fen) => format!("{} {}", fen.yuan_text(), lang.pick("元", "yuan")),
            Gift::Goods { what, count } => format!("{what} × {count}"),
        }
    }
}

/// The aid form as typed: `kind` is `money` (with `amount` in yuan) or `goods` (with `what` and
/// `count`); `partner` is a partner's id or empty (given by the community itself).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AidInput {
    pub household: String,
    pub on: String,
    pub campaign: String,
    #[serde(default)]
    pub partner: String,
    pub kind: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub what: String,
    #[serde(default)]
    pub count: String,
}

/// A gift ready to be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAid {
    pub household: HouseholdId,
    pub on: NaiveDate,
    pub campaign: String,
    pub partner: Option<String>,
    pub gift: Gift,
}

impl NewAid {
    /// Every problem at once. The date may not be after `today`.
    pub fn parse(input: &AidInput, today: NaiveDate) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let household = errors.take(match input.household.trim() {
            "" => Err(ValidationError::Required(Field::Household)),
            raw => HouseholdId::parse(raw).ok_or(ValidationError::Invalid(Field::Household)),
        });
        let on = errors.take(parse_day(&input.on, Field::Date).and_then(|d| {
            if d > today {
                Err(ValidationError::Invalid(Field::Date))
            } else {
                Ok(d)
            }
        }));
        let campaign = errors.take(clean(Field::Campaign, &input.campaign, 50, true, false));
        let partner = errors.take(match input.partner.trim() {
            "" => Ok(None),
            raw if super::ids::is_id(raw) => Ok(Some(raw.to_string())),
            _ => Err(ValidationError::Invalid(Field::Partner)),
        });
        let gift = match input.kind.trim() {
            "money" => errors.take(Fen::parse_yuan(&input.amount).map(Gift::Money)),
            "goods" => {
                let what = errors.take(clean(Field::Goods, &input.what, 50, true, false));
                let count = errors.take(match input.count.trim() {
                    "" => Err(ValidationError::Required(Field::Quantity)),
                    raw => match raw.parse::<u32>() {
                        Ok(n) if (1..=MAX_GOODS_COUNT).contains(&n) => Ok(n),
                        _ => Err(ValidationError::OutOfRange {
                            field: Field::Quantity,
                            min: 1,
                            max: i64::from(MAX_GOODS_COUNT),
                        }),
                    },
                });
                what.zip(count)
                    .map(|(what, count)| Gift::Goods { what, count })
            }
            "" => errors.take(Err(ValidationError::Required(Field::AidKind))),
            _ => errors.take(Err(ValidationError::Invalid(Field::AidKind))),
        };
        errors.finish(|| {
            Some(NewAid {
                household: household?,
                on: on?,
                campaign: campaign?,
                partner: partner?,
                gift: gift?,
            })
        })
    }
}

/// One stored gift (or the reversal of one), as the office reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AidLine {
    pub id: String,
    pub household: HouseholdId,
    pub head: String,
    pub address: String,
    pub community_name: String,
    pub on: NaiveDate,
    pub campaign: String,
    pub partner: Option<String>,
    pub gift: Gift,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    /// A reversal names the gift it takes back, with its reason.
    pub reverses: Option<String>,
    pub reason: String,
    /// A later reversal took this gift back.
    pub reversed: bool,
}

impl AidLine {
    /// A gift that counts: not a reversal and not reversed.
    pub fn stands(&self) -> bool {
        self.reverses.is_none() && !self.reversed
    }
}

/// What the aid page shows: the partners to choose from, the campaigns, and the gifts recorded
/// (newest first).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AidOverview {
    pub partners: Vec<Partner>,
    pub campaigns: Vec<CampaignSummary>,
    pub lines: Vec<AidLine>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        d.parse().expect("date")
    }

    fn input() -> AidInput {
        AidInput {
            household: "h-1".into(),
            on: "2026-01-20".into(),
            campaign: " 春节慰问 ".into(),
            partner: "p-1".into(),
            kind: "money".into(),
            amount: "500".into(),
            ..AidInput::default()
        }
    }

    #[test]
    fn a_gift_is_money_or_goods_and_every_problem_is_said_at_once() {
        let ok = NewAid::parse(&input(), day("2026-02-01")).expect("valid");
        assert_eq!(ok.gift, Gift::Money(Fen(50_000)));
        assert_eq!(ok.campaign, "春节慰问");
        let goods = AidInput {
            kind: "goods".into(),
            what: "大米".into(),
            count: "2".into(),
            partner: String::new(),
            ..input()
        };
        let goods = NewAid::parse(&goods, day("2026-02-01")).expect("goods");
        assert_eq!(
            goods.gift,
            Gift::Goods {
                what: "大米".into(),
                count: 2
            }
        );
        assert_eq!(goods.partner, None);

        let empty = NewAid::parse(&AidInput::default(), day("2026-02-01")).expect_err("empty");
        for field in [
            Field::Household,
            Field::Date,
            Field::Campaign,
            Field::AidKind,
        ] {
            assert!(empty.for_field(field).is_some(), "{field:?}: {empty:?}");
        }
        let future = AidInput {
            on: "2026-02-02".into(),
            kind: "goods".into(),
            count: "0".into(),
            ..input()
        };
        let errors = NewAid::parse(&future, day("2026-02-01")).expect_err("future");
        assert_eq!(
            errors.for_field(Field::Date),
            Some(&ValidationError::Invalid(Field::Date))
        );
        assert!(errors.for_field(Field::Goods).is_some());
        assert!(errors.for_field(Field::Quantity).is_some());
    }
}
