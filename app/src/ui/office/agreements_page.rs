//! Assistance agreements (帮扶协议) for staff: each with its household, pairing, volunteers,
//! schedule and how it is kept — the service lines that fulfil it and whether it is behind
//! schedule — a form for a new one, and the printable agreement for signing.

use leptos::prelude::*;

use crate::api::agreements;
use crate::domain::agreement::AgreementStatus;
use crate::domain::clock::china_today;
use crate::ui::office::agreement_form::AgreementForm;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn AgreementsPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let version = RwSignal::new(0_u32);
    let list = LocalResource::new(move || {
        version.track();
        agreements()
    });
    let making = RwSignal::new(false);
    let made = RwSignal::new(false);
    let saved = Callback::new(move |_id: String| {
        making.set(false);
        made.set(true);
        version.update(|v| *v += 1);
    });
    let today = china_today(chrono::Utc::now());
    view! {
        <PageTitle zh="帮扶协议" en="Agreements"/>
        <section class="agreements" data-testid="agreements">
            <h2>{pick("帮扶协议", "Assistance agreements")}</h2>
            <div class="filters">
                <button type="button" class="primary" data-testid="new-agreement"
                    on:click=move |_| { made.set(false); making.set(true); }>{pick("新建帮扶协议", "New agreement")}</button>
                <a class="button" href="/export/agreements.csv" download>{pick("导出 CSV", "CSV")}</a>
                <a class="button" href="/export/agreements.xlsx" download>{pick("导出 Excel", "Excel")}</a>
            </div>
            {move || made.get().then(|| view! {
                <p class="saved" role="status" data-testid="agreement-made">{pick("协议已签订，可打印后请双方签字。", "The agreement is made: print it for signing.")}</p>
            })}
            {move || making.get().then(|| view! { <AgreementForm saved cancel=Callback::new(move |_| making.set(false))/> })}
            {move || match list.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
                Some(Ok(rows)) if rows.is_empty() => view! { <p class="hint">{pick("还没有帮扶协议。", "No agreement yet.")}</p> }.into_any(),
                Some(Ok(rows)) => view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead><tr>
                                <th>{pick("帮扶家庭", "Household")}</th>
                                <th>{pick("结对", "Pairing")}</th>
                                <th>{pick("服务人员", "Volunteers")}</th>
                                <th>{pick("服务内容", "Content")}</th>
                                <th>{pick("频次", "Schedule")}</th>
                                <th>{pick("期限", "Period")}</th>
                                <th class="num">{pick("服务次数", "Services")}</th>
                                <th>{pick("最近服务", "Last service")}</th>
                                <th>{pick("状态", "Status")}</th>
                                <th></th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|a| {
                                    let status = a.status(today);
                                    let names = a.volunteer_names();
                                    view! {
                                        <tr data-testid="agreement-row" data-household=a.household_head.clone() data-status=format!("{status:?}")>
                                            <td>{a.household_head.clone()}</td>
                                            <td>{move || a.pairing.label(lang.get())}</td>
                                            <td>{names}</td>
                                            <td class="clip">{a.content.clone()}</td>
                                            <td>{move || a.frequency.label(lang.get())}</td>
                                            <td>{format!("{} ~ {}", a.start, a.end)}</td>
                                            <td class="num">{a.services}</td>
                                            <td>{a.last_service.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                                            <td><span class=match status { AgreementStatus::Behind => "badge warn", _ => "badge" }>{move || status.label(lang.get())}</span></td>
                                            <td class="actions">
                                                <a class="button" href=format!("/print/agreement/{}", a.id) data-testid="print-agreement">{pick("打印", "Print")}</a>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}
