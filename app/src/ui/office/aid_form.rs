//! Records aid (慰问) given to a household: money in yuan or goods by count, its campaign and the
//! partner who gave it. Checked here by the rules the server applies again.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{households, record_aid, ApiError};
use crate::domain::aid::{AidInput, NewAid, Partner};
use crate::domain::clock::china_today;
use crate::domain::error::{Field, ValidationErrors};
use crate::ui::kit::field_error::FieldError;
use crate::ui::shell::language::use_lang;

/// Campaigns offices run every year; any other may be typed.
const USUAL_CAMPAIGNS: [&str; 4] = ["春节慰问", "端午节慰问", "中秋节慰问", "重阳节慰问"];

#[component]
pub fn AidForm(
    partners: Signal<Vec<Partner>>,
    /// Campaigns already used here, offered first.
    campaigns: Signal<Vec<String>>,
    /// Called after a gift is saved.
    saved: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let choices = LocalResource::new(households);
    let today = china_today(chrono::Utc::now());
    let household = RwSignal::new(String::new());
    let on = RwSignal::new(today.to_string());
    let campaign = RwSignal::new(String::new());
    let partner = RwSignal::new(String::new());
    let kind = RwSignal::new("money".to_string());
    let amount = RwSignal::new(String::new());
    let what = RwSignal::new(String::new());
    let count = RwSignal::new("1".to_string());
    let errors = RwSignal::new(ValidationErrors::default());
    let failure = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let offered = move || {
        let mut offered = campaigns.get();
        for usual in USUAL_CAMPAIGNS {
            if !offered.iter().any(|c| c == usual) {
                offered.push(usual.to_string());
            }
        }
        offered
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let input = AidInput {
            household: household.get_untracked(),
            on: on.get_untracked(),
            campaign: campaign.get_untracked(),
            partner: partner.get_untracked(),
            kind: kind.get_untracked(),
            amount: amount.get_untracked(),
            what: what.get_untracked(),
            count: count.get_untracked(),
        };
        let parsed = NewAid::parse(&input, china_today(chrono::Utc::now()));
        done.set(None);
        errors.set(parsed.as_ref().err().cloned().unwrap_or_default());
        let Ok(aid) = parsed else { return };
        busy.set(true);
        failure.set(None);
        let given = aid.gift.describe(lang.get_untracked());
        spawn_local(async move {
            let result = record_aid(input).await.map_err(ApiError::typed);
            busy.set(false);
            match result {
                Ok(_) => {
                    amount.set(String::new());
                    household.set(String::new());
                    done.set(Some(given));
                    saved.run(());
                }
                Err(ApiError::Invalid(found)) => errors.set(found),
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    let money = move || kind.get() == "money";
    view! {
        <form class="form card" on:submit=submit data-testid="aid-form" novalidate>
            <h3>{pick("登记慰问", "Record aid")}</h3>
            <div class="row">
                <label>
                    <span>{pick("慰问家庭", "Household")}</span>
                    <select data-testid="aid-household" prop:value=household on:change=move |ev| household.set(event_target_value(&ev))>
                        <option value="">{pick("请选择", "Choose")}</option>
                        {move || choices.get().and_then(Result::ok).map(|all| all.into_iter().filter(|h| h.closed.is_none()).map(|h| {
                            let label = format!("{} · {}", h.head, h.address);
                            view! { <option value=h.id.to_string()>{label}</option> }
                        }).collect_view())}
                    </select>
                </label>
                <label>
                    <span>{pick("日期", "Date")}</span>
                    <input type="date" data-testid="aid-date" max=today.to_string() prop:value=on on:input=move |ev| on.set(event_target_value(&ev))/>
                </label>
            </div>
            <FieldError errors field=Field::Household/>
            <FieldError errors field=Field::Date/>
            <div class="row">
                <label>
                    <span>{pick("慰问活动", "Campaign")}</span>
                    <input type="text" list="aid-campaigns" data-testid="aid-campaign" prop:value=campaign on:input=move |ev| campaign.set(event_target_value(&ev))/>
                    <datalist id="aid-campaigns">
                        {move || offered().into_iter().map(|c| view! { <option value=c/> }).collect_view()}
                    </datalist>
                </label>
                <label>
                    <span>{pick("捐赠单位", "Given by")}</span>
                    <select data-testid="aid-partner" prop:value=partner on:change=move |ev| partner.set(event_target_value(&ev))>
                        <option value="">{pick("社区自筹", "The community itself")}</option>
                        {move || partners.get().into_iter().map(|p| view! { <option value=p.id>{p.name}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <FieldError errors field=Field::Campaign/>
            <FieldError errors field=Field::Partner/>
            <fieldset class="row">
                <legend>{pick("慰问方式", "Money or goods")}</legend>
                <label class="inline">
                    <input type="radio" name="aid-kind" value="money" data-testid="aid-kind-money" prop:checked=money on:change=move |_| kind.set("money".into())/>
                    {pick("慰问金", "Money")}
                </label>
                <label class="inline">
                    <input type="radio" name="aid-kind" value="goods" data-testid="aid-kind-goods" prop:checked=move || !money() on:change=move |_| kind.set("goods".into())/>
                    {pick("物品", "Goods")}
                </label>
            </fieldset>
            <FieldError errors field=Field::AidKind/>
            {move || if money() {
                view! {
                    <label>
                        <span>{pick("金额（元）", "Amount (yuan)")}</span>
                        <input type="text" inputmode="decimal" data-testid="aid-amount" placeholder="500" prop:value=amount on:input=move |ev| amount.set(event_target_value(&ev))/>
                    </label>
                    <FieldError errors field=Field::Amount/>
                }.into_any()
            } else {
                view! {
                    <div class="row">
                        <label>
                            <span>{pick("物品", "What")}</span>
                            <input type="text" data-testid="aid-goods" placeholder=pick("如：大米（10斤装）", "e.g. rice, 5 kg bags") prop:value=what on:input=move |ev| what.set(event_target_value(&ev))/>
                        </label>
                        <label>
                            <span>{pick("数量", "How many")}</span>
                            <input type="number" min="1" data-testid="aid-count" prop:value=count on:input=move |ev| count.set(event_target_value(&ev))/>
                        </label>
                    </div>
                    <FieldError errors field=Field::Goods/>
                    <FieldError errors field=Field::Quantity/>
                }.into_any()
            }}
            {move || failure.get().map(|why| view! { <p class="form-error" role="alert">{why}</p> })}
            {move || done.get().map(|given| view! { <p class="saved" role="status" data-testid="aid-saved">{move || lang.get().pick("已登记：", "Recorded: ")}{given.clone()}</p> })}
            <button type="submit" class="primary" disabled=busy data-testid="aid-save">{pick("登记", "Record")}</button>
        </form>
    }
    .into_any()
}
