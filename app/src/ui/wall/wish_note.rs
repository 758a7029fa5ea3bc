//! One wish as a sticky note (便利贴), coloured by its category: the need, what the resident
//! offers back, the places taken, and — for the person holding the phone — their claim and
//! its fate, with the one action that fits (claim it, or log the service that fulfils it).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::clock::{china_today, mm_dd};
use crate::domain::command::Command;
use crate::domain::wish::{ClaimInput, ReleaseInput, WishState, WithdrawInput};
use crate::offline::{use_sync, LocalState, WallNote};
use crate::ui::kit::category_label::category_label;
use crate::ui::shell::language::use_lang;

#[component]
pub fn WishNote(note: WallNote, #[prop(optional)] large: bool) -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let card = note.card.clone();
    let id = card.id.as_str().to_string();
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Giving a place back or withdrawing a wish asks once more before it is written.
    let confirming = RwSignal::new(None::<&'static str>);
    let capture = move |command: Command| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        confirming.set(None);
        spawn_local(async move {
            if let Err(e) = sync.capture(&command).await {
                failure.set(Some(e.message(lang.get_untracked())));
            }
            busy.set(false);
        });
    };
    let claim = {
        let id = id.clone();
        move |_| capture(Command::Claim(ClaimInput { wish: id.clone() }))
    };
    let confirm = {
        let id = id.clone();
        move |_| match confirming.get_untracked() {
            Some("release") => capture(Command::Release(ReleaseInput { wish: id.clone() })),
            Some("withdraw") => capture(Command::Withdraw(WithdrawInput { wish: id.clone() })),
            _ => {}
        }
    };
    let state = card.state;
    let category = card.category.clone();
    let places = (card.capacity > 1).then_some((card.claims, card.capacity));
    let status = {
        let note = note.clone();
        move || -> Option<String> {
            let lang = lang.get();
            match &note.my_withdrawal {
                Some(LocalState::Waiting) => {
                    return Some(
                        lang.pick(
                            "撤回已存本机·待同步。",
                            "Withdrawal on this phone, waiting to sync.",
                        )
                        .into(),
                    )
                }
                Some(LocalState::Synced) if note.card.state != WishState::Withdrawn => {
                    return Some(lang.pick("已撤回。", "Withdrawn.").into())
                }
                Some(other) if note.card.state != WishState::Withdrawn => {
                    if let Some(why) = other.reason(lang) {
                        return Some(format!(
                            "{}{why}",
                            lang.pick("撤回未成功：", "Not withdrawn: ")
                        ));
                    }
                }
                _ => {}
            }
            if note.card.withdrawn_by_poster && note.card.posted_by_me {
                return Some(
                    lang.pick("您已撤回这个心愿。", "You withdrew this wish.")
                        .into(),
                );
            }
            match &note.my_release {
                Some(LocalState::Waiting) => {
                    return Some(
                        lang.pick(
                            "退出认领已存本机·待同步。",
                            "Giving your place back, waiting to sync.",
                        )
                        .into(),
                    )
                }
                Some(LocalState::Synced) => {
                    return Some(
                        lang.pick("您已退出认领。", "You gave your place back.")
                            .into(),
                    )
                }
                Some(other) => {
                    if let Some(why) = other.reason(lang) {
                        return Some(format!(
                            "{}{why}",
                            lang.pick("退出认领未成功：", "Place not given back: ")
                        ));
                    }
                }
                None => {}
            }
            if let Some(local) = &note.local_post {
                return Some(match local {
                    LocalState::Waiting => lang
                        .pick(
                            "已存本机·待同步，同步后交社区审核。",
                            "On this phone, waiting to sync; then staff review it.",
                        )
                        .into(),
                    LocalState::Synced => lang
                        .pick("已提交，等待社区审核。", "Sent; awaiting staff review.")
                        .into(),
                    other => format!(
                        "{}{}",
                        lang.pick("未能发布：", "Not posted: "),
                        other.reason(lang).unwrap_or_default()
                    ),
                });
            }
            if !note.card.decline_reason.is_empty() {
                return Some(format!(
                    "{}{}",
                    lang.pick(
                        "未通过审核或已被社区撤回：",
                        "Declined or withdrawn by staff: "
                    ),
                    note.card.decline_reason
                ));
            }
            if note.card.posted_by_me && note.card.state == WishState::AwaitingApproval {
                return Some(
                    lang.pick(
                        "您发布的心愿，等待社区审核。",
                        "Your wish, awaiting staff review.",
                    )
                    .into(),
                );
            }
            if let Some(report) = &note.my_report {
                if let Some(why) = report.reason(lang) {
                    return Some(format!(
                        "{}{why}",
                        lang.pick("完成报告未被接受：", "Your report was not accepted: ")
                    ));
                }
                if note.card.state != WishState::Fulfilled {
                    return Some(match report {
                        LocalState::Waiting => lang
                            .pick(
                                "完成报告已存本机·待同步。",
                                "Report on this phone, waiting to sync.",
                            )
                            .into(),
                        _ => lang
                            .pick(
                                "已报告完成，等待社区确认。",
                                "Reported done; awaiting staff confirmation.",
                            )
                            .into(),
                    });
                }
            }
            if note.card.claimed_by_me {
                return Some(
                    lang.pick("您已认领这个心愿。", "You claimed this wish.")
                        .into(),
                );
            }
            match &note.my_claim {
                Some(LocalState::Waiting) => Some(
                    lang.pick(
                        "认领已存本机·待同步。",
                        "Claim on this phone, waiting to sync.",
                    )
                    .into(),
                ),
                Some(LocalState::Synced) => Some(
                    lang.pick("您已认领这个心愿。", "You claimed this wish.")
                        .into(),
                ),
                Some(other) => other
                    .reason(lang)
                    .map(|why| format!("{}{why}", lang.pick("认领未成功：", "Claim refused: "))),
                None => None,
            }
        }
    };
    let can_claim = note.claimable();
    let can_release = note.releasable() && !note.card.reported;
    let can_withdraw = note.withdrawable();
    let waiting_long = note.card.waiting_long;
    let reopened = note.card.reopened;
    let pay = note.card.pay;
    let can_fulfil = note.is_mine()
        && matches!(state, WishState::Open | WishState::Claimed)
        && !note.card.reported
        && !matches!(
            note.my_report,
            Some(LocalState::Waiting | LocalState::Synced)
        );
    let href = format!("/wall/{id}");
    let log_href = format!("/volunteer/log?wish={id}");
    let refused = matches!(
        note.my_claim,
        Some(LocalState::Refused(_) | LocalState::Quarantined(_))
    ) && !note.card.claimed_by_me;
    view! {
        <article
            class=format!("note note-{} state-{}{}", card.category, state.code(), if large { " large" } else { "" })
            data-testid="wish-note"
            data-wish=id.clone()
            data-state=state.code()
        >
            <header>
                <span class="note-category">{move || category_label(&category, lang.get())}</span>
                <span class="note-state" data-testid="wish-state">{move || state.label(lang.get())}</span>
            </header>
            <p class="note-need" data-testid="wish-need">{card.need.clone()}</p>
            {(!card.offer.is_empty()).then(|| view! {
                <p class="note-offer">{pick("回报：", "In return: ")}{card.offer.clone()}</p>
            })}
            {(!card.service.is_empty()).then(|| view! {
                <p class="note-offer">{pick("点单服务：", "Service asked for: ")}{card.service.clone()}</p>
            })}
            <footer>
                <span>{card.poster.clone()}</span>
                <span>{mm_dd(&china_today(card.posted_at))}</span>
                {places.map(|(taken, of)| view! {
                    <span data-testid="wish-places">{move || match lang.get() {
                        crate::domain::Lang::Zh => format!("已认领 {taken}/{of} 人"),
                        crate::domain::Lang::En => format!("{taken} of {of} places taken"),
                    }}</span>
                })}
            </footer>
            {pay.map(|m| view! {
                <p class="note-flag depositor" data-testid="wish-depositor">{move || match lang.get() {
                    crate::domain::Lang::Zh => format!("存折回报：发布人用自己存折中的 {} 小时支付这次帮助。", m.hours_text()),
                    crate::domain::Lang::En => format!("Help in return: the poster pays {} h from their own passbook.", m.hours_text()),
                }}</p>
            })}
            {waiting_long.then(|| view! {
                <p class="note-flag" data-testid="wish-waiting-long">{pick("久候：这个心愿等待认领已久。", "Waiting long: nobody has taken this wish for a while.")}</p>
            })}
            {reopened.then(|| view! {
                <p class="note-flag" data-testid="wish-reopened">{pick("有志愿者退出了认领，名额重新开放。", "A volunteer gave their place back: it is open again.")}</p>
            })}
            {move || status().map(|s| view! {
                <p class=if refused { "note-status refused" } else { "note-status" } role="status" data-testid="wish-status">{s}</p>
            })}
            {move || failure.get().map(|f| view! { <p class="error" role="alert">{f}</p> })}
            <div class="note-actions">
                {can_claim.then(|| view! {
                    <button type="button" class="primary" on:click=claim.clone() disabled=busy data-testid="claim-wish">
                        {pick("我来认领", "Claim it")}
                    </button>
                })}
                {can_fulfil.then(|| view! {
                    <a class="button" href=log_href.clone() data-testid="fulfil-wish">{pick("完成心愿，登记服务", "Done: log the service")}</a>
                })}
                {(can_release || can_withdraw).then(|| view! {
                    <button
                        type="button"
                        on:click=move |_| confirming.set(Some(if can_release { "release" } else { "withdraw" }))
                        disabled=busy
                        data-testid=if can_release { "release-wish" } else { "withdraw-wish" }
                    >
                        {move || if can_release { lang.get().pick("退出认领", "Give my place back") } else { lang.get().pick("撤回心愿", "Withdraw the wish") }}
                    </button>
                })}
                {(!large).then(|| view! { <a class="note-link" href=href.clone()>{pick("详情", "Details")}</a> })}
            </div>
            {move || confirming.get().map(|what| view! {
                <div class="note-confirm" role="alertdialog" data-testid="wish-confirm">
                    <p>{move || match what {
                        "release" => lang.get().pick("确定退出认领？名额将重新开放给其他志愿者。", "Give your place back? It opens again for other volunteers."),
                        _ => lang.get().pick("确定撤回这个心愿？它将从心愿墙上撤下。", "Withdraw this wish? It leaves the wall."),
                    }}</p>
                    <button type="button" class="primary" on:click=confirm.clone() disabled=busy data-testid="wish-confirm-yes">{pick("确定", "Yes")}</button>
                    <button type="button" on:click=move |_| confirming.set(None) data-testid="wish-confirm-no">{pick("取消", "Cancel")}</button>
                </div>
            })}
        </article>
    }
    .into_any()
}
