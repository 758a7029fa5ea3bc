//! Whether this device can open the person's pages without a network: the service worker keeps
//! the lazy pages' chunks of the person's role after the first visit, and says when it has them
//! all. The sync bar shows it, so a volunteer knows when the phone is ready for a day offline.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OfflineCopy {
    /// Nothing asked yet (no worker, or the page has not finished loading).
    #[default]
    Unknown,
    /// The worker is fetching the pages.
    Preparing,
    /// Every page the person's role opens is on this device.
    Ready,
    /// Some are missing and the network is not there to fetch them.
    Incomplete,
}

#[derive(Clone, Copy)]
struct OfflineCopyContext(RwSignal<OfflineCopy>);

pub fn provide_offline_copy() -> RwSignal<OfflineCopy> {
    let copy = RwSignal::new(OfflineCopy::Unknown);
    provide_context(OfflineCopyContext(copy));
    copy
}

pub fn use_offline_copy() -> RwSignal<OfflineCopy> {
    use_context::<OfflineCopyContext>()
        .map(|c| c.0)
        .unwrap_or_else(|| RwSignal::new(OfflineCopy::Unknown))
}
