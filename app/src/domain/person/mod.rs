//! People, their roles and what their file records about them (the file itself: [`file`]).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

mod file;

pub use file::{
    BeneficiaryChoice, ContactChange, ContactInput, FileView, VolunteerFile, VolunteerInput,
};

use super::error::{Field, ValidationError};
use super::ids::{CommunityId, PersonId};
use super::Lang;

/// What someone may do. Staff belong to one community; the admin to the whole sub-district; a
/// kiosk is a device that reads one community's wall and nothing else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Volunteer,
    Staff,
    Admin,
    Kiosk,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Volunteer => "volunteer",
            Role::Staff => "staff",
            Role::Admin => "admin",
            Role::Kiosk => "kiosk",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        [Role::Volunteer, Role::Staff, Role::Admin, Role::Kiosk]
            .into_iter()
            .find(|r| r.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Volunteer => lang.pick("志愿者", "Volunteer"),
            Role::Staff => lang.pick("社区工作人员", "Community staff"),
            Role::Admin => lang.pick("街道管理员", "Sub-district admin"),
            Role::Kiosk => lang.pick("心愿屏", "Kiosk"),
        }
    }
}

/// Who is calling, as the server established it from the session (never from the request body).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub person: PersonId,
    pub role: Role,
    /// `None` only for the admin.
    pub community: Option<CommunityId>,
}

impl Actor {
    /// Staff of `community`, or the admin: who may manage what happens in a community.
    pub fn manages(&self, community: &CommunityId) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Staff => self.community.as_ref() == Some(community),
            Role::Volunteer | Role::Kiosk => false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }
    pub fn from_code(code: &str) -> Option<Gender> {
        match code {
            "female" => Some(Gender::Female),
            "male" => Some(Gender::Male),
            _ => None,
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Gender::Female => lang.pick("女", "Female"),
            Gender::Male => lang.pick("男", "Male"),
        }
    }
}

/// 政治面貌, as Chinese forms list it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoliticalStatus {
    /// 中共党员
    PartyMember,
    /// 中共预备党员
    ProbationaryPartyMember,
    /// 共青团员
    LeagueMember,
    /// 民主党派
    DemocraticParty,
    /// 无党派人士
    NonParty,
    /// 群众
    Masses,
}

impl PoliticalStatus {
    pub const ALL: [PoliticalStatus; 6] = [
        PoliticalStatus::PartyMember,
        PoliticalStatus::ProbationaryPartyMember,
        PoliticalStatus::LeagueMember,
        PoliticalStatus::DemocraticParty,
        PoliticalStatus::NonParty,
        PoliticalStatus::Masses,
    ];

    /// The Chinese term, which is also what the database and exports hold.
    pub fn zh(self) -> &'static str {
        match self {
            PoliticalStatus::PartyMember => "中共党员",
            PoliticalStatus::ProbationaryPartyMember => "中共预备党员",
            PoliticalStatus::LeagueMember => "共青团员",
            PoliticalStatus::DemocraticParty => "民主党派",
            PoliticalStatus::NonParty => "无党派人士",
            PoliticalStatus::Masses => "群众",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => match self {
                PoliticalStatus::PartyMember => "CPC member",
                PoliticalStatus::ProbationaryPartyMember => "CPC probationary member",
                PoliticalStatus::LeagueMember => "Communist Youth League member",
                PoliticalStatus::DemocraticParty => "Democratic party member",
                PoliticalStatus::NonParty => "Non-party",
                PoliticalStatus::Masses => "Ordinary citizen",
            },
        }
    }

    pub fn from_zh(text: &str) -> Option<PoliticalStatus> {
        Self::ALL.into_iter().find(|s| s.zh() == text.trim())
    }

    /// A stored status (kept in Chinese) as `lang` reads it; text that is not one of ours as is.
    pub fn display(stored: &str, lang: Lang) -> String {
        Self::from_zh(stored).map_or_else(|| stored.to_string(), |s| s.label(lang).to_string())
    }
}

/// A year of birth; the age is derived from it and today's date, never stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BirthYear(i32);

impl BirthYear {
    /// Volunteers from 6 (children join family activities) to 110.
    pub fn parse(year: i32, today: NaiveDate) -> Result<Self, ValidationError> {
        let (min, max) = (today.year() - 110, today.year() - 6);
        if (min..=max).contains(&year) {
            Ok(BirthYear(year))
        } else {
            Err(ValidationError::OutOfRange {
                field: Field::BirthYear,
                min: min.into(),
                max: max.into(),
            })
        }
    }

    pub fn year(self) -> i32 {
        self.0
    }

    /// Age this calendar year (the birth date is not kept).
    pub fn age(self, today: NaiveDate) -> i32 {
        today.year() - self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).expect("date")
    }

    #[test]
    fn birth_year_bounds() {
        assert!(BirthYear::parse(2020, today()).is_ok());
        assert!(
            BirthYear::parse(2021, today()).is_err(),
            "five-year-olds do not open accounts"
        );
        assert!(BirthYear::parse(1916, today()).is_ok());
        assert!(BirthYear::parse(1915, today()).is_err());
    }

    #[test]
    fn political_statuses_round_trip_and_roles_parse() {
        for s in PoliticalStatus::ALL {
            assert_eq!(PoliticalStatus::from_zh(s.zh()), Some(s));
            assert_ne!(s.label(Lang::En), s.zh());
        }
        assert_eq!(PoliticalStatus::display("中共党员", Lang::En), "CPC member");
        assert_eq!(PoliticalStatus::display("中共党员", Lang::Zh), "中共党员");
        assert_eq!(
            PoliticalStatus::display("其他", Lang::En),
            "其他",
            "not ours: as stored"
        );
        for r in [Role::Volunteer, Role::Staff, Role::Admin, Role::Kiosk] {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
    }

    #[test]
    fn who_manages_a_community() {
        let a = CommunityId::new("a");
        let b = CommunityId::new("b");
        let staff = Actor {
            person: PersonId::new("s"),
            role: Role::Staff,
            community: Some(a.clone()),
        };
        let admin = Actor {
            person: PersonId::new("x"),
            role: Role::Admin,
            community: None,
        };
        let volunteer = Actor {
            person: PersonId::new("v"),
            role: Role::Volunteer,
            community: Some(a.clone()),
        };
        assert!(staff.manages(&a) && !staff.manages(&b));
        assert!(admin.manages(&a) && admin.manages(&b));
        assert!(!volunteer.manages(&a));
    }
}
