//! Deactivating a volunteer who moved away or died (停用账户), and reactivating them. They can no
//! longer sign in; their passbook, certificates and past hours stay on file and in statistics.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{set_active, ApiError};
use crate::ui::shell::language::use_lang;

/// The reasons staff meet most, offered as one click; anything else is typed.
const REASONS: [(&str, &str); 3] = [
    ("迁出本社区", "Moved away"),
    ("去世", "Deceased"),
    ("本人申请注销", "At their own request"),
];

#[component]
pub fn DeactivationForm(
    person: String,
    /// The reason when the account is deactivated, `None` while active.
    deactivated: Option<String>,
    changed: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let state = RwSignal::new(deactivated);
    let reason = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let apply = move |active: bool| {
        let person = person.clone();
        busy.set(true);
        spawn_local(async move {
            let why = reason.get_untracked();
            match set_active(person, active, why.clone()).await {
                Ok(()) => {
                    failure.set(None);
                    state.set((!active).then_some(why));
                    changed.run(());
                }
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let (deactivate, reactivate) = (apply.clone(), apply);
    view! {
        <div class="deactivation no-print" data-testid="deactivation">
            {move || match state.get() {
                Some(why) => view! {
                    <p class="badge warn" data-testid="deactivated-note">
                        {move || lang.get().pick("账户已停用：", "Deactivated: ")}{why.clone()}
                    </p>
                    <button type="button" disabled=busy data-testid="reactivate" on:click={
                        let reactivate = reactivate.clone();
                        move |_| reactivate(true)
                    }>{pick("恢复账户", "Reactivate")}</button>
                }.into_any(),
                None => view! {
                    <details>
                        <summary data-testid="deactivate-open">{pick("停用账户（迁出、去世）", "Deactivate (moved away, deceased)")}</summary>
                        <form class="form" novalidate on:submit={
                            let deactivate = deactivate.clone();
                            move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); deactivate(false) }
                        }>
                            <p class="hint">{pick("停用后本人不能再登录；服务记录、证明和统计保留。", "They can no longer sign in; their records, certificates and statistics stay.")}</p>
                            <div class="chips">
                                {REASONS.into_iter().map(|(zh, en)| view! {
                                    <button type="button" class="chip" on:click=move |_| reason.set(zh.to_string())>{move || lang.get().pick(zh, en)}</button>
                                }).collect_view()}
                            </div>
                            <label><span>{pick("原因", "Reason")}</span>
                                <input name="reason" maxlength="200" data-testid="deactivate-reason" prop:value=reason
                                    on:input=move |ev| reason.set(event_target_value(&ev))/></label>
                            <button type="submit" class="danger" disabled=busy data-testid="deactivate">{pick("停用账户", "Deactivate")}</button>
                        </form>
                    </details>
                }.into_any(),
            }}
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert" data-testid="deactivate-failed">{e.message(lang.get())}</p> })}
        </div>
    }
    .into_any()
}
