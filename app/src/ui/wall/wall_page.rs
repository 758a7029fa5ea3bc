//! The micro-wish wall (微心愿墙) on the phone: the community's wishes as sticky notes with the
//! three counts on top, filtered by category and state, newest first or the longest-waiting open
//! wish first. It works offline: the notes come from the copy the last sync kept, with what the
//! person did on this phone since.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::domain::category::SEEDED_CATEGORIES;
use crate::domain::wall::{arrange, WallFilter, WallOrder, WallView};
use crate::domain::wish::{WishCard, WishState};
use crate::offline::{use_sync, wall_notes, WallNote};
use crate::ui::kit::show_more::ShowMore;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;
use crate::ui::wall::wall_counts::WallCounts;
use crate::ui::wall::wish_note::WishNote;

/// The copy of the wall the last sync kept, read once per copy. The runner keeps it as text;
/// the wall's pages are where it is read.
pub fn use_wall() -> Memo<Option<WallView>> {
    let sync = use_sync();
    Memo::new(move |_| sync.wall.with(|w| w.as_ref().and_then(|w| w.read())))
}

/// The notes of the signed-in person's wall, recomputed when the copy or the lines change.
pub fn use_wall_notes(wall: Memo<Option<WallView>>) -> Memo<Vec<WallNote>> {
    let sync = use_sync();
    Memo::new(move |_| {
        let community = sync
            .me
            .with(|m| m.as_ref().and_then(|m| m.community.clone()));
        wall.with(|wall| {
            sync.lines.with(|lines| {
                wall_notes(wall.as_ref(), lines, community.as_ref(), chrono::Utc::now())
            })
        })
    })
}

/// Notes drawn at first, and added per "show more".
const PAGE: usize = 30;

#[component]
pub fn WallPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let wall = use_wall();
    let notes = use_wall_notes(wall);
    let category = RwSignal::new(String::new());
    // "" all, "mine", or a state.
    let shown = RwSignal::new(String::new());
    let order = RwSignal::new(WallOrder::Newest);
    let visible = Memo::new(move |_| {
        notes.with(|notes| {
            let filter = WallFilter {
                category: Some(category.get()).filter(|c| !c.is_empty()),
                state: match shown.get().as_str() {
                    "open" => Some(WishState::Open),
                    "claimed" => Some(WishState::Claimed),
                    "fulfilled" => Some(WishState::Fulfilled),
                    _ => None,
                },
                order: order.get(),
            };
            let mine_only = shown.get() == "mine";
            let cards: Vec<WishCard> = notes
                .iter()
                .filter(|n| !mine_only || n.is_mine() || n.card.posted_by_me)
                .map(|n| n.card.clone())
                .collect();
            let by_id: HashMap<&str, &WallNote> =
                notes.iter().map(|n| (n.card.id.as_str(), n)).collect();
            arrange(&cards, &filter)
                .into_iter()
                .filter_map(|c| by_id.get(c.id.as_str()).map(|n| (*n).clone()))
                .collect::<Vec<_>>()
        })
    });
    // A page of notes at a time: a community with a thousand wishes draws 30, not 1,000.
    let shown_count = RwSignal::new(PAGE);
    Effect::watch(
        move || (category.get(), shown.get(), order.get()),
        move |_, _, _| shown_count.set(PAGE),
        false,
    );
    let hidden = move || visible.with(Vec::len).saturating_sub(shown_count.get());
    view! {
        <PageTitle zh="微心愿墙" en="Wish wall"/>
        <section class="wall" data-testid="wall-page">
            <div class="wall-head">
                <h2 data-testid="wall-community">{move || wall.with(|w| w.as_ref().map(|w| w.community_name.clone())).unwrap_or_default()}</h2>
                <a class="button primary" href="/wall/new" data-testid="post-wish-link">{pick("发布心愿", "Post a wish")}</a>
            </div>
            {move || wall.with(|w| w.as_ref().map(|w| view! { <WallCounts counts=w.counts/> }))}
            <div class="filters no-print">
                <label>
                    <span>{pick("类别", "Category")}</span>
                    <select data-testid="wall-category" prop:value=category on:change=move |ev| category.set(event_target_value(&ev))>
                        <option value="">{pick("全部", "All")}</option>
                        {SEEDED_CATEGORIES.iter().map(|(code, zh, en, icon)| view! {
                            <option value=*code>{move || format!("{icon} {}", lang.get().pick(zh, en))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{pick("状态", "State")}</span>
                    <select data-testid="wall-state" prop:value=shown on:change=move |ev| shown.set(event_target_value(&ev))>
                        <option value="">{pick("全部", "All")}</option>
                        <option value="open">{pick("待认领", "Open")}</option>
                        <option value="claimed">{pick("已认领", "Claimed")}</option>
                        <option value="fulfilled">{pick("已实现", "Fulfilled")}</option>
                        <option value="mine">{pick("我的", "Mine")}</option>
                    </select>
                </label>
                <div class="order" role="group" aria-label=pick("排序", "Order")>
                    <button type="button" aria-pressed=move || (order.get() == WallOrder::Newest).to_string() on:click=move |_| order.set(WallOrder::Newest)>{pick("最新发布", "Newest")}</button>
                    <button type="button" aria-pressed=move || (order.get() == WallOrder::OldestOpen).to_string() on:click=move |_| order.set(WallOrder::OldestOpen) data-testid="order-oldest">{pick("等待最久", "Waiting longest")}</button>
                </div>
            </div>
            <Show
                when=move || wall.with(Option::is_some) || notes.with(|n| !n.is_empty())
                fallback=move || view! { <p class="hint" data-testid="wall-not-synced">{pick("联网同步后显示本社区的心愿。", "Your community's wishes show after a sync with the network.")}</p> }
            >
                <div class="notes" data-testid="wall-notes">
                    // Keyed by the note itself: a note is drawn again only when something on it
                    // changed (its claim, its places), and the others stay as they are.
                    <For
                        each=move || visible.with(|all| all.iter().take(shown_count.get()).cloned().collect::<Vec<_>>())
                        key=|note| note.clone()
                        let:note
                    >
                        <WishNote note/>
                    </For>
                </div>
                <ShowMore hidden=Signal::derive(hidden) shown=shown_count page=PAGE/>
                {move || visible.with(Vec::is_empty).then(|| view! { <p class="hint">{pick("没有符合条件的心愿。", "No wish matches.")}</p> })}
            </Show>
        </section>
    }
    .into_any()
}
