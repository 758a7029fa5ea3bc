//! Bringing what was just opened into view: a file opened from far down a long table appears
//! below the table, out of sight, unless the page scrolls to it.

use leptos::html::Section;
use leptos::prelude::*;

/// Scrolls the page to `node` once it is in the document (in the browser; nothing on the server).
pub fn reveal_when_mounted(node: NodeRef<Section>) {
    Effect::new(move |_| {
        if let Some(section) = node.get() {
            section.scroll_into_view();
        }
    });
}
