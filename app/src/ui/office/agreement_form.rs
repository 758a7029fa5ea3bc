//! A new assistance agreement (帮扶协议): household, one-on-one or many-on-one, what, how often,
//! which volunteers (of the household's community), from when to when.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{households, make_agreement, volunteers, ApiError};
use crate::domain::agreement::{Agreement, AgreementInput, Frequency, Pairing};
use crate::domain::error::{Field, ValidationErrors};
use crate::ui::kit::field_error::FieldError;
use crate::ui::shell::language::use_lang;

#[component]
pub fn AgreementForm(saved: Callback<String>, cancel: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let homes = LocalResource::new(households);
    let people = LocalResource::new(volunteers);
    let today = crate::domain::clock::china_today(chrono::Utc::now());
    let household = RwSignal::new(String::new());
    let pairing = RwSignal::new("one_on_one".to_string());
    let content = RwSignal::new(String::new());
    let frequency = RwSignal::new("weekly".to_string());
    let chosen = RwSignal::new(Vec::<String>::new());
    let start = RwSignal::new(today.to_string());
    let end = RwSignal::new(
        today
            .checked_add_months(chrono::Months::new(12))
            .unwrap_or(today)
            .to_string(),
    );
    let errors = RwSignal::new(ValidationErrors::default());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Volunteers of the chosen household's community (the admin sees every community's).
    let community_of_household = move || {
        let id = household.get();
        homes
            .get()
            .and_then(Result::ok)
            .and_then(|all| all.into_iter().find(|h| h.id.as_str() == id))
            .map(|h| h.community_name)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let input = AgreementInput {
            household: household.get_untracked(),
            pairing: pairing.get_untracked(),
            content: content.get_untracked(),
            frequency: frequency.get_untracked(),
            volunteers: chosen.get_untracked(),
            start: start.get_untracked(),
            end: end.get_untracked(),
        };
        let found = Agreement::parse(&input).err().unwrap_or_default();
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let result = make_agreement(input).await;
            busy.set(false);
            match result.map_err(ApiError::typed) {
                Ok(id) => saved.run(id),
                Err(ApiError::Invalid(server_found)) => errors.set(server_found),
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    let toggle = move |id: String, on: bool| {
        chosen.update(|c| {
            c.retain(|v| *v != id);
            if on {
                c.push(id);
            }
        })
    };
    view! {
        <form class="form card" on:submit=submit data-testid="agreement-form" novalidate>
            <h3>{pick("新建帮扶协议", "New assistance agreement")}</h3>
            <label>
                <span>{pick("帮扶家庭", "Household")}</span>
                <select data-testid="agreement-household" prop:value=household
                    on:change=move |ev| { household.set(event_target_value(&ev)); chosen.set(Vec::new()); }>
                    <option value="">{pick("请选择", "Choose")}</option>
                    {move || homes.get().and_then(Result::ok).map(|all| all.into_iter().map(|h| view! {
                        <option value=h.id.to_string()>{format!("{}（{}，{}）", h.head, h.hardship_type, h.community_name)}</option>
                    }).collect_view())}
                </select>
            </label>
            <FieldError errors field=Field::Household/>
            <fieldset>
                <legend>{pick("结对方式", "Pairing")}</legend>
                {[Pairing::OneOnOne, Pairing::ManyOnOne].into_iter().map(|p| view! {
                    <label class="inline">
                        <input type="radio" name="pairing" value=p.code() data-testid=format!("pairing-{}", p.code())
                            prop:checked=move || pairing.get() == p.code()
                            on:change=move |_| pairing.set(p.code().to_string())/>
                        {move || p.label(lang.get())}
                    </label>
                }).collect_view()}
            </fieldset>
            <FieldError errors field=Field::Pairing/>
            <label>
                <span>{pick("服务内容", "What the volunteers do")}</span>
                <textarea rows="3" data-testid="agreement-content" prop:value=content on:input=move |ev| content.set(event_target_value(&ev))></textarea>
            </label>
            <FieldError errors field=Field::Content/>
            <label>
                <span>{pick("服务频次", "How often")}</span>
                <select data-testid="agreement-frequency" prop:value=frequency on:change=move |ev| frequency.set(event_target_value(&ev))>
                    {[Frequency::Weekly, Frequency::Fortnightly, Frequency::Monthly].into_iter().map(|f| view! {
                        <option value=f.code()>{move || f.label(lang.get())}</option>
                    }).collect_view()}
                </select>
            </label>
            <FieldError errors field=Field::Schedule/>
            <fieldset data-testid="agreement-volunteers">
                <legend>{move || match pairing.get().as_str() {
                    "many_on_one" => lang.get().pick("服务人员（至少两名）", "Volunteers (two or more)"),
                    _ => lang.get().pick("服务人员（一名）", "Volunteer (one)"),
                }}</legend>
                {move || match (community_of_household(), people.get().and_then(Result::ok)) {
                    (None, _) => view! { <p class="hint">{pick("请先选择帮扶家庭。", "Choose the household first.")}</p> }.into_any(),
                    (Some(_), None) => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                    (Some(community), Some(all)) => all.into_iter().filter(|v| v.community_name == community).map(|v| {
                        let id = v.person.to_string();
                        let checked_id = id.clone();
                        view! {
                            <label class="inline check">
                                <input type="checkbox" data-testid="agreement-volunteer" data-name=v.name.clone()
                                    prop:checked=move || chosen.with(|c| c.contains(&checked_id))
                                    on:change=move |ev| toggle(id.clone(), event_target_checked(&ev))/>
                                {if v.skills.is_empty() { v.name.clone() } else { format!("{}（{}）", v.name, v.skills) }}
                            </label>
                        }
                    }).collect_view().into_any(),
                }}
            </fieldset>
            <FieldError errors field=Field::Volunteers/>
            <div class="row">
                <label>
                    <span>{pick("开始日期", "Start")}</span>
                    <input type="date" data-testid="agreement-start" prop:value=start on:input=move |ev| start.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{pick("结束日期", "End")}</span>
                    <input type="date" data-testid="agreement-end" prop:value=end on:input=move |ev| end.set(event_target_value(&ev))/>
                </label>
            </div>
            <FieldError errors field=Field::StartDate/>
            <FieldError errors field=Field::EndDate/>
            {move || failure.get().map(|why| view! { <p class="form-error" role="alert">{why}</p> })}
            <div class="row">
                <button type="submit" class="primary" disabled=busy data-testid="agreement-save">{pick("签订协议", "Make the agreement")}</button>
                <button type="button" class="link" on:click=move |_| cancel.run(())>{pick("取消", "Cancel")}</button>
            </div>
        </form>
    }
    .into_any()
}
