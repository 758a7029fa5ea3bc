//! Love Bank (爱心银行): the shared library.
//!
//! `domain` is plain Rust (no Leptos, no `cfg`) used by the browser and the server alike;
//! `api` holds the server functions; `ui` the pages and components. The crate is compiled twice:
//! with `ssr` into the server, and with `hydrate` into the WebAssembly bundle.

// Leptos' typed views nest deeply; whole pages exceed the default limit in release builds.
#![recursion_limit = "256"]

pub mod api;
pub mod domain;
#[cfg(feature = "hydrate")]
pub mod hydration;
pub mod i18n;
pub mod offline;
pub mod stored;
pub mod ui;

pub use ui::shell::app::{shell, App};

/// Entry point of the WebAssembly bundle: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panic messages in the console cost bundle bytes; a release build shows a trap instead.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // `hydrate_lazy`, but knowing when it is done: a lazy page hydrates only once its chunk has
    // arrived, and what waits for hydration (the sync runner, the service worker) starts then.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document()
            .body()
            .expect("a page has a body");
        leptos::mount::hydrate_from_async(body, App).await.forget();
        hydration::finished();
        offline::service_worker::register();
    });
}

/// Room for the WebAssembly splitter to lay out each chunk's constants on its own.
///
/// `cargo leptos build --split` moves every constant (strings, tables) into the chunk that uses it,
/// re-packing the read-only data segment per chunk. Re-packed, the segment comes out a few hundred
/// bytes longer than the linker's (alignment padding per chunk); when it does, the splitter falls
/// back to keeping the **whole** segment in the first chunk — every office, kiosk and print page's
/// text with it, about 110 KB (25 KB on the wire) more for every phone, and a different amount
/// with every unrelated change. This block is kept by the linker (`#[used]`) and used by no code,
/// so no chunk takes it: its bytes are the slack that keeps the re-packed segment within the
/// linker's length. It is never downloaded.
#[cfg(all(feature = "hydrate", feature = "split"))]
#[used]
static SPLIT_DATA_SLACK: [u8; 8192] = [0x5a; 8192];
