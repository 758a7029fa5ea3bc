//! A new password for a volunteer who forgot theirs, set by staff and told in person.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{reset_password, ApiError};
use crate::ui::shell::language::use_lang;

#[component]
pub fn ResetPassword(person: String, done: RwSignal<Option<String>>) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let new = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<(), ApiError>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let person = person.clone();
        spawn_local(async move {
            outcome.set(Some(reset_password(person, new.get_untracked()).await));
        });
    };
    view! {
        <form class="form narrow card" on:submit=submit data-testid="reset-form" novalidate>
            <h3>{pick("重置密码", "Reset the password")}</h3>
            <p class="hint">{pick("设置新密码后请当面告知志愿者；其所有设备需重新登录。", "Tell the volunteer in person; all their devices must sign in again.")}</p>
            <label>
                <span>{pick("新密码（至少 8 位）", "New password (8 characters or more)")}</span>
                <input type="text" name="new" autocomplete="off" prop:value=new on:input=move |ev| new.set(event_target_value(&ev))/>
            </label>
            <button type="submit" class="primary" data-testid="reset-confirm">{pick("确认重置", "Reset")}</button>
            <button type="button" class="link" on:click=move |_| done.set(None)>{pick("取消", "Cancel")}</button>
            {move || outcome.get().map(|o| match o {
                Ok(()) => view! { <p class="saved" role="status" data-testid="reset-ok">{pick("密码已重置。", "The password is reset.")}</p> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert" data-testid="reset-failed">{e.message(lang.get())}</p> }.into_any(),
            })}
        </form>
    }
}
