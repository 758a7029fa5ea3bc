//! The volunteer's five places, as tabs along the top of the phone screen.

use leptos::prelude::*;
use leptos_router::components::A;

use super::language::use_lang;

#[component]
pub fn VolunteerTabs() -> impl IntoView {
    let lang = use_lang();
    let tab = move |href: &'static str,
                    icon: &'static str,
                    zh: &'static str,
                    en: &'static str,
                    id: &'static str| {
        view! {
            <A href=href exact=true attr:class="tab" attr:data-testid=id>
                <span aria-hidden="true">{icon}</span>
                <span>{move || lang.get().pick(zh, en)}</span>
            </A>
        }
    };
    view! {
        <nav class="tabs no-print" aria-label=move || lang.get().pick("志愿者功能", "Volunteer")>
            {tab("/volunteer", "📒", "存折", "Passbook", "tab-passbook")}
            {tab("/volunteer/log", "✍️", "登记", "Log", "tab-log")}
            {tab("/wall", "💌", "心愿", "Wishes", "tab-wall")}
            {tab("/volunteer/points", "⭐", "积分", "Points", "tab-points")}
            {tab("/volunteer/file", "👤", "档案", "My file", "tab-file")}
        </nav>
    }
}
