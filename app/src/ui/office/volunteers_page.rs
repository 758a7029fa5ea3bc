//! The volunteers' files (志愿者档案) for staff: a table to search, filter and sort — community,
//! preferred service, skill, political status, age band, active in the last 90 days — with each
//! volunteer's verified hours this year and in total; export what is on screen; open one to see
//! the file and the passbook, or to set a new password.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{issue_certificate, list_categories, volunteers, ApiError};
use crate::domain::clock::china_today;
use crate::domain::person::PoliticalStatus;
use crate::domain::volunteer_table::{AgeBand, VolunteerQuery, VolunteerSummary};
use crate::domain::{Category, Lang};
use crate::ui::kit::category_label::category_label;
use crate::ui::kit::reveal::reveal_when_mounted;
use crate::ui::office::deactivation_form::DeactivationForm;
use crate::ui::office::id_card_form::IdCardForm;
use crate::ui::office::reset_password_form::ResetPassword;
use crate::ui::office::staff_passbook::StaffPassbook;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn VolunteersPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let reload = RwSignal::new(0_u32);
    let list = LocalResource::new(move || {
        reload.get();
        volunteers()
    });
    let categories = LocalResource::new(list_categories);
    let query = RwSignal::new(VolunteerQuery::default());
    let open = RwSignal::new(None::<VolunteerSummary>);
    let resetting = RwSignal::new(None::<String>);
    let today = china_today(chrono::Utc::now());
    let set = move |apply: fn(&mut VolunteerQuery, String)| {
        move |ev: leptos::ev::Event| query.update(|q| apply(q, event_target_value(&ev)))
    };
    let export = move |format: &'static str| {
        format!(
            "/export/volunteers.{format}?{}",
            query.with(VolunteerQuery::to_query_string)
        )
    };
    let communities = move || {
        let mut names: Vec<String> = list
            .get()
            .and_then(Result::ok)
            .map(|l| l.into_iter().map(|v| v.community_name).collect())
            .unwrap_or_default();
        names.sort();
        names.dedup();
        names
    };
    view! {
        <PageTitle zh="志愿者档案" en="Volunteers"/>
        <section class="volunteers" data-testid="volunteers">
            <h2>{pick("志愿者档案", "Volunteer files")}</h2>
            <div class="filters" role="search">
                <label>{pick("搜索", "Search")}
                    <input type="search" data-testid="volunteer-search" placeholder=pick("姓名、手机号或特长", "Name, phone or skill")
                        on:input=set(|q, v| q.search = v)/>
                </label>
                {move || (communities().len() > 1).then(|| view! {
                    <label>{pick("社区", "Community")}
                        <select data-testid="filter-community" on:change=set(|q, v| q.community = v)>
                            <option value="">{pick("全部", "All")}</option>
                            {communities().into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                })}
                <label>{pick("服务意向", "Preference")}
                    <select data-testid="filter-category" on:change=set(|q, v| q.category = v)>
                        <option value="">{pick("全部", "All")}</option>
                        {move || categories.get().and_then(Result::ok).map(|all| all.into_iter().map(|c| view! {
                            <option value=c.code.clone()>{category_name(&c, lang.get())}</option>
                        }).collect_view())}
                    </select>
                </label>
                <label>{pick("特长", "Skill")}
                    <input type="text" data-testid="filter-skill" size="8" on:input=set(|q, v| q.skill = v)/>
                </label>
                <label>{pick("政治面貌", "Political status")}
                    <select data-testid="filter-political" on:change=set(|q, v| q.political = v)>
                        <option value="">{pick("全部", "All")}</option>
                        {PoliticalStatus::ALL.into_iter().map(|s| view! { <option value=s.zh()>{move || s.label(lang.get())}</option> }).collect_view()}
                    </select>
                </label>
                <label>{pick("年龄段", "Age")}
                    <select data-testid="filter-age" on:change=set(|q, v| q.age = v)>
                        <option value="">{pick("全部", "All")}</option>
                        {AgeBand::ALL.into_iter().map(|b| view! { <option value=b.code()>{move || b.label(lang.get())}</option> }).collect_view()}
                    </select>
                </label>
                <label>{pick("近90天", "Last 90 days")}
                    <select data-testid="filter-activity" on:change=set(|q, v| q.activity = v)>
                        <option value="">{pick("全部", "All")}</option>
                        <option value="active">{pick("活跃", "Active")}</option>
                        <option value="inactive">{pick("未服务", "Inactive")}</option>
                    </select>
                </label>
                <a class="button" href=move || export("csv") download data-testid="export-volunteers-csv">{pick("导出 CSV", "CSV")}</a>
                <a class="button" href=move || export("xlsx") download data-testid="export-volunteers-xlsx">{pick("导出 Excel", "Excel")}</a>
            </div>
            {move || match list.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
                Some(Ok(all)) => {
                    let rows = query.with(|q| q.select(&all, today));
                    view! { <VolunteerTable rows query today open resetting/> }.into_any()
                }
            }}
            {move || resetting.get().map(|person| view! { <ResetPassword person=person done=resetting/> })}
            {move || open.get().map(|v| view! {
                <VolunteerFileCard volunteer=v.clone() today close=Callback::new(move |_| open.set(None))
                    changed=Callback::new(move |_| reload.update(|n| *n += 1))/>
                <IdCardForm person=v.person.to_string()/>
                <StaffPassbook person=v.person.to_string() name=v.name/>
            })}
        </section>
    }
    .into_any()
}

fn category_name(c: &Category, lang: Lang) -> String {
    match lang {
        Lang::Zh => c.name_zh.clone(),
        Lang::En => c.name_en.clone(),
    }
}

#[component]
fn VolunteerTable(
    rows: Vec<VolunteerSummary>,
    query: RwSignal<VolunteerQuery>,
    today: chrono::NaiveDate,
    open: RwSignal<Option<VolunteerSummary>>,
    resetting: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    // A header that sorts by its column; a second click reverses the order.
    let sortable = move |key: &'static str, zh: &'static str, en: &'static str, numeric: bool| {
        let arrow = move || {
            query.with(|q| {
                match (
                    q.sort == key || (key == "name" && q.sort.is_empty()),
                    q.descending,
                ) {
                    (true, true) => " ↓",
                    (true, false) => " ↑",
                    _ => "",
                }
            })
        };
        view! {
            <th class=if numeric { "num" } else { "" }>
                <button type="button" class="link sort" data-testid=format!("sort-{key}")
                    on:click=move |_| query.update(|q| {
                        if q.sort == key { q.descending = !q.descending } else { q.sort = key.into(); q.descending = key != "name" }
                    })>
                    {move || lang.get().pick(zh, en)}{arrow}
                </button>
            </th>
        }
    };
    let count = rows.len();
    view! {
        <p class="hint" data-testid="volunteer-count">{move || match lang.get() {
            Lang::Zh => format!("共 {count} 人"),
            Lang::En => format!("{count} volunteers"),
        }}</p>
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    {sortable("name", "姓名", "Name", false)}
                    <th>{pick("性别", "Gender")}</th>
                    {sortable("age", "年龄", "Age", true)}
                    <th>{pick("政治面貌", "Political status")}</th>
                    <th>{pick("手机号", "Phone")}</th>
                    <th>{pick("社区", "Community")}</th>
                    <th>{pick("特长", "Skills")}</th>
                    {sortable("year", "本年（小时）", "This year (h)", true)}
                    {sortable("total", "累计（小时）", "Total (h)", true)}
                    {sortable("last", "最近服务", "Last service", false)}
                    <th></th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|v| {
                        let (for_open, id_reset) = (v.clone(), v.person.to_string());
                        let active = v.active(today);
                        view! {
                            <tr data-testid="volunteer-row" data-name=v.name.clone()>
                                <td>{v.name.clone()}</td>
                                <td>{move || v.gender.map(|g| g.label(lang.get())).unwrap_or("")}</td>
                                <td class="num">{v.age(today).map(|a| a.to_string()).unwrap_or_default()}</td>
                                <td>{let status = v.political_status.clone(); move || PoliticalStatus::display(&status, lang.get())}</td>
                                <td>{v.phone.clone()}</td>
                                <td>{v.community_name.clone()}</td>
                                <td>{v.skills.clone()}</td>
                                <td class="num" data-testid="hours-year">{v.verified_this_year.hours_text()}</td>
                                <td class="num" data-testid="hours-total">{v.verified.hours_text()}</td>
                                <td>
                                    {v.last_service.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}
                                    {(!active && v.deactivated.is_none()).then(|| view! { " " <span class="badge warn">{pick("90天未服务", "inactive")}</span> })}
                                    {v.deactivated.is_some().then(|| view! { " " <span class="badge warn" data-testid="deactivated-badge">{pick("已停用", "deactivated")}</span> })}
                                </td>
                                <td class="actions">
                                    <button type="button" data-testid="open-passbook"
                                        on:click=move |_| open.set(Some(for_open.clone()))>{pick("档案·存折", "File")}</button>
                                    <button type="button" data-testid="reset-password"
                                        on:click=move |_| resetting.set(Some(id_reset.clone()))>{pick("重置密码", "Reset password")}</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The file of the volunteer staff opened, above their passbook.
#[component]
fn VolunteerFileCard(
    volunteer: VolunteerSummary,
    today: chrono::NaiveDate,
    close: Callback<()>,
    changed: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let node = NodeRef::new();
    reveal_when_mounted(node);
    let v = volunteer;
    let failure = RwSignal::new(None::<ApiError>);
    let person = v.person.to_string();
    // A certificate is issued (numbered, kept as issued), then opened for printing.
    let certify = move |_| {
        let person = person.clone();
        spawn_local(async move {
            match issue_certificate(person).await {
                Ok(c) => {
                    let _ = window()
                        .location()
                        .set_href(&format!("/print/certificate/{}", c.id));
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <section class="card volunteer-file" data-testid="volunteer-file" node_ref=node>
            <button type="button" class="close no-print" data-testid="close-volunteer" on:click=move |_| close.run(())>
                {move || lang.get().pick("关闭", "Close")}
            </button>
            <h3>{v.name.clone()}</h3>
            <button type="button" class="no-print" data-testid="issue-certificate" on:click=certify>
                {move || lang.get().pick("开具志愿服务记录证明", "Issue a service certificate")}
            </button>
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> })}
            <DeactivationForm person=v.person.to_string() deactivated=v.deactivated.clone() changed/>
            <dl class="facts">
                <dt>{move || lang.get().pick("性别", "Gender")}</dt>
                <dd>{move || v.gender.map(|g| g.label(lang.get())).unwrap_or("—")}</dd>
                <dt>{move || lang.get().pick("出生年份", "Born")}</dt>
                <dd>{match (v.birth_year, v.age(today)) { (Some(y), Some(a)) => format!("{y}（{a}）"), _ => "—".into() }}</dd>
                <dt>{move || lang.get().pick("政治面貌", "Political status")}</dt>
                <dd>{let status = v.political_status.clone(); move || PoliticalStatus::display(&status, lang.get())}</dd>
                <dt>{move || lang.get().pick("手机号", "Phone")}</dt>
                <dd>{v.phone.clone()}</dd>
                <dt>{move || lang.get().pick("社区", "Community")}</dt>
                <dd>{v.community_name.clone()}</dd>
                <dt>{move || lang.get().pick("注册日期", "Joined")}</dt>
                <dd>{v.joined_on.clone()}</dd>
                <dt>{move || lang.get().pick("特长", "Skills")}</dt>
                <dd>{if v.skills.is_empty() { "—".to_string() } else { v.skills.clone() }}</dd>
                <dt>{move || lang.get().pick("职业", "Occupation")}</dt>
                <dd>{if v.occupation.is_empty() { "—".to_string() } else { v.occupation.clone() }}</dd>
                <dt>{move || lang.get().pick("兴趣爱好", "Hobbies")}</dt>
                <dd>{if v.hobbies.is_empty() { "—".to_string() } else { v.hobbies.clone() }}</dd>
                <dt>{move || lang.get().pick("服务意向", "Preferences")}</dt>
                <dd>{move || v.preferences.iter().map(|c| category_label(c, lang.get())).collect::<Vec<_>>().join("、")}</dd>
            </dl>
        </section>
    }
}
