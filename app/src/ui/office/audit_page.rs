//! The audit trail (审计日志): who did what, when, from which device — staff see their
//! community's, the admin everything. Filters by person (a part of their name), action and
//! dates, exported to CSV or Excel with the same filters; people's actions by
//! default, the devices' own sync events on request (they are many and would bury the rest);
//! 100 rows at a time, 更多 for the next ones.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{audit_trail, ApiError};
use crate::domain::audit::{AuditQuery, AuditRow};
use crate::domain::clock::{china_clock, china_today};
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let action = RwSignal::new(String::new());
    let who = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let machine = RwSignal::new(false);
    let rows = RwSignal::new(Vec::<AuditRow>::new());
    let more = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let query = move |before: Option<i64>| AuditQuery {
        action: action.get_untracked(),
        who: who.get_untracked(),
        from: from.get_untracked(),
        to: to.get_untracked(),
        machine: machine.get_untracked(),
        before,
        ..AuditQuery::default()
    };
    let load = move |before: Option<i64>| {
        busy.set(true);
        spawn_local(async move {
            match audit_trail(query(before)).await {
                Ok(page) => {
                    failure.set(None);
                    more.set(page.more);
                    if before.is_some() {
                        rows.update(|r| r.extend(page.rows));
                    } else {
                        rows.set(page.rows);
                    }
                }
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    Effect::new(move |_| load(None));
    // The file holds what the filters ask for (the newest rows first), not only the page shown.
    let export = move |format: &'static str| {
        let pairs = [
            ("who", who.get()),
            ("action", action.get()),
            ("from", from.get()),
            ("to", to.get()),
            (
                "machine",
                if machine.get() {
                    "true".into()
                } else {
                    String::new()
                },
            ),
        ];
        let query: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", crate::domain::text::percent_encode(v)))
            .collect();
        format!("/export/audit.{format}?{}", query.join("&"))
    };
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        load(None);
    };
    view! {
        <PageTitle zh="审计日志" en="Audit trail"/>
        <section class="audit" data-testid="audit-page">
            <form class="toolbar" on:submit=search data-testid="audit-filters">
                <label><span>{pick("人员", "Who")}</span>
                    <input name="who" data-testid="audit-who" placeholder=pick("姓名", "Name") prop:value=who on:input=move |ev| who.set(event_target_value(&ev))/></label>
                <label><span>{pick("操作", "Action")}</span>
                    <input name="action" placeholder="verify_record" prop:value=action on:input=move |ev| action.set(event_target_value(&ev))/></label>
                <label><span>{pick("从", "From")}</span>
                    <input name="from" type="date" prop:value=from on:input=move |ev| from.set(event_target_value(&ev))/></label>
                <label><span>{pick("到", "To")}</span>
                    <input name="to" type="date" prop:value=to on:input=move |ev| to.set(event_target_value(&ev))/></label>
                <label class="check"><input type="checkbox" data-testid="audit-machine" prop:checked=machine
                    on:change=move |ev| machine.set(event_target_checked(&ev))/>
                    <span>{pick("只看设备同步事件", "Device sync events only")}</span></label>
                <button type="submit" class="primary" disabled=busy>{pick("查询", "Search")}</button>
                <a class="button" href=move || export("csv") download data-testid="export-audit-csv">{pick("导出 CSV", "CSV")}</a>
                <a class="button" href=move || export("xlsx") download data-testid="export-audit-xlsx">{pick("导出 Excel", "Excel")}</a>
            </form>
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> })}
            <table class="table">
                <thead><tr>
                    <th>{pick("时间", "When")}</th><th>{pick("人员", "Who")}</th>
                    <th>{pick("操作", "Action")}</th><th>{pick("对象", "Subject")}</th>
                    <th>{pick("详情", "Detail")}</th><th>{pick("设备", "Device")}</th>
                </tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|r| r.seq let:row>
                        <tr data-testid="audit-row" data-action=row.entry.action.clone()>
                            <td>{format!("{} {}", china_today(row.entry.at), china_clock(row.entry.at))}</td>
                            <td>{row.actor_name.clone()}</td>
                            <td>{row.entry.action.clone()}</td>
                            <td>{row.entry.subject.clone()}</td>
                            <td>{row.entry.detail.clone()}</td>
                            <td class="device">{row.entry.device.chars().take(40).collect::<String>()}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
            {move || more.get().then(|| view! {
                <button type="button" data-testid="audit-more" disabled=busy
                    on:click=move |_| load(rows.with_untracked(|r| r.last().map(|r| r.seq)))>
                    {pick("更多", "More")}
                </button>
            })}
        </section>
    }
}
