//! The interface language: Chinese first, English on request, remembered on this device.
//!
//! The choice lives in local storage (gloo-storage). A cookie mirrors it so the server renders the
//! next page in the same language and hydration finds the text it expects.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

use crate::domain::Lang;
use crate::i18n::Text;

const STORAGE_KEY: &str = "lovebank.lang";
pub const COOKIE_NAME: &str = "lovebank_lang";

#[derive(Clone)]
struct LanguageContext(RwSignal<Lang>, ArcRwSignal<Lang>);

/// Puts the language signal in the context and returns it. Call once, at the root.
pub fn provide_language() -> RwSignal<Lang> {
    let shared = ArcRwSignal::new(initial_lang());
    let lang = RwSignal::from(shared.clone());
    provide_context(LanguageContext(lang, shared));
    // Once the whole page is hydrated (a lazy page's chunk arrives mid-hydration, and changing the
    // language before then would leave the server's words in place): a choice stored on this
    // device wins over what the server guessed.
    #[cfg(feature = "hydrate")]
    crate::hydration::after_hydration(move || {
        if let Some(stored) =
            crate::stored::read::<String>(STORAGE_KEY).and_then(|tag| Lang::from_tag(&tag))
        {
            if stored != lang.get_untracked() {
                lang.set(stored);
                write_cookie(stored);
            }
        }
    });
    lang
}

/// The current language, for components.
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<LanguageContext>()
        .map(|c| c.0)
        .unwrap_or_else(|| RwSignal::new(Lang::default()))
}

/// The same language as a reference-counted signal, readable where no reactive arena is active.
/// The server renders `<title>` after the page's stream has started, outside the request's arena
/// (leptos_meta reads it then, possibly on another thread): a title that reads the arena signal
/// can panic there ("no Arena is active"), seen once in a Playwright run. Titles read this one.
pub fn use_lang_shared() -> ArcRwSignal<Lang> {
    use_context::<LanguageContext>()
        .map(|c| c.1)
        .unwrap_or_else(|| ArcRwSignal::new(Lang::default()))
}

/// A reactive piece of text: `{t(lang, Text::AppName)}` in a view follows the language.
pub fn t(lang: RwSignal<Lang>, text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync {
    move || text.get(lang.get())
}

/// Switches to `next` and remembers it on this device.
pub fn choose_language(lang: RwSignal<Lang>, next: Lang) {
    lang.set(next);
    if let Err(e) = LocalStorage::set(STORAGE_KEY, next.tag()) {
        leptos::logging::warn!("language not saved: {e}");
    }
    write_cookie(next);
}

fn write_cookie(lang: Lang) {
    use wasm_bindgen::JsCast;
    let Some(doc) = document().dyn_into::<web_sys::HtmlDocument>().ok() else {
        return;
    };
    let cookie = format!(
        "{COOKIE_NAME}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.tag()
    );
    if let Err(e) = doc.set_cookie(&cookie) {
        leptos::logging::warn!("language cookie not set: {e:?}");
    }
}

/// The language the first render uses. The server reads the cookie; the browser reads what the
/// server wrote into `<html lang>`, so both render the same text and hydration matches.
#[cfg(feature = "ssr")]
fn initial_lang() -> Lang {
    crate::api::ports::request_cookie(COOKIE_NAME)
        .and_then(|value| Lang::from_tag(&value))
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn initial_lang() -> Lang {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

/// The button in the header that offers the other language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    view! {
        <button
            type="button"
            class="lang-switch"
            lang=move || lang.get().other().tag()
            on:click=move |_| choose_language(lang, lang.get_untracked().other())
        >
            {t(lang, Text::SwitchLanguage)}
        </button>
    }
}
