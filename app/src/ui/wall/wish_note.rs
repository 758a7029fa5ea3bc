//! One wish as a sticky note (便利贴), coloured by its category: the need, what the resident
//! offers back, the places taken, and — for the person holding the phone — their claim and
//! its fate, with the one action that fits (claim it, or log the service that fulfils it).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::clock::china_today;
use crate::domain::command::Command;
use crate::domain::wish::{ClaimInput, WishState};
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
    let claim = {
        let id = id.clone();
        move |_| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let command = Command::Claim(ClaimInput { wish: id.clone() });
            spawn_local(async move {
                if let Err(e) = sync.capture(&command).await {
                    failure.set(Some(e.message(lang.get_untracked())));
                }
                busy.set(false);
            });
        }
    };
    let state = card.state;
    let category = card.category.clone();
    let places = (card.capacity > 1).then_some((card.claims, card.capacity));
    let status = {
        let note = note.clone();
        move || -> Option<String> {
            let lang = lang.get();
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
                    lang.pick("未通过审核：", "Declined: "),
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
            class=format!("note note-{} state-{state:?}{}", card.category, if large { " large" } else { "" })
            data-testid="wish-note"
            data-wish=id.clone()
            data-state=format!("{state:?}")
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
                <span>{china_today(card.posted_at).format("%m-%d").to_string()}</span>
                {places.map(|(taken, of)| view! {
                    <span data-testid="wish-places">{move || match lang.get() {
                        crate::domain::Lang::Zh => format!("已认领 {taken}/{of} 人"),
                        crate::domain::Lang::En => format!("{taken} of {of} places taken"),
                    }}</span>
                })}
            </footer>
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
                {(!large).then(|| view! { <a class="note-link" href=href.clone()>{pick("详情", "Details")}</a> })}
            </div>
        </article>
    }
    .into_any()
}
