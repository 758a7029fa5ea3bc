//! 同步异常: what staff must know of their volunteers' devices — a phone that captured entries
//! the server never received and has not synced for a day (wiped, lost, broken: ask the
//! volunteer), and entries the server set aside, with the reason, to re-apply once the cause is
//! fixed or to dismiss with a reason. Both actions are audited.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{resolve_quarantined, sync_problems, ApiError};
use crate::domain::clock::{china_clock, china_today};
use crate::domain::sync_health::{QuarantineAction, QuarantinedEntry, SyncHealth};
use crate::domain::Lang;
use crate::ui::shell::language::use_lang;
use crate::ui::shell::page_title::PageTitle;

/// A quarantine reason in the reader's words: a typed error when it is one.
fn reason_text(raw: &str, lang: Lang) -> String {
    crate::domain::json::from_json::<ApiError>(raw)
        .map(|e| e.message(lang))
        .unwrap_or_else(|_| raw.to_string())
}

#[component]
pub fn SyncProblemsPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let health = RwSignal::new(None::<SyncHealth>);
    let failure = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match sync_problems().await {
                Ok(h) => health.set(Some(h)),
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    Effect::new(move |_| load());
    let silent = move || health.with(|h| h.as_ref().map(|h| h.silent.clone()).unwrap_or_default());
    let quarantined = move || {
        health.with(|h| {
            h.as_ref()
                .map(|h| h.quarantined.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <PageTitle zh="同步异常" en="Sync problems"/>
        <section class="sync-problems" data-testid="sync-problems-page">
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <h2>{pick("未送达的设备", "Devices with undelivered entries")}</h2>
            <p class="hint">{pick(
                "以下设备登记过记录，但服务器没有全部收到，且超过一天没有同步。请联系志愿者打开爱心银行联网同步；如果手机数据已被清除，请按纸质记录补登。",
                "These devices captured entries the server has not all received, and have not synced for over a day. Ask the volunteer to open Love Bank online; if the phone's data was cleared, re-enter from paper records.",
            )}</p>
            <Show when=move || !silent().is_empty()
                fallback=move || view! { <p class="hint" data-testid="no-silent-devices">{pick("没有。", "None.")}</p> }>
                <table class="table">
                    <thead><tr>
                        <th>{pick("志愿者", "Volunteer")}</th><th>{pick("未送达", "Undelivered")}</th>
                        <th>{pick("最后同步", "Last sync")}</th><th>{pick("设备", "Device")}</th>
                    </tr></thead>
                    <tbody>
                        <For each=silent key=|d| d.device.clone() let:device>
                            <tr data-testid="silent-device">
                                <td>{device.name.clone()}</td>
                                <td data-testid="silent-missing">{
                                    let missing = device.missing();
                                    move || match lang.get() {
                                        Lang::Zh => format!("最多 {missing} 条"),
                                        Lang::En => format!("up to {missing}"),
                                    }
                                }</td>
                                <td>{format!("{} {}", china_today(device.last_seen), china_clock(device.last_seen))}</td>
                                <td class="device">{device.device.chars().take(8).collect::<String>()}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </Show>
            <h2>{pick("被搁置的记录", "Entries set aside")}</h2>
            <p class="hint">{pick(
                "服务器无法处理这些记录（格式错误、编号冲突、规则不符）。原因解决后可重新处理；确认无效的请注明原因后作废。",
                "The server could not apply these (malformed, a conflicting id, a rule). Re-apply once the cause is fixed; dismiss with a reason what is not valid.",
            )}</p>
            <Show when=move || !quarantined().is_empty()
                fallback=move || view! { <p class="hint" data-testid="no-quarantined">{pick("没有。", "None.")}</p> }>
                <ul class="quarantine-list">
                    <For each=quarantined key=|q| (q.number, q.resolution.is_some()) let:entry>
                        <QuarantineRow entry reload=Callback::new(move |_| load())/>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn QuarantineRow(entry: QuarantinedEntry, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let note = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let number = entry.number;
    let act = move |action: QuarantineAction| {
        busy.set(true);
        spawn_local(async move {
            match resolve_quarantined(number, action, note.get_untracked()).await {
                Ok(()) => {
                    failure.set(None);
                    reload.run(());
                }
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
            busy.set(false);
        });
    };
    let reason = entry.reason.clone();
    let resolution = entry.resolution.clone();
    let open = resolution.is_none();
    view! {
        <li class="card" data-testid="quarantined-entry" data-number=number.to_string()>
            <p>
                <strong>{entry.name.clone()}</strong>
                {format!(" · {} · {} {}", entry.kind, china_today(entry.received_at), china_clock(entry.received_at))}
            </p>
            <p class="badge warn" data-testid="quarantine-reason">{move || reason_text(&reason, lang.get())}</p>
            <details><summary>{pick("原始内容", "Raw content")}</summary><pre>{entry.body.clone()}</pre></details>
            {resolution.map(|r| {
                let verb = match r.action {
                    QuarantineAction::Reapply => ("已重新处理", "Re-applied"),
                    QuarantineAction::Dismiss => ("已作废", "Dismissed"),
                };
                view! {
                    <p data-testid="quarantine-resolution">
                        {move || format!("{} · {} · {} {}", lang.get().pick(verb.0, verb.1), r.by, china_today(r.at), r.note)}
                    </p>
                }
            })}
            {open.then(|| view! {
                <div class="toolbar">
                    <label><span>{pick("说明（作废时必填）", "Note (required to dismiss)")}</span>
                        <input data-testid="quarantine-note" prop:value=note on:input=move |ev| note.set(event_target_value(&ev))/></label>
                    <button type="button" data-testid="quarantine-reapply" disabled=busy
                        on:click=move |_| act(QuarantineAction::Reapply)>{pick("重新处理", "Re-apply")}</button>
                    <button type="button" data-testid="quarantine-dismiss" disabled=busy
                        on:click=move |_| act(QuarantineAction::Dismiss)>{pick("作废", "Dismiss")}</button>
                </div>
            })}
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </li>
    }
}
