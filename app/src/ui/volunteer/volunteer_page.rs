//! The volunteer's pages (志愿者): who is signed in, the sync state, the tabs, and the tab's page
//! (passbook, log a service, points, my file). Works offline once the person has signed in on
//! this browser.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

use crate::offline::use_sync;
use crate::ui::shell::sync_bar::SyncBar;
use crate::ui::volunteer::volunteer_tabs::VolunteerTabs;

#[component]
pub fn VolunteerPage() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let location = use_location();
    let sign_out = move |_| {
        spawn_local(async move {
            // Offline the server cannot be told; the browser forgets the person all the same.
            let _ = crate::api::sign_out().await;
            sync.signed_out();
        });
    };
    view! {
        <PageTitle zh="志愿者" en="Volunteer"/>
        // The wall lives among the volunteer's pages (same sign-in, same sync bar) under its own name.
        <h1 class="page-title">{move || if location.pathname.get().starts_with("/wall") {
            lang.get().pick("微心愿墙", "Wish wall")
        } else {
            lang.get().pick("志愿者", "Volunteers")
        }}</h1>
        <noscript>
            <p class="card">{pick("请启用 JavaScript：离线登记需要它。", "Please enable JavaScript: offline entry needs it.")}</p>
        </noscript>
        <Show
            when=move || sync.loaded.get()
            fallback=move || view! { <p class="hint" data-testid="volunteer-loading">{pick("加载中…", "Loading…")}</p> }
        >
            <Show
                when=move || sync.me.get().is_some()
                fallback=move || view! {
                    <section class="card narrow" data-testid="please-sign-in">
                        <p>{pick("请先登录。", "Please sign in first.")}</p>
                        <a class="button primary" href=move || format!("/signin?next={}", location.pathname.get())>{pick("登录", "Sign in")}</a>
                    </section>
                }
            >
                <section class="volunteer" data-testid="volunteer-page">
                    <header class="person">
                        <strong data-testid="person-name">{move || sync.me.get().map(|m| m.name).unwrap_or_default()}</strong>
                        <span>{move || sync.me.get().and_then(|m| m.community_name).unwrap_or_default()}</span>
                        <button type="button" class="link" on:click=sign_out data-testid="sign-out">
                            {pick("退出登录", "Sign out")}
                        </button>
                    </header>
                    <SyncBar/>
                    <VolunteerTabs/>
                    <Outlet/>
                </section>
            </Show>
        </Show>
    }
}
