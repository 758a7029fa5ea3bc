//! The statistics of a period as one sheet for export: section, item, value.

use super::{headers, Cell, Table};
use crate::domain::statistics::Statistics;
use crate::domain::Lang;

/// The statistics of a period as one sheet: section, item, value.
pub fn statistics_table(st: &Statistics) -> Table {
    let scope = st.scope_label(Lang::Zh);
    let period = format!("{} 至 {}", st.period.from, st.period.to);
    let mut rows: Vec<Vec<Cell>> = vec![vec![
        Cell::text("统计范围"),
        Cell::text(scope),
        Cell::text(period),
    ]];
    let mut figure = |section: &str, item: &str, n: u32| {
        rows.push(vec![Cell::text(section), Cell::text(item), Cell::count(n)]);
    };
    figure("志愿者", "注册人数（截至期末）", st.volunteers_registered);
    figure("志愿者", "期内新注册", st.volunteers_joined);
    figure("志愿者", "期内参加服务人数", st.volunteers_active);
    figure("困难家庭", "期内受助户数", st.households_helped);
    figure(
        "困难家庭",
        "其中受服务户数",
        st.households_helped_by_service,
    );
    figure("困难家庭", "其中心愿实现户数", st.households_helped_by_wish);
    figure("困难家庭", "其中受慰问户数", st.households_helped_by_aid);
    figure("微心愿", "发布", st.wishes_posted);
    figure("微心愿", "认领", st.wishes_claimed);
    figure("微心愿", "实现", st.wishes_fulfilled);
    figure("结对帮扶", "一对一", st.pairings_one_on_one);
    figure("结对帮扶", "多对一", st.pairings_many_on_one);
    figure("志愿服务", "已核实服务记录（条）", st.lines());
    rows.push(vec![
        Cell::text("志愿服务"),
        Cell::text("已核实服务时长（小时）"),
        Cell::hours(st.verified()),
    ]);
    rows.push(vec![
        Cell::text("困难家庭"),
        Cell::text("期内慰问金（元）"),
        Cell::Number(st.aid_money.yuan()),
    ]);
    for (section, shares) in [
        ("按服务类别（小时）", &st.by_category),
        ("按月份（小时）", &st.by_month),
        ("按社区（小时）", &st.by_community),
        ("按街道（小时）", &st.by_sub_district),
    ] {
        for share in shares {
            rows.push(vec![
                Cell::text(section),
                Cell::text(&share.label),
                Cell::hours(share.minutes),
            ]);
        }
    }
    for p in &st.by_political {
        let status = p.label(Lang::Zh);
        rows.push(vec![
            Cell::text("按政治面貌"),
            Cell::text(format!("{status}注册人数")),
            Cell::count(p.registered),
        ]);
        rows.push(vec![
            Cell::text("按政治面貌"),
            Cell::text(format!("{status}参加服务人数")),
            Cell::count(p.active),
        ]);
        rows.push(vec![
            Cell::text("按政治面貌"),
            Cell::text(format!("{status}服务时长（小时）")),
            Cell::hours(p.minutes),
        ]);
    }
    for y in &st.yearly {
        let year = format!("{}年", y.year);
        rows.push(vec![
            Cell::text("年度统计"),
            Cell::text(format!("{year}参加服务人数")),
            Cell::count(y.volunteers_active),
        ]);
        rows.push(vec![
            Cell::text("年度统计"),
            Cell::text(format!("{year}受助户数")),
            Cell::count(y.households_helped),
        ]);
        rows.push(vec![
            Cell::text("年度统计"),
            Cell::text(format!("{year}实现心愿")),
            Cell::count(y.wishes_fulfilled),
        ]);
        rows.push(vec![
            Cell::text("年度统计"),
            Cell::text(format!("{year}服务时长（小时）")),
            Cell::hours(y.hours),
        ]);
    }
    Table {
        name: "统计报表".into(),
        headers: headers(&["统计项目", "分项", "数值"]),
        rows,
    }
}
