//! The volunteer service certificate on paper (志愿服务记录证明), A4: number, the volunteer's
//! identity, the verified service with its total, issuer and date, room for the seal.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::issued_certificate;
use crate::domain::certificate::Certificate;
use crate::domain::clock::chinese_date;
use crate::ui::shell::language::use_lang;

#[component]
pub fn CertificatePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let found = LocalResource::new(move || {
        issued_certificate(params.with(|p| p.get("id").unwrap_or_default()))
    });
    let print = move |_| {
        let _ = window().print();
    };
    // The volunteer it was issued to came from their file; staff from the volunteers' table.
    let sync = crate::offline::use_sync();
    let volunteer = move || {
        sync.me.with(|m| {
            m.as_ref()
                .is_some_and(|m| m.role == crate::domain::person::Role::Volunteer)
        })
    };
    view! {
        <Title text="志愿服务记录证明"/>
        <section class="print-book certificate" data-testid="certificate">
            <div class="no-print print-actions">
                <button type="button" class="primary" on:click=print>{move || lang.get().pick("打印", "Print")}</button>
                <a class="button" data-testid="certificate-back" href=move || if volunteer() { "/volunteer/file" } else { "/office/volunteers" }>
                    {move || if volunteer() { lang.get().pick("返回我的档案", "Back to my file") } else { lang.get().pick("返回志愿者档案", "Back") }}
                </a>
            </div>
            {move || match found.get() {
                None => view! { <p class="hint">{move || lang.get().pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
                Some(Ok(c)) => certificate_paper(c).into_any(),
            }}
        </section>
    }
}

/// Always Chinese: a document of the sub-district.
fn certificate_paper(c: Certificate) -> impl IntoView {
    let born = c.birth_year.map(|y| format!("{y}年")).unwrap_or_default();
    let identity = c
        .id_card
        .as_deref()
        .map(|n| format!("，身份证号：{n}"))
        .unwrap_or_default();
    let summary = format!(
        "兹证明{}（{}，{}出生{}，政治面貌：{}）系{}注册志愿者，自{}加入爱心银行以来，经社区核实的志愿服务共计 {} 次、{} 小时，具体如下：",
        c.name,
        c.gender,
        born,
        identity,
        if c.political_status.is_empty() { "—" } else { c.political_status.as_str() },
        c.community,
        c.joined_on,
        c.services.len(),
        c.minutes.hours_text(),
    );
    view! {
        <p class="paper-number" data-testid="certificate-number">{c.number.clone()}</p>
        <h2 class="paper-title">"志愿服务记录证明"</h2>
        <p class="certificate-text" data-testid="certificate-summary">{summary}</p>
        <table class="print-table">
            <thead><tr><th>"序号"</th><th>"服务日期"</th><th>"服务类别"</th><th>"服务内容"</th><th class="num">"时长（小时）"</th></tr></thead>
            <tbody>
                {c.services.iter().enumerate().map(|(i, s)| view! {
                    <tr><td>{i + 1}</td><td>{s.date.to_string()}</td><td>{s.category.clone()}</td><td>{s.content.clone()}</td><td class="num">{s.minutes.hours_text()}</td></tr>
                }).collect_view()}
            </tbody>
            <tfoot><tr><th colspan="4">"合计"</th><th class="num" data-testid="certificate-total">{c.minutes.hours_text()}</th></tr></tfoot>
        </table>
        <p class="certificate-text">"特此证明。"</p>
        <div class="certificate-issuer">
            <p data-testid="certificate-issuer">{format!("出具单位：{}（盖章）", c.issuer)}</p>
            <p>{format!("经办人：{}", c.issued_by)}</p>
            <p>{format!("出具日期：{}", chinese_date(&c.issued_on))}</p>
        </div>
        <p class="hint">"本证明依据爱心银行志愿服务记录出具，服务时长均经社区核实；证明编号可向出具单位查验。"</p>
    }
}
