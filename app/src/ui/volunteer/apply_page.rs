//! Apply online to become a volunteer (开户申请), from the sign-in page: the resident fills their
//! own file, chooses their community and a password, and learns who decides and what happens
//! next. Checked here with the server's rules first, so each problem shows beside its field.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{apply_for_account, get_overview, ApiError};
use crate::domain::application::Application;
use crate::domain::category::SEEDED_CATEGORIES;
use crate::domain::error::{Field, ValidationErrors};
use crate::domain::Lang;
use crate::ui::kit::field_error::FieldError;
use crate::ui::kit::volunteer_file_fields::{FileFields, VolunteerFileFields};
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

/// What the page shows once the application is filed: the community that decides and the
/// phone to sign in with.
#[derive(Clone)]
struct Filed {
    community: String,
    phone: String,
}

#[component]
pub fn ApplyPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let communities = LocalResource::new(get_overview);
    let fields = FileFields::new();
    let community = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let mismatch = RwSignal::new(false);
    let errors = RwSignal::new(ValidationErrors::default());
    let failure = RwSignal::new(None::<ApiError>);
    let filed = RwSignal::new(None::<Filed>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        failure.set(None);
        let input = fields.input();
        let codes: Vec<&str> = SEEDED_CATEGORIES.iter().map(|c| c.0).collect();
        let today = crate::domain::clock::china_today(chrono::Utc::now());
        let checked = Application::parse(
            &input,
            &password.get_untracked(),
            &community.get_untracked(),
            &codes,
            today,
        );
        let different = password.get_untracked() != again.get_untracked();
        mismatch.set(different);
        let application = match checked {
            Ok(application) if !different => application,
            Ok(_) => {
                errors.set(ValidationErrors::default());
                return;
            }
            Err(found) => {
                errors.set(found);
                return;
            }
        };
        errors.set(ValidationErrors::default());
        busy.set(true);
        spawn_local(async move {
            let phone = application.file.phone.as_str().to_string();
            match apply_for_account(input, password.get_untracked(), community.get_untracked())
                .await
                .map_err(ApiError::typed)
            {
                Ok(community) => {
                    password.set(String::new());
                    again.set(String::new());
                    filed.set(Some(Filed { community, phone }));
                }
                Err(ApiError::Invalid(server_found)) => errors.set(server_found),
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };

    let form = move || {
        view! {
            <form class="form" on:submit=submit data-testid="apply-form" novalidate>
                <p class="hint">{pick(
                    "填写您的志愿者档案，选择所在社区。社区工作人员审核通过后，您就能用手机号和自己设的密码登录，记录服务时长。",
                    "Fill in your volunteer file and choose your community. Once its staff approve, you sign in with your phone and the password you choose here, and log your service hours.",
                )}</p>
                <VolunteerFileFields fields errors/>
                <label>
                    <span>{pick("所在社区", "Your community")}</span>
                    <select name="community" data-testid="apply-community" prop:value=community
                        on:change=move |ev| community.set(event_target_value(&ev))>
                        <option value="">{pick("请选择", "Choose")}</option>
                        {move || communities.get().and_then(Result::ok).map(|o| o.communities.into_iter().filter(|c| !c.retired).map(|c| view! {
                            <option value=c.id>{c.name}</option>
                        }).collect_view())}
                    </select>
                </label>
                <FieldError errors field=Field::Community/>
                <label>
                    <span>{pick("设置密码（至少 8 位）", "Choose a password (8 or more characters)")}</span>
                    <input type="password" name="Password" autocomplete="new-password" prop:value=password
                        on:input=move |ev| password.set(event_target_value(&ev))/>
                </label>
                <FieldError errors field=Field::Password/>
                <label>
                    <span>{pick("再输入一次密码", "The password again")}</span>
                    <input type="password" name="PasswordAgain" autocomplete="new-password" prop:value=again
                        on:input=move |ev| again.set(event_target_value(&ev))/>
                </label>
                {move || mismatch.get().then(|| view! {
                    <p class="field-error" role="alert" data-testid="password-mismatch">{pick("两次输入的密码不一致。", "The two passwords differ.")}</p>
                })}
                {move || failure.get().map(|e| view! { <p class="form-error" role="alert" data-testid="apply-failed">{e.message(lang.get())}</p> })}
                <button type="submit" class="primary" disabled=busy data-testid="apply-submit">{pick("提交申请", "Apply")}</button>
                <p class="hint"><a href="/signin">{pick("已有账户？去登录", "Have an account? Sign in")}</a></p>
            </form>
        }
    };

    view! {
        <PageTitle zh="申请成为志愿者" en="Become a volunteer"/>
        <section class="card narrow">
            <h1>{pick("申请成为志愿者", "Become a volunteer")}</h1>
            {move || match filed.get() {
                Some(Filed { community, phone }) => view! {
                    <div role="status" data-testid="apply-ok">
                        <p class="saved">{move || match lang.get() {
                            Lang::Zh => format!("申请已提交，等待{community}的工作人员审核。"),
                            Lang::En => format!("Your application is filed. The staff of {community} will review it."),
                        }}</p>
                        <p>{move || match lang.get() {
                            Lang::Zh => format!("审核通过后，用手机号 {phone} 和您设的密码登录。审核期间登录，会看到申请的进度；如未通过，也会看到原因。"),
                            Lang::En => format!("Once approved, sign in with {phone} and your password. Signing in before then tells you where the application stands, or why it was declined."),
                        }}</p>
                        <a class="button primary" href="/signin">{pick("去登录", "Sign in")}</a>
                    </div>
                }.into_any(),
                None => form().into_any(),
            }}
        </section>
    }
    .into_any()
}
