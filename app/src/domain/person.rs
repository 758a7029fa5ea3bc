//! People, their roles and the volunteer file (志愿者档案).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError, ValidationErrors};
use super::ids::{CommunityId, PersonId};
use super::text::{Hobbies, Occupation, PersonName, Phone, Skills};
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

/// What a form sends to open an account or change a file: raw, unvalidated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
// Missing fields read as empty, so a form that leaves one out gets "required", not a failure.
#[serde(default)]
pub struct VolunteerInput {
    pub name: String,
    pub gender: String,
    pub birth_year: String,
    pub political_status: String,
    pub phone: String,
    pub skills: String,
    /// Category codes.
    pub preferences: Vec<String>,
    /// 职业 (optional).
    pub occupation: String,
    /// 兴趣爱好 (optional).
    pub hobbies: String,
}

/// A validated volunteer file (its community and joining date are set by the server).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolunteerFile {
    pub name: PersonName,
    pub gender: Gender,
    pub birth_year: BirthYear,
    pub political_status: PoliticalStatus,
    pub phone: Phone,
    pub skills: Skills,
    pub preferences: Vec<String>,
    pub occupation: Occupation,
    pub hobbies: Hobbies,
}

impl VolunteerFile {
    /// Checks every field and reports every problem at once. `categories` are the known codes.
    pub fn parse(
        input: &VolunteerInput,
        categories: &[&str],
        today: NaiveDate,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = errors.take(PersonName::parse(&input.name));
        let gender = errors.take(
            Gender::from_code(input.gender.trim()).ok_or(ValidationError::Required(Field::Gender)),
        );
        let birth_year = errors.take(
            input
                .birth_year
                .trim()
                .parse::<i32>()
                .map_err(|_| {
                    if input.birth_year.trim().is_empty() {
                        ValidationError::Required(Field::BirthYear)
                    } else {
                        ValidationError::Invalid(Field::BirthYear)
                    }
                })
                .and_then(|y| BirthYear::parse(y, today)),
        );
        let political_status = errors.take(
            PoliticalStatus::from_zh(&input.political_status)
                .ok_or(ValidationError::Required(Field::PoliticalStatus)),
        );
        let phone = errors.take(Phone::parse(&input.phone));
        let skills = errors.take(Skills::parse(&input.skills));
        let preferences = errors
            .take(parse_preferences(&input.preferences, categories))
            .unwrap_or_default();
        let occupation = errors.take(Occupation::parse(&input.occupation));
        let hobbies = errors.take(Hobbies::parse(&input.hobbies));
        errors.finish(|| {
            Some(VolunteerFile {
                name: name?,
                gender: gender?,
                birth_year: birth_year?,
                political_status: political_status?,
                phone: phone?,
                skills: skills?,
                preferences,
                occupation: occupation?,
                hobbies: hobbies?,
            })
        })
    }
}

/// Service preferences: known category codes only, each once, in the order given.
fn parse_preferences(
    codes: &[String],
    categories: &[&str],
) -> Result<Vec<String>, ValidationError> {
    let mut preferences: Vec<String> = Vec::new();
    for code in codes {
        if !categories.contains(&code.as_str()) {
            return Err(ValidationError::Invalid(Field::Preferences));
        }
        if !preferences.contains(code) {
            preferences.push(code.clone());
        }
    }
    Ok(preferences)
}

/// What a volunteer may change in their own file (我的档案): how to reach them, what they can do
/// and what they like to do. Name, birth year and the rest are changed by staff.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactInput {
    pub phone: String,
    pub skills: String,
    /// Category codes.
    pub preferences: Vec<String>,
}

/// A validated [`ContactInput`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactChange {
    pub phone: Phone,
    pub skills: Skills,
    pub preferences: Vec<String>,
}

impl ContactChange {
    pub fn parse(input: &ContactInput, categories: &[&str]) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let phone = errors.take(Phone::parse(&input.phone));
        let skills = errors.take(Skills::parse(&input.skills));
        let preferences = errors
            .take(parse_preferences(&input.preferences, categories))
            .unwrap_or_default();
        errors.finish(|| {
            Some(ContactChange {
                phone: phone?,
                skills: skills?,
                preferences,
            })
        })
    }
}

/// A volunteer's file as they (and their community's staff) see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileView {
    pub person: PersonId,
    pub name: String,
    pub gender: Option<Gender>,
    pub birth_year: Option<i32>,
    pub political_status: String,
    pub phone: String,
    pub skills: String,
    pub preferences: Vec<String>,
    pub community_name: Option<String>,
    /// 职业 and 兴趣爱好 (empty when not given).
    #[serde(default)]
    pub occupation: String,
    #[serde(default)]
    pub hobbies: String,
    /// YYYY-MM-DD
    pub joined_on: String,
    /// The identity card number staff recorded, masked: the volunteer's own screens never
    /// hold it whole.
    #[serde(default)]
    pub id_card_masked: Option<String>,
    /// Whom the volunteer serves, for the service form's "for whom": wishes they claimed and
    /// households they served before.
    #[serde(default)]
    pub beneficiaries: Vec<BeneficiaryChoice>,
}

/// One choice of the service form's "for whom".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BeneficiaryChoice {
    /// "household" or "wish", as [`super::record::RecordInput::beneficiary_kind`].
    pub kind: String,
    pub id: String,
    /// The household's head or the wish's words.
    pub label: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).expect("date")
    }

    fn input() -> VolunteerInput {
        VolunteerInput {
            name: "刘芳".into(),
            gender: "female".into(),
            birth_year: "1996".into(),
            political_status: "共青团员".into(),
            phone: "13800138000".into(),
            skills: "英语辅导".into(),
            preferences: vec!["tutoring".into(), "tutoring".into()],
            occupation: "教师".into(),
            hobbies: "书法、太极".into(),
        }
    }

    #[test]
    fn a_contact_change_reports_each_bad_field_and_drops_repeated_preferences() {
        let good = ContactInput {
            phone: "138 0013 8000".into(),
            skills: "水电维修".into(),
            preferences: vec!["repair".into(), "repair".into()],
        };
        let change = ContactChange::parse(&good, &["repair"]).expect("valid");
        assert_eq!(change.phone.as_str(), "13800138000");
        assert_eq!(change.preferences, ["repair"]);
        let bad = ContactInput {
            phone: "12".into(),
            preferences: vec!["flying".into()],
            ..good
        };
        let errors = ContactChange::parse(&bad, &["repair"]).expect_err("invalid");
        let fields: Vec<Field> = errors.0.iter().map(|e| e.field()).collect();
        assert_eq!(fields, [Field::Phone, Field::Preferences]);
    }

    #[test]
    fn a_complete_file_parses_and_age_is_derived() {
        let file = VolunteerFile::parse(&input(), &["tutoring"], today()).expect("valid");
        assert_eq!(file.birth_year.age(today()), 30);
        assert_eq!(file.preferences, ["tutoring"], "duplicates removed");
        assert_eq!(file.political_status, PoliticalStatus::LeagueMember);
        assert_eq!(
            (file.occupation.as_str(), file.hobbies.as_str()),
            ("教师", "书法、太极")
        );
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = VolunteerInput {
            name: " ".into(),
            gender: "x".into(),
            birth_year: "1800".into(),
            political_status: "".into(),
            phone: "123".into(),
            skills: "s".repeat(201),
            preferences: vec!["nope".into()],
            occupation: "o".repeat(51),
            hobbies: "a\u{7}".into(),
        };
        let errors = VolunteerFile::parse(&bad, &["tutoring"], today()).expect_err("invalid");
        for field in [
            Field::Name,
            Field::Gender,
            Field::BirthYear,
            Field::PoliticalStatus,
            Field::Phone,
            Field::Skills,
            Field::Preferences,
            Field::Occupation,
            Field::Hobbies,
        ] {
            assert!(errors.for_field(field).is_some(), "{field:?} not reported");
        }
        assert_eq!(errors.0.len(), 9);
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
