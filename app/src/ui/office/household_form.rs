//! Register a household in need (建档) or update its file: checked here by the rules the server
//! applies again, every problem beside its field.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{register_household, update_household, ApiError};
use crate::domain::error::{Field, ValidationError, ValidationErrors};
use crate::domain::household::{HouseholdFile, HouseholdInput, HouseholdSummary};
use crate::ui::kit::community_choice::{chosen, is_admin, CommunityChoice};
use crate::ui::kit::field_error::FieldError;
use crate::ui::shell::language::use_lang;

/// The hardship types offices use most; any other may be typed.
const HARDSHIP_TYPES: [&str; 7] = [
    "独居老人",
    "空巢老人",
    "低保家庭",
    "特困人员",
    "残疾人家庭",
    "困境儿童",
    "重病家庭",
];

#[component]
pub fn HouseholdForm(
    /// The file being updated; `None` registers a new household.
    existing: Option<HouseholdSummary>,
    /// Called with the household's id after it is saved.
    saved: Callback<String>,
    cancel: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let admin = is_admin();
    let start = existing
        .as_ref()
        .map(HouseholdSummary::input)
        .unwrap_or_default();
    let updating = existing.as_ref().map(|h| h.id.to_string());
    let is_update = updating.is_some();
    let head = RwSignal::new(start.head);
    let address = RwSignal::new(start.address);
    let members = RwSignal::new(start.members);
    let hardship = RwSignal::new(start.hardship_type);
    let needs = RwSignal::new(start.needs);
    let phone = RwSignal::new(start.phone);
    let community = RwSignal::new(String::new());
    let errors = RwSignal::new(ValidationErrors::default());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let input = HouseholdInput {
            head: head.get_untracked(),
            address: address.get_untracked(),
            members: members.get_untracked(),
            hardship_type: hardship.get_untracked(),
            needs: needs.get_untracked(),
            phone: phone.get_untracked(),
        };
        let mut found = HouseholdFile::parse(&input).err().unwrap_or_default();
        if !is_update && admin() && chosen(community).is_none() {
            found.0.push(ValidationError::Required(Field::Community));
        }
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let updating = updating.clone();
        spawn_local(async move {
            let result = match updating {
                Some(id) => update_household(id.clone(), input).await.map(|_| id),
                None => register_household(input, chosen(community)).await,
            };
            busy.set(false);
            match result.map_err(ApiError::typed) {
                Ok(id) => saved.run(id),
                Err(ApiError::Invalid(server_found)) => errors.set(server_found),
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    let text = move |zh: &'static str,
                     en: &'static str,
                     field: Field,
                     value: RwSignal<String>,
                     id: &'static str| {
        view! {
            <label>
                <span>{move || lang.get().pick(zh, en)}</span>
                <input type="text" data-testid=id prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
            <FieldError errors field=field/>
        }
    };
    view! {
        <form class="form card narrow" on:submit=submit data-testid="household-form" novalidate>
            <h3>{move || if is_update { lang.get().pick("修改家庭档案", "Update the file") } else { lang.get().pick("登记困难家庭", "Register a household") }}</h3>
            {text("户主姓名", "Head of household", Field::HeadOfHousehold, head, "household-head")}
            {text("住址", "Address", Field::Address, address, "household-address")}
            <div class="row">
                <label>
                    <span>{pick("家庭人口", "Members")}</span>
                    <input type="number" min="1" max="30" data-testid="household-members" prop:value=members on:input=move |ev| members.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{pick("困难类型", "Hardship")}</span>
                    <input type="text" list="hardship-types" data-testid="household-hardship" prop:value=hardship on:input=move |ev| hardship.set(event_target_value(&ev))/>
                    <datalist id="hardship-types">
                        {HARDSHIP_TYPES.into_iter().map(|t| view! { <option value=t/> }).collect_view()}
                    </datalist>
                </label>
            </div>
            <FieldError errors field=Field::Members/>
            <FieldError errors field=Field::HardshipType/>
            <label>
                <span>{pick("需求", "Needs")}</span>
                <textarea rows="3" data-testid="household-needs" prop:value=needs on:input=move |ev| needs.set(event_target_value(&ev))></textarea>
            </label>
            <FieldError errors field=Field::Needs/>
            {text("联系电话（选填）", "Phone (optional)", Field::Phone, phone, "household-phone")}
            {(!is_update).then(|| view! { <CommunityChoice community errors/> })}
            {move || failure.get().map(|why| view! { <p class="form-error" role="alert">{why}</p> })}
            <div class="row">
                <button type="submit" class="primary" disabled=busy data-testid="household-save">{pick("保存档案", "Save")}</button>
                <button type="button" class="link" on:click=move |_| cancel.run(())>{pick("取消", "Cancel")}</button>
            </div>
        </form>
    }
    .into_any()
}
