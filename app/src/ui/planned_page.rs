use leptos::prelude::*;
use leptos_meta::Title;

use super::language::{t, use_lang};
use crate::i18n::Text;

/// A reserved route whose feature belongs to a later issue: it says what will live here.
#[component]
pub fn PlannedPage(title: Text, blurb: Text) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=t(lang, title)/>
        <section class="planned">
            <h1>{t(lang, title)}</h1>
            <p>{t(lang, blurb)}</p>
            <p class="note">{t(lang, Text::PlannedPage)}</p>
        </section>
    }
}
