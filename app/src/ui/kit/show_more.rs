//! "Show more": long lists are drawn a page at a time; this adds the next page.

use leptos::prelude::*;

use crate::domain::Lang;
use crate::ui::shell::language::use_lang;

/// Shown while `hidden` lines remain; each press adds `page` to `shown`.
#[component]
pub fn ShowMore(hidden: Signal<usize>, shown: RwSignal<usize>, page: usize) -> impl IntoView {
    let lang = use_lang();
    move || {
        (hidden.get() > 0).then(|| {
            view! {
                <button type="button" class="more" on:click=move |_| shown.update(|n| *n += page) data-testid="show-more">
                    {move || match lang.get() {
                        Lang::Zh => format!("显示更多（还有 {} 条）", hidden.get()),
                        Lang::En => format!("Show more ({} more)", hidden.get()),
                    }}
                </button>
            }
        })
    }
}
