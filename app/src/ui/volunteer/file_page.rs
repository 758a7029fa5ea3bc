//! My file (我的档案): what the community knows of the volunteer, and the part they change
//! themselves — phone, skills, service preferences. A change is an entry of the offline ledger:
//! saved on the phone at once, applied by the server at the next sync. The phone is the login,
//! so a new phone goes first to the server with the password (online only); a phone number
//! someone else has is refused, and the reason shows here.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{change_login_phone, ApiError};
use crate::domain::category::SEEDED_CATEGORIES;
use crate::domain::command::Command;
use crate::domain::error::{Field, ValidationError, ValidationErrors};
use crate::domain::person::{ContactChange, ContactInput, FileView, PoliticalStatus};
use crate::domain::text::Phone;
use crate::offline::{use_sync, LocalState};
use crate::ui::kit::field_error::FieldError;
use crate::ui::kit::preferences_picker::PreferencesPicker;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;
use crate::ui::volunteer::my_certificates::MyCertificates;

#[component]
pub fn FilePage() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    // The runner keeps the file as text; this page is where it is read.
    let file = Memo::new(move |_| sync.file.with(|f| f.as_ref().and_then(|f| f.read())));
    // The newest profile change on this phone that the server has not applied yet (or refused).
    let last_change = Memo::new(move |_| {
        sync.lines.with(|lines| {
            lines
                .iter()
                .find(|l| l.kind == "profile")
                .map(|l| l.state.clone())
        })
    });
    view! {
        <PageTitle zh="我的档案" en="My file"/>
        <section class="file" data-testid="file-page">
            <h2>{pick("我的档案", "My file")}</h2>
            {move || last_change.get().and_then(|state| {
                let text = match state {
                    LocalState::Waiting => lang.get().pick("档案修改已存本机，等待同步。", "Your changes are on this phone, waiting to sync.").to_string(),
                    LocalState::Refused(raw) | LocalState::Quarantined(raw) => format!(
                        "{}{}",
                        lang.get().pick("上次修改未生效：", "Your last change did not apply: "),
                        crate::domain::json::from_json::<ApiError>(&raw).map(|e| e.message(lang.get())).unwrap_or(raw)
                    ),
                    LocalState::Synced => return None,
                };
                Some(view! { <p class="card notice" data-testid="file-change-state">{text}</p> })
            })}
            <Show
                when=move || file.with(Option::is_some)
                fallback=move || view! {
                    <p class="hint" data-testid="file-not-synced">{pick("联网同步后显示档案。", "Your file shows after a sync with the network.")}</p>
                }
            >
                {move || file.get().map(|file| view! { <FileDetails file=file.clone()/> <ContactForm file=file/> })}
            </Show>
            <MyCertificates/>
        </section>
    }
    .into_any()
}

#[component]
fn FileDetails(file: FileView) -> impl IntoView {
    let lang = use_lang();
    let row = move |zh: &'static str, en: &'static str, value: String| {
        view! { <div><dt>{move || lang.get().pick(zh, en)}</dt><dd>{value}</dd></div> }
    };
    let gender = file.gender;
    view! {
        <dl class="facts" data-testid="file-facts">
            {row("姓名", "Name", file.name.clone())}
            <div><dt>{move || lang.get().pick("性别", "Gender")}</dt><dd>{move || gender.map(|g| g.label(lang.get())).unwrap_or("—")}</dd></div>
            {row("出生年份", "Born", file.birth_year.map(|y| y.to_string()).unwrap_or_default())}
            <div><dt>{move || lang.get().pick("政治面貌", "Political status")}</dt>
                <dd>{move || PoliticalStatus::display(&file.political_status, lang.get())}</dd></div>
            {row("职业", "Occupation", file.occupation.clone())}
            {row("兴趣爱好", "Hobbies", file.hobbies.clone())}
            {file.id_card_masked.clone().map(|n| view! {
                <div><dt>{move || lang.get().pick("身份证号", "ID card")}</dt><dd data-testid="file-id-card">{n}</dd></div>
            })}
            {row("所属社区", "Community", file.community_name.clone().unwrap_or_default())}
            {row("加入日期", "Joined", file.joined_on.clone())}
        </dl>
    }
}

#[component]
fn ContactForm(file: FileView) -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let phone = RwSignal::new(file.phone.clone());
    // The phone is the login: changing it needs the password, online (not an offline entry).
    let current_phone = file.phone.clone();
    let password = RwSignal::new(String::new());
    let phone_changed = Memo::new(move |_| {
        let typed = phone.get();
        Phone::parse(&typed)
            .map(|p| p.as_str() != current_phone)
            .unwrap_or(typed.trim() != current_phone)
    });
    let skills = RwSignal::new(file.skills.clone());
    let preferences = RwSignal::new(file.preferences.clone());
    let errors = RwSignal::new(ValidationErrors::default());
    let saved = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        saved.set(None);
        let input = ContactInput {
            phone: phone.get_untracked(),
            skills: skills.get_untracked(),
            preferences: preferences.get_untracked(),
        };
        let codes: Vec<&str> = SEEDED_CATEGORIES.iter().map(|c| c.0).collect();
        if let Err(found) = ContactChange::parse(&input, &codes) {
            errors.set(found);
            return;
        }
        let login_change = phone_changed.get_untracked();
        if login_change && password.get_untracked().is_empty() {
            errors.set(ValidationError::NeedsPassword(Field::Phone).into());
            return;
        }
        errors.set(ValidationErrors::default());
        let command = Command::Profile(input.clone());
        busy.set(true);
        spawn_local(async move {
            if login_change {
                if let Err(e) =
                    change_login_phone(input.phone.clone(), password.get_untracked()).await
                {
                    match e.typed() {
                        ApiError::Invalid(found) => errors.set(found),
                        other => saved.set(Some(other.message(lang.get_untracked()))),
                    }
                    busy.set(false);
                    return;
                }
                password.set(String::new());
            }
            let note = match sync.capture(&command).await {
                Ok(_) => lang
                    .get_untracked()
                    .pick(
                        "已保存在本机，等待同步。",
                        "Saved on this phone, waiting to sync.",
                    )
                    .to_string(),
                Err(e) => e.message(lang.get_untracked()),
            };
            saved.set(Some(note));
            busy.set(false);
        });
    };
    view! {
        <form class="form narrow" on:submit=submit data-testid="contact-form" novalidate>
            <h3>{pick("联系方式与特长", "Contact and skills")}</h3>
            <label>
                <span>{pick("手机号（也是登录账号）", "Phone (also your login)")}</span>
                <input name="phone" type="tel" inputmode="tel" prop:value=phone on:input=move |ev| phone.set(event_target_value(&ev))/>
            </label>
            <FieldError errors field=Field::Phone/>
            {move || phone_changed.get().then(|| view! {
                <label>
                    <span>{pick("登录密码（更换手机号需确认）", "Your password (to change your login)")}</span>
                    <input name="password" type="password" autocomplete="current-password" data-testid="phone-password"
                        prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                </label>
            })}
            <label>
                <span>{pick("技能特长", "Skills")}</span>
                <textarea name="skills" rows="2" prop:value=skills on:input=move |ev| skills.set(event_target_value(&ev))></textarea>
            </label>
            <FieldError errors field=Field::Skills/>
            <PreferencesPicker preferences legend_zh="服务意向" legend_en="Services I like to give"/>
            <FieldError errors field=Field::Preferences/>
            <button type="submit" class="primary" disabled=busy data-testid="save-file">{pick("保存", "Save")}</button>
            {move || saved.get().map(|s| view! { <p class="saved" role="status" data-testid="file-saved">{s}</p> })}
        </form>
    }
}
