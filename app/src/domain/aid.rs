//! Aid (慰问) given to households by partner organisations (共驻共建单位): money in exact fen or
//! goods by count, each gift belonging to a campaign such as 春节慰问. Gifts are append-only like
//! the ledger: a mistake is corrected by a reversal with a reason, and a campaign's figures count
//! the gifts that stand (neither reversed nor a reversal).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::aid_campaign::CampaignSummary;
use super::dates::parse_day;
use super::error::{Field, ValidationError, ValidationErrors};
use super::ids::{CommunityId, HouseholdId};
use super::text::clean;
use super::Lang;

/// What kind of organisation a partner is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerKind {
    Company,
    School,
    /// A unit stationed in the area (驻区单位) that builds with the community (共驻共建).
    Unit,
    SocialOrganisation,
    Other,
}

impl PartnerKind {
    pub const ALL: [PartnerKind; 5] = [
        PartnerKind::Company,
        PartnerKind::School,
        PartnerKind::Unit,
        PartnerKind::SocialOrganisation,
        PartnerKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PartnerKind::Company => "company",
            PartnerKind::School => "school",
            PartnerKind::Unit => "unit",
            PartnerKind::SocialOrganisation => "social_organisation",
            PartnerKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PartnerKind::Company => lang.pick("企业", "Company"),
            PartnerKind::School => lang.pick("学校", "School"),
            PartnerKind::Unit => lang.pick("驻区单位", "Stationed unit"),
            PartnerKind::SocialOrganisation => lang.pick("社会组织", "Social organisation"),
            PartnerKind::Other => lang.pick("其他", "Other"),
        }
    }
}

/// The partner form as typed. `community` empty: the whole sub-district's (the admin only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerInput {
    pub name: String,
    #[serde(default)]
    pub contact: String,
    pub kind: String,
    #[serde(default)]
    pub community: String,
}

/// A partner ready to be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPartner {
    pub name: String,
    pub contact: String,
    pub kind: PartnerKind,
}

impl NewPartner {
    pub fn parse(input: &PartnerInput) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = errors.take(clean(Field::Partner, &input.name, 100, true, false));
        let contact = errors.take(clean(Field::Contact, &input.contact, 100, false, false));
        let kind = errors.take(match input.kind.trim() {
            "" => Err(ValidationError::Required(Field::PartnerKind)),
            code => {
                PartnerKind::from_code(code).ok_or(ValidationError::Invalid(Field::PartnerKind))
            }
        });
        errors.finish(|| {
            Some(NewPartner {
                name: name?,
                contact: contact?,
                kind: kind?,
            })
        })
    }
}

/// A partner as the office lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    pub id: String,
    pub name: String,
    pub contact: String,
    pub kind: PartnerKind,
    /// `None`: a partner of the whole sub-district, offered in every community.
    pub community: Option<CommunityId>,
    pub community_name: Option<String>,
}

/// An amount of money in fen (分), exact: never a float.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Fen(pub i64);

/// The most one gift of money may be: 100,000 yuan. More is a typo.
pub const MAX_GIFT_FEN: i64 = 10_000_000;

impl Fen {
    /// Yuan as people write them: "500", "500.5", "500.50", "1,000", "500元". At most two
    /// decimals; more than zero and at most [`MAX_GIFT_FEN`].
    pub fn parse_yuan(raw: &str) -> Result<Fen, ValidationError> {
        let text: String = raw
            .trim()
            .trim_end_matches('元')
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != '，')
            .collect();
        if text.is_empty() {
            return Err(ValidationError::Required(Field::Amount));
        }
        let (whole, part) = text.split_once('.').unwrap_or((&text, ""));
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || whole.len() > 9 || !digits(whole) || part.len() > 2 || !digits(part)
        {
            return Err(ValidationError::Invalid(Field::Amount));
        }
        let yuan: i64 = whole
            .parse()
            .map_err(|_| ValidationError::Invalid(Field::Amount))?;
        let fen: i64 = format!("{part:0<2}")
            .parse()
            .map_err(|_| ValidationError::Invalid(Field::Amount))?;
        let total = yuan * 100 + fen;
        if total <= 0 || total > MAX_GIFT_FEN {
            return Err(ValidationError::OutOfRange {
                field: Field::Amount,
                min: 0,
                max: MAX_GIFT_FEN / 100,
            });
        }
        Ok(Fen(total))
    }

    /// "500.00": yuan with two decimals, as a receipt writes them.
    pub fn yuan_text(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// Yuan as a number for a spreadsheet cell (exact to the fen for any real total).
    pub fn yuan(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

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

    #[test]
    fn yuan_are_read_exactly_to_the_fen() {
        assert_eq!(Fen::parse_yuan("500"), Ok(Fen(50_000)));
        assert_eq!(Fen::parse_yuan(" 500.5 "), Ok(Fen(50_050)));
        assert_eq!(Fen::parse_yuan("500.05元"), Ok(Fen(50_005)));
        assert_eq!(Fen::parse_yuan("1,000"), Ok(Fen(100_000)));
        // 0.1 + 0.2 is where a float would drift; fen do not.
        assert_eq!(Fen::parse_yuan("0.1").map(|f| f.0 + 20), Ok(30));
        for bad in ["500.555", "-5", "5e2", "abc", ".5", "500..0", "５００"] {
            assert_eq!(
                Fen::parse_yuan(bad),
                Err(ValidationError::Invalid(Field::Amount)),
                "{bad}"
            );
        }
        assert!(matches!(
            Fen::parse_yuan("0"),
            Err(ValidationError::OutOfRange { .. })
        ));
        assert!(matches!(
            Fen::parse_yuan("100000.01"),
            Err(ValidationError::OutOfRange { .. })
        ));
        assert_eq!(
            Fen::parse_yuan(""),
            Err(ValidationError::Required(Field::Amount))
        );
        assert_eq!(Fen(50_005).yuan_text(), "500.05");
        assert_eq!(Fen(-50_000).yuan_text(), "-500.00");
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
