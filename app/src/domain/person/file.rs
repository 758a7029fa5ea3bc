//! The volunteer file (志愿者档案): what a form sends, what is checked, what people see.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{BirthYear, Gender, PoliticalStatus};
use crate::domain::error::{Field, ValidationError, ValidationErrors};
use crate::domain::ids::PersonId;
use crate::domain::text::{Hobbies, Occupation, PersonName, Phone, Skills};

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
    /// "household" or "wish", as [`crate::domain::record::RecordInput::beneficiary_kind`].
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
}
