use leptos::prelude::*;

use crate::i18n::Text;
use crate::ui::shell::language::{t, use_lang};

#[component]
pub fn NotFound() -> impl IntoView {
    // A real 404 status, so crawlers and the service worker do not take it for a page.
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <section class="not-found">
            <h1>"404"</h1>
            <p>{t(lang, Text::NotFound)}</p>
            <a href="/">{t(lang, Text::BackHome)}</a>
        </section>
    }
}
