//! Statistics (统计) the sub-district reports: for a period and one community (or all), the
//! volunteers registered and active, the households helped, the wishes posted, claimed and
//! fulfilled, the verified hours by category, month and community, the pairings — and the same
//! figures year by year, and the volunteers and their hours by 政治面貌. A household is helped
//! in a period by a verified service for it or by a wish for it confirmed fulfilled, counted
//! once however many ways. Every total is the sum of its parts, computed here from the parts the
//! store counted, never stored.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

mod chart;

pub use chart::{bar_chart, Chart};

use super::error::{Field, ValidationError};
use super::person::PoliticalStatus;
use super::{Lang, Minutes};

/// What staff ask for: a period (both days included) and, for the admin, a community.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatsInput {
    pub from: String,
    pub to: String,
    pub community: String,
    /// For a district's administrator: a sub-district's code, or `all`; empty for their own.
    pub sub_district: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The longest period one request covers (ten years of months is plenty for a report).
pub const MAX_PERIOD_DAYS: i64 = 3700;

impl Period {
    /// Empty dates mean this year so far (China time).
    pub fn parse(input: &StatsInput, today: NaiveDate) -> Result<Period, ValidationError> {
        let date = super::dates::parse_day_or;
        let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
        let from = date(&input.from, Field::StartDate, year_start)?;
        let to = date(&input.to, Field::EndDate, today)?;
        if to < from {
            return Err(ValidationError::EndDateBeforeStart);
        }
        if (to - from).num_days() > MAX_PERIOD_DAYS {
            return Err(ValidationError::OutOfRange {
                field: Field::EndDate,
                min: 0,
                max: MAX_PERIOD_DAYS,
            });
        }
        Ok(Period { from, to })
    }

    /// The months the period touches, "YYYY-MM", in order.
    pub fn months(&self) -> Vec<String> {
        let mut months = Vec::new();
        let (mut y, mut m) = (self.from.year(), self.from.month());
        while (y, m) <= (self.to.year(), self.to.month()) {
            months.push(format!("{y:04}-{m:02}"));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        months
    }
}

/// A labelled figure of a breakdown (a category, a month, a community).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub key: String,
    pub label: String,
    /// The English label where there is one (a category's English name).
    #[serde(default)]
    pub label_en: Option<String>,
    pub minutes: Minutes,
    /// Verified service lines behind the minutes.
    pub lines: u32,
}

impl Share {
    /// The label in `lang`: the English one when asked for and known, else the Chinese.
    pub fn label_in(&self, lang: Lang) -> &str {
        match (lang, &self.label_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.label,
        }
    }
}

/// One year's figures, as the sub-district's yearly report lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearFigures {
    pub year: i32,
    pub volunteers_active: u32,
    pub households_helped: u32,
    pub wishes_fulfilled: u32,
    pub hours: Minutes,
}

/// The counts a store makes for a period; totals are derived from them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statistics {
    pub period: Period,
    /// The community's name, or `None` for the whole sub-district.
    pub community: Option<String>,
    /// Registered by the end of the period, and of those joined within it.
    pub volunteers_registered: u32,
    pub volunteers_joined: u32,
    /// With at least one verified service dated in the period.
    pub volunteers_active: u32,
    /// Households helped in the period: a verified service for them (or for a wish posted for
    /// them), a wish posted for them confirmed fulfilled, or aid given to them. A household
    /// helped several ways counts once, so this is at most the sum of the three below.
    pub households_helped: u32,
    /// Of those, helped by a verified service.
    #[serde(default)]
    pub households_helped_by_service: u32,
    /// Of those, by a wish for them confirmed fulfilled.
    #[serde(default)]
    pub households_helped_by_wish: u32,
    /// Of those, by aid (慰问) given to them and not taken back.
    #[serde(default)]
    pub households_helped_by_aid: u32,
    /// The money given as aid in the period (gifts that stand).
    #[serde(default)]
    pub aid_money: crate::domain::aid::Fen,
    pub wishes_posted: u32,
    pub wishes_claimed: u32,
    pub wishes_fulfilled: u32,
    /// Agreements in force at some time in the period.
    pub pairings_one_on_one: u32,
    pub pairings_many_on_one: u32,
    pub by_category: Vec<Share>,
    pub by_month: Vec<Share>,
    pub by_community: Vec<Share>,
    /// Every 政治面貌 in the form's order, the empty ones too, then files without one.
    #[serde(default)]
    pub by_political: Vec<PoliticalFigures>,
    pub yearly: Vec<YearFigures>,
    /// A district's roll-up only: each sub-district's verified time (empty for one
    /// sub-district's own figures).
    #[serde(default)]
    pub by_sub_district: Vec<Share>,
}

/// Volunteers and their verified service under one 政治面貌: the seed's bank is led by party
/// members, and the sub-district reports on them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoliticalFigures {
    /// The term as stored (中共党员, 群众, …); empty for files that give none.
    pub status: String,
    /// Registered by the end of the period.
    pub registered: u32,
    /// With verified service dated in the period.
    pub active: u32,
    pub minutes: Minutes,
    pub lines: u32,
}

impl PoliticalFigures {
    pub fn label(&self, lang: Lang) -> String {
        match PoliticalStatus::from_zh(&self.status) {
            Some(status) => status.label(lang).to_string(),
            None if self.status.is_empty() => lang.pick("未填写", "Not given").to_string(),
            None => self.status.clone(),
        }
    }
}

/// What a store counted per stored 政治面貌, as the report lists it: the six of the form in
/// their order, each even when nobody holds it, then any other (an empty one last).
/// `served` is (status, minutes, lines, active volunteers).
pub fn by_political(
    registered: &[(String, u32)],
    served: &[(String, i64, i64, u32)],
) -> Vec<PoliticalFigures> {
    let mut statuses: Vec<String> = PoliticalStatus::ALL
        .iter()
        .map(|s| s.zh().to_string())
        .collect();
    let mut others: Vec<String> = registered
        .iter()
        .map(|(s, _)| s.clone())
        .chain(served.iter().map(|(s, ..)| s.clone()))
        .filter(|s| !statuses.contains(s))
        .collect();
    others.sort_by_key(|s| (s.is_empty(), s.clone()));
    others.dedup();
    statuses.extend(others);
    statuses
        .into_iter()
        .map(|status| {
            let people = registered
                .iter()
                .filter(|(s, _)| *s == status)
                .map(|(_, n)| *n)
                .sum();
            let (minutes, lines, active) = served
                .iter()
                .filter(|(s, ..)| *s == status)
                .fold((0, 0, 0), |(m, l, a), (_, minutes, lines, active)| {
                    (m + minutes, l + lines, a + active)
                });
            PoliticalFigures {
                status,
                registered: people,
                active,
                minutes: Minutes(minutes),
                lines: lines.max(0) as u32,
            }
        })
        .collect()
}

impl Statistics {
    /// What the figures cover, as a heading names it: a community, a sub-district, or a
    /// district's sub-districts added up.
    pub fn scope_label(&self, lang: Lang) -> String {
        match (&self.community, self.by_sub_district.as_slice()) {
            (Some(community), _) => community.clone(),
            (None, []) => lang.pick("全街道", "Whole sub-district").into(),
            (None, [one]) => one.label.clone(),
            (None, _) => lang.pick("全部街道", "All sub-districts").into(),
        }
    }

    /// Verified service time in the period: the sum of the lines, whichever way it is split.
    pub fn verified(&self) -> Minutes {
        self.by_category.iter().map(|s| s.minutes).sum()
    }

    pub fn lines(&self) -> u32 {
        self.by_category.iter().map(|s| s.lines).sum()
    }

    pub fn pairings(&self) -> u32 {
        self.pairings_one_on_one + self.pairings_many_on_one
    }
}

/// The page as the server renders it: the figures and their charts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatisticsReport {
    pub statistics: Statistics,
    pub charts: Vec<Chart>,
}

impl StatisticsReport {
    pub fn new(statistics: Statistics, lang: Lang) -> Self {
        let charts = vec![
            bar_chart(
                lang.pick("按服务类别统计的服务时长（小时）", "Hours by category"),
                &statistics.by_category,
                lang,
            ),
            bar_chart(
                lang.pick("按月份统计的服务时长（小时）", "Hours by month"),
                &statistics.by_month,
                lang,
            ),
            bar_chart(
                lang.pick("按社区统计的服务时长（小时）", "Hours by community"),
                &statistics.by_community,
                lang,
            ),
            bar_chart(
                lang.pick(
                    "按政治面貌统计的服务时长（小时）",
                    "Hours by political status",
                ),
                &statistics
                    .by_political
                    .iter()
                    .map(|p| Share {
                        key: p.status.clone(),
                        label: p.label(Lang::Zh),
                        label_en: Some(p.label(Lang::En)),
                        minutes: p.minutes,
                        lines: p.lines,
                    })
                    .collect::<Vec<_>>(),
                lang,
            ),
        ];
        StatisticsReport { statistics, charts }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn the_political_breakdown_lists_every_status_in_order_and_files_without_one_last() {
        let rows = by_political(
            &[("群众".into(), 5), ("中共党员".into(), 3), ("".into(), 1)],
            &[("中共党员".into(), 300, 2, 2), ("".into(), 60, 1, 1)],
        );
        let statuses: Vec<&str> = rows.iter().map(|r| r.status.as_str()).collect();
        assert_eq!(
            statuses,
            [
                "中共党员",
                "中共预备党员",
                "共青团员",
                "民主党派",
                "无党派人士",
                "群众",
                ""
            ]
        );
        assert_eq!(
            (rows[0].registered, rows[0].active, rows[0].minutes),
            (3, 2, Minutes(300))
        );
        assert_eq!(
            (rows[5].registered, rows[5].active, rows[5].minutes),
            (5, 0, Minutes(0))
        );
        assert_eq!(rows[6].label(Lang::Zh), "未填写");
        assert_eq!(
            rows[0].label(Lang::En),
            PoliticalStatus::PartyMember.label(Lang::En)
        );
        let total: Minutes = rows.iter().map(|r| r.minutes).sum();
        assert_eq!(
            total,
            Minutes(360),
            "every verified minute is under one status"
        );
    }

    #[test]
    fn a_period_defaults_to_this_year_and_checks_its_ends() {
        let today = day("2026-11-29");
        let p = Period::parse(&StatsInput::default(), today).expect("valid");
        assert_eq!((p.from, p.to), (day("2026-01-01"), today));
        let bad = StatsInput {
            from: "2026-05-01".into(),
            to: "2026-04-01".into(),
            ..Default::default()
        };
        assert_eq!(
            Period::parse(&bad, today),
            Err(ValidationError::EndDateBeforeStart)
        );
        let garbled = StatsInput {
            from: "2026-13-01".into(),
            ..Default::default()
        };
        assert_eq!(
            Period::parse(&garbled, today),
            Err(ValidationError::Invalid(Field::StartDate))
        );
    }

    #[test]
    fn months_span_year_ends() {
        let p = Period {
            from: day("2025-11-15"),
            to: day("2026-02-01"),
        };
        assert_eq!(p.months(), ["2025-11", "2025-12", "2026-01", "2026-02"]);
    }
}
