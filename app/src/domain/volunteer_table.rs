//! The office's table of volunteer files (志愿者档案): one row per volunteer with the hours staff
//! report on, and the search, filters and order staff use to find people. The same selection
//! runs in the browser (the table) and on the server (its export), so an export holds exactly
//! the rows on screen.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::ids::PersonId;
use super::person::Gender;
use super::text::percent_encode;
use super::{Lang, Minutes};

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolunteerSummary {
    pub person: PersonId,
    pub name: String,
    pub phone: String,
    pub community_name: String,
    pub gender: Option<Gender>,
    pub birth_year: Option<i32>,
    pub political_status: String,
    pub skills: String,
    /// 职业 and 兴趣爱好 (empty when not given).
    #[serde(default)]
    pub occupation: String,
    #[serde(default)]
    pub hobbies: String,
    /// Category codes of the service the volunteer prefers.
    pub preferences: Vec<String>,
    pub joined_on: String,
    /// Verified service time, in total and in the current year (China time).
    pub verified: Minutes,
    pub verified_this_year: Minutes,
    /// The date of their latest service line that was not rejected.
    pub last_service: Option<NaiveDate>,
    /// Deactivated by staff (moved away, deceased): the reason. Their file and hours stay.
    #[serde(default)]
    pub deactivated: Option<String>,
}

/// A volunteer is active who served in the last 90 days.
pub const ACTIVE_DAYS: i64 = 90;

impl VolunteerSummary {
    pub fn age(&self, today: NaiveDate) -> Option<i32> {
        self.birth_year.map(|y| today.year() - y)
    }

    pub fn active(&self, today: NaiveDate) -> bool {
        self.last_service
            .is_some_and(|d| (today - d).num_days() < ACTIVE_DAYS && d <= today)
    }
}

/// Age bands as the sub-district reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    /// 35 and under (青年).
    Youth,
    /// 36 to 59.
    Middle,
    /// 60 and over (老年).
    Senior,
}

impl AgeBand {
    pub const ALL: [AgeBand; 3] = [AgeBand::Youth, AgeBand::Middle, AgeBand::Senior];

    pub fn code(self) -> &'static str {
        match self {
            AgeBand::Youth => "youth",
            AgeBand::Middle => "middle",
            AgeBand::Senior => "senior",
        }
    }

    pub fn from_code(code: &str) -> Option<AgeBand> {
        AgeBand::ALL.into_iter().find(|b| b.code() == code)
    }

    pub fn of(age: i32) -> AgeBand {
        match age {
            ..=35 => AgeBand::Youth,
            36..=59 => AgeBand::Middle,
            _ => AgeBand::Senior,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AgeBand::Youth => lang.pick("35岁及以下", "35 and under"),
            AgeBand::Middle => lang.pick("36–59岁", "36–59"),
            AgeBand::Senior => lang.pick("60岁及以上", "60 and over"),
        }
    }
}

/// What staff chose above the table; also the export's query string. Empty means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VolunteerQuery {
    /// Part of a name, phone number or skill.
    pub search: String,
    pub community: String,
    /// A category code among the preferences.
    pub category: String,
    /// Part of the skills text.
    pub skill: String,
    pub political: String,
    /// An [`AgeBand`] code.
    pub age: String,
    /// "active" or "inactive" (in the last [`ACTIVE_DAYS`] days).
    pub activity: String,
    /// "name" (default), "year", "total", "age" or "last".
    pub sort: String,
    pub descending: bool,
}

impl VolunteerQuery {
    fn keeps(&self, v: &VolunteerSummary, today: NaiveDate) -> bool {
        let search = self.search.trim();
        let skill = self.skill.trim();
        (search.is_empty()
            || v.name.contains(search)
            || v.phone.contains(search)
            || v.skills.contains(search))
            && (self.community.is_empty() || v.community_name == self.community)
            && (self.category.is_empty() || v.preferences.contains(&self.category))
            && (skill.is_empty() || v.skills.contains(skill))
            && (self.political.is_empty() || v.political_status == self.political)
            && match AgeBand::from_code(&self.age) {
                None => true,
                Some(band) => v.age(today).is_some_and(|a| AgeBand::of(a) == band),
            }
            && match self.activity.as_str() {
                "active" => v.active(today),
                "inactive" => !v.active(today),
                _ => true,
            }
    }

    /// The rows to show, in the chosen order (ties by name, then id, so the order is stable).
    pub fn select(&self, all: &[VolunteerSummary], today: NaiveDate) -> Vec<VolunteerSummary> {
        let mut rows: Vec<VolunteerSummary> = all
            .iter()
            .filter(|v| self.keeps(v, today))
            .cloned()
            .collect();
        rows.sort_by(|a, b| {
            let by = match self.sort.as_str() {
                "year" => a.verified_this_year.cmp(&b.verified_this_year),
                "total" => a.verified.cmp(&b.verified),
                "age" => a.age(today).cmp(&b.age(today)),
                "last" => a.last_service.cmp(&b.last_service),
                _ => std::cmp::Ordering::Equal,
            };
            let by = if self.descending { by.reverse() } else { by };
            by.then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.person.cmp(&b.person))
        });
        rows
    }

    /// The query as a URL query string (for the export links).
    pub fn to_query_string(&self) -> String {
        let pairs = [
            ("search", self.search.as_str()),
            ("community", self.community.as_str()),
            ("category", self.category.as_str()),
            ("skill", self.skill.as_str()),
            ("political", self.political.as_str()),
            ("age", self.age.as_str()),
            ("activity", self.activity.as_str()),
            ("sort", self.sort.as_str()),
        ];
        let mut out: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect();
        if self.descending {
            out.push("descending=true".into());
        }
        out.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).expect("date")
    }

    fn volunteer(name: &str, born: i32, year: i64, last: Option<&str>) -> VolunteerSummary {
        VolunteerSummary {
            person: PersonId::new(format!("id-{name}")),
            name: name.into(),
            phone: "13800010000".into(),
            community_name: "福康社区".into(),
            gender: Some(Gender::Female),
            birth_year: Some(born),
            political_status: "中共党员".into(),
            skills: "英语辅导、理发".into(),
            occupation: String::new(),
            hobbies: String::new(),
            preferences: vec!["tutoring".into()],
            joined_on: "2026-01-01".into(),
            verified: Minutes(year * 2),
            verified_this_year: Minutes(year),
            last_service: last.map(|d| d.parse().expect("date")),
            deactivated: None,
        }
    }

    #[test]
    fn active_means_served_in_the_last_ninety_days() {
        assert!(volunteer("甲", 1990, 60, Some("2026-09-01")).active(today()));
        assert!(!volunteer("乙", 1990, 60, Some("2026-08-30")).active(today()));
        assert!(!volunteer("丙", 1990, 60, None).active(today()));
    }

    #[test]
    fn filters_combine_and_sorting_is_stable() {
        let all = vec![
            volunteer("王", 1960, 300, Some("2026-11-01")),
            volunteer("李", 2000, 120, Some("2026-01-01")),
            volunteer("张", 1980, 300, None),
        ];
        let seniors = VolunteerQuery {
            age: "senior".into(),
            ..Default::default()
        };
        let names =
            |rows: Vec<VolunteerSummary>| rows.into_iter().map(|v| v.name).collect::<Vec<_>>();
        assert_eq!(names(seniors.select(&all, today())), ["王"]);
        let inactive_by_year = VolunteerQuery {
            activity: "inactive".into(),
            sort: "year".into(),
            descending: true,
            ..Default::default()
        };
        assert_eq!(names(inactive_by_year.select(&all, today())), ["张", "李"]);
        let search = VolunteerQuery {
            search: "理发".into(),
            category: "elderly".into(),
            ..Default::default()
        };
        assert!(
            search.select(&all, today()).is_empty(),
            "no one prefers elderly care"
        );
        let ties = VolunteerQuery {
            sort: "total".into(),
            descending: true,
            ..Default::default()
        };
        assert_eq!(
            names(ties.select(&all, today())),
            ["张", "王", "李"],
            "ties by name"
        );
    }

    #[test]
    fn the_query_string_round_trips_chinese() {
        let q = VolunteerQuery {
            community: "福康社区".into(),
            descending: true,
            ..Default::default()
        };
        assert_eq!(
            q.to_query_string(),
            "community=%E7%A6%8F%E5%BA%B7%E7%A4%BE%E5%8C%BA&descending=true"
        );
    }
}
