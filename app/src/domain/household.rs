//! Households in need (困难群众) and their file (建档立卡): who they are, what they need, and the
//! help each received over time.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError, ValidationErrors};
use super::ids::HouseholdId;
use super::text::{clean, Address, Needs, PersonName, Phone};
use super::{Lang, Minutes};

/// What a staff member types to register or update a household.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HouseholdInput {
    pub head: String,
    pub address: String,
    pub members: String,
    pub hardship_type: String,
    pub needs: String,
    /// A phone to reach the household (optional).
    pub phone: String,
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
    pub phone: Option<Phone>,
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
        let phone = errors.take(match input.phone.trim() {
            "" => Ok(None),
            raw => Phone::parse(raw).map(Some),
        });
        errors.finish(|| {
            Some(HouseholdFile {
                head: head?,
                address: address?,
                members: members?,
                hardship_type: hardship_type?,
                needs: needs?,
                phone: phone?,
            })
        })
    }
}

/// A household in the office's table: its file and how much help it has had.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdSummary {
    pub id: HouseholdId,
    pub community_name: String,
    pub head: String,
    pub address: String,
    pub members: u8,
    pub hardship_type: String,
    pub needs: String,
    pub phone: String,
    /// The day the file was opened (China time).
    pub registered_on: NaiveDate,
    /// Service lines for the household that were not rejected, and their time.
    pub services: u32,
    pub served: Minutes,
    /// Wishes posted for the household.
    pub wishes: u32,
    /// Agreements in force today.
    pub agreements: u32,
    /// The most recent help of any kind.
    pub last_help: Option<NaiveDate>,
    /// Closed (销档): why and since when. `None` while the household is helped.
    #[serde(default)]
    pub closed: Option<super::household_closure::HouseholdClosure>,
}

impl HouseholdSummary {
    /// What the office form starts from when the file is updated.
    pub fn input(&self) -> HouseholdInput {
        HouseholdInput {
            head: self.head.clone(),
            address: self.address.clone(),
            members: self.members.to_string(),
            hardship_type: self.hardship_type.clone(),
            needs: self.needs.clone(),
            phone: self.phone.clone(),
        }
    }
}

/// What kind of help a household received.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpKind {
    /// A volunteer's service line (待审核 or 已核实).
    Service,
    /// A micro-wish posted for the household.
    Wish,
    /// An assistance agreement that started.
    Agreement,
    /// Aid (慰问) given to it: money or goods, from a partner or the community.
    Aid,
}

impl HelpKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            HelpKind::Service => lang.pick("志愿服务", "Service"),
            HelpKind::Wish => lang.pick("微心愿", "Wish"),
            HelpKind::Agreement => lang.pick("帮扶协议", "Agreement"),
            HelpKind::Aid => lang.pick("慰问", "Aid"),
        }
    }
}

/// One piece of help, for the household's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpItem {
    pub date: NaiveDate,
    pub kind: HelpKind,
    /// What was done or asked for.
    pub text: String,
    /// Who helped (volunteers' names), if anyone yet.
    pub who: String,
    pub minutes: Option<Minutes>,
    /// Verified (service), fulfilled (wish); false while still pending or open.
    pub done: bool,
}

/// A household's file with the help it received, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdHistory {
    pub household: HouseholdSummary,
    pub help: Vec<HelpItem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_household_file_validates_every_field() {
        let ok = HouseholdInput {
            head: "马桂兰".into(),
            address: "福康社区 3号楼 2单元 101".into(),
            members: "1".into(),
            hardship_type: "独居老人".into(),
            needs: "每周上门探望".into(),
            phone: String::new(),
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
    fn a_household_phone_is_optional_but_checked() {
        let mut input = HouseholdInput {
            head: "马桂兰".into(),
            address: "福康社区 3号楼 2单元 101".into(),
            members: "2".into(),
            hardship_type: "低保家庭".into(),
            needs: "代购".into(),
            phone: "010 6543 2100".into(),
        };
        let file = HouseholdFile::parse(&input).expect("valid");
        assert_eq!(
            file.phone.map(|p| p.as_str().to_string()).as_deref(),
            Some("010-65432100")
        );
        input.phone = "12345".into();
        let errors = HouseholdFile::parse(&input).expect_err("invalid phone");
        assert!(errors.for_field(Field::Phone).is_some());
    }
}
