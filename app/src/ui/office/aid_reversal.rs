//! Takes a gift of aid back (a mistake) with the reason, asked for before anything is written.
//! The gift stays on record beside its reversal.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{reverse_aid, ApiError};
use crate::domain::error::{Field, ValidationErrors};
use crate::domain::text::Reason;
use crate::ui::kit::field_error::FieldError;
use crate::ui::shell::language::use_lang;

#[component]
pub fn AidReversal(aid: String, saved: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let asking = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(ValidationErrors::default());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let aid = StoredValue::new(aid);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = reason.get_untracked();
        if let Err(e) = Reason::parse(&typed) {
            errors.set(e.into());
            return;
        }
        errors.set(ValidationErrors::default());
        busy.set(true);
        let aid = aid.get_value();
        spawn_local(async move {
            let result = reverse_aid(aid, typed).await;
            busy.set(false);
            match result.map_err(ApiError::typed) {
                Ok(_) => saved.run(()),
                Err(ApiError::Invalid(found)) => errors.set(found),
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    view! {
        <Show
            when=move || asking.get()
            fallback=move || view! {
                <button type="button" class="link" data-testid="aid-reverse" on:click=move |_| asking.set(true)>{pick("冲正", "Reverse")}</button>
            }
        >
            <form class="form inline-form" on:submit=submit data-testid="aid-reverse-form" novalidate>
                <label>
                    <span>{pick("冲正原因", "Why")}</span>
                    <input type="text" data-testid="aid-reverse-reason" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
                </label>
                <FieldError errors field=Field::Reason/>
                {move || failure.get().map(|why| view! { <p class="form-error" role="alert">{why}</p> })}
                <button type="submit" disabled=busy data-testid="aid-reverse-confirm">{pick("确认冲正", "Reverse it")}</button>
                <button type="button" class="link" on:click=move |_| asking.set(false)>{pick("取消", "Cancel")}</button>
            </form>
        </Show>
    }
}
