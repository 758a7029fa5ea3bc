//! What a lazy page shows when its chunk could not be fetched: the phone is offline and the
//! service worker has not kept that page yet. The rest of the app keeps working.

use leptos::prelude::*;

use crate::i18n::Text;
use crate::ui::shell::language::{t, use_lang};

#[component]
pub fn PageNotKept() -> impl IntoView {
    let lang = use_lang();
    // A reload asks for the page and its chunk again; a failed chunk is not remembered.
    let try_again = move |_| {
        let _ = window().location().reload();
    };
    view! {
        <section class="card narrow" role="alert" data-testid="page-not-kept">
            <h2>{t(lang, Text::PageNotKept)}</h2>
            <p>{t(lang, Text::PageNotKeptHint)}</p>
            <button type="button" class="button primary" on:click=try_again data-testid="page-not-kept-retry">
                {t(lang, Text::TryAgain)}
            </button>
        </section>
    }
}
