//! Assistance agreements (帮扶协议): one-on-one (一对一) or many-on-one (多对一), pairing a
//! household in need with volunteers — what they do, how often, from when to when — and whether
//! the service keeps up with it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError, ValidationErrors};
use super::ids::{AgreementId, HouseholdId, PersonId};
use super::text::clean;
use super::{Lang, Minutes};

/// One-on-one (一对一) or many-on-one (多对一).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pairing {
    OneOnOne,
    ManyOnOne,
}

impl Pairing {
    pub fn code(self) -> &'static str {
        match self {
            Pairing::OneOnOne => "one_on_one",
            Pairing::ManyOnOne => "many_on_one",
        }
    }

    pub fn from_code(code: &str) -> Option<Pairing> {
        match code {
            "one_on_one" => Some(Pairing::OneOnOne),
            "many_on_one" => Some(Pairing::ManyOnOne),
            _ => None,
        }
    }

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

    pub fn code(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::Fortnightly => "fortnightly",
            Frequency::Monthly => "monthly",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Frequency::Weekly => lang.pick("每周一次", "Weekly"),
            Frequency::Fortnightly => lang.pick("每两周一次", "Every two weeks"),
            Frequency::Monthly => lang.pick("每月一次", "Monthly"),
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
            "" => Err(ValidationError::Required(Field::Household)),
            id => Ok(HouseholdId::new(id)),
        });
        let pairing = errors.take(
            Pairing::from_code(input.pairing.trim())
                .ok_or(ValidationError::Required(Field::Pairing)),
        );
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
        let date = super::dates::parse_day;
        let start = errors.take(date(&input.start, Field::StartDate));
        let end = errors.take(date(&input.end, Field::EndDate));
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                errors.0.push(ValidationError::EndDateBeforeStart);
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
        behind_schedule(self.frequency, self.start, self.end, last_service, today)
    }
}

/// See [`Agreement::behind_schedule`]; for an agreement read back from the store.
pub fn behind_schedule(
    frequency: Frequency,
    start: NaiveDate,
    end: NaiveDate,
    last_service: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    if today < start || today > end {
        return false;
    }
    let since = last_service.filter(|d| *d >= start).unwrap_or(start);
    (today - since).num_days() > frequency.days()
}

/// A volunteer named on an agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementVolunteer {
    pub person: PersonId,
    pub name: String,
    pub phone: String,
}

/// An agreement as the office lists and prints it, with how it is being kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementView {
    pub id: AgreementId,
    pub community_name: String,
    pub household: HouseholdId,
    pub household_head: String,
    pub household_address: String,
    pub household_phone: String,
    pub pairing: Pairing,
    pub content: String,
    pub frequency: Frequency,
    pub volunteers: Vec<AgreementVolunteer>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The day it was made (China time) and by whom.
    pub made_on: NaiveDate,
    pub made_by: String,
    /// Service lines (not rejected) by its volunteers for its household within its dates.
    pub services: u32,
    pub served: Minutes,
    pub last_service: Option<NaiveDate>,
    /// Behind schedule today (see [`behind_schedule`]).
    pub behind: bool,
}

impl AgreementView {
    pub fn status(&self, today: NaiveDate) -> AgreementStatus {
        if today < self.start {
            AgreementStatus::NotStarted
        } else if today > self.end {
            AgreementStatus::Ended
        } else if self.behind {
            AgreementStatus::Behind
        } else {
            AgreementStatus::OnSchedule
        }
    }

    pub fn volunteer_names(&self) -> String {
        self.volunteers
            .iter()
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgreementStatus {
    NotStarted,
    OnSchedule,
    Behind,
    Ended,
}

impl AgreementStatus {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AgreementStatus::NotStarted => lang.pick("未开始", "Not started"),
            AgreementStatus::OnSchedule => lang.pick("按计划", "On schedule"),
            AgreementStatus::Behind => lang.pick("已滞后", "Behind schedule"),
            AgreementStatus::Ended => lang.pick("已结束", "Ended"),
        }
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
        assert!(errors.0.contains(&ValidationError::EndDateBeforeStart));
    }
}
