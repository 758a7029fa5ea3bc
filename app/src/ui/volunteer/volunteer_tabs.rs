//! The volunteer's five places, as tabs along the top of the phone screen: five equal columns,
//! icon above word, so all five fit a 390 px phone in either language. The icons are inline SVG
//! (an emoji shows as an empty box on a device without an emoji font).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::shell::language::use_lang;

/// The outline of each tab's icon on a 24×24 grid, drawn with the text colour.
const BOOK: &str = "M5 4.5A1.5 1.5 0 0 1 6.5 3H19v15H6.5A1.5 1.5 0 0 0 5 19.5zM5 19.5A1.5 1.5 0 0 0 6.5 21H19M9 7h6";
const PEN: &str = "M4 20h4L19 9l-4-4L4 16zM13 7l4 4";
const HEART: &str =
    "M12 20s-7-4.4-7-9.6A3.9 3.9 0 0 1 12 8a3.9 3.9 0 0 1 7 2.4C19 15.6 12 20 12 20z";
const STAR: &str = "M12 3.5l2.6 5.4 5.9.8-4.3 4.1 1 5.8L12 16.8l-5.2 2.8 1-5.8-4.3-4.1 5.9-.8z";
const PERSON: &str =
    "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4.5 21c.6-4 3.7-6.5 7.5-6.5s6.9 2.5 7.5 6.5";

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
                <svg class="tab-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                    <path d=icon/>
                </svg>
                <span>{move || lang.get().pick(zh, en)}</span>
            </A>
        }
    };
    view! {
        <nav class="tabs volunteer-tabs no-print" aria-label=move || lang.get().pick("志愿者功能", "Volunteer")>
            {tab("/volunteer", BOOK, "存折", "Passbook", "tab-passbook")}
            {tab("/volunteer/log", PEN, "登记", "Log", "tab-log")}
            {tab("/wall", HEART, "心愿", "Wishes", "tab-wall")}
            {tab("/volunteer/points", STAR, "积分", "Points", "tab-points")}
            {tab("/volunteer/file", PERSON, "档案", "My file", "tab-file")}
        </nav>
    }
}
