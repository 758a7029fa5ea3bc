//! The admin's staff accounts (工作人员): open one for a community, move someone to another
//! community, take the staff role away (they keep their own passbook), make someone an
//! administrator, reset a password. The last administrator keeps the role (the server says so).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{create_staff, get_overview, set_role, staff_accounts, ApiError};
use crate::domain::administration::{RoleChange, StaffInput, StaffRow};
use crate::domain::error::{Field, ValidationErrors};
use crate::domain::overview::CommunitySummary;
use crate::domain::person::Role;
use crate::ui::kit::field_error::FieldError;
use crate::ui::office::reset_password_form::ResetPassword;
use crate::ui::shell::language::use_lang;

#[component]
pub fn StaffPanel(
    /// Bumped when a community or an account changes.
    changed: RwSignal<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let list = LocalResource::new(move || {
        changed.get();
        staff_accounts()
    });
    let communities = LocalResource::new(move || {
        changed.get();
        get_overview()
    });
    let open_ones = Signal::derive(move || {
        communities
            .get()
            .and_then(Result::ok)
            .map(|o| {
                o.communities
                    .into_iter()
                    .filter(|c| !c.retired)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let failure = RwSignal::new(None::<ApiError>);
    let resetting = RwSignal::new(None::<String>);
    view! {
        <section class="card" data-testid="staff-panel">
            <h3>{pick("工作人员账号", "Staff accounts")}</h3>
            <NewStaffForm communities=open_ones changed/>
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert" data-testid="role-failed">{e.message(lang.get())}</p> })}
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th>{pick("姓名", "Name")}</th>
                        <th>{pick("登录名", "Login")}</th>
                        <th>{pick("身份", "Role")}</th>
                        <th>{pick("社区", "Community")}</th>
                        <th></th>
                    </tr></thead>
                    <tbody>
                        {move || list.get().and_then(Result::ok).map(|rows| rows.into_iter().map(|row| view! {
                            <StaffLine row communities=open_ones changed failure resetting/>
                        }).collect_view())}
                    </tbody>
                </table>
            </div>
            {move || resetting.get().map(|person| view! { <ResetPassword person=person done=resetting/> })}
        </section>
    }
    .into_any()
}

#[component]
fn NewStaffForm(
    communities: Signal<Vec<CommunitySummary>>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let input = RwSignal::new(StaffInput::default());
    let errors = RwSignal::new(ValidationErrors::default());
    let failure = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let set = move |apply: fn(&mut StaffInput, String)| {
        move |ev: leptos::ev::Event| input.update(|i| apply(i, event_target_value(&ev)))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        // The same rules as the server, so every field's problem shows at once.
        if let Err(e) = crate::domain::administration::NewStaff::parse(&input.get_untracked()) {
            errors.set(e);
            return;
        }
        spawn_local(async move {
            match create_staff(input.get_untracked())
                .await
                .map_err(ApiError::typed)
            {
                Ok(_) => {
                    errors.set(ValidationErrors::default());
                    failure.set(None);
                    saved.set(true);
                    input.set(StaffInput::default());
                    changed.update(|n| *n += 1);
                }
                Err(ApiError::Invalid(e)) => errors.set(e),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="new-staff-form">
            <h4>{pick("新建工作人员账号", "New staff account")}</h4>
            <div class="row">
                <label><span>{pick("姓名", "Name")}</span>
                    <input name="name" data-testid="staff-name" prop:value=move || input.with(|i| i.name.clone()) on:input=set(|i, v| i.name = v)/></label>
                <label><span>{pick("登录名（字母开头）", "Login (starts with a letter)")}</span>
                    <input name="username" autocomplete="off" data-testid="staff-username" prop:value=move || input.with(|i| i.username.clone()) on:input=set(|i, v| i.username = v)/></label>
                <label><span>{pick("初始密码（至少 8 位）", "First password (8 or more)")}</span>
                    <input name="password" type="text" autocomplete="off" data-testid="staff-password" prop:value=move || input.with(|i| i.password.clone()) on:input=set(|i, v| i.password = v)/></label>
                <label><span>{pick("所属社区", "Community")}</span>
                    <select name="community" data-testid="staff-community" prop:value=move || input.with(|i| i.community.clone()) on:change=set(|i, v| i.community = v)>
                        <option value="">{pick("请选择", "Choose")}</option>
                        {move || communities.get().into_iter().map(|c| view! { <option value=c.id>{c.name}</option> }).collect_view()}
                    </select></label>
            </div>
            <FieldError errors field=Field::Name/>
            <FieldError errors field=Field::Username/>
            <FieldError errors field=Field::Password/>
            <FieldError errors field=Field::Community/>
            <button type="submit" class="primary" data-testid="create-staff">{pick("创建账号", "Create")}</button>
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> })}
            {move || saved.get().then(|| view! { <p class="saved" role="status" data-testid="staff-created">{pick("账号已创建，请把登录名和初始密码当面告知本人。", "Created: give the login and first password in person.")}</p> })}
        </form>
    }
    .into_any()
}

#[component]
fn StaffLine(
    row: StaffRow,
    communities: Signal<Vec<CommunitySummary>>,
    changed: RwSignal<u32>,
    failure: RwSignal<Option<ApiError>>,
    resetting: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let person = row.person.to_string();
    let current = row
        .community
        .as_ref()
        .map(|c| c.to_string())
        .unwrap_or_default();
    let chosen = RwSignal::new(current.clone());
    let change = move |role: RoleChange, community: String| {
        let person = person.clone();
        spawn_local(async move {
            let community = Some(community).filter(|c| !c.is_empty());
            match set_role(person, role, community).await {
                Ok(()) => {
                    failure.set(None);
                    changed.update(|n| *n += 1);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let (move_to, demote, promote) = (change.clone(), change.clone(), change);
    let is_staff = row.role == Role::Staff;
    let id_reset = row.person.to_string();
    view! {
        <tr data-testid="staff-row" data-name=row.name.clone()>
            <td>{row.name.clone()}</td>
            <td>{row.username.clone()}</td>
            <td>{move || row.role.label(lang.get())}</td>
            <td>
                {is_staff.then(|| view! {
                    <select aria-label=pick("所属社区", "Community") data-testid="staff-move" prop:value=chosen
                        on:change=move |ev| {
                            let to = event_target_value(&ev);
                            chosen.set(to.clone());
                            move_to(RoleChange::Staff, to);
                        }>
                        {move || communities.get().into_iter().map(|c| view! { <option value=c.id.clone() selected=c.id == chosen.get_untracked()>{c.name}</option> }).collect_view()}
                    </select>
                })}
                {(!is_staff).then(|| row.community_name.clone().unwrap_or_else(|| "—".into()))}
            </td>
            <td class="actions">
                <button type="button" class="link" on:click=move |_| resetting.set(Some(id_reset.clone()))>{pick("重置密码", "Reset password")}</button>
                {if is_staff {
                    let community = current.clone();
                    view! {
                        <button type="button" class="link" data-testid="make-admin" on:click=move |_| promote(RoleChange::Admin, String::new())>{pick("设为管理员", "Make admin")}</button>
                        <button type="button" class="link" data-testid="remove-staff" on:click=move |_| demote(RoleChange::Volunteer, community.clone())>{pick("取消工作人员身份", "Remove staff role")}</button>
                    }.into_any()
                } else {
                    // An administrator made community staff is asked which community: none is
                    // picked for them.
                    let target = RwSignal::new(String::new());
                    view! {
                        <select aria-label=pick("改为哪个社区的工作人员", "Staff of which community") data-testid="admin-to-community"
                            prop:value=target on:change=move |ev| target.set(event_target_value(&ev))>
                            <option value="">{pick("选择社区…", "Community…")}</option>
                            {move || communities.get().into_iter().map(|c| view! { <option value=c.id>{c.name}</option> }).collect_view()}
                        </select>
                        <button type="button" class="link" data-testid="remove-admin" disabled=move || target.with(String::is_empty)
                            on:click=move |_| demote(RoleChange::Staff, target.get_untracked())>{pick("改为社区工作人员", "Make community staff")}</button>
                    }.into_any()
                }}
            </td>
        </tr>
    }
}
