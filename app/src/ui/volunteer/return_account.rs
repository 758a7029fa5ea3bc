//! 回报 on the volunteer's phone: the time their passbook can still pay for help in return, what
//! their open requests hold back, and what each request paid (read online).

use leptos::prelude::*;

use crate::api::my_time_account;
use crate::domain::Lang;
use crate::ui::shell::language::use_lang;

#[component]
pub fn ReturnAccount() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let account = LocalResource::new(my_time_account);
    view! {
        <section class="card return-account" data-testid="return-account">
            <h3>{pick("存折回报（用时间换帮助）", "Help in return (paid in time)")}</h3>
            {move || match account.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(_)) => view! { <p class="hint">{pick("联网后显示。", "Shows when online.")}</p> }.into_any(),
                Some(Ok(b)) => {
                    let t = b.time;
                    view! {
                        <p data-testid="return-available">{move || match lang.get() {
                            Lang::Zh => format!("可用 {} 小时（累计服务 {} · 已支付 {} · 预留 {}）", t.available().hours_text(), t.earned.hours_text(), t.paid.hours_text(), t.reserved.hours_text()),
                            Lang::En => format!("{} h available (given {} · paid {} · reserved {})", t.available().hours_text(), t.earned.hours_text(), t.paid.hours_text(), t.reserved.hours_text()),
                        }}</p>
                        <p class="hint">{pick("需要帮助时，在心愿墙「发布心愿」里填写用存折支付的小时数。", "When you need help, post a wish on the wall and give the hours you pay from your passbook.")}</p>
                        <ul class="plain-list">
                            {b.reservations.into_iter().map(|r| view! {
                                <li data-testid="return-reserved">{move || match lang.get() {
                                    Lang::Zh => format!("预留 {} 小时：{}", r.minutes.hours_text(), r.need),
                                    Lang::En => format!("Reserved {} h: {}", r.minutes.hours_text(), r.need),
                                }}</li>
                            }).collect_view()}
                            {b.returns.into_iter().map(|p| view! {
                                <li data-testid="return-paid">{move || match (lang.get(), p.refunded) {
                                    (Lang::Zh, false) => format!("{} 支付 {} 小时：{} 帮助了「{}」", p.on, p.minutes.hours_text(), p.helper, p.need),
                                    (Lang::Zh, true) => format!("{} 已退还 {} 小时（服务被冲正）：「{}」", p.on, p.minutes.hours_text(), p.need),
                                    (Lang::En, false) => format!("{} paid {} h: {} helped with \"{}\"", p.on, p.minutes.hours_text(), p.helper, p.need),
                                    (Lang::En, true) => format!("{} {} h returned (the service was reversed): \"{}\"", p.on, p.minutes.hours_text(), p.need),
                                }}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}
