//! The form of a wish: the need, what the resident offers back, the category, one-to-one or
//! many-to-one, and optionally a service from the menu. On a phone it is an entry of the offline
//! ledger (staff approve it after the sync); in the office it goes straight to the server, for a
//! household on file if staff choose one, and is on the wall at once.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{get_overview, household_choices, kiosk_post_wish, post_wish, ApiError};
use crate::domain::category::SEEDED_CATEGORIES;
use crate::domain::command::Command;
use crate::domain::error::{Field, ValidationErrors};
use crate::domain::person::Role;
use crate::domain::wish_post::{WishDraft, WishInput};
use crate::offline::use_sync;
use crate::ui::kit::field_error::FieldError;
use crate::ui::shell::language::use_lang;
use crate::ui::volunteer::service_menu::ServiceMenu;

#[component]
pub fn WishForm(
    /// Staff at the office: straight to the server, optionally for a household.
    #[prop(optional)]
    office: bool,
    /// Staff at the kiosk (its staff mode): their login and password with every post.
    #[prop(optional)]
    kiosk: bool,
) -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let me = sync.me.get_untracked();
    let is_admin = me.as_ref().is_some_and(|m| m.role == Role::Admin);
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let poster = RwSignal::new(if office || kiosk {
        String::new()
    } else {
        me.map(|m| m.name).unwrap_or_default()
    });
    let need = RwSignal::new(String::new());
    let offer = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let many = RwSignal::new(false);
    let capacity = RwSignal::new("3".to_string());
    let service = RwSignal::new(String::new());
    let household = RwSignal::new(String::new());
    let pay_hours = RwSignal::new(String::new());
    let community = RwSignal::new(String::new());
    // 回报 on a phone: what the passbook can still pay (read online), after the requests waiting
    // on this phone to sync; the server checks again against everything it holds.
    let account = LocalResource::new(move || async move {
        if office || kiosk {
            return None;
        }
        crate::api::my_time_account().await.ok()
    });
    let available = move || {
        let held = account.get().flatten()?.time.available();
        let waiting: i64 = sync.lines.with(|lines| {
            lines
                .iter()
                .filter(|l| {
                    l.kind == "wish" && l.state == crate::offline::lines::LocalState::Waiting
                })
                .filter_map(|l| l.body.as_deref())
                .filter_map(|b| crate::domain::json::from_json::<WishInput>(b).ok())
                .filter_map(|w| {
                    crate::domain::help_return::parse_pay_hours(&w.pay_hours)
                        .ok()
                        .flatten()
                })
                .map(|m| m.0)
                .sum()
        });
        Some(crate::domain::Minutes(held.0 - waiting))
    };
    let errors = RwSignal::new(ValidationErrors::default());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let chosen_community = Signal::derive(move || Some(community.get()).filter(|c| !c.is_empty()));
    let households = LocalResource::new(move || {
        let community = chosen_community.get();
        async move {
            if !office || (is_admin && community.is_none()) {
                return Ok(Vec::new());
            }
            household_choices(community).await
        }
    });
    let communities = LocalResource::new(move || async move {
        if office && is_admin {
            get_overview()
                .await
                .map(|o| o.communities)
                .unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    let on_pick = Callback::new(move |(code, skill): (String, String)| {
        if !code.is_empty() {
            category.set(code);
        }
        if need.get_untracked().trim().is_empty() {
            need.set(format!("希望有志愿者提供「{skill}」服务"));
        }
        service.set(skill);
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        outcome.set(None);
        let input = WishInput {
            poster: poster.get_untracked(),
            need: need.get_untracked(),
            offer: offer.get_untracked(),
            category: category.get_untracked(),
            capacity: if many.get_untracked() {
                capacity.get_untracked()
            } else {
                "1".into()
            },
            service: service.get_untracked(),
            household: household.get_untracked(),
            pay_hours: pay_hours.get_untracked(),
        };
        let codes: Vec<&str> = SEEDED_CATEGORIES.iter().map(|c| c.0).collect();
        let draft = match WishDraft::parse(&input, &codes) {
            Ok(draft) => draft,
            Err(found) => {
                errors.set(found);
                return;
            }
        };
        if let (Some(pay), Some(free)) = (draft.pay, available()) {
            if pay > free {
                outcome.set(Some(Err(crate::domain::wish::ClaimError::NotEnoughTime
                    .message(lang.get_untracked())
                    .to_string())));
                return;
            }
        }
        errors.set(ValidationErrors::default());
        busy.set(true);
        spawn_local(async move {
            let lang_now = lang.get_untracked();
            // Both staff paths answer from the server: the same words, the field errors beside
            // their fields.
            let posted = |answer: Result<String, ApiError>| {
                answer
                    .map(|_| {
                        lang_now
                            .pick("已发布到心愿墙。", "Posted on the wall.")
                            .to_string()
                    })
                    .map_err(|e| {
                        let e = e.typed();
                        if let ApiError::Invalid(found) = &e {
                            errors.set(found.clone());
                        }
                        e.message(lang_now)
                    })
            };
            let result = if kiosk {
                let secret = password.get_untracked();
                password.set(String::new());
                posted(kiosk_post_wish(login.get_untracked(), secret, input).await)
            } else if office {
                posted(post_wish(input, chosen_community.get_untracked()).await)
            } else {
                sync.capture(&Command::Wish(input))
                    .await
                    .map(|_| {
                        lang_now
                            .pick(
                                "已保存在本机，等待同步；同步后由社区工作人员审核上墙。",
                                "Saved on this phone, waiting to sync; staff review it after that.",
                            )
                            .to_string()
                    })
                    .map_err(|e| e.message(lang_now))
            };
            if result.is_ok() {
                need.set(String::new());
                offer.set(String::new());
                service.set(String::new());
                household.set(String::new());
                pay_hours.set(String::new());
            }
            outcome.set(Some(result));
            busy.set(false);
        });
    };
    view! {
        {(!kiosk).then(|| view! { <ServiceMenu community=chosen_community on_pick/> })}
        <form class="form narrow wish-form" on:submit=submit data-testid="wish-form" novalidate>
            {kiosk.then(|| view! {
                <div class="row">
                    <label>
                        <span>{pick("工作人员账号", "Staff login")}</span>
                        <input name="login" autocomplete="off" data-testid="kiosk-staff-login" prop:value=login on:input=move |ev| login.set(event_target_value(&ev))/>
                    </label>
                    <label>
                        <span>{pick("密码", "Password")}</span>
                        <input name="password" type="password" autocomplete="off" data-testid="kiosk-staff-password" prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                    </label>
                </div>
            })}
            {(office && is_admin).then(|| view! {
                <label>
                    <span>{pick("社区", "Community")}</span>
                    <select name="community" data-testid="wish-community" prop:value=community on:change=move |ev| community.set(event_target_value(&ev))>
                        <option value="">{pick("请选择", "Choose")}</option>
                        {move || communities.get().map(|list| list.into_iter().map(|c| view! { <option value=c.id>{c.name}</option> }).collect_view())}
                    </select>
                </label>
            })}
            <FieldError errors field=Field::Community/>
            {office.then(|| view! {
                <label>
                    <span>{pick("困难家庭（选填，心愿墙上不显示）", "Household on file (optional, not shown on the wall)")}</span>
                    <select name="household" data-testid="wish-household" prop:value=household on:change=move |ev| household.set(event_target_value(&ev))>
                        <option value="">{pick("不关联", "None")}</option>
                        {move || households.get().and_then(Result::ok).map(|list| list.into_iter().map(|(id, head)| view! { <option value=id>{head}</option> }).collect_view())}
                    </select>
                </label>
            })}
            <FieldError errors field=Field::HeadOfHousehold/>
            <label>
                <span>{pick("墙上显示的称呼（如：王阿姨）", "Name shown on the wall (e.g. Auntie Wang)")}</span>
                <input name="poster" data-testid="wish-poster" prop:value=poster on:input=move |ev| poster.set(event_target_value(&ev))/>
            </label>
            <FieldError errors field=Field::Name/>
            <label>
                <span>{pick("心愿（需要什么帮助）", "The wish (what help is needed)")}</span>
                <textarea name="need" rows="3" data-testid="wish-need-input" prop:value=need on:input=move |ev| need.set(event_target_value(&ev))></textarea>
            </label>
            <FieldError errors field=Field::Need/>
            <label>
                <span>{pick("可以回报什么（选填）", "What you offer in return (optional)")}</span>
                <input name="offer" data-testid="wish-offer" prop:value=offer on:input=move |ev| offer.set(event_target_value(&ev))/>
            </label>
            <FieldError errors field=Field::Offer/>
            <label>
                <span>{pick("类别", "Category")}</span>
                <select name="category" data-testid="wish-category" prop:value=category on:change=move |ev| category.set(event_target_value(&ev))>
                    <option value="">{pick("请选择", "Choose")}</option>
                    {SEEDED_CATEGORIES.iter().map(|(code, zh, en, icon)| view! {
                        <option value=*code>{move || format!("{icon} {}", lang.get().pick(zh, en))}</option>
                    }).collect_view()}
                </select>
            </label>
            <FieldError errors field=Field::Category/>
            {move || (!service.get().is_empty()).then(|| view! {
                <p class="picked-service" data-testid="picked-service">
                    {pick("点单服务：", "Service asked for: ")}{service.get()}
                    <button type="button" class="link" on:click=move |_| service.set(String::new())>{pick("取消", "Remove")}</button>
                </p>
            })}
            <fieldset class="pairing">
                <legend>{pick("需要几位志愿者", "How many volunteers")}</legend>
                <label class="inline"><input type="radio" name="pairing" prop:checked=move || !many.get() on:change=move |_| many.set(false)/>{pick("一对一（1 位）", "One-to-one (1)")}</label>
                <label class="inline"><input type="radio" name="pairing" data-testid="wish-many" prop:checked=many on:change=move |_| many.set(true)/>{pick("多对一，最多", "Many-to-one, up to")}
                    <input type="number" min="2" max="50" class="short" data-testid="wish-capacity" prop:value=capacity on:input=move |ev| capacity.set(event_target_value(&ev)) disabled=move || !many.get()/>
                    {pick("位", "")}
                </label>
            </fieldset>
            <FieldError errors field=Field::Capacity/>
            {(!office && !kiosk).then(|| view! {
                <label>
                    <span>{pick("用我的存折时间支付（回报，选填，小时）", "Pay from my passbook (help in return, optional, hours)")}</span>
                    <input name="pay_hours" inputmode="decimal" class="short" data-testid="wish-pay-hours" placeholder="2" prop:value=pay_hours on:input=move |ev| pay_hours.set(event_target_value(&ev))/>
                </label>
                <p class="hint" data-testid="wish-pay-available">{move || match (available(), lang.get()) {
                    (Some(m), crate::domain::Lang::Zh) => format!("存折可用 {} 小时；发布时预留，撤回后退还，志愿者服务经审核后支付。", m.hours_text()),
                    (Some(m), crate::domain::Lang::En) => format!("{} h available; reserved when posted, back if withdrawn, paid once a helper's service is verified.", m.hours_text()),
                    (None, crate::domain::Lang::Zh) => "联网时显示存折可用时间；离线发布的求助在同步时由服务器核对。".to_string(),
                    (None, crate::domain::Lang::En) => "Your available time shows when online; a request posted offline is checked at the sync.".to_string(),
                }}</p>
                <FieldError errors field=Field::Pay/>
            })}
            <button type="submit" class="primary" disabled=busy data-testid="submit-wish">{pick("发布心愿", "Post the wish")}</button>
            {move || outcome.get().map(|o| match o {
                Ok(text) => view! { <p class="saved" role="status" data-testid="wish-saved">{text}</p> }.into_any(),
                Err(text) => view! { <p class="error" role="alert" data-testid="wish-failed">{text}</p> }.into_any(),
            })}
        </form>
    }
    .into_any()
}
