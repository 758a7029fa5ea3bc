//! A volunteer's proposal of a self-organised activity, as staff decide it: approve it (it goes
//! ahead and the community's volunteers are invited) or decline it with a reason the proposer
//! reads on their phone.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{review_activity, ApiError};
use crate::ui::shell::language::use_lang;

#[component]
pub fn ActivityReview(
    activity: String,
    proposer: String,
    changed: Callback<String>,
) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let declining = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let decide = move |approve: bool| {
        let id = activity.clone();
        busy.set(true);
        spawn_local(async move {
            let result = review_activity(id.clone(), approve, reason.get_untracked()).await;
            busy.set(false);
            match result {
                Ok(()) => changed.run(id),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let (approve, decline) = (decide.clone(), decide);
    view! {
        <div class="confirm" data-testid="activity-review">
            <p>{move || match lang.get() {
                crate::domain::Lang::Zh => format!("{proposer} 提议的自主活动，等待社区批准。"),
                crate::domain::Lang::En => format!("Proposed by {proposer}; awaiting the community's approval."),
            }}</p>
            <button type="button" class="primary" disabled=busy data-testid="approve-activity"
                on:click=move |_| approve(true)>{pick("批准", "Approve")}</button>
            <button type="button" disabled=busy data-testid="decline-activity"
                on:click=move |_| declining.set(true)>{pick("不批准", "Decline")}</button>
            {move || declining.get().then(|| {
                let decline = decline.clone();
                view! {
                    <input class="reason" data-testid="decline-reason"
                        placeholder=pick("不批准的理由（提议人可见）", "Reason (the proposer reads it)")
                        prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
                    <button type="button" disabled=busy data-testid="decline-confirm"
                        on:click=move |_| decline(false)>{pick("确认不批准", "Confirm")}</button>
                }
            })}
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> })}
        </div>
    }
}
