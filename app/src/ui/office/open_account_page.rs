//! Open an account (开户): a volunteer's full file and a first password. Checked here with the
//! same rules the server applies, so every problem shows beside its field before anything is
//! sent; the server checks again (and refuses a phone number already registered).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{open_account, ApiError};
use crate::domain::account::NewPassword;
use crate::domain::category::SEEDED_CATEGORIES;
use crate::domain::error::{Field, ValidationErrors};
use crate::domain::person::VolunteerFile;
use crate::domain::Lang;
use crate::ui::kit::community_choice::{chosen, is_admin, CommunityChoice};
use crate::ui::kit::field_error::FieldError;
use crate::ui::kit::volunteer_file_fields::{FileFields, VolunteerFileFields};
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn OpenAccountPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let is_admin = is_admin();
    let fields = FileFields::new();
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
        let input = fields.input();
        let codes: Vec<&str> = SEEDED_CATEGORIES.iter().map(|c| c.0).collect();
        let today = crate::domain::clock::china_today(chrono::Utc::now());
        let mut found = VolunteerFile::parse(&input, &codes, today)
            .err()
            .unwrap_or_default();
        found
            .0
            .extend(NewPassword::parse(&password.get_untracked()).err());
        let chosen_community = chosen(community);
        if is_admin() && chosen_community.is_none() {
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
            match open_account(input.clone(), password.get_untracked(), chosen_community)
                .await
                .map_err(ApiError::typed)
            {
                Ok(_) => {
                    outcome.set(Some(Ok(input.name.trim().to_string())));
                    fields.clear();
                    password.set(String::new());
                }
                Err(ApiError::Invalid(server_found)) => errors.set(server_found),
                Err(e) => outcome.set(Some(Err(e.message(lang.get_untracked())))),
            }
            busy.set(false);
        });
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
            <VolunteerFileFields fields errors/>
            <CommunityChoice community errors/>
            <label>
                <span>{pick("初始密码（至少 8 位）", "First password (8 or more characters)")}</span>
                <input type="text" name="Password" autocomplete="off" prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
            </label>
            <FieldError errors field=Field::Password/>
            <button type="submit" class="primary" disabled=busy data-testid="open-account">{pick("开户", "Open the account")}</button>
        </form>
    }
    .into_any()
}
