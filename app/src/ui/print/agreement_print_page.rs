//! The assistance agreement on paper (帮扶协议书), A4, for the household, the volunteers and the
//! community to sign.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::agreements;
use crate::domain::agreement::AgreementView;
use crate::domain::clock::chinese_date;
use crate::domain::Lang;
use crate::ui::shell::language::use_lang;

#[component]
pub fn AgreementPrintPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let list = LocalResource::new(agreements);
    let print = move |_| {
        let _ = window().print();
    };
    let found = move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        list.get()
            .map(|r| r.map(|all| all.into_iter().find(|a| a.id.as_str() == id)))
    };
    view! {
        <Title text="帮扶协议书"/>
        <section class="print-book agreement-print" data-testid="agreement-print">
            <div class="no-print print-actions">
                <button type="button" class="primary" on:click=print>{move || lang.get().pick("打印", "Print")}</button>
                <a class="button" href="/office/agreements">{move || lang.get().pick("返回帮扶协议", "Back")}</a>
            </div>
            {move || match found() {
                None => view! { <p class="hint">{move || lang.get().pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
                Some(Ok(None)) => view! { <p class="form-error" role="alert">{move || lang.get().pick("找不到这份协议。", "No such agreement.")}</p> }.into_any(),
                Some(Ok(Some(a))) => agreement_paper(a).into_any(),
            }}
        </section>
    }
}

/// The text of the agreement. Always Chinese: it is a document of the sub-district.
fn agreement_paper(a: AgreementView) -> impl IntoView {
    let volunteers = a.volunteers.clone();
    view! {
        <h2 class="paper-title">"爱心银行 · 志愿服务帮扶协议书"</h2>
        <p class="paper-number">{format!("协议编号：{}", &a.id.as_str()[a.id.as_str().len().saturating_sub(12)..])}</p>
        <p>{format!("为弘扬“奉献、友爱、互助、进步”的志愿精神，{}组织志愿者与困难家庭结对帮扶，经三方协商一致，签订本协议。", a.community_name)}</p>
        <table class="print-table paper">
            <tbody>
                <tr><th>"受助家庭（户主）"</th><td data-testid="paper-household">{a.household_head.clone()}</td><th>"联系电话"</th><td>{a.household_phone.clone()}</td></tr>
                <tr><th>"住址"</th><td colspan="3">{a.household_address.clone()}</td></tr>
                <tr><th>"结对方式"</th><td>{a.pairing.label(Lang::Zh)}</td><th>"服务频次"</th><td>{a.frequency.label(Lang::Zh)}</td></tr>
                <tr><th>"服务期限"</th><td colspan="3">{format!("{} 至 {}", chinese_date(&a.start), chinese_date(&a.end))}</td></tr>
                <tr><th>"服务内容"</th><td colspan="3">{a.content.clone()}</td></tr>
                <tr><th>"服务人员"</th><td colspan="3" data-testid="paper-volunteers">
                    {volunteers.iter().map(|v| format!("{}（{}）", v.name, v.phone)).collect::<Vec<_>>().join("、")}
                </td></tr>
            </tbody>
        </table>
        <ol class="paper-terms">
            <li>"志愿者按约定的内容和频次提供服务，每次服务后在爱心存折中如实登记，由社区核实后计入服务时长。"</li>
            <li>"受助家庭如实反映需求，配合志愿者开展服务；服务不收取任何费用。"</li>
            <li>"社区负责联络协调、跟踪服务情况，对滞后的服务及时督促。"</li>
            <li>"任何一方需变更或终止协议，应提前告知社区。本协议一式三份，三方各执一份。"</li>
        </ol>
        <div class="signatures">
            <p>"受助家庭（签字）：＿＿＿＿＿＿"</p>
            {volunteers.into_iter().map(|v| view! { <p>{format!("志愿者 {}（签字）：＿＿＿＿＿＿", v.name)}</p> }).collect_view()}
            <p>{format!("{}（盖章）：＿＿＿＿＿＿", a.community_name)}</p>
            <p>{format!("签订日期：{}", chinese_date(&a.made_on))}</p>
        </div>
    }
}
