//! The staff's desk at the office (社区工作台): the verification queue, the volunteers (passbooks,
//! corrections, password resets) and opening accounts. Office PCs are online: these pages talk to
//! the server directly, and the server checks every call against the caller's role.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Outlet, A};

use crate::domain::person::Role;
use crate::offline::use_sync;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn OfficePage() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let is_manager = move || {
        sync.me.with(|m| {
            m.as_ref()
                .is_some_and(|m| matches!(m.role, Role::Staff | Role::Admin))
        })
    };
    let sign_out = move |_| {
        spawn_local(async move {
            let _ = crate::api::sign_out().await;
            sync.signed_out();
        });
    };
    let is_admin = move || {
        sync.me
            .with(|m| m.as_ref().is_some_and(|m| m.role == Role::Admin))
    };
    let tab = move |href: &'static str, zh: &'static str, en: &'static str, id: &'static str| {
        view! {
            <A href=href exact=true attr:class="tab" attr:data-testid=id>
                {move || lang.get().pick(zh, en)}
            </A>
        }
    };
    view! {
        <PageTitle zh="社区工作台" en="Office"/>
        <h1 class="page-title">{pick("社区工作台", "Office")}</h1>
        <Show
            when=move || sync.loaded.get()
            fallback=move || view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }
        >
            <Show
                when=is_manager
                fallback=move || view! {
                    <section class="card narrow" data-testid="office-sign-in">
                        <p>{pick("请以社区工作人员或街道管理员身份登录。", "Please sign in as community staff or the sub-district admin.")}</p>
                        <a class="button primary" href="/signin">{pick("登录", "Sign in")}</a>
                    </section>
                }
            >
                <section class="office" data-testid="office-page">
                    <header class="person">
                        <strong data-testid="person-name">{move || sync.me.get().map(|m| m.name).unwrap_or_default()}</strong>
                        // The admin's account is often named after the role: say it once.
                        <span data-testid="person-where">{move || sync.me.get().map(|m| {
                            let where_ = m.community_name.unwrap_or_else(|| m.role.label(lang.get()).to_string());
                            if where_ == m.name { String::new() } else { where_ }
                        }).unwrap_or_default()}</span>
                        <button type="button" class="link" on:click=sign_out data-testid="sign-out">{pick("退出登录", "Sign out")}</button>
                    </header>
                    <nav class="tabs no-print" aria-label=pick("工作台功能", "Office")>
                        {tab("/office", "待审核", "To verify", "tab-queue")}
                        {tab("/office/wishes", "心愿管理", "Wishes", "tab-wishes")}
                        {tab("/office/volunteers", "志愿者", "Volunteers", "tab-volunteers")}
                        {tab("/office/households", "困难家庭", "Households", "tab-households")}
                        {tab("/office/agreements", "帮扶协议", "Agreements", "tab-agreements")}
                        {tab("/office/activities", "活动", "Activities", "tab-activities")}
                        {tab("/office/aid", "慰问与共建", "Aid", "tab-aid")}
                        {tab("/office/points", "积分管理", "Points", "tab-points")}
                        {tab("/office/statistics", "统计", "Statistics", "tab-statistics")}
                        {tab("/office/open", "开户", "Open an account", "tab-open")}
                        {tab("/office/applications", "开户申请", "Applications", "tab-applications")}
                        {tab("/office/audit", "审计日志", "Audit trail", "tab-audit")}
                        {tab("/office/sync", "同步异常", "Sync problems", "tab-sync")}
                        {tab("/office/kiosks", "社区大屏", "Kiosks", "tab-kiosks")}
                        {tab("/office/categories", "服务类别", "Categories", "tab-categories")}
                        {move || is_admin().then(|| tab("/office/sub-district", "街道管理", "Sub-district", "tab-sub-district"))}
                    </nav>
                    <Outlet/>
                </section>
            </Show>
        </Show>
    }
    .into_any()
}
