//! Points administration (积分管理): redemption requests to approve or refuse (staff of the
//! volunteers' community, or the admin), the catalogue of what points buy and the points rule
//! (the admin changes them; staff read them).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{
    add_catalogue_item, catalogue, current_points_rule, decide_redemption, list_categories,
    redemptions_to_decide, retire_catalogue_item, set_points_rule, ApiError,
};
use crate::domain::catalogue::{CatalogueInput, NewCatalogueItem, StaffRedemption};
use crate::domain::error::{Field, ValidationErrors};
use crate::domain::ledger::RedemptionState;
use crate::domain::Lang;
use crate::ui::kit::category_label::category_label;
use crate::ui::kit::community_choice::is_admin;
use crate::ui::kit::field_error::FieldError;
use crate::ui::office::custody_check::CustodyCheck;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

#[component]
pub fn PointsAdminPage() -> impl IntoView {
    let lang = use_lang();
    let admin = is_admin();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let version = RwSignal::new(0_u32);
    let requests = LocalResource::new(move || {
        version.track();
        redemptions_to_decide()
    });
    view! {
        <PageTitle zh="积分管理" en="Points"/>
        <section class="points-admin" data-testid="points-admin">
            <h2>{pick("兑换申请", "Redemption requests")}</h2>
            {move || match requests.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
                Some(Ok(all)) if all.is_empty() => view! { <p class="hint">{pick("还没有兑换申请。", "No request yet.")}</p> }.into_any(),
                Some(Ok(all)) => view! {
                    <ul class="redemption-list">
                        {all.into_iter().map(|r| view! { <RedemptionRow request=r version/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <Catalogue/>
            <RuleCard/>
            {move || admin().then(|| view! { <CustodyCheck/> })}
        </section>
    }
    .into_any()
}

#[component]
fn RedemptionRow(request: StaffRedemption, version: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let refusing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let waiting = request.state == RedemptionState::Requested;
    let id = request.id.clone();
    let decide = move |decision: &'static str| {
        let id = id.clone();
        spawn_local(async move {
            match decide_redemption(id, decision.into(), reason.get_untracked()).await {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let (approve, refuse) = (decide.clone(), decide);
    let label = request.clone();
    view! {
        <li class="card redemption" data-testid="redemption" data-item=request.item.clone() data-waiting=waiting.to_string()>
            <p>
                <strong>{request.volunteer_name.clone()}</strong>
                {format!(" · {} · {} · ", request.community_name, request.requested_at)}
                {request.item.clone()}
                {move || match lang.get() { Lang::Zh => format!(" · {} 积分", request.points.text()), Lang::En => format!(" · {} points", request.points.text()) }}
            </p>
            <p class=if waiting { "badge warn" } else { "badge" } data-testid="redemption-state">{move || label.state_label(lang.get())}</p>
            {waiting.then(|| view! {
                <div class="actions">
                    <button type="button" class="primary" data-testid="approve-redemption" on:click=move |_| approve("approve")>{pick("批准", "Approve")}</button>
                    <button type="button" data-testid="refuse-redemption" on:click=move |_| refusing.set(true)>{pick("不批准", "Refuse")}</button>
                </div>
                {move || refusing.get().then(|| {
                    let refuse = refuse.clone();
                    view! {
                        <div class="reject-box">
                            <input class="reason" data-testid="refuse-reason" placeholder=pick("原因（志愿者可见）", "Reason (the volunteer reads it)")
                                prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
                            <button type="button" data-testid="refuse-confirm" on:click=move |_| refuse("refuse")>{pick("确认", "Confirm")}</button>
                        </div>
                    }
                })}
            })}
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> })}
        </li>
    }
}

#[component]
fn Catalogue() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let admin = is_admin();
    let version = RwSignal::new(0_u32);
    let items = LocalResource::new(move || {
        version.track();
        catalogue()
    });
    let name = RwSignal::new(String::new());
    let points = RwSignal::new(String::new());
    let errors = RwSignal::new(ValidationErrors::default());
    let failure = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CatalogueInput {
            name: name.get_untracked(),
            points: points.get_untracked(),
        };
        let found = NewCatalogueItem::parse(&input).err().unwrap_or_default();
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        spawn_local(async move {
            match add_catalogue_item(input).await.map_err(ApiError::typed) {
                Ok(_) => {
                    name.set(String::new());
                    points.set(String::new());
                    failure.set(None);
                    version.update(|v| *v += 1);
                }
                Err(ApiError::Invalid(server_found)) => errors.set(server_found),
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    let retire = move |id: String| {
        spawn_local(async move {
            match retire_catalogue_item(id).await {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    view! {
        <h2>{pick("兑换目录", "Catalogue")}</h2>
        {move || items.get().and_then(Result::ok).map(|all| view! {
            <table class="table" data-testid="catalogue">
                <thead><tr><th>{pick("物品或服务", "Item")}</th><th class="num">{pick("所需积分", "Points")}</th><th></th></tr></thead>
                <tbody>
                    {all.into_iter().map(|item| {
                        let id = item.id.clone();
                        view! {
                            <tr data-testid="catalogue-item" data-name=item.name.clone()>
                                <td>{item.name.clone()}</td>
                                <td class="num">{item.points.text()}</td>
                                <td>{move || admin().then(|| {
                                    let id = id.clone();
                                    view! { <button type="button" class="link" on:click=move |_| retire(id.clone())>{pick("下架", "Retire")}</button> }
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {move || admin().then(|| view! {
            <form class="form narrow" on:submit=add data-testid="catalogue-form" novalidate>
                <div class="row">
                    <label><span>{pick("物品或服务", "Item")}</span>
                        <input type="text" data-testid="catalogue-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/></label>
                    <label><span>{pick("所需积分", "Points")}</span>
                        <input type="text" inputmode="decimal" data-testid="catalogue-points" prop:value=points on:input=move |ev| points.set(event_target_value(&ev))/></label>
                </div>
                <FieldError errors field=Field::Item/>
                <FieldError errors field=Field::Points/>
                <button type="submit" class="primary" data-testid="catalogue-add">{pick("加入目录", "Add")}</button>
            </form>
        })}
        {move || failure.get().map(|why| view! { <p class="form-error" role="alert">{why}</p> })}
    }
}

#[component]
fn RuleCard() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let admin = is_admin();
    let version = RwSignal::new(0_u32);
    let rule = LocalResource::new(move || {
        version.track();
        current_points_rule()
    });
    let categories = LocalResource::new(list_categories);
    let per_hour = RwSignal::new(String::new());
    // A rate per category code; empty means "the general rate".
    let rates = RwSignal::new(std::collections::BTreeMap::<String, String>::new());
    Effect::new(move |_| {
        if let Some(Ok(r)) = rule.get() {
            per_hour.set(r.per_hour.text());
            rates.set(
                r.per_category
                    .iter()
                    .map(|(c, p)| (c.clone(), p.text()))
                    .collect(),
            );
        }
    });
    let outcome = RwSignal::new(None::<Result<(), ApiError>>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = rates
            .get_untracked()
            .into_iter()
            .filter(|(_, rate)| !rate.trim().is_empty())
            .collect();
        spawn_local(async move {
            let result = set_points_rule(per_hour.get_untracked(), chosen).await;
            if result.is_ok() {
                version.update(|v| *v += 1);
            }
            outcome.set(Some(result));
        });
    };
    view! {
        <h2>{pick("积分规则", "Points rule")}</h2>
        {move || rule.get().and_then(Result::ok).map(|r| view! {
            <p data-testid="points-rule">{move || match lang.get() {
                Lang::Zh => format!("每核实 1 小时服务得 {} 积分", r.per_hour.text()),
                Lang::En => format!("{} points per verified hour", r.per_hour.text()),
            }}
            {r.per_category.iter().map(|(code, rate)| {
                let (code, rate) = (code.clone(), rate.text());
                view! { <span>{move || format!("；{} {}", category_label(&code, lang.get()), rate)}</span> }
            }).collect_view()}
            {pick("（核实时按当时的规则计分，以后修改不影响已得积分）", " (fixed when a line is verified)")}
            </p>
        })}
        {move || admin().then(|| view! {
            <form class="form narrow" on:submit=save data-testid="rule-form" novalidate>
                <label><span>{pick("每小时积分", "Points per hour")}</span>
                    <input type="text" inputmode="decimal" data-testid="rule-per-hour" prop:value=per_hour on:input=move |ev| per_hour.set(event_target_value(&ev))/></label>
                <fieldset>
                    <legend>{pick("按服务类别另定（留空则按上面的标准）", "Per category (empty: the rate above)")}</legend>
                    <div class="check-grid">
                        {move || categories.get().and_then(Result::ok).map(|all| all.into_iter().map(|c| {
                            let (code, read_code) = (c.code.clone(), c.code.clone());
                            view! {
                                <label><span>{match lang.get() { Lang::Zh => c.name_zh.clone(), Lang::En => c.name_en.clone() }}</span>
                                    <input type="text" inputmode="decimal" data-testid=format!("rule-{}", c.code)
                                        prop:value=move || rates.with(|r| r.get(&read_code).cloned().unwrap_or_default())
                                        on:input=move |ev| { let v = event_target_value(&ev); rates.update(|r| { r.insert(code.clone(), v); }); }/></label>
                            }
                        }).collect_view())}
                    </div>
                </fieldset>
                <button type="submit" class="primary" data-testid="rule-save">{pick("修改规则", "Change the rule")}</button>
            </form>
        })}
        {move || outcome.get().map(|o| match o {
            Ok(()) => view! { <p class="saved" role="status">{pick("规则已更新，从现在起核实的记录按新规则计分。", "Changed: lines verified from now on use it.")}</p> }.into_any(),
            Err(e) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
        })}
    }
}
