//! The verification queue (待审核): the community's pending lines, oldest first, 50 to a page
//! with the count, filtered by volunteer, dates, category and flag, with everything the volunteer
//! entered and the witness to call. Verify or reject (with a reason the volunteer reads) one by
//! one, a page's selection, or every line the filters keep; lines that look like the same
//! service logged twice are marked so staff compare them first.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{queue_line_ids, reject_record, verification_queue, verify_record, ApiError};
use crate::domain::clock::hh_mm;
use crate::domain::command::Command;
use crate::domain::decision::{DecisionInput, StaffDecision, Verdict};
use crate::domain::ledger::QueueItem;
use crate::domain::queue::{QueuePage, QueueQuery};
use crate::domain::signature;
use crate::domain::Lang;
use crate::offline::{use_sync, LocalState};
use crate::ui::kit::category_label::category_label;
use crate::ui::office::queue_filters::QueueFilters;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

/// Where the office PC keeps the last queue it read, for a cut network.
const QUEUE_KEY: &str = "lovebank.queue";

/// What one round of decisions came to: how many went through, and why the others did not.
#[derive(Clone, Default)]
struct Outcome {
    done: usize,
    /// Saved on this PC for lack of a network; applied at the next sync.
    saved_here: usize,
    verb: &'static str,
    failed: BTreeMap<String, String>,
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let sync = use_sync();
    let version = RwSignal::new(0_u32);
    // A sync may have carried decisions made offline: read the queue again after each one.
    Effect::new(move |_| {
        if sync.last_sync.get().is_some() {
            version.update(|v| *v += 1);
        }
    });
    // What the filters ask; applied when the filter form is sent (or the page changes).
    let query = RwSignal::new(QueueQuery::default());
    // The queue's page, or (with no network) the copy kept at the last successful read, marked
    // as such.
    let queue = LocalResource::new(move || {
        version.track();
        let asked = query.get();
        async move {
            use gloo_storage::Storage;
            match verification_queue(asked).await {
                Ok(page) => {
                    let _ = gloo_storage::LocalStorage::set(QUEUE_KEY, &page);
                    Ok((page, false))
                }
                Err(ApiError::Transport(e)) => crate::stored::read::<QueuePage>(QUEUE_KEY)
                    .map(|page| (page, true))
                    .ok_or(ApiError::Transport(e)),
                Err(e) => Err(e),
            }
        }
    });
    let shown = Memo::new(move |_| {
        queue
            .get()
            .and_then(Result::ok)
            .map(|(page, _)| (page.total, page.pending, page.page, page.pages))
    });
    // Decisions saved on this PC and not yet applied by the server (line id → waiting or refused).
    let pending = Memo::new(move |_| {
        sync.lines.with(|lines| {
            let mut decided: BTreeMap<String, LocalState> = BTreeMap::new();
            for l in lines.iter().filter(|l| l.kind == "decision") {
                if let Some(d) = l
                    .body
                    .as_deref()
                    .and_then(|b| crate::domain::json::from_json::<DecisionInput>(b).ok())
                {
                    decided.entry(d.line).or_insert_with(|| l.state.clone());
                }
            }
            decided
        })
    });
    let selected = RwSignal::new(BTreeSet::<String>::new());
    let rejecting = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    let bulk_reason = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);

    // Decides on `ids` one after another; a refusal of one never stops the others.
    let decide = move |ids: Vec<String>, reject_with: Option<String>| {
        if busy.get_untracked() || ids.is_empty() {
            return;
        }
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            let mut result = Outcome {
                verb: if reject_with.is_some() {
                    "rejected"
                } else {
                    "verified"
                },
                ..Outcome::default()
            };
            for id in ids {
                let answer = match &reject_with {
                    Some(why) => reject_record(id.clone(), why.clone()).await,
                    None => verify_record(id.clone()).await,
                };
                let answer = match answer {
                    // No network: the decision waits on this PC and goes up with the next sync.
                    Err(ApiError::Transport(_)) => {
                        let input = DecisionInput {
                            line: id.clone(),
                            verdict: if reject_with.is_some() {
                                Verdict::Reject
                            } else {
                                Verdict::Verify
                            },
                            reason: reject_with.clone().unwrap_or_default(),
                        };
                        match StaffDecision::parse(&input) {
                            Err(errors) => Err(ApiError::Invalid(errors)),
                            Ok(_) => match sync.capture(&Command::Decide(input)).await {
                                Ok(_) => {
                                    result.saved_here += 1;
                                    continue;
                                }
                                Err(e) => Err(ApiError::Transport(e.message(lang.get_untracked()))),
                            },
                        }
                    }
                    other => other,
                };
                match answer {
                    Ok(()) => result.done += 1,
                    Err(e) => {
                        result.failed.insert(id, message(&e, lang.get_untracked()));
                    }
                }
            }
            selected.update(|s| s.retain(|id| result.failed.contains_key(id)));
            if result.failed.is_empty() {
                rejecting.set(None);
                reason.set(String::new());
                bulk_reason.set(String::new());
            }
            outcome.set(Some(result));
            busy.set(false);
            version.update(|v| *v += 1);
        });
    };

    view! {
        <PageTitle zh="待审核" en="To verify"/>
        <section class="queue" data-testid="queue">
            <h2>{pick("待审核的服务记录", "Service records to verify")}</h2>
            {move || outcome.get().map(|o| {
                let lang = lang.get();
                let head = match (o.verb, lang) {
                    ("verified", Lang::Zh) => format!("已核实 {} 条。", o.done),
                    ("verified", Lang::En) => format!("{} verified.", o.done),
                    (_, Lang::Zh) => format!("已驳回 {} 条。", o.done),
                    (_, Lang::En) => format!("{} rejected.", o.done),
                };
                let saved = (o.saved_here > 0).then(|| match lang {
                    Lang::Zh => format!("{} 条决定已存本机，联网后自动提交。", o.saved_here),
                    Lang::En => format!("{} decisions saved on this PC; they go up when the network returns.", o.saved_here),
                });
                view! {
                    <div class="card notice" role="status" data-testid="queue-outcome">
                        <p>{head}</p>
                        {saved.map(|t| view! { <p data-testid="queue-saved-here">{t}</p> })}
                        {o.failed.values().map(|why| view! { <p class="form-error" data-testid="queue-failure">{why.clone()}</p> }).collect_view()}
                    </div>
                }
            })}
            {move || {
                let waiting = pending.with(|p| p.values().filter(|s| **s == LocalState::Waiting).count());
                let current = queue.get().and_then(Result::ok);
                let offline_copy = current.as_ref().is_some_and(|(_, copy)| *copy);
                // A refusal matters while its line still waits for a decision.
                let still_open: BTreeSet<String> = current.map(|(page, _)| page.items.iter().map(|r| r.row.line.id.to_string()).collect()).unwrap_or_default();
                let refused: Vec<String> = pending.with(|p| p.iter().filter(|(id, _)| still_open.contains(*id)).filter_map(|(_, s)| s.reason(lang.get())).collect());
                view! {
                    {offline_copy.then(|| view! { <p class="card notice" data-testid="queue-offline-copy">{pick("离线：显示的是上次联网时的待审核列表；审核决定先存本机。", "Offline: this is the list as last read; decisions are saved on this PC first.")}</p> })}
                    {(waiting > 0).then(|| view! { <p class="card notice" data-testid="queue-pending-decisions">{move || match lang.get() {
                        Lang::Zh => format!("{waiting} 条审核决定已存本机，等待同步。"),
                        Lang::En => format!("{waiting} decisions on this PC, waiting to sync."),
                    }}</p> })}
                    {refused.into_iter().map(|why| view! { <p class="form-error" data-testid="queue-decision-refused">{pick("审核决定未生效：", "A decision did not apply: ")}{why}</p> }).collect_view()}
                }
            }}
            <QueueFilters query/>
            {move || shown.get().map(|(total, all, page, pages)| view! {
                <div class="pager" data-testid="queue-pager">
                    <span data-testid="queue-count">{move || match lang.get() {
                        Lang::Zh => format!("符合条件 {total} 条（共 {all} 条待审核）· 第 {} / {pages} 页", page + 1),
                        Lang::En => format!("{total} matching ({all} pending) · page {} of {pages}", page + 1),
                    }}</span>
                    <button type="button" data-testid="queue-previous" disabled=page == 0
                        on:click=move |_| query.update(|q| q.page = page.saturating_sub(1))>{pick("上一页", "Previous")}</button>
                    <button type="button" data-testid="queue-next" disabled=page + 1 >= pages
                        on:click=move |_| query.update(|q| q.page = page + 1)>{pick("下一页", "Next")}</button>
                    <button type="button" data-testid="select-matching" disabled=move || busy.get() || total == 0
                        on:click=move |_| {
                            let asked = query.get_untracked();
                            spawn_local(async move {
                                if let Ok(ids) = queue_line_ids(asked).await {
                                    selected.set(ids.into_iter().collect());
                                }
                            });
                        }>
                        {move || match lang.get() {
                            Lang::Zh => format!("选中全部符合条件的 {total} 条"),
                            Lang::En => format!("Select all {total} matching"),
                        }}
                    </button>
                </div>
            })}
            {move || match queue.get().map(|r| r.map(|(page, _)| {
                let decided = pending.with(|p| p.iter().filter(|(_, s)| matches!(s, LocalState::Waiting | LocalState::Synced)).map(|(id, _)| id.clone()).collect::<BTreeSet<_>>());
                let duplicates: BTreeSet<String> = page.duplicates.into_iter().collect();
                (page.items.into_iter().filter(|r| !decided.contains(r.row.line.id.as_str())).collect::<Vec<_>>(), duplicates)
            })) {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{message(&e, lang.get())}</p> }.into_any(),
                Some(Ok((rows, _))) if rows.is_empty() => view! {
                    <p class="hint" data-testid="queue-empty">{pick("没有待审核的记录。", "Nothing to verify.")}</p>
                }.into_any(),
                Some(Ok((rows, duplicates))) => {
                    let all: Vec<String> = rows.iter().map(|item| item.row.line.id.to_string()).collect();
                    view! {
                        <div class="bulk" data-testid="bulk">
                            <label class="check">
                                <input
                                    type="checkbox"
                                    data-testid="select-all"
                                    prop:checked={let all = all.clone(); move || selected.with(|s| all.iter().all(|id| s.contains(id)))}
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected.set(if on { all.iter().cloned().collect() } else { BTreeSet::new() });
                                    }
                                />
                                <span>{pick("全选", "Select all")}</span>
                            </label>
                            <button type="button" class="primary" data-testid="verify-selected"
                                disabled=move || busy.get() || selected.with(BTreeSet::is_empty)
                                on:click=move |_| decide(selected.get_untracked().into_iter().collect(), None)>
                                {move || match lang.get() {
                                    Lang::Zh => format!("核实所选（{}）", selected.with(BTreeSet::len)),
                                    Lang::En => format!("Verify selected ({})", selected.with(BTreeSet::len)),
                                }}
                            </button>
                            <input class="reason" data-testid="bulk-reason"
                                placeholder=pick("驳回理由（志愿者可见）", "Reason (the volunteer reads it)")
                                prop:value=bulk_reason on:input=move |ev| bulk_reason.set(event_target_value(&ev))/>
                            <button type="button" data-testid="reject-selected"
                                disabled=move || busy.get() || selected.with(BTreeSet::is_empty)
                                on:click=move |_| decide(selected.get_untracked().into_iter().collect(), Some(bulk_reason.get_untracked()))>
                                {pick("驳回所选", "Reject selected")}
                            </button>
                        </div>
                        <ul class="queue-lines">
                            {rows.into_iter().map(|item| {
                                let duplicate = duplicates.contains(item.row.line.id.as_str());
                                queue_row(item, duplicate, lang, selected, rejecting, reason, busy, decide)
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
    .into_any()
}

#[allow(clippy::too_many_arguments)]
fn queue_row(
    item: QueueItem,
    duplicate: bool,
    lang: RwSignal<Lang>,
    selected: RwSignal<BTreeSet<String>>,
    rejecting: RwSignal<Option<String>>,
    reason: RwSignal<String>,
    busy: RwSignal<bool>,
    decide: impl Fn(Vec<String>, Option<String>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let QueueItem {
        volunteer_name: name,
        beneficiary,
        row,
    } = item;
    let line = row.line;
    let entry = line.entry.clone();
    let id = line.id.to_string();
    let (id_check, id_toggle, id_verify, id_reject, id_open, id_is_open) = (
        id.clone(),
        id.clone(),
        id.clone(),
        id.clone(),
        id.clone(),
        id.clone(),
    );
    let category = entry.category.clone();
    let witness = entry.witness.text();
    let signature = entry.witness.signature().map(|s| s.svg_path());
    let flags = line.flags.clone();
    view! {
        <li class="queue-line" class:duplicate=duplicate data-testid="queue-line" data-id=id.clone()>
            <label class="check">
                <input type="checkbox" data-testid="queue-select"
                    prop:checked=move || selected.with(|s| s.contains(&id_check))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.update(|s| { if on { s.insert(id_toggle.clone()); } else { s.remove(&id_toggle); } });
                    }/>
                <strong data-testid="queue-volunteer">{name}</strong>
            </label>
            {duplicate.then(|| view! {
                <span class="badge warn" data-testid="duplicate-badge">{pick("可能重复：同一天时间重叠", "Possible duplicate: overlapping times")}</span>
            })}
            <div class="line-head">
                <span class="line-date">{format!("{} {}–{}", entry.date, hh_mm(&entry.start), hh_mm(&entry.end))}</span>
                <span class="line-category">{move || category_label(&category, lang.get())}</span>
                <span class="line-hours">{line.minutes.hours_text()}{pick(" 小时", " h")}</span>
            </div>
            <div class="line-body">{format!("{} · {}", entry.place.as_str(), entry.content.as_str())}</div>
            <div class="line-foot">
                {(!beneficiary.is_empty()).then(|| view! { <span>{pick("服务对象：", "For: ")}{beneficiary.clone()}</span> })}
                <span>{pick("见证人：", "Witness: ")}{if witness.is_empty() { "—".to_string() } else { witness.clone() }}</span>
            </div>
            {signature.map(|path| view! {
                <div class="witness-signature" data-testid="witness-signed">
                    <span class="badge ok">{pick("见证人已现场签名确认", "Confirmed on the spot by the witness")}</span>
                    <svg viewBox=format!("0 0 {} {}", signature::WIDTH, signature::HEIGHT) role="img"
                        aria-label=pick("见证人签名", "Witness signature")><path d=path/></svg>
                </div>
            })}
            {flags.into_iter().map(|f| view! { <p class="badge warn">{move || f.message(lang.get())}</p> }).collect_view()}
            <div class="actions">
                <button type="button" class="primary" data-testid="verify-one" disabled=busy
                    on:click=move |_| decide(vec![id_verify.clone()], None)>{pick("核实", "Verify")}</button>
                <button type="button" data-testid="reject-one" disabled=busy
                    on:click=move |_| { reason.set(String::new()); rejecting.set(Some(id_open.clone())); }>{pick("驳回", "Reject")}</button>
            </div>
            {move || (rejecting.get().as_deref() == Some(id_is_open.as_str())).then(|| {
                let id = id_reject.clone();
                view! {
                    <div class="reject-box">
                        <input class="reason" data-testid="reject-reason"
                            placeholder=pick("驳回理由（志愿者可见）", "Reason (the volunteer reads it)")
                            prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
                        <button type="button" data-testid="reject-confirm" disabled=busy
                            on:click=move |_| decide(vec![id.clone()], Some(reason.get_untracked()))>{pick("确认驳回", "Confirm")}</button>
                    </div>
                }
            })}
        </li>
    }
}

fn message(e: &ApiError, lang: Lang) -> String {
    match e {
        ApiError::Transport(_) => lang
            .pick(
                "连不上服务器，请检查网络后重试。",
                "The server cannot be reached; check the network and try again.",
            )
            .into(),
        other => other.message(lang),
    }
}
