//! The community's volunteers, for staff: each one's verified time, their passbook (where a
//! verified line is corrected by a reversal with a reason — the original stays and both show),
//! and a new password for someone who forgot theirs.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;

use super::language::use_lang;
use super::passbook_line::passbook_line_view;
use crate::api::{reset_password, reverse_record, volunteer_passbook, volunteers, ApiError};
use crate::domain::Lang;
use crate::offline::passbook::{passbook_view, RowState};

#[component]
pub fn VolunteersPage() -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let list = LocalResource::new(volunteers);
    let open = RwSignal::new(None::<(String, String)>);
    let resetting = RwSignal::new(None::<String>);
    view! {
        <Title text=pick("志愿者", "Volunteers")/>
        <section class="volunteers" data-testid="volunteers">
            <h2>{pick("志愿者", "Volunteers")}</h2>
            {move || match list.get() {
                None => view! { <p class="hint">{pick("加载中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message(lang.get())}</p> }.into_any(),
                Some(Ok(people)) => view! {
                    <table class="table">
                        <thead><tr>
                            <th>{pick("姓名", "Name")}</th>
                            <th>{pick("手机号", "Phone")}</th>
                            <th>{pick("社区", "Community")}</th>
                            <th class="num">{pick("已核实（小时）", "Verified (h)")}</th>
                            <th></th>
                        </tr></thead>
                        <tbody>
                            {people.into_iter().map(|p| {
                                let (id_open, id_reset, name) = (p.person.to_string(), p.person.to_string(), p.name.clone());
                                view! {
                                    <tr data-testid="volunteer-row" data-name=p.name.clone()>
                                        <td>{p.name.clone()}</td>
                                        <td>{p.phone.clone()}</td>
                                        <td>{p.community_name.clone()}</td>
                                        <td class="num">{p.verified.hours_text()}</td>
                                        <td class="actions">
                                            <button type="button" data-testid="open-passbook"
                                                on:click=move |_| open.set(Some((id_open.clone(), name.clone())))>{pick("存折", "Passbook")}</button>
                                            <button type="button" data-testid="reset-password"
                                                on:click=move |_| resetting.set(Some(id_reset.clone()))>{pick("重置密码", "Reset password")}</button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
            {move || resetting.get().map(|person| view! { <ResetPassword person=person done=resetting/> })}
            {move || open.get().map(|(person, name)| view! { <StaffPassbook person=person name=name/> })}
        </section>
    }
    .into_any()
}

#[component]
fn ResetPassword(person: String, done: RwSignal<Option<String>>) -> impl IntoView {
    let lang = use_lang();
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let new = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<(), ApiError>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let person = person.clone();
        spawn_local(async move {
            outcome.set(Some(reset_password(person, new.get_untracked()).await));
        });
    };
    view! {
        <form class="form narrow card" on:submit=submit data-testid="reset-form" novalidate>
            <h3>{pick("重置密码", "Reset the password")}</h3>
            <p class="hint">{pick("设置新密码后请当面告知志愿者；其所有设备需重新登录。", "Tell the volunteer in person; all their devices must sign in again.")}</p>
            <label>
                <span>{pick("新密码（至少 8 位）", "New password (8 characters or more)")}</span>
                <input type="text" name="new" autocomplete="off" prop:value=new on:input=move |ev| new.set(event_target_value(&ev))/>
            </label>
            <button type="submit" class="primary" data-testid="reset-confirm">{pick("确认重置", "Reset")}</button>
            <button type="button" class="link" on:click=move |_| done.set(None)>{pick("取消", "Cancel")}</button>
            {move || outcome.get().map(|o| match o {
                Ok(()) => view! { <p class="saved" role="status" data-testid="reset-ok">{pick("密码已重置。", "The password is reset.")}</p> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert" data-testid="reset-failed">{e.message(lang.get())}</p> }.into_any(),
            })}
        </form>
    }
}

#[component]
fn StaffPassbook(person: String, name: String) -> impl IntoView {
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
