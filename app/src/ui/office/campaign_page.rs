//! One aid campaign (e.g. 春节慰问): the households it reached with what each received, and the
//! totals by partner and by kind. Printable, and exportable as CSV or Excel.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::aid_campaign;
use crate::domain::aid_campaign::goods_text;
use crate::domain::text::percent_encode;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn CampaignPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let query = use_query_map();
    let name = move || query.with(|q| q.get("campaign").unwrap_or_default());
    let report = LocalResource::new(move || aid_campaign(name()));
    let export = move |format: &'static str| {
        format!(
            "/export/campaign.{format}?campaign={}",
            percent_encode(&name())
        )
    };
    view! {
        <PageTitle zh="慰问活动" en="Campaign"/>
        <section class="campaign" data-testid="campaign-page">
            <p class="no-print"><a href="/office/aid" data-testid="back-to-aid">{pick("← 慰问与共建", "← Aid and partners")}</a></p>
            <h2 data-testid="campaign-name">{name}</h2>
            {move || match report.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
                Some(Ok(r)) => {
                    let period = match (r.first_on, r.last_on) {
                        (Some(a), Some(b)) if a == b => a.to_string(),
                        (Some(a), Some(b)) => format!("{a} — {b}"),
                        _ => String::new(),
                    };
                    let households = r.households.len();
                    let goods = goods_text(&r.goods);
                    view! {
                        <ul class="cards">
                            <li class="card"><span class="value" data-testid="campaign-households">{households}</span><span class="label">{pick("慰问户数", "Households reached")}</span></li>
                            <li class="card"><span class="value" data-testid="campaign-money">{r.money.yuan_text()}</span><span class="label">{pick("慰问金（元）", "Money (yuan)")}</span></li>
                            <li class="card"><span class="value" data-testid="campaign-goods">{if goods.is_empty() { "—".to_string() } else { goods }}</span><span class="label">{pick("慰问物品", "Goods")}</span></li>
                        </ul>
                        <p class="hint">{period}</p>
                        <div class="filters no-print">
                            <button type="button" on:click=move |_| { let _ = window().print(); } data-testid="campaign-print">{pick("打印", "Print")}</button>
                            <a class="button" href=move || export("csv") download data-testid="export-campaign-csv">{pick("导出 CSV", "CSV")}</a>
                            <a class="button" href=move || export("xlsx") download data-testid="export-campaign-xlsx">{pick("导出 Excel", "Excel")}</a>
                        </div>
                        <h3>{pick("按捐赠单位", "By partner")}</h3>
                        <table class="table" data-testid="campaign-partners">
                            <thead><tr>
                                <th>{pick("捐赠单位", "Given by")}</th>
                                <th class="num">{pick("户数", "Households")}</th>
                                <th class="num">{pick("慰问金（元）", "Money (yuan)")}</th>
                                <th>{pick("物品", "Goods")}</th>
                            </tr></thead>
                            <tbody>
                                {r.by_partner.into_iter().map(|p| {
                                    let who = p.partner.clone();
                                    view! {
                                        <tr data-testid="campaign-partner-row">
                                            <td>{move || who.clone().unwrap_or_else(|| lang.get().pick("社区自筹", "The community itself").to_string())}</td>
                                            <td class="num">{p.households}</td>
                                            <td class="num">{p.money.yuan_text()}</td>
                                            <td>{goods_text(&p.goods)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <h3>{pick("慰问名单", "Households reached")}</h3>
                        <table class="table" data-testid="campaign-households-table">
                            <thead><tr>
                                <th>{pick("户主", "Head of household")}</th>
                                <th>{pick("社区", "Community")}</th>
                                <th>{pick("住址", "Address")}</th>
                                <th class="num">{pick("慰问金（元）", "Money (yuan)")}</th>
                                <th>{pick("物品", "Goods")}</th>
                                <th>{pick("日期", "Date")}</th>
                                <th class="print-only">{pick("签收", "Received (signature)")}</th>
                            </tr></thead>
                            <tbody>
                                {r.households.into_iter().map(|h| view! {
                                    <tr data-testid="campaign-household-row">
                                        <td>{h.head.clone()}</td>
                                        <td>{h.community_name.clone()}</td>
                                        <td>{h.address.clone()}</td>
                                        <td class="num">{h.money.yuan_text()}</td>
                                        <td>{goods_text(&h.goods)}</td>
                                        <td>{h.last_on.to_string()}</td>
                                        <td class="print-only"></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }
            }}
        </section>
    }
}
