//! The service worker keeps the app's pages and bundle for a reload without a network. It is
//! registered once the page has hydrated: by then the bundle sits in the browser's HTTP cache
//! (served with a year's `immutable` cache header), so the worker's precache copies it from
//! there instead of downloading it a second time on the phone's first visit.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::domain::person::Role;

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

/// The groups of lazy pages a device keeps for offline use, by who is signed in: the home page
/// for everyone, a volunteer's pages, the kiosk's screen, everything for the office. The worker's script lists each
/// group's chunk files (the server reads them from the build's split manifest).
pub fn chunk_groups(role: Option<Role>, on_kiosk: bool) -> &'static [&'static str] {
    match role {
        Some(Role::Volunteer) => &["shell", "volunteer"],
        Some(Role::Kiosk) => &["shell", "kiosk"],
        Some(Role::Staff | Role::Admin) => &["shell", "office"],
        None if on_kiosk => &["shell", "kiosk"],
        None => &["shell"],
    }
}

/// Asks the active worker to keep the chunks of `role`'s pages. Chunks this page has loaded are
/// already in the HTTP cache (a year, immutable), so the worker copies them from there; the
/// rest come over the network once, in the background.
pub fn keep_chunks_for(role: Option<Role>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_kiosk = window
        .location()
        .pathname()
        .is_ok_and(|p| p.starts_with("/kiosk"));
    let groups = chunk_groups(role, on_kiosk);
    let navigator = window.navigator();
    if groups.is_empty()
        || !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false)
    {
        return;
    }
    let Ok(ready) = navigator.service_worker().ready() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = JsFuture::from(ready).await else {
            return;
        };
        let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
        if let Some(worker) = registration.active() {
            for group in groups {
                let _ = worker.post_message(&format!("precache:{group}").into());
            }
        }
    });
}
