//! The ledger's own lines as a file (服务记录明细): every service line and reversal of a period,
//! filtered by community, category and state, for staff to check against paper and for the
//! sub-district's reports. What a line's state is comes from its facts, as on the passbook.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError};
use super::export::{category_name, headers, Cell, Table};
use super::statistics::{Period, StatsInput};
use super::{Category, Minutes};

/// The most lines one file holds; a longer period is refused rather than cut silently.
pub const MAX_EXPORT_LINES: u32 = 100_000;

/// What the page asks for, as its query string carries it (blank: any).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LineQuery {
    pub from: String,
    pub to: String,
    /// A community's id (the admin's choice; staff get their own).
    pub community: String,
    /// A category code.
    pub category: String,
    /// "pending", "verified", "reversed", "rejected" or blank.
    pub state: String,
}

/// A line's state as its facts make it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineExportState {
    Pending,
    /// Verified and standing.
    Verified,
    /// Verified, then taken back by a reversal line (which is listed too).
    Reversed,
    Rejected,
}

impl LineExportState {
    pub fn code(self) -> &'static str {
        match self {
            LineExportState::Pending => "pending",
            LineExportState::Verified => "verified",
            LineExportState::Reversed => "reversed",
            LineExportState::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            LineExportState::Pending,
            LineExportState::Verified,
            LineExportState::Reversed,
            LineExportState::Rejected,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn zh(self) -> &'static str {
        match self {
            LineExportState::Pending => "待审核",
            LineExportState::Verified => "已核实",
            LineExportState::Reversed => "已冲正",
            LineExportState::Rejected => "未通过",
        }
    }
}

/// The checked filter: a period of service dates and, optionally, a category and a state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineFilter {
    pub period: Period,
    pub category: Option<String>,
    pub state: Option<LineExportState>,
}

impl LineFilter {
    /// Blank dates mean this year so far; an unknown state is refused, not ignored.
    pub fn parse(query: &LineQuery, today: NaiveDate) -> Result<Self, ValidationError> {
        let period = Period::parse(
            &StatsInput {
                from: query.from.clone(),
                to: query.to.clone(),
                ..Default::default()
            },
            today,
        )?;
        let state = match query.state.trim() {
            "" => None,
            code => Some(
                LineExportState::from_code(code).ok_or(ValidationError::Invalid(Field::Kind))?,
            ),
        };
        let category = Some(query.category.trim().to_string()).filter(|c| !c.is_empty());
        Ok(LineFilter {
            period,
            category,
            state,
        })
    }
}

/// One line of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineExportRow {
    pub date: NaiveDate,
    pub start: String,
    pub end: String,
    pub volunteer: String,
    pub community: String,
    pub category: String,
    pub place: String,
    pub content: String,
    /// Who it was for, in words.
    pub beneficiary: String,
    pub witness: String,
    /// Signed: a reversal's minutes are negative.
    pub minutes: Minutes,
    pub reversal: bool,
    pub state: LineExportState,
    /// Who verified or rejected it, on which China date, and why (a rejection's or reversal's
    /// reason); blank while pending.
    pub decided_by: String,
    pub decided_on: Option<NaiveDate>,
    pub reason: String,
}

pub fn lines_table(rows: &[LineExportRow], categories: &[Category]) -> Table {
    Table {
        name: "服务记录明细".into(),
        headers: headers(&[
            "服务日期",
            "开始时间",
            "结束时间",
            "志愿者",
            "社区",
            "服务类别",
            "地点",
            "服务内容",
            "服务对象",
            "见证人",
            "时长（小时）",
            "类型",
            "状态",
            "审核人",
            "审核日期",
            "原因",
        ]),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::text(r.date.to_string()),
                    Cell::text(&r.start),
                    Cell::text(&r.end),
                    Cell::text(&r.volunteer),
                    Cell::text(&r.community),
                    Cell::text(category_name(&r.category, categories)),
                    Cell::text(&r.place),
                    Cell::text(&r.content),
                    Cell::text(&r.beneficiary),
                    Cell::text(&r.witness),
                    Cell::hours(r.minutes),
                    Cell::text(if r.reversal { "冲正" } else { "服务" }),
                    Cell::text(r.state.zh()),
                    Cell::text(&r.decided_by),
                    Cell::text(r.decided_on.map(|d| d.to_string()).unwrap_or_default()),
                    Cell::text(&r.reason),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_defaults_to_this_year_and_refuses_an_unknown_state() {
        let today: NaiveDate = "2026-11-30".parse().expect("date");
        let all = LineFilter::parse(&LineQuery::default(), today).expect("valid");
        assert_eq!(all.period.from.to_string(), "2026-01-01");
        assert_eq!((all.category, all.state), (None, None));
        let picked = LineFilter::parse(
            &LineQuery {
                category: "tutoring".into(),
                state: "reversed".into(),
                ..LineQuery::default()
            },
            today,
        )
        .expect("valid");
        assert_eq!(picked.state, Some(LineExportState::Reversed));
        assert_eq!(picked.category.as_deref(), Some("tutoring"));
        let unknown = LineQuery {
            state: "approved".into(),
            ..LineQuery::default()
        };
        assert!(LineFilter::parse(&unknown, today).is_err());
    }

    #[test]
    fn a_reversal_counts_negative_hours_in_the_file() {
        let row = LineExportRow {
            date: "2026-11-02".parse().expect("date"),
            start: "09:00".into(),
            end: "10:30".into(),
            volunteer: "刘芳".into(),
            community: "福康社区".into(),
            category: "tutoring".into(),
            place: "社区服务站".into(),
            content: "冲正：时长登记有误".into(),
            beneficiary: String::new(),
            witness: String::new(),
            minutes: Minutes(-90),
            reversal: true,
            state: LineExportState::Verified,
            decided_by: "社区工作人员".into(),
            decided_on: None,
            reason: "时长登记有误".into(),
        };
        let table = lines_table(&[row], &[]);
        assert_eq!(table.rows[0][10], Cell::Number(-1.5));
        assert_eq!(table.rows[0][11], Cell::Text("冲正".into()));
        assert_eq!(table.headers.len(), table.rows[0].len());
    }
}
