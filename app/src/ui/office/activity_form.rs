//! A new activity (活动): regular or self-organised, date and time, place, category, the
//! witness (见证人) who vouches for every attendee's line, and who attended (volunteers of the
//! community, ticked from a list).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{create_activity, list_categories, ApiError};
use crate::domain::activity::{Activity, ActivityInput, ActivityKind};
use crate::domain::error::{Field, ValidationError, ValidationErrors};
use crate::domain::Lang;
use crate::ui::kit::attendee_picker::AttendeePicker;
use crate::ui::kit::community_choice::{chosen, is_admin, CommunityChoice};
use crate::ui::kit::field_error::FieldError;
use crate::ui::shell::language::use_lang;

#[component]
pub fn ActivityForm(saved: Callback<String>, cancel: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let admin = is_admin();
    let categories = LocalResource::new(list_categories);
    let today = crate::domain::clock::china_today(chrono::Utc::now());
    let kind = RwSignal::new("regular".to_string());
    let title = RwSignal::new(String::new());
    let date = RwSignal::new(today.to_string());
    let start = RwSignal::new("09:00".to_string());
    let end = RwSignal::new("11:00".to_string());
    let place = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let content = RwSignal::new(String::new());
    let witness_name = RwSignal::new(String::new());
    let witness_phone = RwSignal::new(String::new());
    let repeat_until = RwSignal::new(String::new());
    let attendees = RwSignal::new(Vec::<String>::new());
    let community = RwSignal::new(String::new());
    let errors = RwSignal::new(ValidationErrors::default());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let input = ActivityInput {
            kind: kind.get_untracked(),
            title: title.get_untracked(),
            date: date.get_untracked(),
            start: start.get_untracked(),
            end: end.get_untracked(),
            place: place.get_untracked(),
            category: category.get_untracked(),
            content: content.get_untracked(),
            attendees: attendees.get_untracked(),
            witness_name: witness_name.get_untracked(),
            witness_phone: witness_phone.get_untracked(),
            repeat_until: if kind.get_untracked() == ActivityKind::Regular.code() {
                repeat_until.get_untracked()
            } else {
                String::new()
            },
        };
        let known = categories
            .get_untracked()
            .and_then(Result::ok)
            .unwrap_or_default();
        let codes: Vec<&str> = known.iter().map(|c| c.code.as_str()).collect();
        let mut found = Activity::parse(&input, &codes).err().unwrap_or_default();
        if admin() && chosen(community).is_none() {
            found.0.push(ValidationError::Required(Field::Community));
        }
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let result = create_activity(input, chosen(community)).await;
            busy.set(false);
            match result.map_err(ApiError::typed) {
                Ok(id) => saved.run(id),
                Err(ApiError::Invalid(server_found)) => errors.set(server_found),
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    let field = move |zh: &'static str,
                      en: &'static str,
                      kind: &'static str,
                      value: RwSignal<String>,
                      id: &'static str| {
        view! {
            <label>
                <span>{move || lang.get().pick(zh, en)}</span>
                <input type=kind data-testid=id prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
        }
    };
    view! {
        <form class="form card" on:submit=submit data-testid="activity-form" novalidate>
            <h3>{pick("新建活动", "New activity")}</h3>
            <fieldset>
                <legend>{pick("活动类型", "Kind")}</legend>
                {[ActivityKind::Regular, ActivityKind::SelfOrganised].into_iter().map(|k| view! {
                    <label class="inline">
                        <input type="radio" name="kind" value=k.code() data-testid=format!("kind-{}", k.code())
                            prop:checked=move || kind.get() == k.code() on:change=move |_| kind.set(k.code().to_string())/>
                        {move || k.label(lang.get())}
                    </label>
                }).collect_view()}
            </fieldset>
            <FieldError errors field=Field::Kind/>
            {field("活动名称", "Title", "text", title, "activity-title")}
            <FieldError errors field=Field::Title/>
            <div class="row">
                {field("日期", "Date", "date", date, "activity-date")}
                {field("开始时间", "Start", "time", start, "activity-start")}
                {field("结束时间", "End", "time", end, "activity-end")}
            </div>
            <FieldError errors field=Field::Date/>
            <FieldError errors field=Field::StartTime/>
            <FieldError errors field=Field::EndTime/>
            {move || (kind.get() == ActivityKind::Regular.code()).then(|| view! {
                <label>
                    <span>{pick("每周重复至（选填：每周同一时间举行，每次单独签到）", "Repeat weekly until (optional: same time each week, each date with its own attendance)")}</span>
                    <input type="date" data-testid="activity-repeat-until" prop:value=repeat_until on:input=move |ev| repeat_until.set(event_target_value(&ev))/>
                </label>
                <FieldError errors field=Field::RepeatUntil/>
            })}
            {field("地点", "Place", "text", place, "activity-place")}
            <FieldError errors field=Field::Place/>
            <label>
                <span>{pick("服务类别", "Category")}</span>
                <select data-testid="activity-category" prop:value=category on:change=move |ev| category.set(event_target_value(&ev))>
                    <option value="">{pick("请选择", "Choose")}</option>
                    {move || categories.get().and_then(Result::ok).map(|all| all.into_iter().map(|c| view! {
                        <option value=c.code.clone()>{match lang.get() { Lang::Zh => c.name_zh.clone(), Lang::En => c.name_en.clone() }}</option>
                    }).collect_view())}
                </select>
            </label>
            <FieldError errors field=Field::Category/>
            <label>
                <span>{pick("活动内容（选填）", "What happened (optional)")}</span>
                <textarea rows="2" data-testid="activity-content" prop:value=content on:input=move |ev| content.set(event_target_value(&ev))></textarea>
            </label>
            <FieldError errors field=Field::Content/>
            <div class="row">
                {field("见证人（组织者或在场人员）", "Witness (the organiser or someone present)", "text", witness_name, "activity-witness-name")}
                {field("见证人电话", "Witness phone", "tel", witness_phone, "activity-witness-phone")}
            </div>
            <FieldError errors field=Field::WitnessName/>
            <FieldError errors field=Field::WitnessPhone/>
            <CommunityChoice community errors/>
            <AttendeePicker attendees community=Signal::derive(move || community.get())/>
            <FieldError errors field=Field::Attendees/>
            {move || failure.get().map(|why| view! { <p class="form-error" role="alert">{why}</p> })}
            <div class="row">
                <button type="submit" class="primary" disabled=busy data-testid="activity-save">{pick("保存活动", "Save")}</button>
                <button type="button" class="link" on:click=move |_| cancel.run(())>{pick("取消", "Cancel")}</button>
            </div>
        </form>
    }
    .into_any()
}
