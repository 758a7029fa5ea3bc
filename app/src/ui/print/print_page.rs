//! The printable passbook: the volunteer's lines as the server holds them, oldest first like the
//! paper book, with the cumulative verified time and the totals, laid out for A4 by the print
//! style sheet (the browser's own print dialog makes the paper or the PDF).

use leptos::prelude::*;

use crate::offline::passbook::passbook_view;
use crate::offline::use_sync;
use crate::ui::kit::category_label::category_label;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;
use crate::ui::volunteer::passbook_line::state_text;

#[component]
pub fn PrintPage() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    // Only what the server holds: a printed passbook shows no line staff have not seen.
    let book = Memo::new(move |_| sync.passbook.with(|b| passbook_view(b.as_ref(), &[])));
    let waiting = move || sync.waiting.get();
    let print = move |_| {
        let _ = window().print();
    };
    let today = crate::domain::clock::china_today(chrono::Utc::now()).to_string();
    view! {
        <PageTitle zh="打印存折" en="Print passbook"/>
        <section class="print-book" data-testid="print-page">
            <div class="no-print print-actions">
                <button type="button" class="primary" on:click=print data-testid="print-now">{pick("打印", "Print")}</button>
                <a class="button" href="/volunteer">{pick("返回存折", "Back")}</a>
                {move || (waiting() > 0).then(|| view! {
                    <p class="hint">{move || match lang.get() {
                        crate::domain::Lang::Zh => format!("另有 {} 条尚未同步，不在打印内容中。", waiting()),
                        crate::domain::Lang::En => format!("{} entries not yet synced are not printed.", waiting()),
                    }}</p>
                })}
            </div>
            <header class="print-head">
                <h2>{pick("爱心银行 · 爱心存折", "Love Bank · Love passbook")}</h2>
                <p>
                    <strong data-testid="print-name">{move || sync.me.get().map(|m| m.name).unwrap_or_default()}</strong>
                    " · "
                    {move || sync.me.get().and_then(|m| m.community_name).unwrap_or_default()}
                    " · "
                    {pick("打印日期 ", "Printed ")}{today}
                </p>
                <p data-testid="print-totals">
                    {move || book.with(|b| match lang.get() {
                        crate::domain::Lang::Zh => format!(
                            "已核实服务 {} 小时 · 待审核 {} 小时 · 积分余额 {}",
                            b.verified.hours_text(), b.pending.hours_text(), b.balance.text()
                        ),
                        crate::domain::Lang::En => format!(
                            "Verified {} h · pending {} h · points {}",
                            b.verified.hours_text(), b.pending.hours_text(), b.balance.text()
                        ),
                    })}
                </p>
            </header>
            <table class="print-table">
                <thead>
                    <tr>
                        <th>{pick("日期", "Date")}</th>
                        <th>{pick("时间", "Time")}</th>
                        <th>{pick("类别", "Category")}</th>
                        <th>{pick("服务内容 · 地点", "Service · place")}</th>
                        <th>{pick("见证人", "Witness")}</th>
                        <th>{pick("时长", "Hours")}</th>
                        <th>{pick("累计", "Total")}</th>
                        <th>{pick("状态", "State")}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || book.with(|b| b.lines.iter().rev().cloned().collect::<Vec<_>>()).into_iter().map(|line| {
                        let state = line.state.clone();
                        let category = line.category.clone();
                        view! {
                            <tr data-testid="print-line">
                                <td>{line.date.clone()}</td>
                                <td>{format!("{}–{}", line.start, line.end)}</td>
                                <td>{move || category_label(&category, lang.get())}</td>
                                <td>{format!("{} · {}", line.content, line.place)}</td>
                                <td>{line.witness.clone()}</td>
                                <td class="num">{line.minutes.hours_text()}</td>
                                <td class="num">{line.cumulative.map(|c| c.hours_text()).unwrap_or_default()}</td>
                                <td>{move || state_text(&state, lang.get())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
    .into_any()
}
