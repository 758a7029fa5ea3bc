//! Closing a household's file (销档: 脱困, 迁出, 去世) with the date and a note, or reopening it.
//! A closed file keeps its history; its agreements end that day.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{close_household, reopen_household, ApiError};
use crate::domain::clock::china_today;
use crate::domain::error::{Field, ValidationErrors};
use crate::domain::household_closure::{ClosureReason, HouseholdClosure};
use crate::ui::kit::field_error::FieldError;
use crate::ui::shell::language::use_lang;

#[component]
pub fn HouseholdClosureForm(
    household: String,
    closed: Option<HouseholdClosure>,
    changed: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let reason = RwSignal::new(String::new());
    let on = RwSignal::new(china_today(chrono::Utc::now()).to_string());
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(ValidationErrors::default());
    let failure = RwSignal::new(None::<ApiError>);
    let done = move |result: Result<(), ApiError>| match result.map_err(ApiError::typed) {
        Ok(()) => {
            errors.set(ValidationErrors::default());
            failure.set(None);
            changed.run(());
        }
        Err(ApiError::Invalid(e)) => errors.set(e),
        Err(e) => failure.set(Some(e)),
    };
    let id = household.clone();
    let close = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id.clone();
        spawn_local(async move {
            done(
                close_household(
                    id,
                    reason.get_untracked(),
                    on.get_untracked(),
                    note.get_untracked(),
                )
                .await,
            );
        });
    };
    let reopen = move |_| {
        let id = household.clone();
        spawn_local(async move { done(reopen_household(id).await) });
    };
    let view = match closed {
        Some(c) => view! {
            <p class="badge warn" data-testid="household-closed-note">{move || match lang.get() {
                crate::domain::Lang::Zh => format!("已销档（{}）：{} {}", c.reason.label(lang.get()), c.on, c.note),
                crate::domain::Lang::En => format!("Closed ({}) on {} {}", c.reason.label(lang.get()), c.on, c.note),
            }}</p>
            <button type="button" data-testid="reopen-household" on:click=reopen>{pick("恢复档案", "Reopen the file")}</button>
        }
        .into_any(),
        None => view! {
            <details class="no-print">
                <summary data-testid="close-household-open">{pick("销档（脱困、迁出、去世）", "Close the file")}</summary>
                <form class="form" novalidate on:submit=close data-testid="close-household-form">
                    <p class="hint">{pick("销档后该户不再出现在默认列表和服务对象中，帮扶协议在销档日结束；历史记录保留。", "A closed file leaves the default list and the choices of new service; its agreements end that day; its history stays.")}</p>
                    <label><span>{pick("原因", "Reason")}</span>
                        <select data-testid="closure-reason" prop:value=reason on:change=move |ev| reason.set(event_target_value(&ev))>
                            <option value="">{pick("请选择", "Choose")}</option>
                            {ClosureReason::ALL.into_iter().map(|r| view! { <option value=r.code()>{move || r.label(lang.get())}</option> }).collect_view()}
                        </select></label>
                    <FieldError errors field=Field::Reason/>
                    <label><span>{pick("销档日期", "Date")}</span>
                        <input type="date" data-testid="closure-date" prop:value=on on:input=move |ev| on.set(event_target_value(&ev))/></label>
                    <FieldError errors field=Field::Date/>
                    <label><span>{pick("备注", "Note")}</span>
                        <input maxlength="200" data-testid="closure-note" prop:value=note on:input=move |ev| note.set(event_target_value(&ev))/></label>
                    <FieldError errors field=Field::Note/>
                    <button type="submit" class="danger" data-testid="confirm-close-household">{pick("确认销档", "Close the file")}</button>
                </form>
            </details>
        }
        .into_any(),
    };
    view! {
        <div class="household-closure">
            {view}
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> })}
        </div>
    }
    .into_any()
}
