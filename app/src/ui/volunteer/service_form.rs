//! Log a service (登记服务): one phone screen, checked on the phone with the same rules the
//! server applies, saved to this phone first, synced when the network allows.

use chrono::{Duration, Timelike, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::category::seeded_categories;
use crate::domain::command::Command;
use crate::domain::error::{Field, ValidationErrors};
use crate::domain::person::BeneficiaryChoice;
use crate::domain::record::{duration, RecordInput, ServiceEntry};
use crate::domain::signature::{strokes_text, Strokes};
use crate::domain::wish_post::FulfilInput;
use crate::domain::Category;
use crate::offline::use_sync;
use crate::ui::kit::field_error::FieldError;
use crate::ui::shell::language::use_lang;
use crate::ui::volunteer::signature_pad::SignaturePad;
use leptos_router::hooks::use_query_map;

/// China time now, as the form's defaults: today, the last hour.
fn china_now() -> chrono::NaiveDateTime {
    (Utc::now() + Duration::hours(8)).naive_utc()
}

#[component]
pub fn ServiceForm() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let now = china_now();
    let end_default = format!("{:02}:{:02}", now.hour(), now.minute());
    let start_default = if now.hour() == 0 {
        "00:00".to_string()
    } else {
        format!("{:02}:{:02}", now.hour() - 1, now.minute())
    };
    let category = RwSignal::new(String::new());
    let date = RwSignal::new(now.date().to_string());
    let start = RwSignal::new(start_default);
    let end = RwSignal::new(end_default);
    let place = RwSignal::new(String::new());
    let content = RwSignal::new(String::new());
    let beneficiary = RwSignal::new(String::new());
    // A household or claimed wish from the person's file ("kind id"), or "" for the free text.
    let chosen = RwSignal::new(String::new());
    // Opened from a claimed wish ("完成心愿"): the wish is the beneficiary, and saving also
    // reports it fulfilled (staff confirm).
    let wish_param = use_query_map()
        .with_untracked(|q| q.get("wish"))
        .filter(|w| crate::domain::ids::is_id(w));
    if let Some(wish) = &wish_param {
        chosen.set(format!("wish {wish}"));
    }
    let completes = RwSignal::new(wish_param.is_some());
    let witness_name = RwSignal::new(String::new());
    let witness_phone = RwSignal::new(String::new());
    let signature = RwSignal::new(Strokes::new());
    let errors = RwSignal::new(ValidationErrors::default());
    let saved = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let minutes = move || {
        let parse = |s: String| crate::domain::clock::parse_hh_mm(&s);
        match (parse(start.get()), parse(end.get())) {
            (Some(s), Some(e)) => duration(s, e).ok(),
            _ => None,
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        saved.set(None);
        failure.set(None);
        let named = beneficiary.get_untracked();
        let picked = chosen.get_untracked();
        let (beneficiary_kind, beneficiary_value) = match picked.split_once(' ') {
            Some((kind, id)) => (kind.to_string(), id.to_string()),
            None if named.trim().is_empty() => (String::new(), named),
            None => ("named".to_string(), named),
        };
        let input = RecordInput {
            date: date.get_untracked(),
            start: start.get_untracked(),
            end: end.get_untracked(),
            place: place.get_untracked(),
            content: content.get_untracked(),
            category: category.get_untracked(),
            beneficiary_kind,
            beneficiary: beneficiary_value,
            witness_name: witness_name.get_untracked(),
            witness_phone: witness_phone.get_untracked(),
            witness_signature: signature.with_untracked(strokes_text),
        };
        let known = offered(sync.categories.get_untracked());
        let codes: Vec<&str> = known.iter().map(|c| c.code.as_str()).collect();
        let today = crate::domain::clock::china_today(Utc::now());
        if let Err(found) = ServiceEntry::parse(&input, &codes, today) {
            errors.set(found);
            return;
        }
        errors.set(ValidationErrors::default());
        let command = Command::Service(input);
        busy.set(true);
        spawn_local(async move {
            let fulfils = chosen
                .get_untracked()
                .strip_prefix("wish ")
                .filter(|_| completes.get_untracked())
                .map(str::to_string);
            match sync.capture(&command).await {
                Ok(record) => {
                    if let Some(wish) = fulfils {
                        let report = Command::Fulfil(FulfilInput { wish, record });
                        if let Err(e) = sync.capture(&report).await {
                            failure.set(Some(e.message(lang.get_untracked())));
                        }
                        completes.set(false);
                    }
                    saved.set(Some(
                        lang.get_untracked()
                            .pick(
                                "已保存在本机，等待同步。",
                                "Saved on this phone, waiting to sync.",
                            )
                            .to_string(),
                    ));
                    content.set(String::new());
                    // The witness signed this line; the next one needs its own signature.
                    signature.set(Strokes::new());
                }
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
            busy.set(false);
        });
    };

    view! {
        <form class="form service-form" on:submit=submit data-testid="service-form" novalidate>
            <h2>{pick("登记服务", "Log a service")}</h2>
            <fieldset class="categories">
                <legend>{pick("服务类别", "Category")}</legend>
                {move || offered(sync.categories.get())
                    .into_iter()
                    .map(|c| {
                        let (code, icon, zh, en) = (c.code, c.icon, c.name_zh, c.name_en);
                        let value = code.clone();
                        view! {
                            <label class="category-choice">
                                <input
                                    type="radio"
                                    name="category"
                                    value=code.clone()
                                    prop:checked=move || category.get() == code
                                    on:change=move |_| category.set(value.clone())
                                />
                                <span aria-hidden="true">{icon}</span>
                                <span>{move || lang.get().pick(&zh, &en).to_string()}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <FieldError errors field=Field::Category/>
            <div class="row">
                <label>
                    <span>{pick("服务日期", "Date")}</span>
                    <input type="date" name="date" prop:value=date on:input=move |ev| date.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{pick("开始", "From")}</span>
                    <input type="time" name="start" prop:value=start on:input=move |ev| start.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{pick("结束", "To")}</span>
                    <input type="time" name="end" prop:value=end on:input=move |ev| end.set(event_target_value(&ev))/>
                </label>
            </div>
            <FieldError errors field=Field::Date/>
            <FieldError errors field=Field::StartTime/>
            <FieldError errors field=Field::EndTime/>
            <p class="duration" data-testid="duration">
                {move || match minutes() {
                    Some(m) => format!("{}{}{}", lang.get().pick("时长 ", "Duration "), m.hours_text(), lang.get().pick(" 小时", " h")),
                    None => String::new(),
                }}
            </p>
            <label>
                <span>{pick("服务地点", "Place")}</span>
                <input name="place" prop:value=place on:input=move |ev| place.set(event_target_value(&ev))/>
            </label>
            <FieldError errors field=Field::Place/>
            <label>
                <span>{pick("服务内容", "What you did")}</span>
                <textarea name="content" rows="2" prop:value=content on:input=move |ev| content.set(event_target_value(&ev))></textarea>
            </label>
            <FieldError errors field=Field::Content/>
            {move || {
                // The copies are kept as text (see `JsonText`): read here, where they are used.
                let mut choices = sync.file.with(|f| f.as_ref().and_then(|f| f.read())).map(|f| f.beneficiaries).unwrap_or_default();
                // A wish claimed on this phone and not yet in the file copy.
                if let Some(wish) = wish_param.clone().filter(|w| !choices.iter().any(|c| &c.id == w)) {
                    let label = sync.wall.with(|wall| wall.as_ref().and_then(|wall| wall.read())).and_then(|wall| {
                        wall.cards.iter().find(|c| c.id.as_str() == wish).map(|c| c.need.chars().take(30).collect::<String>())
                    }).unwrap_or_else(|| wish.clone());
                    choices.push(BeneficiaryChoice { kind: "wish".into(), id: wish, label });
                }
                (!choices.is_empty()).then(|| view! {
                    <label>
                        <span>{pick("服务对象", "For whom")}</span>
                        <select name="beneficiary_choice" data-testid="beneficiary-choice" prop:value=chosen on:change=move |ev| chosen.set(event_target_value(&ev))>
                            <option value="">{pick("其他（在下面填写，选填）", "Someone else (type below, optional)")}</option>
                            {choices.into_iter().map(|c| {
                                let value = format!("{} {}", c.kind, c.id);
                                let label = c.label.clone();
                                let kind = c.kind.clone();
                                view! { <option value=value>{move || format!("{}{label}", if kind == "wish" { lang.get().pick("心愿：", "Wish: ") } else { lang.get().pick("家庭：", "Household: ") })}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                })
            }}
            <Show when=move || chosen.with(|c| c.starts_with("wish "))>
                <label class="inline">
                    <input type="checkbox" data-testid="completes-wish" prop:checked=completes on:change=move |ev| completes.set(event_target_checked(&ev))/>
                    {pick("这次服务完成了这个心愿（提交社区工作人员确认）", "This service fulfilled the wish (staff confirm)")}
                </label>
            </Show>
            <Show when=move || chosen.with(String::is_empty)>
                <label>
                    <span>{pick("服务对象（选填）", "For whom (optional)")}</span>
                    <input name="beneficiary" prop:value=beneficiary on:input=move |ev| beneficiary.set(event_target_value(&ev))/>
                </label>
            </Show>
            <FieldError errors field=Field::Beneficiary/>
            <div class="row">
                <label>
                    <span>{pick("见证人", "Witness")}</span>
                    <input name="witness_name" prop:value=witness_name on:input=move |ev| witness_name.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{pick("见证人电话", "Witness phone")}</span>
                    <input name="witness_phone" type="tel" inputmode="tel" prop:value=witness_phone on:input=move |ev| witness_phone.set(event_target_value(&ev))/>
                </label>
            </div>
            <FieldError errors field=Field::WitnessName/>
            <FieldError errors field=Field::WitnessPhone/>
            <SignaturePad strokes=signature lang/>
            <FieldError errors field=Field::WitnessSignature/>
            <button type="submit" class="primary" disabled=busy data-testid="save-service">
                {pick("保存", "Save")}
            </button>
            {move || saved.get().map(|s| view! { <p class="saved" role="status" data-testid="saved-note">{s}</p> })}
            {move || failure.get().map(|s| view! { <p class="form-error" role="alert" data-testid="save-failed">{s}</p> })}
        </form>
    }
    .into_any()
}

/// The categories the form offers: the server's current ones as of the last sync (retired ones
/// left out), or the seeded eight before the first sync.
fn offered(synced: Option<Vec<Category>>) -> Vec<Category> {
    synced
        .filter(|all| all.iter().any(|c| !c.retired))
        .unwrap_or_else(seeded_categories)
        .into_iter()
        .filter(|c| !c.retired)
        .collect()
}
