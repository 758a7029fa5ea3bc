//! Whether this browser has a network: phones lose it in basements and villages, and the person
//! must always know whether what they see is live.

use leptos::prelude::*;

use crate::i18n::Text;
use crate::ui::shell::language::{t, use_lang};

#[derive(Clone, Copy)]
pub struct NetworkStatus(pub RwSignal<bool>);

/// Tracks `navigator.onLine` and its events. Call once, at the root. The server render assumes
/// online; the browser corrects it once the whole page is hydrated (before, an offline notice
/// would appear in HTML that is still being hydrated).
pub fn provide_network_status() -> RwSignal<bool> {
    let online = RwSignal::new(true);
    provide_context(NetworkStatus(online));
    #[cfg(feature = "hydrate")]
    crate::hydration::after_hydration(move || {
        online.set(window().navigator().on_line());
        let up = window_event_listener(leptos::ev::online, move |_| online.set(true));
        let down = window_event_listener(leptos::ev::offline, move |_| online.set(false));
        on_cleanup(move || {
            up.remove();
            down.remove();
        });
    });
    online
}

/// The online / offline badge in the header.
#[component]
pub fn NetworkBadge() -> impl IntoView {
    let lang = use_lang();
    let online = use_context::<NetworkStatus>()
        .map(|n| n.0)
        .unwrap_or_else(|| RwSignal::new(true));
    let online_text = t(lang, Text::Online);
    let offline_text = t(lang, Text::Offline);
    view! {
        <span
            class="net-badge"
            class:offline=move || !online.get()
            role="status"
            data-testid="network-status"
            data-online=move || online.get().to_string()
        >
            <span class="dot" aria-hidden="true"></span>
            {move || if online.get() { online_text() } else { offline_text() }}
        </span>
    }
}
