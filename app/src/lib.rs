//! Love Bank (爱心银行): the shared library.
//!
//! `domain` is plain Rust (no Leptos, no `cfg`) used by the browser and the server alike;
//! `api` holds the server functions; `ui` the pages and components. The crate is compiled twice:
//! with `ssr` into the server, and with `hydrate` into the WebAssembly bundle.

// Leptos' typed views nest deeply; whole pages exceed the default limit in release builds.
#![recursion_limit = "256"]

pub mod api;
pub mod domain;
pub mod i18n;
pub mod offline;
pub mod ui;

pub use ui::app::{shell, App};

/// Entry point of the WebAssembly bundle: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panic messages in the console cost bundle bytes; a release build shows a trap instead.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    offline::service_worker::register();
}
