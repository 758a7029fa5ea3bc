//! When the WebAssembly has taken over the server's HTML.
//!
//! Lazy routes make hydration asynchronous: the router waits for a page's chunk to arrive before
//! it hydrates that page and its parents. Anything that changes state in the meantime (the sync
//! runner reading IndexedDB, say) would make the browser's first render differ from the HTML the
//! server sent, and tachys aborts on such a mismatch. So work that changes what is shown waits
//! here until the whole page is hydrated.

use std::cell::{Cell, RefCell};

use leptos::prelude::Owner;

type Waiting = Vec<(Option<Owner>, Box<dyn FnOnce()>)>;

thread_local! {
    static DONE: Cell<bool> = const { Cell::new(false) };
    static WAITING: RefCell<Waiting> = RefCell::new(Vec::new());
}

/// Runs `f` once the page is hydrated (at once if it already is), under the reactive owner that
/// was current when it was asked for, so its cleanups and listeners belong where they were made.
pub fn after_hydration(f: impl FnOnce() + 'static) {
    if DONE.with(Cell::get) {
        f();
    } else {
        WAITING.with(|w| w.borrow_mut().push((Owner::current(), Box::new(f))));
    }
}

/// Marks the page hydrated and runs what waited for it, in the order it was asked for.
pub fn finished() {
    DONE.with(|d| d.set(true));
    let waiting = WAITING.with(|w| std::mem::take(&mut *w.borrow_mut()));
    for (owner, f) in waiting {
        match owner {
            Some(owner) => owner.with(f),
            None => f(),
        }
    }
}
