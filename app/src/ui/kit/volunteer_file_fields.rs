//! The volunteer file's fields (志愿者档案), each with its error: staff opening an account and a
//! resident applying online fill the same file.

use leptos::prelude::*;

use crate::domain::error::{Field, ValidationErrors};
use crate::domain::person::{PoliticalStatus, VolunteerInput};
use crate::ui::kit::field_error::FieldError;
use crate::ui::kit::preferences_picker::PreferencesPicker;
use crate::ui::shell::language::use_lang;

/// What the file's fields hold while the form is filled in.
#[derive(Clone, Copy)]
pub struct FileFields {
    pub name: RwSignal<String>,
    pub gender: RwSignal<String>,
    pub birth_year: RwSignal<String>,
    pub political: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub skills: RwSignal<String>,
    pub occupation: RwSignal<String>,
    pub hobbies: RwSignal<String>,
    pub preferences: RwSignal<Vec<String>>,
}

impl FileFields {
    pub fn new() -> Self {
        let text = || RwSignal::new(String::new());
        FileFields {
            name: text(),
            gender: text(),
            birth_year: text(),
            political: text(),
            phone: text(),
            skills: text(),
            occupation: text(),
            hobbies: text(),
            preferences: RwSignal::new(Vec::new()),
        }
    }

    /// The file as the server function takes it.
    pub fn input(&self) -> VolunteerInput {
        VolunteerInput {
            name: self.name.get_untracked(),
            gender: self.gender.get_untracked(),
            birth_year: self.birth_year.get_untracked(),
            political_status: self.political.get_untracked(),
            phone: self.phone.get_untracked(),
            skills: self.skills.get_untracked(),
            preferences: self.preferences.get_untracked(),
            occupation: self.occupation.get_untracked(),
            hobbies: self.hobbies.get_untracked(),
        }
    }

    pub fn clear(&self) {
        for field in [
            self.name,
            self.gender,
            self.birth_year,
            self.political,
            self.phone,
            self.skills,
            self.occupation,
            self.hobbies,
        ] {
            field.set(String::new());
        }
        self.preferences.set(Vec::new());
    }
}

impl Default for FileFields {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn VolunteerFileFields(
    fields: FileFields,
    errors: RwSignal<ValidationErrors>,
) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let text_input = move |zh: &'static str,
                           en: &'static str,
                           field: Field,
                           name: &'static str,
                           value: RwSignal<String>,
                           kind: &'static str,
                           autocomplete: &'static str| {
        view! {
            <label>
                <span>{move || lang.get().pick(zh, en)}</span>
                <input type=kind name=name autocomplete=autocomplete prop:value=value
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
            <FieldError errors field=field/>
        }
    };
    view! {
        {text_input("姓名", "Name", Field::Name, "name", fields.name, "text", "name")}
        <label>
            <span>{pick("性别", "Gender")}</span>
            <select name="gender" data-testid="gender" prop:value=fields.gender
                on:change=move |ev| fields.gender.set(event_target_value(&ev))>
                <option value="">{pick("请选择", "Choose")}</option>
                <option value="female">{pick("女", "Female")}</option>
                <option value="male">{pick("男", "Male")}</option>
            </select>
        </label>
        <FieldError errors field=Field::Gender/>
        {text_input("出生年份", "Year of birth", Field::BirthYear, "birth_year", fields.birth_year, "text", "bday-year")}
        <label>
            <span>{pick("政治面貌", "Political status")}</span>
            <select name="political_status" data-testid="political-status" prop:value=fields.political
                on:change=move |ev| fields.political.set(event_target_value(&ev))>
                <option value="">{pick("请选择", "Choose")}</option>
                {PoliticalStatus::ALL.into_iter().map(|s| view! { <option value=s.zh()>{move || s.label(lang.get())}</option> }).collect_view()}
            </select>
        </label>
        <FieldError errors field=Field::PoliticalStatus/>
        {text_input("手机号（登录账号）", "Phone (the login)", Field::Phone, "phone", fields.phone, "tel", "tel")}
        {text_input("职业（选填）", "Occupation (optional)", Field::Occupation, "occupation", fields.occupation, "text", "organization-title")}
        {text_input("技能特长（选填）", "Skills (optional)", Field::Skills, "skills", fields.skills, "text", "off")}
        {text_input("兴趣爱好（选填）", "Hobbies (optional)", Field::Hobbies, "hobbies", fields.hobbies, "text", "off")}
        <PreferencesPicker preferences=fields.preferences legend_zh="服务意向（选填）" legend_en="Preferred services (optional)"/>
        <FieldError errors field=Field::Preferences/>
    }
}
