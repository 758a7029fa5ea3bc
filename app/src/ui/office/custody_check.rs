//! The admin's check of the bank's controls (经办复核): per staff member, how many of their
//! verifications and approvals were for accounts they opened or whose password they set. The
//! server refuses those within 90 days; later ones are allowed but shown here, so the admin can
//! ask about a pattern.

use leptos::prelude::*;

use crate::api::custody_report;
use crate::ui::shell::language::use_lang;

#[component]
pub fn CustodyCheck() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let rows = LocalResource::new(custody_report);
    view! {
        <section class="custody-check" data-testid="custody-check">
            <h2>{pick("经办复核", "Maker-checker review")}</h2>
            <p class="hint">{pick(
                "开户或设置密码的工作人员90天内不能审核该志愿者的记录和兑换；下表列出每位工作人员审核、批准自己经办账户的次数。",
                "Whoever opened an account or set its password cannot verify its lines or approve its redemptions for 90 days; this table counts each staff member's checks of accounts they handled.",
            )}</p>
            {move || match rows.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
                Some(Ok(all)) => view! {
                    <table class="table">
                        <thead><tr>
                            <th>{pick("工作人员", "Staff")}</th>
                            <th>{pick("社区", "Community")}</th>
                            <th>{pick("经办开户", "Accounts opened")}</th>
                            <th>{pick("审核记录", "Lines verified")}</th>
                            <th>{pick("其中：本人经办账户", "…of accounts they handled")}</th>
                            <th>{pick("批准本人经办账户的兑换", "Redemptions approved for them")}</th>
                        </tr></thead>
                        <tbody>
                            {all.into_iter().map(|r| {
                                let flagged = r.verified_held + r.approved_held > 0;
                                let name = r.name.clone();
                                view! {
                                    <tr data-testid="custody-row" data-name=name class:warn=flagged>
                                        <td>{r.name}</td>
                                        <td>{r.community}</td>
                                        <td>{r.opened}</td>
                                        <td>{r.verified}</td>
                                        <td data-testid="verified-held">{r.verified_held}</td>
                                        <td data-testid="approved-held">{r.approved_held}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}
