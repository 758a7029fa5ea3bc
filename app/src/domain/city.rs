//! A district or city that runs the bank for several sub-districts (街道) in one install: each
//! sub-district keeps its own database (its own file on SQLite, its own schema on PostgreSQL),
//! and the district's administrator reads their figures added up. The roll-up is computed here
//! from each sub-district's statistics, the same figures its own admin sees, so the district's
//! page always equals the sum of the sub-districts' pages.
//!
//! Every figure is a plain sum: a volunteer, a household and a wish belong to one sub-district's
//! files, so nobody is counted twice. (Someone who volunteers in two sub-districts has an account
//! in each and is counted in each, as each sub-district reports them.)

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::statistics::{by_political, Period, Share, Statistics, YearFigures};
use super::Minutes;

/// A sub-district of the install, as the district's administrator picks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubDistrictChoice {
    /// Its code in the install (`home` for the sub-district of the install's own database).
    pub code: String,
    pub name: String,
}

/// The code of the sub-district kept in the install's own database.
pub const HOME: &str = "home";

/// What the district's administrator asks the statistics for: one sub-district, or all.
pub const ALL_SUB_DISTRICTS: &str = "all";

/// A sub-district's code: 2 to 30 lowercase letters, digits or `-`, starting with a letter (it
/// names a file and a PostgreSQL schema, and appears in the page's address).
pub fn valid_code(code: &str) -> bool {
    (2..=30).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && code != HOME
        && code != ALL_SUB_DISTRICTS
}

/// The statistics of several sub-districts added up: `parts` are each sub-district's name and
/// its statistics for the same period (the whole sub-district, no community chosen).
/// Communities keep their sub-district's name in front ("东湖街道 · 第一社区"), and a breakdown
/// by sub-district is added.
pub fn roll_up(period: &Period, parts: Vec<(String, Statistics)>) -> Statistics {
    let mut total = Statistics {
        period: period.clone(),
        community: None,
        volunteers_registered: 0,
        volunteers_joined: 0,
        volunteers_active: 0,
        households_helped: 0,
        households_helped_by_service: 0,
        households_helped_by_wish: 0,
        households_helped_by_aid: 0,
        aid_money: Default::default(),
        wishes_posted: 0,
        wishes_claimed: 0,
        wishes_fulfilled: 0,
        pairings_one_on_one: 0,
        pairings_many_on_one: 0,
        by_category: Vec::new(),
        by_month: Vec::new(),
        by_community: Vec::new(),
        by_political: Vec::new(),
        yearly: Vec::new(),
        by_sub_district: Vec::new(),
    };
    let mut registered = Vec::new();
    let mut served = Vec::new();
    let mut years: HashMap<i32, YearFigures> = HashMap::new();
    for (name, st) in parts {
        total.volunteers_registered += st.volunteers_registered;
        total.volunteers_joined += st.volunteers_joined;
        total.volunteers_active += st.volunteers_active;
        total.households_helped += st.households_helped;
        total.households_helped_by_service += st.households_helped_by_service;
        total.households_helped_by_wish += st.households_helped_by_wish;
        total.households_helped_by_aid += st.households_helped_by_aid;
        total.aid_money.0 += st.aid_money.0;
        total.wishes_posted += st.wishes_posted;
        total.wishes_claimed += st.wishes_claimed;
        total.wishes_fulfilled += st.wishes_fulfilled;
        total.pairings_one_on_one += st.pairings_one_on_one;
        total.pairings_many_on_one += st.pairings_many_on_one;
        add_shares(&mut total.by_category, &st.by_category);
        add_shares(&mut total.by_month, &st.by_month);
        total
            .by_community
            .extend(st.by_community.iter().map(|c| Share {
                key: format!("{name}/{}", c.key),
                label: format!("{name} · {}", c.label),
                label_en: None,
                minutes: c.minutes,
                lines: c.lines,
            }));
        for p in &st.by_political {
            registered.push((p.status.clone(), p.registered));
            served.push((p.status.clone(), p.minutes.0, i64::from(p.lines), p.active));
        }
        for y in &st.yearly {
            let year = years.entry(y.year).or_insert(YearFigures {
                year: y.year,
                volunteers_active: 0,
                households_helped: 0,
                wishes_fulfilled: 0,
                hours: Minutes(0),
            });
            year.volunteers_active += y.volunteers_active;
            year.households_helped += y.households_helped;
            year.wishes_fulfilled += y.wishes_fulfilled;
            year.hours = year.hours + y.hours;
        }
        total.by_sub_district.push(Share {
            key: name.clone(),
            label: name,
            label_en: None,
            minutes: st.by_category.iter().map(|s| s.minutes).sum(),
            lines: st.by_category.iter().map(|s| s.lines).sum(),
        });
    }
    // The biggest category first, as each sub-district's page orders them.
    total
        .by_category
        .sort_by(|a, b| b.minutes.0.cmp(&a.minutes.0).then(a.key.cmp(&b.key)));
    total.by_month.sort_by(|a, b| a.key.cmp(&b.key));
    total.by_political = by_political(&registered, &served);
    let mut yearly: Vec<YearFigures> = years.into_values().collect();
    yearly.sort_by_key(|y| y.year);
    total.yearly = yearly;
    total
}

/// Adds `shares` into `into`, share by share of the same key.
fn add_shares(into: &mut Vec<Share>, shares: &[Share]) {
    for s in shares {
        match into.iter_mut().find(|t| t.key == s.key) {
            Some(t) => {
                t.minutes = t.minutes + s.minutes;
                t.lines += s.lines;
            }
            None => into.push(s.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::statistics::PoliticalFigures;
    use chrono::NaiveDate;

    fn share(key: &str, minutes: i64, lines: u32) -> Share {
        Share {
            key: key.into(),
            label: key.into(),
            label_en: None,
            minutes: Minutes(minutes),
            lines,
        }
    }

    fn period() -> Period {
        Period {
            from: NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"),
            to: NaiveDate::from_ymd_opt(2026, 2, 28).expect("a date"),
        }
    }

    fn sub_district(minutes: i64, helped: u32, party: u32) -> Statistics {
        let mut st = roll_up(&period(), Vec::new());
        st.volunteers_registered = 10;
        st.volunteers_active = 4;
        st.households_helped = helped;
        st.wishes_fulfilled = 1;
        st.aid_money.0 = 5_000;
        st.by_category = vec![share("health", minutes, 2), share("tutoring", 60, 1)];
        st.by_month = vec![share("2026-01", minutes, 2), share("2026-02", 60, 1)];
        st.by_community = vec![share("c1", minutes + 60, 3)];
        st.by_political = vec![PoliticalFigures {
            status: "中共党员".into(),
            registered: party,
            active: party,
            minutes: Minutes(minutes + 60),
            lines: 3,
        }];
        st.yearly = vec![YearFigures {
            year: 2026,
            volunteers_active: 4,
            households_helped: helped,
            wishes_fulfilled: 1,
            hours: Minutes(minutes + 60),
        }];
        st
    }

    #[test]
    fn every_figure_of_the_district_is_the_sum_of_its_sub_districts() {
        let parts = vec![
            ("东湖街道".to_string(), sub_district(120, 3, 2)),
            ("西湖街道".to_string(), sub_district(30, 5, 1)),
        ];
        let total = roll_up(&period(), parts);
        assert_eq!(total.volunteers_registered, 20);
        assert_eq!(total.volunteers_active, 8);
        assert_eq!(total.households_helped, 8);
        assert_eq!(total.wishes_fulfilled, 2);
        assert_eq!(total.aid_money.0, 10_000);
        assert_eq!(total.verified(), Minutes(120 + 60 + 30 + 60));
        assert_eq!(total.lines(), 6);
        // Categories added by key, the biggest first.
        assert_eq!(
            total
                .by_category
                .iter()
                .map(|s| (s.key.as_str(), s.minutes.0))
                .collect::<Vec<_>>(),
            [("health", 150), ("tutoring", 120)]
        );
        assert_eq!(total.by_month.len(), 2);
        assert_eq!(total.by_month[0].minutes, Minutes(150));
        // Each sub-district's communities, named with their sub-district.
        assert_eq!(total.by_community.len(), 2);
        assert_eq!(total.by_community[1].label, "西湖街道 · c1");
        assert_eq!(
            total
                .by_sub_district
                .iter()
                .map(|s| (s.label.as_str(), s.minutes.0))
                .collect::<Vec<_>>(),
            [("东湖街道", 180), ("西湖街道", 90)]
        );
        let party = total
            .by_political
            .iter()
            .find(|p| p.status == "中共党员")
            .expect("party members");
        assert_eq!((party.registered, party.minutes), (3, Minutes(270)));
        assert_eq!(total.yearly.len(), 1);
        assert_eq!(total.yearly[0].households_helped, 8);
        assert_eq!(total.yearly[0].hours, Minutes(270));
    }

    #[test]
    fn a_district_with_no_sub_district_counts_nothing() {
        let total = roll_up(&period(), Vec::new());
        assert_eq!(total.verified(), Minutes(0));
        assert!(total.by_sub_district.is_empty());
    }

    #[test]
    fn codes_name_files_and_schemas_safely() {
        assert!(valid_code("donghu"));
        assert!(valid_code("jiang-an-2"));
        for bad in [
            "", "a", "Donghu", "1donghu", "dong hu", "dong_hu", "home", "all", "东湖",
        ] {
            assert!(!valid_code(bad), "{bad}");
        }
    }
}
