//! Households in need (困难群众) and their file (建档立卡), and the assistance agreements
//! (帮扶协议) that pair them with volunteers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError, ValidationErrors};
use super::ids::{HouseholdId, PersonId};
use super::text::{clean, Address, Needs, PersonName};
use super::Lang;

/// What a staff member types to register or update a household.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HouseholdInput {
    pub head: String,
    pub address: String,
    pub members: String,
    pub hardship_type: String,
    pub needs: String,
}

/// A validated household file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdFile {
    pub head: PersonName,
    pub address: Address,
    pub members: u8,
    /// 独居老人, 低保家庭, 残疾人家庭, … (free text: every community has its own categories).
    pub hardship_type: String,
    pub needs: Needs,
}

impl HouseholdFile {
    pub fn parse(input: &HouseholdInput) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let head = errors.take(PersonName::parse(&input.head).map_err(|e| match e {
            ValidationError::Required(_) => ValidationError::Required(Field::HeadOfHousehold),
            ValidationError::TooLong { max, .. } => ValidationError::TooLong {
                field: Field::HeadOfHousehold,
                max,
            },
            _ => ValidationError::Invalid(Field::HeadOfHousehold),
        }));
        let address = errors.take(Address::parse(&input.address));
        let members = errors.take(match input.members.trim() {
            "" => Err(ValidationError::Required(Field::Members)),
            n => n.parse::<u8>().ok().filter(|m| (1..=30).contains(m)).ok_or(
                ValidationError::OutOfRange {
                    field: Field::Members,
                    min: 1,
                    max: 30,
                },
            ),
        });
        let hardship_type = errors.take(clean(
            Field::HardshipType,
            &input.hardship_type,
            40,
            true,
            false,
        ));
        let needs = errors.take(Needs::parse(&input.needs));
        errors.finish(|| {
            Some(HouseholdFile {
                head: head?,
                address: address?,
                members: members?,
                hardship_type: hardship_type?,
                needs: needs?,
            })
        })
    }
}

/// One-on-one (一对一) or many-on-one (多对一).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pairing {
    OneOnOne,
    ManyOnOne,
}

impl Pairing {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Pairing::OneOnOne => lang.pick("一对一", "One-on-one"),
            Pairing::ManyOnOne => lang.pick("多对一", "Many-on-one"),
        }
    }
}

/// How often the agreed service happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Weekly,
    Fortnightly,
    Monthly,
}

impl Frequency {
    /// The longest gap, in days, before an agreement is behind schedule.
    pub fn days(self) -> i64 {
        match self {
            Frequency::Weekly => 7,
            Frequency::Fortnightly => 14,
            Frequency::Monthly => 31,
        }
    }

    pub fn from_code(code: &str) -> Option<Frequency> {
        match code {
            "weekly" => Some(Frequency::Weekly),
            "fortnightly" => Some(Frequency::Fortnightly),
            "monthly" => Some(Frequency::Monthly),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgreementInput {
    pub household: String,
    pub pairing: String,
    pub content: String,
    pub frequency: String,
    pub volunteers: Vec<String>,
    pub start: String,
    pub end: String,
}

/// An assistance agreement: who serves which household, what, how often, from when to when
/// (定服务对象、服务内容、服务时间、服务人员).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub household: HouseholdId,
    pub pairing: Pairing,
    pub content: String,
    pub frequency: Frequency,
    pub volunteers: Vec<PersonId>,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Agreement {
    /// One-on-one takes exactly one volunteer; many-on-one at least two (and at most 20).
    pub fn parse(input: &AgreementInput) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let household = errors.take(match input.household.trim() {
            "" => Err(ValidationError::Required(Field::HeadOfHousehold)),
            id => Ok(HouseholdId::new(id)),
        });
        let pairing = errors.take(match input.pairing.trim() {
            "one_on_one" => Ok(Pairing::OneOnOne),
            "many_on_one" => Ok(Pairing::ManyOnOne),
            _ => Err(ValidationError::Required(Field::Volunteers)),
        });
        let content = errors.take(clean(Field::Content, &input.content, 1000, true, true));
        let frequency = errors.take(
            Frequency::from_code(input.frequency.trim())
                .ok_or(ValidationError::Required(Field::Schedule)),
        );
        let mut volunteers: Vec<PersonId> = Vec::new();
        for v in input
            .volunteers
            .iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            if !volunteers.iter().any(|p| p.as_str() == v) {
                volunteers.push(PersonId::new(v));
            }
        }
        let count_ok = match pairing {
            Some(Pairing::OneOnOne) => volunteers.len() == 1,
            Some(Pairing::ManyOnOne) => (2..=20).contains(&volunteers.len()),
            None => true,
        };
        if !count_ok {
            errors.0.push(ValidationError::Invalid(Field::Volunteers));
        }
        let date = |raw: &str, field| {
            NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| {
                if raw.trim().is_empty() {
                    ValidationError::Required(field)
                } else {
                    ValidationError::Invalid(field)
                }
            })
        };
        let start = errors.take(date(&input.start, Field::Date));
        let end = errors.take(date(&input.end, Field::EndTime));
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                errors.0.push(ValidationError::EndNotAfterStart);
            }
        }
        errors.finish(|| {
            Some(Agreement {
                household: household?,
                pairing: pairing?,
                content: content?,
                frequency: frequency?,
                volunteers,
                start: start?,
                end: end?,
            })
        })
    }

    /// Behind schedule on `today` when the last service for it is longer ago than its frequency
    /// allows (or there was none since the start).
    pub fn behind_schedule(&self, last_service: Option<NaiveDate>, today: NaiveDate) -> bool {
        if today < self.start || today > self.end {
            return false;
        }
        let since = last_service
            .filter(|d| *d >= self.start)
            .unwrap_or(self.start);
        (today - since).num_days() > self.frequency.days()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn agreement(pairing: &str, volunteers: &[&str]) -> AgreementInput {
        AgreementInput {
            household: "h1".into(),
            pairing: pairing.into(),
            content: "每周上门探望，代购生活用品".into(),
            frequency: "weekly".into(),
            volunteers: volunteers.iter().map(|v| v.to_string()).collect(),
            start: "2026-01-01".into(),
            end: "2026-12-31".into(),
        }
    }

    #[test]
    fn a_household_file_validates_every_field() {
        let ok = HouseholdInput {
            head: "马桂兰".into(),
            address: "福康社区 3号楼 2单元 101".into(),
            members: "1".into(),
            hardship_type: "独居老人".into(),
            needs: "每周上门探望".into(),
        };
        assert_eq!(HouseholdFile::parse(&ok).expect("valid").members, 1);
        let bad = HouseholdInput {
            members: "0".into(),
            head: "".into(),
            ..ok
        };
        let errors = HouseholdFile::parse(&bad).expect_err("invalid");
        assert!(errors.for_field(Field::Members).is_some());
        assert!(errors.for_field(Field::HeadOfHousehold).is_some());
    }

    #[test]
    fn pairings_take_the_right_number_of_volunteers() {
        assert!(Agreement::parse(&agreement("one_on_one", &["v1"])).is_ok());
        assert!(Agreement::parse(&agreement("one_on_one", &["v1", "v2"])).is_err());
        assert!(Agreement::parse(&agreement("many_on_one", &["v1"])).is_err());
        assert!(
            Agreement::parse(&agreement("many_on_one", &["v1", "v1"])).is_err(),
            "duplicates count once"
        );
        assert!(Agreement::parse(&agreement("many_on_one", &["v1", "v2", "v3"])).is_ok());
    }

    #[test]
    fn an_agreement_falls_behind_when_service_stops() {
        let a = Agreement::parse(&agreement("one_on_one", &["v1"])).expect("valid");
        assert!(!a.behind_schedule(Some(date("2026-03-01")), date("2026-03-05")));
        assert!(a.behind_schedule(Some(date("2026-03-01")), date("2026-03-09")));
        assert!(
            a.behind_schedule(None, date("2026-01-20")),
            "never served since the start"
        );
        assert!(
            !a.behind_schedule(None, date("2027-02-01")),
            "ended agreements are not behind"
        );
    }

    #[test]
    fn the_end_must_not_come_before_the_start() {
        let mut input = agreement("one_on_one", &["v1"]);
        input.end = "2025-12-31".into();
        let errors = Agreement::parse(&input).expect_err("invalid");
        assert!(errors.0.contains(&ValidationError::EndNotAfterStart));
    }
}
