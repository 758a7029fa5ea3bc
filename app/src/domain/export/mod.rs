//! The office's tables as plain rows with Chinese headers, for export to CSV and XLSX. The file
//! formats are written on the server; what goes in them is decided here, once.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod statistics;

pub use statistics::statistics_table;

use super::activity::ActivityView;
use super::agreement::AgreementView;
use super::household::HouseholdSummary;
use super::volunteer_table::VolunteerSummary;
use super::{Category, Lang, Minutes};

/// One cell: text stays text (a phone number must not become 1.38E+10), numbers are numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    pub(crate) fn hours(m: Minutes) -> Cell {
        Cell::Number((m.0 as f64 / 6.0).round() / 10.0)
    }

    pub(crate) fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub(crate) fn count(n: u32) -> Cell {
        Cell::Number(f64::from(n))
    }
}

/// A table ready to be written: its name (the sheet's and the file's), headers and rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

pub(crate) fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|h| h.to_string()).collect()
}

fn category_names(codes: &[String], categories: &[Category]) -> String {
    codes
        .iter()
        .map(|c| category_name(c, categories))
        .collect::<Vec<_>>()
        .join("、")
}

pub(crate) fn category_name(code: &str, categories: &[Category]) -> String {
    categories
        .iter()
        .find(|c| c.code == code)
        .map(|c| c.name_zh.clone())
        .unwrap_or_else(|| code.to_string())
}

fn date(d: Option<NaiveDate>) -> Cell {
    Cell::text(d.map(|d| d.to_string()).unwrap_or_default())
}

pub fn volunteers_table(
    rows: &[VolunteerSummary],
    categories: &[Category],
    today: NaiveDate,
) -> Table {
    Table {
        name: "志愿者档案".into(),
        headers: headers(&[
            "姓名",
            "性别",
            "出生年份",
            "年龄",
            "政治面貌",
            "手机号",
            "社区",
            "特长",
            "职业",
            "兴趣爱好",
            "服务意向",
            "注册日期",
            "本年已核实时长（小时）",
            "累计已核实时长（小时）",
            "最近服务日期",
            "近90天是否活跃",
        ]),
        rows: rows
            .iter()
            .map(|v| {
                vec![
                    Cell::text(&v.name),
                    Cell::text(v.gender.map(|g| g.label(Lang::Zh)).unwrap_or("")),
                    v.birth_year
                        .map(|y| Cell::Number(f64::from(y)))
                        .unwrap_or(Cell::text("")),
                    v.age(today)
                        .map(|a| Cell::Number(f64::from(a)))
                        .unwrap_or(Cell::text("")),
                    Cell::text(&v.political_status),
                    Cell::text(&v.phone),
                    Cell::text(&v.community_name),
                    Cell::text(&v.skills),
                    Cell::text(&v.occupation),
                    Cell::text(&v.hobbies),
                    Cell::text(category_names(&v.preferences, categories)),
                    Cell::text(&v.joined_on),
                    Cell::hours(v.verified_this_year),
                    Cell::hours(v.verified),
                    date(v.last_service),
                    Cell::text(if v.active(today) { "是" } else { "否" }),
                ]
            })
            .collect(),
    }
}

pub fn households_table(rows: &[HouseholdSummary]) -> Table {
    Table {
        name: "困难家庭档案".into(),
        headers: headers(&[
            "户主",
            "社区",
            "住址",
            "家庭人口",
            "困难类型",
            "需求",
            "联系电话",
            "建档日期",
            "服务次数",
            "服务时长（小时）",
            "心愿数",
            "在期帮扶协议",
            "最近帮扶日期",
            "档案状态",
        ]),
        rows: rows
            .iter()
            .map(|h| {
                vec![
                    Cell::text(&h.head),
                    Cell::text(&h.community_name),
                    Cell::text(&h.address),
                    Cell::count(u32::from(h.members)),
                    Cell::text(&h.hardship_type),
                    Cell::text(&h.needs),
                    Cell::text(&h.phone),
                    Cell::text(h.registered_on.to_string()),
                    Cell::count(h.services),
                    Cell::hours(h.served),
                    Cell::count(h.wishes),
                    Cell::count(h.agreements),
                    date(h.last_help),
                    Cell::text(match &h.closed {
                        Some(c) => {
                            format!("已销档（{}）{} {}", c.reason.label(Lang::Zh), c.on, c.note)
                                .trim_end()
                                .to_string()
                        }
                        None => "在档".into(),
                    }),
                ]
            })
            .collect(),
    }
}

/// The audit trail's rows as the page shows them (newest first), with times in China time.
pub fn audit_table(rows: &[super::audit::AuditRow]) -> Table {
    use super::clock::{china_clock, china_today};
    Table {
        name: "审计日志".into(),
        headers: headers(&[
            "序号", "时间", "人员", "身份", "操作", "对象", "详情", "设备",
        ]),
        rows: rows
            .iter()
            .map(|r| {
                let e = &r.entry;
                vec![
                    Cell::Number(r.seq as f64),
                    Cell::text(format!("{} {}", china_today(e.at), china_clock(e.at))),
                    Cell::text(&r.actor_name),
                    Cell::text(e.role.map(|role| role.label(Lang::Zh)).unwrap_or("")),
                    Cell::text(&e.action),
                    Cell::text(&e.subject),
                    Cell::text(&e.detail),
                    Cell::text(&e.device),
                ]
            })
            .collect(),
    }
}

pub fn agreements_table(rows: &[AgreementView], today: NaiveDate) -> Table {
    Table {
        name: "帮扶协议".into(),
        headers: headers(&[
            "帮扶家庭户主",
            "社区",
            "结对方式",
            "服务内容",
            "服务频次",
            "服务人员",
            "开始日期",
            "结束日期",
            "服务次数",
            "服务时长（小时）",
            "最近服务日期",
            "状态",
        ]),
        rows: rows
            .iter()
            .map(|a| {
                vec![
                    Cell::text(&a.household_head),
                    Cell::text(&a.community_name),
                    Cell::text(a.pairing.label(Lang::Zh)),
                    Cell::text(&a.content),
                    Cell::text(a.frequency.label(Lang::Zh)),
                    Cell::text(a.volunteer_names()),
                    Cell::text(a.start.to_string()),
                    Cell::text(a.end.to_string()),
                    Cell::count(a.services),
                    Cell::hours(a.served),
                    date(a.last_service),
                    Cell::text(a.status(today).label(Lang::Zh)),
                ]
            })
            .collect(),
    }
}

pub fn activities_table(rows: &[ActivityView], categories: &[Category]) -> Table {
    Table {
        name: "志愿活动".into(),
        headers: headers(&[
            "活动名称",
            "活动类型",
            "社区",
            "日期",
            "开始时间",
            "结束时间",
            "时长（小时）",
            "地点",
            "服务类别",
            "见证人",
            "参加人数",
            "参加人员",
            "状态",
        ]),
        rows: rows
            .iter()
            .map(|a| {
                vec![
                    Cell::text(&a.title),
                    Cell::text(a.kind.label(Lang::Zh)),
                    Cell::text(&a.community_name),
                    Cell::text(a.date.to_string()),
                    Cell::text(&a.start),
                    Cell::text(&a.end),
                    Cell::hours(a.minutes),
                    Cell::text(&a.place),
                    Cell::text(category_name(&a.category, categories)),
                    Cell::text(&a.witness),
                    Cell::count(a.attendees.len() as u32),
                    // Late arrivals and early departures with their own times, as on the page.
                    Cell::text(
                        a.attendees
                            .iter()
                            .map(|p| match &p.own_times {
                                Some((arrived, left)) => format!("{}（{arrived}–{left}）", p.name),
                                None => p.name.clone(),
                            })
                            .collect::<Vec<_>>()
                            .join("、"),
                    ),
                    Cell::text(if a.closed.is_some() {
                        "已结束"
                    } else {
                        "进行中"
                    }),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_have_one_decimal_and_text_stays_text() {
        assert_eq!(Cell::hours(Minutes(90)), Cell::Number(1.5));
        assert_eq!(Cell::hours(Minutes(20)), Cell::Number(0.3));
        let t = households_table(&[]);
        assert_eq!(t.headers[0], "户主");
        assert!(t.rows.is_empty());
    }
}
