use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::Text;
use crate::ui::shell::language::{t, use_lang, LanguageSwitch};
use crate::ui::shell::network::NetworkBadge;

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    view! {
        <header class="top">
            <a class="brand" href="/">
                <img src="/icons/icon.svg" alt="" width="32" height="32"/>
                <span>{t(lang, Text::AppName)}</span>
            </a>
            <nav aria-label="main">
                <A href="/" exact=true>{t(lang, Text::NavHome)}</A>
                <A href="/volunteer">{t(lang, Text::NavVolunteer)}</A>
                <A href="/wall">{t(lang, Text::NavWall)}</A>
                <A href="/kiosk">{t(lang, Text::NavKiosk)}</A>
                <A href="/office">{t(lang, Text::NavOffice)}</A>
            </nav>
            <div class="tools">
                <NetworkBadge/>
                <LanguageSwitch/>
            </div>
        </header>
    }
}
