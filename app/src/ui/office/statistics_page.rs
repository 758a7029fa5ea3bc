//! Statistics (统计) for staff and the admin: a period (this year by default) and, for the
//! admin, a community or the whole sub-district. Figures, charts drawn on the server as SVG (so
//! they print as they show), the tables behind them with their totals, and the yearly figures.
//! The choice lives in the address, so a report can be bookmarked, printed or exported as is,
//! and so can the period's service records themselves.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{get_overview, statistics, sub_districts};
use crate::domain::statistics::{Share, Statistics, StatisticsReport, StatsInput};
use crate::domain::Lang;
use crate::ui::kit::community_choice::is_admin;
use crate::ui::office::line_export_panel::LineExportPanel;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let query = use_query_map();
    let asked = Memo::new(move |_| {
        query.with(|q| StatsInput {
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
            community: q.get("community").unwrap_or_default(),
            sub_district: q.get("sub_district").unwrap_or_default(),
        })
    });
    let report = LocalResource::new(move || statistics(asked.get(), Some(lang.get())));
    let admin = is_admin();
    let communities = LocalResource::new(get_overview);
    // A district's administrator also picks a sub-district (or all); empty for anyone else.
    let district = LocalResource::new(sub_districts);
    let sub_district = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let community = RwSignal::new(String::new());
    Effect::new(move |_| {
        let a = asked.get();
        from.set(a.from);
        to.set(a.to);
        community.set(a.community);
        sub_district.set(a.sub_district);
    });
    // No dates asked for: the server counted its default period; the fields show which.
    Effect::new(move |_| {
        if let Some(Ok(r)) = report.get() {
            if from.get_untracked().is_empty() && to.get_untracked().is_empty() {
                from.set(r.statistics.period.from.to_string());
                to.set(r.statistics.period.to.to_string());
            }
        }
    });
    let navigate = use_navigate();
    let go = move |from: String, to: String| {
        let (community, sub_district) = (community.get_untracked(), sub_district.get_untracked());
        // A sub-district is counted whole: the community choice is the admin's own sub-district's.
        let community = if sub_district.is_empty() {
            community
        } else {
            String::new()
        };
        let qs = query_string(&from, &to, &community, &sub_district);
        navigate(&format!("/office/statistics?{qs}"), Default::default());
    };
    let (go_form, go_year) = (go.clone(), go.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go_form(from.get_untracked(), to.get_untracked());
    };
    let this = chrono::Datelike::year(&crate::domain::clock::china_today(chrono::Utc::now()));
    let (year, last_year) = (this.to_string(), (this - 1).to_string());
    let whole_year = move |y: String| go_year(format!("{y}-01-01"), format!("{y}-12-31"));
    let (this_year_go, last_year_go) = (whole_year.clone(), whole_year);
    let (this_year, prior_year) = (year.clone(), last_year.clone());
    let export = move |format: &'static str| {
        let a = asked.get();
        format!(
            "/export/statistics.{format}?{}",
            query_string(&a.from, &a.to, &a.community, &a.sub_district)
        )
    };
    view! {
        <PageTitle zh="统计报表" en="Statistics"/>
        <section class="statistics" data-testid="statistics">
            <h2>{pick("统计报表", "Statistics")}</h2>
            <form class="filters no-print" on:submit=submit data-testid="statistics-form">
                <label>{pick("开始日期", "From")}
                    <input type="date" data-testid="stats-from" prop:value=from on:input=move |ev| from.set(event_target_value(&ev))/>
                </label>
                <label>{pick("结束日期", "To")}
                    <input type="date" data-testid="stats-to" prop:value=to on:input=move |ev| to.set(event_target_value(&ev))/>
                </label>
                {move || district.get().and_then(Result::ok).filter(|d| d.len() > 1).map(|d| view! {
                    <label>{pick("街道", "Sub-district")}
                        <select data-testid="stats-sub-district" prop:value=sub_district on:change=move |ev| sub_district.set(event_target_value(&ev))>
                            <option value="">{pick("本街道", "This sub-district")}</option>
                            <option value="all">{pick("全部街道合计", "All sub-districts")}</option>
                            {d.into_iter().filter(|c| c.code != crate::domain::city::HOME).map(|c| view! {
                                <option value=c.code>{c.name}</option>
                            }).collect_view()}
                        </select>
                    </label>
                })}
                {move || (admin() && sub_district.get().is_empty()).then(|| view! {
                    <label>{pick("社区", "Community")}
                        <select data-testid="stats-community" prop:value=community on:change=move |ev| community.set(event_target_value(&ev))>
                            <option value="">{pick("全街道", "Whole sub-district")}</option>
                            {move || communities.get().and_then(Result::ok).map(|o| o.communities.into_iter().map(|c| view! {
                                <option value=c.id>{c.name}</option>
                            }).collect_view())}
                        </select>
                    </label>
                })}
                <button type="submit" class="primary" data-testid="stats-go">{pick("查询", "Show")}</button>
                <button type="button" on:click=move |_| this_year_go(this_year.clone())>{move || match lang.get() { Lang::Zh => format!("{year}年"), Lang::En => year.clone() }}</button>
                <button type="button" on:click=move |_| last_year_go(prior_year.clone())>{move || match lang.get() { Lang::Zh => format!("{last_year}年"), Lang::En => last_year.clone() }}</button>
                <button type="button" on:click=move |_| { let _ = window().print(); }>{pick("打印", "Print")}</button>
                <a class="button" href=move || export("csv") download>{pick("导出 CSV", "CSV")}</a>
                <a class="button" href=move || export("xlsx") download data-testid="export-statistics-xlsx">{pick("导出 Excel", "Excel")}</a>
            </form>
            {move || asked.with(|a| a.sub_district.is_empty()).then(|| view! { <LineExportPanel asked/> })}
            {move || match report.get() {
                None => view! { <p class="hint">{pick("统计中…", "Counting…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert" data-testid="stats-failed">{e.message(lang.get())}</p> }.into_any(),
                Some(Ok(report)) => report_view(report, lang).into_any(),
            }}
        </section>
    }
    .into_any()
}

fn query_string(from: &str, to: &str, community: &str, sub_district: &str) -> String {
    [
        ("from", from),
        ("to", to),
        ("community", community),
        ("sub_district", sub_district),
    ]
    .iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("{k}={v}"))
    .collect::<Vec<_>>()
    .join("&")
}

fn report_view(report: StatisticsReport, lang: RwSignal<Lang>) -> impl IntoView {
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let st = report.statistics;
    let (from, to) = (st.period.from, st.period.to);
    let heading = match lang.get_untracked() {
        Lang::Zh => format!("{} · {from} 至 {to}", st.scope_label(Lang::Zh)),
        Lang::En => format!("{} · {from} to {to}", st.scope_label(Lang::En)),
    };
    let figure = move |zh: &'static str, en: &'static str, value: String, id: &'static str| {
        view! {
            <li class="card">
                <span class="value" data-testid=id>{value}</span>
                <span class="label">{move || lang.get().pick(zh, en)}</span>
            </li>
        }
    };
    view! {
        <h3 data-testid="stats-scope">{heading}</h3>
        <ul class="cards stats-figures">
            {figure("注册志愿者（截至期末）", "Volunteers registered", st.volunteers_registered.to_string(), "stat-registered")}
            {figure("期内新注册", "Joined in the period", st.volunteers_joined.to_string(), "stat-joined")}
            {figure("参加服务的志愿者", "Volunteers who served", st.volunteers_active.to_string(), "stat-active")}
            // Each way apart after the total; a household helped both ways counts once in the total.
            {figure("受助困难家庭（户）合计/受服务/心愿实现/慰问", "Households helped: all/by service/by a wish/by aid", format!("{}/{}/{}/{}", st.households_helped, st.households_helped_by_service, st.households_helped_by_wish, st.households_helped_by_aid), "stat-helped")}
            {figure("已核实服务时长（小时）", "Verified hours", st.verified().hours_text(), "stat-hours")}
            {figure("已核实服务记录（条）", "Verified records", st.lines().to_string(), "stat-lines")}
            {figure("微心愿 发布/认领/实现", "Wishes posted/claimed/fulfilled", format!("{}/{}/{}", st.wishes_posted, st.wishes_claimed, st.wishes_fulfilled), "stat-wishes")}
            {figure("结对帮扶 一对一/多对一", "Pairings one/many-on-one", format!("{}/{}", st.pairings_one_on_one, st.pairings_many_on_one), "stat-pairings")}
        </ul>
        <div class="charts">
            {report.charts.into_iter().map(|c| view! {
                <figure class="chart-box" data-testid="stats-chart">
                    <figcaption>{c.title.clone()}</figcaption>
                    <div inner_html=c.svg></div>
                </figure>
            }).collect_view()}
        </div>
        <div class="stats-tables">
            {share_table(pick("服务类别", "Category"), &st.by_category, lang, "table-category")}
            {share_table(pick("月份", "Month"), &st.by_month, lang, "table-month")}
            {share_table(pick("社区", "Community"), &st.by_community, lang, "table-community")}
            {(!st.by_sub_district.is_empty()).then(|| share_table(pick("街道", "Sub-district"), &st.by_sub_district, lang, "table-sub-district"))}
        </div>
        {political_table(&st, lang)}
        {yearly_table(&st, lang)}
    }
}

fn political_table(st: &Statistics, lang: RwSignal<Lang>) -> impl IntoView {
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let total: crate::domain::Minutes = st.by_political.iter().map(|p| p.minutes).sum();
    view! {
        <h3>{pick("按政治面貌统计", "By political status")}</h3>
        <div class="table-wrap">
        <table class="table" data-testid="table-political">
            <thead><tr>
                <th>{pick("政治面貌", "Political status")}</th>
                <th class="num">{pick("注册志愿者", "Registered")}</th>
                <th class="num">{pick("参加服务人数", "Volunteers who served")}</th>
                <th class="num">{pick("服务时长（小时）", "Hours")}</th>
            </tr></thead>
            <tbody>
                {st.by_political.iter().map(|p| view! {
                    <tr data-testid="political-row" data-status=p.status.clone()>
                        <td>{p.label(lang.get_untracked())}</td>
                        <td class="num">{p.registered}</td>
                        <td class="num">{p.active}</td>
                        <td class="num">{p.minutes.hours_text()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot><tr>
                <th>{pick("合计", "Total")}</th>
                <th class="num">{st.by_political.iter().map(|p| p.registered).sum::<u32>()}</th>
                <th class="num">{st.by_political.iter().map(|p| p.active).sum::<u32>()}</th>
                <th class="num" data-testid="table-political-total">{total.hours_text()}</th>
            </tr></tfoot>
        </table>
        </div>
    }
}

fn share_table(
    heading: impl Fn() -> &'static str + Send + Sync + Copy + 'static,
    shares: &[Share],
    lang: RwSignal<Lang>,
    id: &'static str,
) -> impl IntoView {
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let total_minutes: crate::domain::Minutes = shares.iter().map(|s| s.minutes).sum();
    let total_lines: u32 = shares.iter().map(|s| s.lines).sum();
    view! {
        <table class="table" data-testid=id>
            <thead><tr><th>{heading}</th><th class="num">{pick("记录（条）", "Records")}</th><th class="num">{pick("时长（小时）", "Hours")}</th></tr></thead>
            <tbody>
                {shares.iter().map(|s| view! {
                    <tr><td>{s.label_in(lang.get_untracked()).to_string()}</td><td class="num">{s.lines}</td><td class="num">{s.minutes.hours_text()}</td></tr>
                }).collect_view()}
            </tbody>
            <tfoot><tr><th>{pick("合计", "Total")}</th><th class="num">{total_lines}</th><th class="num" data-testid=format!("{id}-total")>{total_minutes.hours_text()}</th></tr></tfoot>
        </table>
    }
}

fn yearly_table(st: &Statistics, lang: RwSignal<Lang>) -> impl IntoView {
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    view! {
        <h3>{pick("年度统计", "Year by year")}</h3>
        <div class="table-wrap">
        <table class="table" data-testid="table-yearly">
            <thead><tr>
                <th>{pick("年份", "Year")}</th>
                <th class="num">{pick("参加服务人数", "Volunteers who served")}</th>
                <th class="num">{pick("受助户数", "Households helped")}</th>
                <th class="num">{pick("实现心愿", "Wishes fulfilled")}</th>
                <th class="num">{pick("服务时长（小时）", "Hours")}</th>
            </tr></thead>
            <tbody>
                {st.yearly.iter().map(|y| view! {
                    <tr data-testid="year-row" data-year=y.year.to_string()>
                        <td>{y.year}</td>
                        <td class="num">{y.volunteers_active}</td>
                        <td class="num">{y.households_helped}</td>
                        <td class="num">{y.wishes_fulfilled}</td>
                        <td class="num">{y.hours.hours_text()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
