//! Aid and partners (慰问与共建) for staff: the partner organisations, recording a gift to a
//! household, the campaigns with what each reached, and every gift recorded, each of which can
//! be taken back by a reversal with its reason.

use leptos::prelude::*;

use crate::api::aid_given;
use crate::domain::text::percent_encode;
use crate::ui::office::aid_form::AidForm;
use crate::ui::office::aid_row::AidRow;
use crate::ui::office::partners_panel::PartnersPanel;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

/// The gifts listed at first; the rest are in each campaign's page and its file.
const SHOWN_LINES: usize = 100;

#[component]
pub fn AidPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let version = RwSignal::new(0_u32);
    let overview = LocalResource::new(move || {
        version.track();
        aid_given()
    });
    let saved = Callback::new(move |_| version.update(|v| *v += 1));
    let current = move || overview.get().and_then(Result::ok).unwrap_or_default();
    let partners = Signal::derive(move || current().partners);
    let used = Signal::derive(move || {
        current()
            .campaigns
            .into_iter()
            .map(|c| c.campaign)
            .collect::<Vec<String>>()
    });
    view! {
        <PageTitle zh="慰问与共建" en="Aid and partners"/>
        <section class="aid" data-testid="aid-page">
            <h2>{pick("慰问与共建", "Aid and partners")}</h2>
            // The forms stay while the lists below reload after a save: what was just
            // recorded is still said.
            <AidForm partners campaigns=used saved/>
            {move || match overview.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
                Some(Ok(o)) => {
                    view! {
                        <section class="card" data-testid="campaigns">
                            <h3>{pick("慰问活动", "Campaigns")}</h3>
                            {if o.campaigns.is_empty() {
                                view! { <p class="hint">{pick("还没有登记慰问。", "No aid recorded yet.")}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="table">
                                        <thead><tr>
                                            <th>{pick("活动", "Campaign")}</th>
                                            <th class="num">{pick("慰问户数", "Households")}</th>
                                            <th class="num">{pick("慰问金（元）", "Money (yuan)")}</th>
                                            <th class="num">{pick("笔数", "Gifts")}</th>
                                            <th>{pick("最近", "Latest")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {o.campaigns.into_iter().map(|c| {
                                                let href = format!("/office/campaign?campaign={}", percent_encode(&c.campaign));
                                                view! {
                                                    <tr data-testid="campaign-row">
                                                        <td><a href=href data-testid="campaign-link">{c.campaign.clone()}</a></td>
                                                        <td class="num">{c.households}</td>
                                                        <td class="num">{c.money.yuan_text()}</td>
                                                        <td class="num">{c.gifts}</td>
                                                        <td>{c.last_on.to_string()}</td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        </section>
                        <section class="card" data-testid="aid-lines">
                            <h3>{pick("慰问记录", "Gifts recorded")}</h3>
                            <table class="table">
                                <thead><tr>
                                    <th>{pick("日期", "Date")}</th>
                                    <th>{pick("家庭", "Household")}</th>
                                    <th>{pick("活动", "Campaign")}</th>
                                    <th>{pick("慰问", "Given")}</th>
                                    <th>{pick("捐赠单位", "Given by")}</th>
                                    <th>{pick("登记人", "Recorded by")}</th>
                                    <th></th>
                                </tr></thead>
                                <tbody>
                                    {o.lines.into_iter().take(SHOWN_LINES).map(|l| view! { <AidRow line=l saved/> }).collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }.into_any()
                }
            }}
            <PartnersPanel partners saved/>
        </section>
    }
}
