//! 我的证明: the service certificates (志愿服务记录证明) the community issued to this volunteer,
//! each opening as issued, to print or show from the phone. Online only: a certificate is the
//! server's document, not a copy the phone keeps.

use leptos::prelude::*;

use crate::api::my_certificates;
use crate::domain::Lang;
use crate::ui::shell::language::use_lang;

#[component]
pub fn MyCertificates() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let list = LocalResource::new(my_certificates);
    view! {
        <section class="certificates" data-testid="my-certificates">
            <h3>{pick("志愿服务记录证明", "Certificates of volunteer service")}</h3>
            {move || match list.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(_)) => view! {
                    <p class="hint" data-testid="certificates-offline">{pick("联网后可查看社区开具的证明。", "Your certificates show when you are online.")}</p>
                }.into_any(),
                Some(Ok(all)) if all.is_empty() => view! {
                    <p class="hint" data-testid="certificates-none">{pick(
                        "还没有开具过证明。需要时请到社区服务站申请，开具后可在这里查看和打印。",
                        "No certificate yet. Ask at your community's service desk; once issued, it shows here to view and print.",
                    )}</p>
                }.into_any(),
                Some(Ok(all)) => view! {
                    <ul class="plain">
                        {all.into_iter().map(|c| {
                            let href = format!("/print/certificate/{}", c.id);
                            let hours = c.minutes.hours_text();
                            view! {
                                <li data-testid="my-certificate">
                                    <a href=href data-testid="open-certificate">{c.number.clone()}</a>
                                    {move || match lang.get() {
                                        Lang::Zh => format!(" · {} 开具于 {} · {} 小时", c.issuer, c.issued_on, hours),
                                        Lang::En => format!(" · issued by {} on {} · {} h", c.issuer, c.issued_on, hours),
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}
