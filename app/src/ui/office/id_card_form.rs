//! A volunteer's identity card number (身份证号) for staff of their community: shown whole to
//! them only, recorded after checking it against the card, or removed. The admin is not shown
//! this panel (the server refuses them the number).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{set_id_card, volunteer_id_card, ApiError};
use crate::domain::error::{Field, ValidationErrors};
use crate::domain::id_card::IdCardNumber;
use crate::domain::person::Role;
use crate::offline::use_sync;
use crate::ui::kit::field_error::FieldError;
use crate::ui::shell::language::use_lang;

#[component]
pub fn IdCardForm(person: String) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let sync = use_sync();
    let staff = move || {
        sync.me
            .with(|m| m.as_ref().is_some_and(|m| m.role == Role::Staff))
    };
    let person = StoredValue::new(person);
    let version = RwSignal::new(0_u32);
    let current = LocalResource::new(move || {
        version.track();
        volunteer_id_card(person.get_value())
    });
    let typed = RwSignal::new(String::new());
    let errors = RwSignal::new(ValidationErrors::default());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let save = move |number: String| {
        if busy.get_untracked() {
            return;
        }
        if !number.trim().is_empty() {
            if let Err(e) = IdCardNumber::parse(&number) {
                errors.set(e.into());
                return;
            }
        }
        errors.set(ValidationErrors::default());
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let result = set_id_card(person.get_value(), number).await;
            busy.set(false);
            match result.map_err(ApiError::typed) {
                Ok(()) => {
                    typed.set(String::new());
                    version.update(|v| *v += 1);
                }
                Err(ApiError::Invalid(found)) => errors.set(found),
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(typed.get_untracked());
    };
    view! {
        <Show when=staff>
            <form class="form card" on:submit=submit data-testid="id-card-form" novalidate>
                <h3>{pick("身份证号", "ID card number")}</h3>
                <p class="hint">{pick("仅本社区工作人员可见完整号码；志愿者本人和证明上显示为部分隐藏。", "Only your community's staff see the whole number; the volunteer's screens show it masked.")}</p>
                <p data-testid="id-card-current">{move || match current.get() {
                    None => lang.get().pick("加载中…", "Loading…").to_string(),
                    Some(Ok(Some(n))) => n,
                    Some(Ok(None)) => lang.get().pick("未登记", "Not recorded").to_string(),
                    Some(Err(e)) => e.message(lang.get()),
                }}</p>
                <div class="row">
                    <label>
                        <span>{pick("核对证件后填写", "From the card")}</span>
                        <input type="text" maxlength="24" autocomplete="off" data-testid="id-card-number" prop:value=typed on:input=move |ev| typed.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit" disabled=busy data-testid="id-card-save">{pick("保存", "Save")}</button>
                    {move || matches!(current.get(), Some(Ok(Some(_)))).then(|| view! {
                        <button type="button" class="link" data-testid="id-card-remove" on:click=move |_| save(String::new())>{pick("删除", "Remove")}</button>
                    })}
                </div>
                <FieldError errors field=Field::IdCard/>
                {move || failure.get().map(|why| view! { <p class="form-error" role="alert">{why}</p> })}
            </form>
        </Show>
    }
}
