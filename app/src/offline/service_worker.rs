//! The service worker keeps the app's pages and bundle for a reload without a network. It is
//! registered once the page has hydrated: by then the bundle sits in the browser's HTTP cache
//! (served with a year's `immutable` cache header), so the worker's precache copies it from
//! there instead of downloading it a second time on the phone's first visit.

use std::cell::Cell;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::domain::person::Role;
use crate::offline::OfflineCopy;
use leptos::prelude::{GetUntracked, RwSignal, Set};

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

thread_local! {
    /// How many times the worker has been asked to keep chunks, this page.
    static ASKED: Cell<u32> = const { Cell::new(0) };
    /// The groups the worker last said it holds in full.
    static READY_FOR: Cell<Option<&'static [&'static str]>> = const { Cell::new(None) };
}

/// Asks the active worker to keep the chunks of `role`'s pages, and sets `copy` from its answer.
/// Chunks this page has loaded are already in the HTTP cache (a year, immutable), so the worker
/// copies them from there; the rest come over the network once, in the background. Offline, the
/// worker answers from what it kept.
pub fn keep_chunks_for(role: Option<Role>, copy: RwSignal<OfflineCopy>) {
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
    // Only the latest question's answer counts (the person may sign in while the worker is still
    // keeping the shell), and "ready" holds only for the groups it was said of.
    let asked = ASKED.with(|a| {
        a.set(a.get() + 1);
        a.get()
    });
    if !(copy.get_untracked() == OfflineCopy::Ready && READY_FOR.with(|r| r.get()) == Some(groups))
    {
        copy.set(OfflineCopy::Preparing);
    }
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = JsFuture::from(ready).await else {
            return;
        };
        let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
        let Some(worker) = registration.active() else {
            return;
        };
        let Ok(complete) = ask_to_keep(&worker, &groups.join(",")).await else {
            return;
        };
        if ASKED.with(|a| a.get()) != asked {
            return;
        }
        READY_FOR.with(|r| r.set(complete.then_some(groups)));
        copy.set(if complete {
            OfflineCopy::Ready
        } else {
            OfflineCopy::Incomplete
        });
    });
}

/// Posts `precache:<groups>` with a port of its own and waits for the worker's `{ complete }`.
async fn ask_to_keep(
    worker: &web_sys::ServiceWorker,
    groups: &str,
) -> Result<bool, wasm_bindgen::JsValue> {
    let channel = web_sys::MessageChannel::new()?;
    let port = channel.port1();
    // The port's first message resolves the promise with its event.
    let answered = js_sys::Promise::new(&mut |resolve, _| port.set_onmessage(Some(&resolve)));
    worker.post_message_with_transferable(
        &format!("precache:{groups}").into(),
        &js_sys::Array::of1(&channel.port2()),
    )?;
    let event = JsFuture::from(answered).await?;
    let data = js_sys::Reflect::get(&event, &"data".into())?;
    Ok(js_sys::Reflect::get(&data, &"complete".into())?.as_bool() == Some(true))
}
