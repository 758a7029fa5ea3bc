//! The wall's three figures: open now, claimed this month, fulfilled this year.

use leptos::prelude::*;

use crate::domain::wall::WallCounts as Counts;
use crate::ui::shell::language::use_lang;

#[component]
pub fn WallCounts(counts: Counts) -> impl IntoView {
    let lang = use_lang();
    let figure = move |value: u32, zh: &'static str, en: &'static str, id: &'static str| {
        view! {
            <li class="card">
                <span class="value" data-testid=id>{value}</span>
                <span class="label">{move || lang.get().pick(zh, en)}</span>
            </li>
        }
    };
    view! {
        <ul class="cards wall-counts" data-testid="wall-counts">
            {figure(counts.open, "待认领", "Open", "count-open")}
            {figure(counts.claimed_this_month, "本月认领", "Claimed this month", "count-claimed")}
            {figure(counts.fulfilled_this_year, "今年实现", "Fulfilled this year", "count-fulfilled")}
        </ul>
    }
    .into_any()
}
