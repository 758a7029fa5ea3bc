//! Open an account (开户): a volunteer's full file and a first password. Checked here with the
//! same rules the server applies, so every problem shows beside its field before anything is
//! sent; the server checks again (and refuses a phone number already registered).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{get_overview, open_account, ApiError};
use crate::domain::account::NewPassword;
use crate::domain::category::SEEDED_CATEGORIES;
use crate::domain::error::{Field, ValidationErrors};
use crate::domain::person::{PoliticalStatus, Role, VolunteerFile, VolunteerInput};
use crate::domain::Lang;
use crate::offline::use_sync;
use crate::ui::kit::field_error::FieldError;
use crate::ui::kit::preferences_picker::PreferencesPicker;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn OpenAccountPage() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let is_admin = move || {
        sync.me
            .with(|m| m.as_ref().is_some_and(|m| m.role == Role::Admin))
    };
    let communities = LocalResource::new(get_overview);
    let name = RwSignal::new(String::new());
    let gender = RwSignal::new(String::new());
    let birth_year = RwSignal::new(String::new());
    let political = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let skills = RwSignal::new(String::new());
    let preferences = RwSignal::new(Vec::<String>::new());
    let password = RwSignal::new(String::new());
    let community = RwSignal::new(String::new());
    let errors = RwSignal::new(ValidationErrors::default());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        outcome.set(None);
        let input = VolunteerInput {
            name: name.get_untracked(),
            gender: gender.get_untracked(),
            birth_year: birth_year.get_untracked(),
            political_status: political.get_untracked(),
            phone: phone.get_untracked(),
            skills: skills.get_untracked(),
            preferences: preferences.get_untracked(),
        };
        let codes: Vec<&str> = SEEDED_CATEGORIES.iter().map(|c| c.0).collect();
        let today = crate::domain::clock::china_today(chrono::Utc::now());
        let mut found = VolunteerFile::parse(&input, &codes, today)
            .err()
            .unwrap_or_default();
        found
            .0
            .extend(NewPassword::parse(&password.get_untracked()).err());
        let chosen = community.get_untracked();
        if is_admin() && chosen.is_empty() {
            found
                .0
                .push(crate::domain::ValidationError::Required(Field::Community));
        }
        if !found.is_empty() {
            errors.set(found);
            return;
        }
        errors.set(ValidationErrors::default());
        busy.set(true);
        spawn_local(async move {
            let community = (!chosen.is_empty()).then_some(chosen);
            match open_account(input.clone(), password.get_untracked(), community).await {
                Ok(_) => {
                    outcome.set(Some(Ok(input.name.trim().to_string())));
                    for field in [name, gender, birth_year, political, phone, skills, password] {
                        field.set(String::new());
                    }
                    preferences.set(Vec::new());
                }
                Err(ApiError::Invalid(server_found)) => errors.set(server_found),
                Err(e) => outcome.set(Some(Err(e.message(lang.get_untracked())))),
            }
            busy.set(false);
        });
    };
    let text_input = move |zh: &'static str,
                           en: &'static str,
                           field: Field,
                           value: RwSignal<String>,
                           kind: &'static str| {
        view! {
            <label>
                <span>{move || lang.get().pick(zh, en)}</span>
                <input type=kind name=format!("{field:?}") prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
            <FieldError errors field=field/>
        }
    };

    view! {
        <PageTitle zh="开户" en="Open an account"/>
        <form class="form narrow" on:submit=submit data-testid="open-account-form" novalidate>
            <h2>{pick("志愿者开户", "Open a volunteer account")}</h2>
            {move || outcome.get().map(|o| match o {
                Ok(who) => view! { <p class="saved" role="status" data-testid="open-ok">{move || match lang.get() {
                    Lang::Zh => format!("已为{who}开户，可用手机号和初始密码登录。", who = who),
                    Lang::En => format!("Account opened for {who}: they sign in with their phone and the first password.", who = who),
                }}</p> }.into_any(),
                Err(why) => view! { <p class="form-error" role="alert" data-testid="open-failed">{why}</p> }.into_any(),
            })}
            {text_input("姓名", "Name", Field::Name, name, "text")}
            <label>
                <span>{pick("性别", "Gender")}</span>
                <select name="gender" data-testid="gender" prop:value=gender on:change=move |ev| gender.set(event_target_value(&ev))>
                    <option value="">{pick("请选择", "Choose")}</option>
                    <option value="female">{pick("女", "Female")}</option>
                    <option value="male">{pick("男", "Male")}</option>
                </select>
            </label>
            <FieldError errors field=Field::Gender/>
            {text_input("出生年份", "Year of birth", Field::BirthYear, birth_year, "text")}
            <label>
                <span>{pick("政治面貌", "Political status")}</span>
                <select name="political_status" data-testid="political-status" prop:value=political on:change=move |ev| political.set(event_target_value(&ev))>
                    <option value="">{pick("请选择", "Choose")}</option>
                    {PoliticalStatus::ALL.into_iter().map(|s| view! { <option value=s.zh()>{move || s.label(lang.get())}</option> }).collect_view()}
                </select>
            </label>
            <FieldError errors field=Field::PoliticalStatus/>
            {text_input("手机号（登录账号）", "Phone (the login)", Field::Phone, phone, "tel")}
            {text_input("技能特长（选填）", "Skills (optional)", Field::Skills, skills, "text")}
            <PreferencesPicker preferences legend_zh="服务意向（选填）" legend_en="Preferred services (optional)"/>
            <FieldError errors field=Field::Preferences/>
            {move || is_admin().then(|| view! {
                <label>
                    <span>{pick("所属社区", "Community")}</span>
                    <select name="community" data-testid="community" prop:value=community on:change=move |ev| community.set(event_target_value(&ev))>
                        <option value="">{pick("请选择", "Choose")}</option>
                        {move || communities.get().and_then(Result::ok).map(|o| o.communities.into_iter().map(|c| view! {
                            <option value=c.id>{c.name}</option>
                        }).collect_view())}
                    </select>
                </label>
            })}
            <FieldError errors field=Field::Community/>
            {text_input("初始密码（至少 8 位）", "First password (8 or more characters)", Field::Password, password, "text")}
            <button type="submit" class="primary" disabled=busy data-testid="open-account">{pick("开户", "Open the account")}</button>
        </form>
    }
    .into_any()
}
