//! One wish (/wall/:id): where a kiosk's QR code lands on a volunteer's phone, ready to claim.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::offline::use_sync;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;
use crate::ui::wall::wall_page::{use_wall, use_wall_notes};
use crate::ui::wall::wish_note::WishNote;

#[component]
pub fn WishPage() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let params = use_params_map();
    let notes = use_wall_notes(use_wall());
    let note = Memo::new(move |_| {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        notes.with(|n| n.iter().find(|n| n.card.id.as_str() == id).cloned())
    });
    view! {
        <PageTitle zh="心愿详情" en="Wish"/>
        <section class="wish-page" data-testid="wish-page">
            <p><a href="/wall">{pick("← 返回心愿墙", "← Back to the wall")}</a></p>
            {move || match note.get() {
                Some(note) => view! { <WishNote note large=true/> }.into_any(),
                None => view! {
                    <div class="card" data-testid="wish-missing">
                        <p>{pick(
                            "本机还没有这个心愿：它可能刚刚发布，或属于其他社区。联网同步后再看。",
                            "This phone does not hold this wish yet: it may be new, or of another community. Sync and look again.",
                        )}</p>
                        <button type="button" on:click=move |_| sync.sync_now()>{pick("立即同步", "Sync now")}</button>
                    </div>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}
