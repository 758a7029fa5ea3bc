//! The service worker keeps the app's pages and bundle for a reload without a network. It is
//! registered once the page has hydrated: by then the bundle sits in the browser's HTTP cache
//! (served with a year's `immutable` cache header), so the worker's precache copies it from
//! there instead of downloading it a second time on the phone's first visit.

use wasm_bindgen_futures::JsFuture;

pub fn register() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    // Browsers without workers (or a page not served over http(s)) simply keep no offline copy.
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let registering = navigator.service_worker().register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = JsFuture::from(registering).await {
            leptos::logging::warn!("service worker: {e:?}");
        }
    });
}
