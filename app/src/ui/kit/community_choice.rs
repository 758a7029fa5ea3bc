//! The community a form is for, asked only of the sub-district admin (staff act in their own).

use leptos::prelude::*;

use crate::api::get_overview;
use crate::domain::error::{Field, ValidationErrors};
use crate::domain::person::Role;
use crate::offline::use_sync;
use crate::ui::kit::field_error::FieldError;
use crate::ui::shell::language::use_lang;

/// True when the signed-in person is the admin (and so must name a community).
pub fn is_admin() -> impl Fn() -> bool + Copy {
    let sync = use_sync();
    move || {
        sync.me
            .with(|m| m.as_ref().is_some_and(|m| m.role == Role::Admin))
    }
}

#[component]
pub fn CommunityChoice(
    community: RwSignal<String>,
    errors: RwSignal<ValidationErrors>,
) -> impl IntoView {
    let lang = use_lang();
    let admin = is_admin();
    let communities = LocalResource::new(get_overview);
    move || {
        admin().then(|| {
            view! {
                <label>
                    <span>{move || lang.get().pick("所属社区", "Community")}</span>
                    <select name="community" data-testid="community" prop:value=community
                        on:change=move |ev| community.set(event_target_value(&ev))>
                        <option value="">{move || lang.get().pick("请选择", "Choose")}</option>
                        {move || communities.get().and_then(Result::ok).map(|o| o.communities.into_iter().filter(|c| !c.retired).map(|c| view! {
                            <option value=c.id>{c.name}</option>
                        }).collect_view())}
                    </select>
                </label>
                <FieldError errors field=Field::Community/>
            }
        })
    }
}

/// The admin's choice as the server function takes it: `None` for staff.
pub fn chosen(community: RwSignal<String>) -> Option<String> {
    Some(community.get_untracked()).filter(|c| !c.is_empty())
}
