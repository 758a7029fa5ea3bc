//! The page's `<title>` in the current language, read from the arena-free language signal (see
//! [`crate::ui::shell::language::use_lang_shared`]).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::ui::shell::language::use_lang_shared;

#[component]
pub fn PageTitle(zh: &'static str, en: &'static str) -> impl IntoView {
    let lang = use_lang_shared();
    view! { <Title text=move || lang.get().pick(zh, en).to_string()/> }
}
