//! Points (积分): the balance, how it was earned (verified lines, each with the points fixed
//! when it was verified), redemptions, and a redemption request. The request needs the network:
//! the balance is checked by the server at that moment so points are never spent twice.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{catalogue, request_redemption, ApiError};
use crate::domain::error::Field;
use crate::domain::ledger::RedemptionState;
use crate::offline::passbook::RowState;
use crate::offline::use_sync;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;
use crate::ui::volunteer::return_account::ReturnAccount;

#[component]
pub fn PointsPage() -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let book = sync.passbook_view();
    let earned = Memo::new(move |_| {
        book.with(|b| {
            b.lines
                .iter()
                .filter_map(|l| match l.state {
                    RowState::Verified { points } => Some((l.clone(), points)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    });
    let points = RwSignal::new(String::new());
    let item = RwSignal::new(String::new());
    // The catalogue item picked; typing in either field makes the request free text again.
    let chosen = RwSignal::new(None::<String>);
    // The catalogue needs the network, like the request itself; offline it is simply not shown.
    let offered = LocalResource::new(catalogue);
    let outcome = RwSignal::new(None::<Result<String, ApiError>>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        outcome.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = request_redemption(
                points.get_untracked(),
                item.get_untracked(),
                chosen.get_untracked(),
            )
            .await
            .map_err(ApiError::typed);
            outcome.set(Some(result.map(|()| {
                points.set(String::new());
                item.set(String::new());
                chosen.set(None);
                lang.get_untracked()
                    .pick(
                        "兑换申请已提交，积分已预留，请到社区服务站领取。",
                        "Request sent; the points are reserved. Collect it at the community office.",
                    )
                    .to_string()
            })));
            busy.set(false);
            // The passbook copy (balance, redemptions) comes back with the next sync.
            sync.sync_now();
        });
    };
    let field_error = move |field: Field| {
        move || {
            match outcome.get() {
            Some(Err(ApiError::Invalid(errors))) => errors.for_field(field).map(|e| {
                view! { <p class="field-error" role="alert" data-testid=format!("error-{field:?}")>{e.message(lang.get())}</p> }
            }),
            _ => None,
        }
        }
    };

    view! {
        <PageTitle zh="积分" en="Points"/>
        <section class="points" data-testid="points-page">
            <h2>{pick("我的积分", "My points")}</h2>
            <div class="totals">
                <div class="total">
                    <span class="figure" data-testid="points-balance">{move || book.with(|b| b.balance.text())}</span>
                    <span class="label">{pick("可用积分", "Available")}</span>
                </div>
                <div class="total">
                    <span class="figure" data-testid="points-earned">{move || book.with(|b| b.earned.text())}</span>
                    <span class="label">{pick("累计获得", "Earned")}</span>
                </div>
                <div class="total">
                    <span class="figure" data-testid="points-spent">{move || book.with(|b| b.spent.text())}</span>
                    <span class="label">{pick("已兑换/预留", "Spent or reserved")}</span>
                </div>
            </div>

            <form class="form narrow" on:submit=submit data-testid="redemption-form" novalidate>
                <h3>{pick("申请兑换", "Redeem points")}</h3>
                {move || offered.get().and_then(Result::ok).filter(|all| !all.is_empty()).map(|all| view! {
                    <div class="chips" data-testid="catalogue-picks">
                        <span class="hint">{pick("从兑换目录选择：", "From the catalogue: ")}</span>
                        {all.into_iter().map(|c| {
                            let (id, name, price) = (c.id.clone(), c.name.clone(), c.points.text());
                            let this = id.clone();
                            view! {
                                <button type="button" class="chip" data-testid="catalogue-pick"
                                    aria-pressed=move || chosen.with(|c| c.as_deref() == Some(this.as_str())).to_string()
                                    on:click=move |_| { item.set(name.clone()); points.set(price.clone()); chosen.set(Some(id.clone())); }>
                                    {format!("{} · {}", c.name, c.points.text())}
                                </button>
                            }
                        }).collect_view()}
                    </div>
                })}
                {field_error(Field::Item)}
                <label>
                    <span>{pick("兑换物品或服务", "Item or service")}</span>
                    <input name="item" prop:value=item on:input=move |ev| { chosen.set(None); item.set(event_target_value(&ev)); }/>
                </label>
                {field_error(Field::Note)}
                <label>
                    <span>{pick("所需积分", "Points")}</span>
                    <input name="points" inputmode="decimal" prop:value=points on:input=move |ev| { chosen.set(None); points.set(event_target_value(&ev)); }/>
                </label>
                {field_error(Field::Points)}
                <button type="submit" class="primary" disabled=busy data-testid="redeem">{pick("提交申请", "Send request")}</button>
                {move || match outcome.get() {
                    Some(Ok(note)) => Some(view! { <p class="saved" role="status" data-testid="redeem-ok">{note}</p> }.into_any()),
                    Some(Err(ApiError::Invalid(_))) | None => None,
                    Some(Err(e)) => {
                        let text = match e {
                            ApiError::Transport(_) | ApiError::Unavailable => lang.get().pick(
                                "兑换需要联网：请连上网络后再提交。",
                                "Redeeming needs the network: try again when you are online.",
                            ).to_string(),
                            other => other.message(lang.get()),
                        };
                        Some(view! { <p class="form-error" role="alert" data-testid="redeem-failed">{text}</p> }.into_any())
                    }
                }}
            </form>

            <ReturnAccount/>
            <h3>{pick("兑换记录", "Redemptions")}</h3>
            {move || {
                let list = sync.passbook.with(|b| b.as_ref().map(|b| b.redemptions.clone()).unwrap_or_default());
                if list.is_empty() {
                    view! { <p class="hint">{pick("还没有兑换。", "No redemptions yet.")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list" data-testid="redemptions">
                            {list.into_iter().map(|r| {
                                let state = match (&r.state, lang.get()) {
                                    (RedemptionState::Requested, l) => l.pick("待领取", "Reserved").to_string(),
                                    (RedemptionState::Approved, l) => l.pick("已兑换", "Done").to_string(),
                                    (RedemptionState::Refused { reason }, l) => format!("{}{reason}", l.pick("未通过：", "Refused: ")),
                                };
                                let day = crate::domain::clock::china_today(r.at).to_string();
                                view! {
                                    <li data-testid="redemption">
                                        <span>{day}</span>
                                        <span>{r.item.clone()}</span>
                                        <span class="figure-inline">{format!("−{}", r.points.text())}</span>
                                        <span class="line-state">{state}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}

            <h3>{pick("积分来源", "Where the points came from")}</h3>
            <Show
                when=move || !earned.with(Vec::is_empty)
                fallback=move || view! { <p class="hint">{pick("核实的服务会在这里记入积分。", "Verified services earn points here.")}</p> }
            >
                <ul class="plain-list" data-testid="points-sources">
                    <For
                        each=move || earned.get()
                        key=|(line, _)| line.id.clone()
                        children=move |(line, points)| view! {
                            <li data-testid="points-source">
                                <span>{line.date.clone()}</span>
                                <span>{format!("{} · {}", line.content, line.minutes.hours_text())}{move || lang.get().pick(" 小时", " h")}</span>
                                <span class="figure-inline">{match points.0.signum() { -1 => points.text(), _ => format!("+{}", points.text()) }}</span>
                            </li>
                        }
                    />
                </ul>
            </Show>
        </section>
    }
    .into_any()
}
