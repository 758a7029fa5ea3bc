//! My passbook (我的爱心存折): totals at the top, then the lines newest first with the verified
//! time after each, as the paper passbook shows it. Works offline from the last synced copy plus
//! what is still only on this phone; filters by category and month; draws 100 lines at a time.

use leptos::prelude::*;

use crate::domain::category::SEEDED_CATEGORIES;
use crate::domain::help_return::{ReturnNote, ReturnNoteKind};
use crate::domain::Lang;
use crate::offline::passbook::{months, PassbookFilter, PassbookView};
use crate::offline::use_sync;
use crate::ui::kit::category_label::category_label;
use crate::ui::kit::show_more::ShowMore;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;
use crate::ui::volunteer::passbook_line::{passbook_line_view, state_code};

/// Lines drawn at first, and added per "show more".
const PAGE: usize = 100;

#[component]
pub fn PassbookPage() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let book = sync.passbook_view();
    let category = RwSignal::new(String::new());
    let month = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    let kept = Memo::new(move |_| {
        let filter = PassbookFilter {
            category: category.get(),
            month: month.get(),
        };
        book.with(|b: &PassbookView| {
            b.lines
                .iter()
                .filter(|l| filter.keeps(l))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let hidden = move || kept.with(Vec::len).saturating_sub(shown.get());
    let hours = move |m: crate::domain::Minutes| m.hours_text();

    view! {
        <PageTitle zh="我的爱心存折" en="My passbook"/>
        <section class="passbook" data-testid="passbook">
            <h2>{pick("我的爱心存折", "My love passbook")}</h2>
            <div class="totals">
                <div class="total">
                    <span class="figure" data-testid="total-verified">{move || book.with(|b| hours(b.verified))}</span>
                    <span class="label">{pick("已核实（小时）", "Verified (hours)")}</span>
                </div>
                <div class="total">
                    <span class="figure" data-testid="total-pending">{move || book.with(|b| hours(b.pending))}</span>
                    <span class="label">{pick("待审核（小时）", "Pending (hours)")}</span>
                </div>
                <div class="total">
                    <span class="figure" data-testid="total-balance">{move || book.with(|b| b.balance.text())}</span>
                    <span class="label">{pick("积分余额", "Points")}</span>
                </div>
            </div>
            {move || sync.passbook.with(Option::is_none).then(|| view! {
                <p class="hint" data-testid="passbook-not-synced">
                    {pick("联网同步后，这里会显示审核结果和积分。", "After a sync with the network, review results and points show here.")}
                </p>
            })}
            {move || book.with(|b| (!b.returns.is_empty()).then(|| return_notes(&b.returns, lang)))}
            <div class="filters">
                <label>
                    <span>{pick("类别", "Category")}</span>
                    <select
                        data-testid="filter-category"
                        on:change=move |ev| { category.set(event_target_value(&ev)); shown.set(PAGE); }
                        prop:value=category
                    >
                        <option value="">{pick("全部类别", "All categories")}</option>
                        {SEEDED_CATEGORIES.iter().map(|(code, ..)| {
                            let code = code.to_string();
                            let label = code.clone();
                            view! { <option value=code>{move || category_label(&label, lang.get())}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{pick("月份", "Month")}</span>
                    <select
                        data-testid="filter-month"
                        on:change=move |ev| { month.set(event_target_value(&ev)); shown.set(PAGE); }
                        prop:value=month
                    >
                        <option value="">{pick("全部月份", "All months")}</option>
                        // Drawn again whole when the months change (after a sync), like the
                        // categories: a keyed list of strings would add its own diffing code to
                        // the first chunk for a dozen options.
                        {move || book.with(months).into_iter().map(|m| {
                            let value = m.clone();
                            view! { <option value=value>{m}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <a class="button" href="/volunteer/print" data-testid="print-link">{pick("打印存折", "Print")}</a>
            </div>
            <Show
                when=move || !kept.with(Vec::is_empty)
                fallback=move || if book.with(|b| b.lines.is_empty()) {
                    // A new volunteer: how the first line gets here, not the filter's wording.
                    view! {
                        <div class="card notice" data-testid="passbook-empty">
                            <p>{pick(
                                "存折里还没有记录。做完一次志愿服务后，在「登记」里记下时间、地点、内容和见证人；社区核实后，时长和积分就记入存折。",
                                "Nothing in your passbook yet. After a service, log it under \"Log\" with the time, place, what you did and a witness; once the community verifies it, the hours and points are entered here.",
                            )}</p>
                            <a class="button primary" href="/volunteer/log" data-testid="log-first-service">{pick("登记第一次服务", "Log your first service")}</a>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <p class="hint" data-testid="passbook-empty">
                            {pick("没有符合条件的记录。", "No lines match.")}
                        </p>
                    }.into_any()
                }
            >
                <ul class="passbook-lines">
                    <For
                        each=move || kept.with(|all| all.iter().take(shown.get()).cloned().collect::<Vec<_>>())
                        key=|line| (line.id.clone(), state_code(&line.state), line.cumulative)
                        children=move |line| passbook_line_view(line, lang)
                    />
                </ul>
                <ShowMore hidden=Signal::derive(hidden) shown page=PAGE/>
            </Show>
        </section>
    }
    .into_any()
}

/// 回报 in the passbook: the hours the person's requests hold back, and what they paid.
fn return_notes(notes: &[ReturnNote], lang: RwSignal<Lang>) -> impl IntoView {
    view! {
        <div class="card return-notes" data-testid="passbook-returns">
            <h3>{move || lang.get().pick("回报（用存折时间换帮助）", "Help in return (paid in time)")}</h3>
            <ul class="plain-list">
                {notes.iter().cloned().map(|n| {
                    let hours = n.minutes.hours_text();
                    view! {
                        <li data-testid="passbook-return" data-kind=if n.kind == ReturnNoteKind::Reserved { "reserved" } else { "paid" }>{move || match (lang.get(), n.kind, n.refunded) {
                            (Lang::Zh, ReturnNoteKind::Reserved, _) => format!("预留 {hours} 小时：{}", n.need),
                            (Lang::Zh, _, false) => format!("支付 {hours} 小时：{}帮助了「{}」", n.other, n.need),
                            (Lang::Zh, _, true) => format!("已退还 {hours} 小时（服务被冲正）：「{}」", n.need),
                            (Lang::En, ReturnNoteKind::Reserved, _) => format!("Reserved {hours} h: {}", n.need),
                            (Lang::En, _, false) => format!("Paid {hours} h: {} helped with \"{}\"", n.other, n.need),
                            (Lang::En, _, true) => format!("{hours} h returned (the service was reversed): \"{}\"", n.need),
                        }}</li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
