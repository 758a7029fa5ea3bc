//! Households in need (建档立卡) for staff: the community's files with the help each received,
//! searched and filtered (hardship type, help in the last 90 days, open or closed files),
//! registering a new household, opening one to see its help over time, to update its file or to
//! close it (销档).

use leptos::prelude::*;

use crate::api::{household_file, households};
use crate::domain::clock::china_today;
use crate::domain::household::{HelpKind, HouseholdHistory, HouseholdSummary};
use crate::domain::household_table::{hardship_types, HouseholdQuery};
use crate::domain::Lang;
use crate::ui::kit::reveal::reveal_when_mounted;
use crate::ui::office::household_closure_form::HouseholdClosureForm;
use crate::ui::office::household_form::HouseholdForm;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn HouseholdsPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let version = RwSignal::new(0_u32);
    let list = LocalResource::new(move || {
        version.track();
        households()
    });
    let query = RwSignal::new(HouseholdQuery::default());
    let today = china_today(chrono::Utc::now());
    let set = move |apply: fn(&mut HouseholdQuery, String)| {
        move |ev: leptos::ev::Event| query.update(|q| apply(q, event_target_value(&ev)))
    };
    let export = move |format: &'static str| {
        format!(
            "/export/households.{format}?{}",
            query.with(HouseholdQuery::to_query_string)
        )
    };
    let all = move || list.get().and_then(Result::ok).unwrap_or_default();
    let communities = move || {
        let mut names: Vec<String> = all().into_iter().map(|h| h.community_name).collect();
        names.sort();
        names.dedup();
        names
    };
    let registering = RwSignal::new(false);
    let open = RwSignal::new(None::<String>);
    let saved = Callback::new(move |id: String| {
        registering.set(false);
        open.set(Some(id));
        version.update(|v| *v += 1);
    });
    view! {
        <PageTitle zh="困难家庭" en="Households"/>
        <section class="households" data-testid="households">
            <h2>{pick("困难家庭档案", "Households in need")}</h2>
            <div class="filters">
                <button type="button" class="primary" data-testid="register-household"
                    on:click=move |_| { open.set(None); registering.set(true); }>{pick("登记困难家庭", "Register a household")}</button>
            </div>
            {move || registering.get().then(|| view! {
                <HouseholdForm existing=None saved cancel=Callback::new(move |_| registering.set(false))/>
            })}
            <div class="filters" role="search">
                <label>{pick("搜索", "Search")}
                    <input type="search" data-testid="household-search" placeholder=pick("户主、住址、电话或需求", "Head, address, phone or needs")
                        on:input=set(|q, v| q.search = v)/>
                </label>
                {move || (communities().len() > 1).then(|| view! {
                    <label>{pick("社区", "Community")}
                        <select data-testid="household-filter-community" on:change=set(|q, v| q.community = v)>
                            <option value="">{pick("全部", "All")}</option>
                            {communities().into_iter().map(|c| {
                                let (this, label) = (c.clone(), c.clone());
                                view! { <option value=c selected=move || query.with(|q| q.community == this)>{label}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                })}
                <label>{pick("困难类型", "Hardship")}
                    <select data-testid="household-filter-hardship" on:change=set(|q, v| q.hardship = v)>
                        <option value="">{pick("全部", "All")}</option>
                        // Bound to the query: the menu is redrawn when the list reloads.
                        {move || hardship_types(&all()).into_iter().map(|t| {
                            let (this, label) = (t.clone(), t.clone());
                            view! { <option value=t selected=move || query.with(|q| q.hardship == this)>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>{pick("近90天帮扶", "Help, last 90 days")}
                    <select data-testid="household-filter-help" on:change=set(|q, v| q.help = v)>
                        <option value="">{pick("全部", "All")}</option>
                        <option value="recent">{pick("有帮扶", "Helped")}</option>
                        <option value="none">{pick("无帮扶", "Not helped")}</option>
                    </select>
                </label>
                <label>{pick("档案状态", "Files")}
                    <select data-testid="household-filter-closed" on:change=set(|q, v| q.closed = v)>
                        <option value="">{pick("在档", "Open")}</option>
                        <option value="closed">{pick("已销档", "Closed")}</option>
                        <option value="all">{pick("全部", "All")}</option>
                    </select>
                </label>
                <a class="button" href=move || export("csv") download data-testid="export-households-csv">{pick("导出 CSV", "CSV")}</a>
                <a class="button" href=move || export("xlsx") download data-testid="export-households-xlsx">{pick("导出 Excel", "Excel")}</a>
            </div>
            {move || match list.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
                Some(Ok(rows)) if rows.is_empty() => view! { <p class="hint">{pick("还没有建档的家庭。", "No household on file yet.")}</p> }.into_any(),
                Some(Ok(rows)) => {
                    let shown = query.with(|q| q.select(&rows, today));
                    let (count, total) = (shown.len(), rows.len());
                    view! {
                        <p class="hint" data-testid="household-count">{move || match lang.get() {
                            Lang::Zh => format!("显示 {count} 户，共 {total} 户"),
                            Lang::En => format!("{count} of {total} households"),
                        }}</p>
                        {households_table(shown, open, lang)}
                    }.into_any()
                }
            }}
            {move || open.get().map(|id| view! { <HouseholdCard id saved close=Callback::new(move |_| open.set(None))/> })}
        </section>
    }
    .into_any()
}

fn households_table(
    rows: Vec<HouseholdSummary>,
    open: RwSignal<Option<String>>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    <th>{pick("户主", "Head")}</th>
                    <th>{pick("住址", "Address")}</th>
                    <th class="num">{pick("人口", "Members")}</th>
                    <th>{pick("困难类型", "Hardship")}</th>
                    <th>{pick("需求", "Needs")}</th>
                    <th class="num">{pick("服务次数", "Services")}</th>
                    <th class="num">{pick("服务时长（小时）", "Hours")}</th>
                    <th class="num">{pick("在期协议", "Agreements")}</th>
                    <th>{pick("最近帮扶", "Last help")}</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|h| {
                        let id = h.id.to_string();
                        view! {
                            <tr data-testid="household-row" data-head=h.head.clone()>
                                <td>{h.head.clone()}
                                    {h.closed.as_ref().map(|c| { let r = c.reason; view! { " " <span class="badge warn" data-testid="closed-badge">{move || r.label(lang.get())}</span> } })}</td>
                                <td>{h.address.clone()}</td>
                                <td class="num">{h.members}</td>
                                <td>{h.hardship_type.clone()}</td>
                                <td class="clip">{h.needs.clone()}</td>
                                <td class="num">{h.services}</td>
                                <td class="num">{h.served.hours_text()}</td>
                                <td class="num">{h.agreements}</td>
                                <td>{h.last_help.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                                <td class="actions">
                                    <button type="button" data-testid="open-household" on:click=move |_| open.set(Some(id.clone()))>{pick("查看", "Open")}</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One household's file and the help it received over time.
#[component]
fn HouseholdCard(id: String, saved: Callback<String>, close: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let node = NodeRef::new();
    reveal_when_mounted(node);
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let version = RwSignal::new(0_u32);
    let editing = RwSignal::new(false);
    let wanted = id.clone();
    let file = LocalResource::new(move || {
        version.track();
        household_file(wanted.clone())
    });
    let after_update = Callback::new(move |id: String| {
        editing.set(false);
        version.update(|v| *v += 1);
        saved.run(id);
    });
    view! {
        <section class="card household-file" data-testid="household-file" node_ref=node>
            <button type="button" class="close" data-testid="close-household" on:click=move |_| close.run(())>{pick("关闭", "Close")}</button>
            {move || match file.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
                Some(Ok(HouseholdHistory { household: h, help })) => {
                    let for_form = h.clone();
                    view! {
                        <h3 data-testid="household-file-head">{h.head.clone()}</h3>
                        <p>{format!("{} · {}人 · {}", h.address, h.members, h.hardship_type)}
                            {(!h.phone.is_empty()).then(|| format!(" · {}", h.phone))}</p>
                        <p><strong>{pick("需求：", "Needs: ")}</strong>{h.needs.clone()}</p>
                        <p class="hint">{move || match lang.get() {
                            Lang::Zh => format!("{} 建档 · {}，共服务 {} 次、{} 小时", h.registered_on, h.community_name, h.services, h.served.hours_text()),
                            Lang::En => format!("On file since {} · {}; {} services, {} h", h.registered_on, h.community_name, h.services, h.served.hours_text()),
                        }}</p>
                        <button type="button" data-testid="edit-household" on:click=move |_| editing.set(true)>{pick("修改档案", "Update the file")}</button>
                        <HouseholdClosureForm household=h.id.to_string() closed=h.closed.clone()
                            changed=Callback::new({ let id = h.id.to_string(); move |_| after_update.run(id.clone()) })/>
                        {move || editing.get().then(|| view! {
                            <HouseholdForm existing=Some(for_form.clone()) saved=after_update cancel=Callback::new(move |_| editing.set(false))/>
                        })}
                        <h4>{pick("受助记录", "Help received")}</h4>
                        {if help.is_empty() {
                            view! { <p class="hint" data-testid="no-help">{pick("还没有帮扶记录。", "No help recorded yet.")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="help-list" data-testid="help-list">
                                    {help.into_iter().map(|item| view! {
                                        <li data-testid="help-item" data-kind=format!("{:?}", item.kind)>
                                            <span class="date">{item.date.to_string()}</span>
                                            <span class="badge">{move || item.kind.label(lang.get())}</span>
                                            {item.text.clone()}
                                            {(!item.who.is_empty()).then(|| format!(" — {}", item.who))}
                                            {item.minutes.map(|m| format!(" · {} 小时", m.hours_text()))}
                                            {(!item.done).then(|| view! { " " <span class="badge warn">{move || unfinished(item.kind, lang.get())}</span> })}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any()
                }
            }}
        </section>
    }
}

/// What an unfinished piece of help is waiting for.
fn unfinished(kind: HelpKind, lang: Lang) -> &'static str {
    match kind {
        HelpKind::Service => lang.pick("待审核", "to verify"),
        HelpKind::Wish => lang.pick("未实现", "open"),
        HelpKind::Agreement => lang.pick("执行中", "in force"),
        // Aid is given when it is recorded: never unfinished.
        HelpKind::Aid => "",
    }
}
