//! One job at a time across all tabs of this browser, with the Web Locks API
//! (`navigator.locks.request`), called through js-sys because web-sys keeps it behind an unstable
//! flag.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Runs `job` holding the browser-wide Web Lock `name`, so two tabs never sync at once. Where
/// the browser has no Web Locks, runs it directly.
pub async fn with_lock<T: 'static>(name: &str, job: impl Future<Output = T> + 'static) -> T {
    let job = Rc::new(RefCell::new(Some(Box::pin(job))));
    let out: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    let locked = {
        let job = job.clone();
        let out = out.clone();
        let callback = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
            wasm_bindgen_futures::future_to_promise(async move {
                let next = job.borrow_mut().take();
                if let Some(next) = next {
                    let value = next.await;
                    *out.borrow_mut() = Some(value);
                }
                Ok(JsValue::UNDEFINED)
            })
        });
        request_lock(name, &callback)
    };
    if let Some(promise) = locked {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    if let Some(value) = out.borrow_mut().take() {
        return value;
    }
    // No lock manager, or the request failed before the job ran.
    let next = job.borrow_mut().take();
    match next {
        Some(next) => next.await,
        None => unreachable!("the job ran under the lock and left its value"),
    }
}

fn request_lock(name: &str, callback: &JsValue) -> Option<js_sys::Promise> {
    let navigator = window().navigator();
    let locks = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request: js_sys::Function = js_sys::Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()?
        .dyn_into()
        .ok()?;
    request
        .call2(&locks, &JsValue::from_str(name), callback)
        .ok()?
        .dyn_into()
        .ok()
}
