//! What one tab must know of the others: who is signed in (the session is the browser's, and
//! every tab follows it at once), that another tab changed the local database (re-read it), and
//! whether the browser promised to keep this site's data.

use std::cell::RefCell;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::handle::{SyncHandle, ME_KEY};
use super::runner::{forget_copies, kick, refresh};
use crate::domain::account::Me;

thread_local! {
    /// This page's end of the channel between tabs. Posting through the same object that
    /// listens means a tab never hears (and re-reads the database for) its own news.
    static CHANNEL_OF_PAGE: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
}

/// Asks the browser to keep this site's data (Safari and Chrome may otherwise clear it to make
/// room, unsent entries with it), at every start: the answer can change, and a page opened
/// without signing in again must ask too. The answer is shown when it is "no".
pub(super) fn ask_to_persist(handle: SyncHandle) {
    let storage = window().navigator().storage();
    spawn_local(async move {
        let granted = match storage.persist() {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .ok()
                .and_then(|v| v.as_bool()),
            Err(_) => None,
        };
        handle.persisted.set(granted);
    });
}

/// The person this browser's tabs share (another tab may have changed it).
fn stored_me() -> Option<Me> {
    crate::stored::read(ME_KEY)
}

/// Every tab follows the session: when another tab signs someone out or in, this one switches
/// at once, before it captures or syncs anything under the old name.
pub(super) fn follow_the_session(handle: SyncHandle) {
    let listener = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().is_none_or(|key| key == ME_KEY) {
            adopt_stored_me(handle);
        }
    });
    on_cleanup(move || listener.remove());
}

/// Takes on whoever the shared storage says is signed in; true when that changed anything.
pub(super) fn adopt_stored_me(handle: SyncHandle) -> bool {
    let stored = stored_me();
    let current = handle.me.get_untracked();
    if stored.as_ref().map(|m| &m.person) == current.as_ref().map(|m| &m.person) {
        return false;
    }
    handle.problem.set(None);
    handle.passbook.set(None);
    handle.file.set(None);
    handle.wall.set(None);
    forget_copies();
    let someone = stored.is_some();
    handle.me.set(stored);
    spawn_local(async move {
        refresh(handle).await;
        if someone {
            kick(handle);
        }
    });
    true
}

const CHANNEL: &str = "lovebank-ledger";

/// Tabs of one browser share the database: when one captures or syncs, the others re-read it.
pub(super) fn listen_to_other_tabs(handle: SyncHandle) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
        // The other tab may have fetched new server copies: read them again.
        forget_copies();
        spawn_local(refresh(handle));
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Lives as long as the page, like the channel kept below.
    on_message.forget();
    CHANNEL_OF_PAGE.with(|c| *c.borrow_mut() = Some(channel));
}

pub(super) fn tell_other_tabs() {
    CHANNEL_OF_PAGE.with(|c| {
        if let Some(channel) = &*c.borrow() {
            let _ = channel.post_message(&JsValue::from_str("changed"));
        }
    });
}
