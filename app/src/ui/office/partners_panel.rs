//! The partner organisations (共驻共建单位) aid comes from: the list, and adding one. Staff add
//! their community's; the admin one community's or the whole sub-district's.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{add_partner, get_overview, ApiError};
use crate::domain::aid::{NewPartner, Partner, PartnerInput, PartnerKind};
use crate::domain::error::{Field, ValidationErrors};
use crate::ui::kit::community_choice::is_admin;
use crate::ui::kit::field_error::FieldError;
use crate::ui::shell::language::use_lang;

#[component]
pub fn PartnersPanel(partners: Signal<Vec<Partner>>, saved: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let admin = is_admin();
    let communities = LocalResource::new(get_overview);
    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let kind = RwSignal::new(PartnerKind::Company.code().to_string());
    let community = RwSignal::new(String::new());
    let errors = RwSignal::new(ValidationErrors::default());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let input = PartnerInput {
            name: name.get_untracked(),
            contact: contact.get_untracked(),
            kind: kind.get_untracked(),
            community: community.get_untracked(),
        };
        let found = NewPartner::parse(&input).err().unwrap_or_default();
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let result = add_partner(input).await;
            busy.set(false);
            match result.map_err(ApiError::typed) {
                Ok(_) => {
                    name.set(String::new());
                    contact.set(String::new());
                    saved.run(());
                }
                Err(ApiError::Invalid(found)) => errors.set(found),
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    view! {
        <section class="card" data-testid="partners">
            <h3>{pick("共建单位", "Partners")}</h3>
            {move || if partners.with(Vec::is_empty) {
                view! { <p class="hint">{pick("还没有登记共建单位。", "No partner on the list yet.")}</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead><tr>
                            <th>{pick("名称", "Name")}</th>
                            <th>{pick("类型", "Kind")}</th>
                            <th>{pick("联系方式", "Contact")}</th>
                            <th>{pick("范围", "For")}</th>
                        </tr></thead>
                        <tbody>
                            {partners.get().into_iter().map(|p| {
                                let scope = p.community_name.clone();
                                view! {
                                    <tr data-testid="partner-row">
                                        <td>{p.name.clone()}</td>
                                        <td>{move || p.kind.label(lang.get())}</td>
                                        <td>{p.contact.clone()}</td>
                                        <td>{move || scope.clone().unwrap_or_else(|| lang.get().pick("全街道", "Whole sub-district").to_string())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <form class="form" on:submit=submit data-testid="partner-form" novalidate>
                <div class="row">
                    <label>
                        <span>{pick("单位名称", "Name")}</span>
                        <input type="text" data-testid="partner-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                    </label>
                    <label>
                        <span>{pick("单位类型", "Kind")}</span>
                        <select data-testid="partner-kind" prop:value=kind on:change=move |ev| kind.set(event_target_value(&ev))>
                            {PartnerKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{move || k.label(lang.get())}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>
                        <span>{pick("联系人及电话（选填）", "Contact (optional)")}</span>
                        <input type="text" data-testid="partner-contact" prop:value=contact on:input=move |ev| contact.set(event_target_value(&ev))/>
                    </label>
                    {move || admin().then(|| view! {
                        <label>
                            <span>{pick("范围", "For")}</span>
                            <select data-testid="partner-community" prop:value=community on:change=move |ev| community.set(event_target_value(&ev))>
                                <option value="">{pick("全街道", "Whole sub-district")}</option>
                                {move || communities.get().and_then(Result::ok).map(|o| o.communities.into_iter().filter(|c| !c.retired).map(|c| view! {
                                    <option value=c.id>{c.name}</option>
                                }).collect_view())}
                            </select>
                        </label>
                    })}
                </div>
                <FieldError errors field=Field::Partner/>
                <FieldError errors field=Field::PartnerKind/>
                <FieldError errors field=Field::Contact/>
                <FieldError errors field=Field::Community/>
                {move || failure.get().map(|why| view! { <p class="form-error" role="alert">{why}</p> })}
                <button type="submit" disabled=busy data-testid="partner-save">{pick("添加共建单位", "Add partner")}</button>
            </form>
        </section>
    }
    .into_any()
}
