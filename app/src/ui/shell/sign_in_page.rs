//! Sign in (登录): once, online; afterwards the app knows the person offline.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::sign_in;
use crate::domain::person::Role;
use crate::offline::use_sync;
use crate::ui::kit::error_text::ErrorText;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<crate::api::ApiError>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    // Where the person was going (a wish opened from the kiosk's QR code): a path on this site
    // only, never another site.
    let next_page = use_query_map()
        .with_untracked(|q| q.get("next"))
        .and_then(|n| crate::domain::text::local_path(&n).map(str::to_string));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        let next_page = next_page.clone();
        spawn_local(async move {
            match sign_in(login.get_untracked(), password.get_untracked()).await {
                Ok(me) => {
                    let next = match (next_page, me.role) {
                        (Some(page), _) => page,
                        (None, Role::Staff | Role::Admin) => "/office".to_string(),
                        (None, _) => "/volunteer".to_string(),
                    };
                    sync.signed_in(me);
                    navigate(&next, Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    view! {
        <PageTitle zh="登录" en="Sign in"/>
        <section class="card narrow">
            <h1>{pick("登录", "Sign in")}</h1>
            <form class="form" on:submit=submit data-testid="sign-in-form">
                <label>
                    <span>{pick("手机号或用户名", "Phone or username")}</span>
                    <input
                        name="login"
                        autocomplete="username"
                        inputmode="tel"
                        required
                        prop:value=login
                        on:input=move |ev| login.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    <span>{pick("密码", "Password")}</span>
                    <input
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        prop:value=password
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                </label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="sign-in-error"><ErrorText error=e/></p> })}
                <button type="submit" class="primary" disabled=busy>
                    {pick("登录", "Sign in")}
                </button>
                <p class="hint">{pick("首次登录需要联网；之后没有网络也能登记服务。", "Sign in once online; afterwards you can log services without a network.")}</p>
            </form>
            <p><a href="/apply" data-testid="apply-link">{pick("还没有账户？在线申请成为志愿者", "No account yet? Apply to become a volunteer")}</a></p>
        </section>
    }
}
