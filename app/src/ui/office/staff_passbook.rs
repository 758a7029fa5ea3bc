//! A volunteer's passbook as staff see it: where a verified line is corrected by a reversal with
//! a reason — the original stays and both show.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{reverse_record, volunteer_passbook, ApiError};
use crate::domain::Lang;
use crate::offline::passbook::{passbook_view, RowState};
use crate::ui::shell::language::use_lang;
use crate::ui::volunteer::passbook_line::passbook_line_view;

#[component]
pub fn StaffPassbook(person: String, name: String) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let version = RwSignal::new(0_u32);
    let who = person.clone();
    let book = LocalResource::new(move || {
        version.track();
        volunteer_passbook(who.clone())
    });
    let reversing = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<(), ApiError>>);
    let reverse = move |id: String| {
        spawn_local(async move {
            let result = reverse_record(id, reason.get_untracked()).await.map(|_| ());
            if result.is_ok() {
                reversing.set(None);
                reason.set(String::new());
                version.update(|v| *v += 1);
            }
            outcome.set(Some(result));
        });
    };
    view! {
        <section class="card staff-passbook" data-testid="staff-passbook">
            <h3>{move || match lang.get() { Lang::Zh => format!("{name}的爱心存折"), Lang::En => format!("{name}'s passbook") }}</h3>
            {move || outcome.get().map(|o| match o {
                Ok(()) => view! { <p class="saved" role="status" data-testid="reverse-ok">{pick("已冲正：原记录保留，新增一条冲正记录。", "Corrected: the original stays, a reversal is added.")}</p> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert" data-testid="reverse-failed">{e.message(lang.get())}</p> }.into_any(),
            })}
            {move || match book.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
                Some(Ok(book)) => {
                    let view = passbook_view(Some(&book), &[]);
                    let reversed: BTreeSet<String> = view.lines.iter().filter_map(|l| l.reverses.as_ref().map(|(of, _)| of.clone())).collect();
                    view! {
                        <p data-testid="staff-passbook-totals">{match lang.get() {
                            Lang::Zh => format!("已核实 {} 小时 · 待审核 {} 小时 · 积分余额 {}", view.verified.hours_text(), view.pending.hours_text(), view.balance.text()),
                            Lang::En => format!("Verified {} h · pending {} h · points {}", view.verified.hours_text(), view.pending.hours_text(), view.balance.text()),
                        }}</p>
                        <ul class="passbook-lines">
                            {view.lines.into_iter().map(|line| {
                                let can_reverse = matches!(line.state, RowState::Verified { .. }) && line.reverses.is_none() && !reversed.contains(&line.id);
                                let (id_open, id_is_open, id_go) = (line.id.clone(), line.id.clone(), line.id.clone());
                                view! {
                                    <div class="staff-line">
                                        {passbook_line_view(line, lang)}
                                        {can_reverse.then(|| view! {
                                            <button type="button" data-testid="reverse-open"
                                                on:click=move |_| { reason.set(String::new()); reversing.set(Some(id_open.clone())); }>{pick("冲正", "Correct")}</button>
                                        })}
                                        {move || (reversing.get().as_deref() == Some(id_is_open.as_str())).then(|| {
                                            let id = id_go.clone();
                                            view! {
                                                <div class="reject-box">
                                                    <input class="reason" data-testid="reverse-reason"
                                                        placeholder=pick("冲正理由（志愿者可见）", "Reason (the volunteer reads it)")
                                                        prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
                                                    <button type="button" data-testid="reverse-confirm"
                                                        on:click=move |_| reverse(id.clone())>{pick("确认冲正", "Confirm")}</button>
                                                </div>
                                            }
                                        })}
                                    </div>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}
