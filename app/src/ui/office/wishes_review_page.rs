//! Wishes at the office (心愿管理): what residents posted, to approve for the wall or decline
//! with a reason; claimed wishes, to confirm fulfilled once a claimer reports them done; wishes
//! waiting long on the wall, to act on or withdraw; the community's waiting period; a form to
//! post a wish on someone's behalf. (The kiosks have their own page.)

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{decide_wish, set_wish_waiting_days, wish_waiting_days, wishes_to_review};
use crate::domain::clock::china_today;
use crate::domain::wall::StaffWish;
use crate::domain::wish::WishState;
use crate::ui::kit::category_label::category_label;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;
use crate::ui::wall::wish_form::WishForm;

#[component]
pub fn WishesReviewPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let version = RwSignal::new(0_u32);
    let wishes = LocalResource::new(move || {
        version.track();
        wishes_to_review()
    });
    let section = move |awaiting: bool| {
        move || {
            wishes.get().map(|r| match r {
                Err(e) => view! { <p class="error">{e.message(lang.get())}</p> }.into_any(),
                Ok(list) => {
                    let list: Vec<StaffWish> = list
                        .into_iter()
                        .filter(|w| (w.card.state == WishState::AwaitingApproval) == awaiting)
                        .collect();
                    if list.is_empty() {
                        view! { <p class="hint">{pick("暂无。", "None.")}</p> }.into_any()
                    } else {
                        list.into_iter()
                            .map(|wish| view! { <ReviewItem wish version/> })
                            .collect_view()
                            .into_any()
                    }
                }
            })
        }
    };
    view! {
        <PageTitle zh="心愿管理" en="Wishes"/>
        <section class="wishes-review" data-testid="wishes-review">
            <h2>{pick("待审核的心愿", "Wishes to approve")}</h2>
            <div class="review-list" data-testid="wishes-awaiting">{section(true)}</div>
            <h2>{pick("已认领待确认、久候的心愿", "Claimed to confirm, and waiting long")}</h2>
            <div class="review-list" data-testid="wishes-claimed">{section(false)}</div>
            <WaitingDaysForm version/>
            <h2>{pick("代居民发布心愿", "Post a wish on someone's behalf")}</h2>
            <WishForm office=true/>
        </section>
    }
    .into_any()
}

#[component]
fn ReviewItem(wish: StaffWish, version: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let card = wish.card.clone();
    let id = card.id.as_str().to_string();
    let reason = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let decide = move |decision: &'static str| {
        let id = id.clone();
        move |_| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            failure.set(None);
            let id = id.clone();
            spawn_local(async move {
                match decide_wish(id, decision.into(), reason.get_untracked()).await {
                    Ok(()) => version.update(|v| *v += 1),
                    Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
                }
                busy.set(false);
            });
        }
    };
    let awaiting = card.state == WishState::AwaitingApproval;
    let claimed = card.claims > 0;
    let category = card.category.clone();
    let reported = !wish.reported_by.is_empty();
    view! {
        <article class=format!("card review-item note-{}", card.category) data-testid="review-item" data-wish=card.id.as_str().to_string()>
            <header>
                <strong>{move || category_label(&category, lang.get())}</strong>
                <span>{card.poster.clone()}</span>
                <span>{china_today(card.posted_at).to_string()}</span>
                <span>{wish.community_name.clone()}</span>
                {wish.household_head.clone().map(|h| view! { <span>{pick("困难家庭：", "Household: ")}{h}</span> })}
            </header>
            <p class="note-need">{card.need.clone()}</p>
            {(!card.offer.is_empty()).then(|| view! { <p>{pick("回报：", "In return: ")}{card.offer.clone()}</p> })}
            {(!card.service.is_empty()).then(|| view! { <p>{pick("点单服务：", "Service: ")}{card.service.clone()}</p> })}
            {(!awaiting).then(|| view! {
                <p>{pick("认领人：", "Claimed by: ")}{wish.claimers.join("、")}{format!("（{}/{}）", card.claims, card.capacity)}</p>
            })}
            {card.waiting_long.then(|| view! { <p class="warning" data-testid="review-waiting-long">{pick("久候：上墙已久，仍无人认领。", "Waiting long: on the wall for long, nobody has taken it.")}</p> })}
            {reported.then(|| view! { <p class="ok" data-testid="reported-by">{pick("已报告完成：", "Reported done by: ")}{wish.reported_by.join("、")}</p> })}
            <div class="actions">
                {if awaiting {
                    view! {
                        <button type="button" class="primary" on:click=decide("approve") disabled=busy data-testid="approve-wish">{pick("通过，上墙", "Approve")}</button>
                        <input class="reason" placeholder=move || lang.get().pick("不通过的原因（发布人可见）", "Reason (the poster reads it)") prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev)) data-testid="decline-reason"/>
                        <button type="button" on:click=decide("decline") disabled=busy data-testid="decline-wish">{pick("不通过", "Decline")}</button>
                    }.into_any()
                } else {
                    view! {
                        {claimed.then(|| view! {
                            <button type="button" class="primary" on:click=decide("confirm") disabled=busy data-testid="confirm-wish">{pick("确认已实现", "Confirm fulfilled")}</button>
                        })}
                        <input class="reason" placeholder=move || lang.get().pick("撤下的原因（发布人可见）", "Reason (the poster reads it)") prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev)) data-testid="withdraw-reason"/>
                        <button type="button" on:click=decide("withdraw") disabled=busy data-testid="staff-withdraw-wish">{pick("从心愿墙撤下", "Take off the wall")}</button>
                    }.into_any()
                }}
            </div>
            {move || failure.get().map(|f| view! { <p class="error" role="alert">{f}</p> })}
        </article>
    }
    .into_any()
}

/// The community's waiting period: after how many days on the wall an open wish is marked as
/// waiting long. Staff set their own community's; the admin's page lists every community, so
/// it shows no form here.
#[component]
fn WaitingDaysForm(version: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let current = LocalResource::new(move || wish_waiting_days(None));
    let days = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = days.get_untracked();
        spawn_local(async move {
            let lang = lang.get_untracked();
            let answer = match text.trim().parse::<u32>() {
                Ok(n) => set_wish_waiting_days(n, None)
                    .await
                    .map(|()| lang.pick("已保存。", "Saved.").to_string())
                    .map_err(|e| e.message(lang)),
                Err(_) => Err(lang
                    .pick(
                        "久候天数须在 7 到 365 天之间。",
                        "The waiting period must be between 7 and 365 days.",
                    )
                    .to_string()),
            };
            if answer.is_ok() {
                version.update(|v| *v += 1);
            }
            message.set(Some(answer));
        });
    };
    move || {
        current.get().and_then(Result::ok).map(|n| {
            if days.get_untracked().is_empty() {
                days.set(n.to_string());
            }
            view! {
                <form class="inline-form" novalidate on:submit=save data-testid="waiting-days-form">
                    <label>
                        {pick("心愿上墙超过几天无人认领，标为“久候”：", "Mark a wish as waiting long after this many days on the wall: ")}
                        <input type="number" min="7" max="365" inputmode="numeric" prop:value=days on:input=move |ev| days.set(event_target_value(&ev)) data-testid="waiting-days"/>
                    </label>
                    <button type="submit">{pick("保存", "Save")}</button>
                    {move || message.get().map(|m| match m {
                        Ok(ok) => view! { <span class="ok" role="status">{ok}</span> }.into_any(),
                        Err(e) => view! { <span class="error" role="alert">{e}</span> }.into_any(),
                    })}
                </form>
            }
        })
    }
}
